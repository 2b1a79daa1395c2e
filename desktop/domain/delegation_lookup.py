"""Finding the delegation a moderator means from what they typed."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from db.views import DelegationView


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Türkiye' and 'turkiye' meet."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _names(delegation: DelegationView) -> list[str]:
    return [delegation.name, delegation.nameplate, *delegation.aliases]


def find_delegation(text: str, delegations: Sequence[DelegationView]) -> DelegationView | None:
    """The one delegation ``text`` names: exactly, else by a unique prefix or part."""
    wanted = fold(text)
    if not wanted:
        return None
    for delegation in delegations:
        if any(fold(name) == wanted for name in _names(delegation)):
            return delegation
    for test in (str.startswith, str.__contains__):
        hits = {d.id: d for d in delegations if any(test(fold(name), wanted) for name in _names(d))}
        if len(hits) == 1:
            return next(iter(hits.values()))
        if hits:
            return None
    return None
