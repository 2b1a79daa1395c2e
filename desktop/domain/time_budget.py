"""The time budget: will the list of speakers fit in what is left of the slot?"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Budget:
    planned: timedelta  # speaking time still to come: the current remainder and the list
    projected_end: datetime
    slot_end: datetime
    waiting: int

    @property
    def beyond_slot(self) -> timedelta:
        """How far the list runs past the slot's end (negative: time to spare)."""
        return self.projected_end - self.slot_end

    def limit_that_fits(self, now: datetime, current_remaining: timedelta) -> timedelta | None:
        """The per-speaker limit that would end the list with the slot, if any would."""
        if self.waiting == 0:
            return None
        available = self.slot_end - now - max(current_remaining, timedelta(0))
        if available <= timedelta(0):
            return timedelta(0)
        return available / self.waiting


def budget(
    now: datetime,
    slot_start: datetime,
    slot_end: datetime,
    current_remaining: timedelta,
    waiting_limits_s: Sequence[int],
) -> Budget:
    """Project the end of the list from now (or from the slot's start, if it is ahead)."""
    start = max(now, slot_start)
    planned = max(current_remaining, timedelta(0)) + timedelta(seconds=sum(waiting_limits_s))
    return Budget(
        planned=planned,
        projected_end=start + planned,
        slot_end=slot_end,
        waiting=len(waiting_limits_s),
    )
