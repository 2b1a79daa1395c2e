"""Guessing which column of a table holds which field, from the headers.

Shared by every table import (the agenda's, the registration export, the Zoom report,
the audience questions): headers are folded to their words, a header naming a field
exactly wins, then one whose words start like the field's. Each column serves one field.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from db.meeting.folding import fold_words


def header_words(header: object) -> str:
    """A header (or cell) as words: lower case, no accents, no punctuation."""
    return fold_words(str(header or ""))


def guess_columns(
    headers: Sequence[object],
    fields: Sequence[str],
    exact: Mapping[str, Collection[str]],
    starts: Mapping[str, Sequence[str]],
    *,
    not_loosely: Callable[[str, Mapping[str, int]], bool] | None = None,
    opt_in_words: Collection[str] = (),
) -> dict[str, int]:
    """``{field: column}`` for the fields the headers name.

    ``exact`` holds each field's headers as folded words; ``starts`` the word starts tried
    when no header matched exactly. ``not_loosely(field, mapping)`` keeps a field from the
    loose pass; a header holding any of ``opt_in_words`` is never matched loosely (a
    question about a field, "Show my e-mail?", holds yes or no, not the field).
    """
    names = [header_words(h) for h in headers]
    mapping: dict[str, int] = {}
    for field in fields:
        for column, name in enumerate(names):
            if name in exact[field] and column not in mapping.values():
                mapping[field] = column
                break
    for field in fields:
        if field in mapping or (not_loosely is not None and not_loosely(field, mapping)):
            continue
        for column, name in enumerate(names):
            words = name.split()
            if column in mapping.values() or any(w in opt_in_words for w in words):
                continue
            if any(w.startswith(s) for w in words for s in starts[field]):
                mapping[field] = column
                break
    return mapping
