"""Finding the delegation a moderator means from what they typed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from db.meeting.folding import fold

if TYPE_CHECKING:
    from db.meeting.snapshots import DelegationView


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


@dataclass(frozen=True)
class DelegationMatch:
    """What the type-ahead will add, and how sure it is."""

    delegation: DelegationView
    by: str  # "name" (its own name), "alias" (another of its names), "guess" (a typo, fuzzily)

    def hint(self, typed: str) -> str:
        """'Turkey → Türkiye', 'Swizerland → Switzerland?'; '' when the name was typed."""
        shown = self.delegation.nameplate or self.delegation.name
        if self.by == "guess":
            return f"{typed.strip()} → {shown}?"
        if self.by == "alias":
            return f"{typed.strip()} → {shown}"
        return ""


GUESS_SCORE = 80  # rapidfuzz WRatio from which a typo counts as meant


def match_delegation(text: str, delegations: Sequence[DelegationView]) -> DelegationMatch | None:
    """Like find_delegation, saying whether an alias or a guess at a typo was taken."""
    found = find_delegation(text, delegations)
    wanted = fold(text)
    if found is not None:
        own = {fold(found.name), fold(found.nameplate)}
        by_own = any(name.startswith(wanted) for name in own)
        return DelegationMatch(found, "name" if by_own else "alias")
    if len(wanted) < 4:
        return None
    from rapidfuzz import fuzz, process

    choices = {(d.id, i): fold(name) for d in delegations for i, name in enumerate(_names(d))}
    best = process.extract(wanted, choices, scorer=fuzz.WRatio, limit=2)
    if not best or best[0][1] < GUESS_SCORE:
        return None
    first = best[0][2][0]
    if len(best) > 1 and best[1][2][0] != first and best[1][1] >= best[0][1] - 2:
        return None  # two delegations as likely: no guess
    return DelegationMatch(next(d for d in delegations if d.id == first), "guess")
