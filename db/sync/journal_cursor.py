"""Where a station stands in the journal: what it has seen of the other stations' changes.

Journal ids are given out when a transaction writes, and become visible when it commits;
on PostgreSQL two stations' transactions commit in either order, so entry 12 can be
seen before entry 11 exists for the reader. Reading "everything above the highest id
seen" would then miss entry 11 for good (a station showing "Nobody has the floor"
while someone speaks). So the cursor keeps the ids it has not seen below the highest
one as gaps, reads again from the lowest gap, and gives a gap up only after a while
(an id taken by a transaction that rolled back never appears). Pure: no SQL, no Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar

GAP_WAIT_S = 120.0  # longer than any transaction of ours holds an id before committing


class Entry(Protocol):
    @property
    def journal_id(self) -> int: ...


EntryT = TypeVar("EntryT", bound=Entry)


class JournalCursor:
    def __init__(self, last_id: int) -> None:
        # Every id up to ``horizon`` is seen (or given up); above it, those in ``_seen``.
        self.horizon = last_id
        self._seen: set[int] = set()
        self._gaps: dict[int, float] = {}  # an id not seen yet -> when it was first missed

    @property
    def read_from(self) -> int:
        """Read the journal's entries with ids above this."""
        return self.horizon

    def mark_seen(self, journal_id: int) -> None:
        """An entry this station wrote and announced itself."""
        if journal_id > self.horizon:
            self._seen.add(journal_id)
            self._gaps.pop(journal_id, None)

    def take(self, entries: Iterable[EntryT], now: float) -> list[EntryT]:
        """The entries not seen before, in the order read; moves the horizon on."""
        fresh = []
        for entry in entries:
            ident = entry.journal_id
            if ident <= self.horizon or ident in self._seen:
                continue
            self._seen.add(ident)
            self._gaps.pop(ident, None)
            fresh.append(entry)
        top = max(self._seen, default=self.horizon)
        for ident in range(self.horizon + 1, top):
            if ident not in self._seen:
                self._gaps.setdefault(ident, now)
        for ident, since in list(self._gaps.items()):
            if now - since >= GAP_WAIT_S:
                del self._gaps[ident]  # rolled back: it will never appear
                self._seen.add(ident)
        lowest_gap = min(self._gaps, default=top + 1)
        self.horizon = max(self.horizon, min(top, lowest_gap - 1))
        self._seen = {ident for ident in self._seen if ident > self.horizon}
        return fresh

    @property
    def gaps(self) -> list[int]:
        return sorted(self._gaps)
