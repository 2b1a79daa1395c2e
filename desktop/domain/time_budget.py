"""The time budget: will the list of speakers fit in what is left of the slot?

It tells the moderator, while it still helps, to close the list — and once the
list cannot fit any more, which speaking time would make it fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# Warn this long before the projected end reaches the slot's end: closing the
# list then still keeps the slot on time.
CLOSE_MARGIN = timedelta(minutes=5)
# The shortest speaking time worth proposing.
SHORTEST_USEFUL_LIMIT = timedelta(seconds=30)


class Advice(StrEnum):
    NONE = "none"
    CLOSE_THE_LIST = "close_the_list"  # the list still fits, but only just: close it now
    SHORTEN = "shorten"  # the list runs past the slot: shorten speaking time (and close it)
    OVERRUN = "overrun"  # even the shortest useful limit would not fit


@dataclass(frozen=True)
class Budget:
    now: datetime
    planned: timedelta  # speaking time still to come: the current remainder and the list
    projected_end: datetime
    slot_end: datetime
    waiting: int
    current_remaining: timedelta

    @property
    def beyond_slot(self) -> timedelta:
        """How far the list runs past the slot's end (negative: time to spare)."""
        return self.projected_end - self.slot_end

    def limit_that_fits(self) -> timedelta | None:
        """The per-speaker limit that would end the list with the slot, if there is a list."""
        if self.waiting == 0:
            return None
        start = max(self.now, self.projected_end - self.planned)
        available = self.slot_end - start - self.current_remaining
        if available <= timedelta(0):
            return timedelta(0)
        return timedelta(seconds=int((available / self.waiting).total_seconds()))

    def advice(self, list_closed: bool) -> Advice:
        if self.waiting == 0 or self.beyond_slot <= -CLOSE_MARGIN:
            return Advice.NONE
        if self.beyond_slot <= timedelta(0):
            return Advice.NONE if list_closed else Advice.CLOSE_THE_LIST
        fits = self.limit_that_fits()
        if fits is None or fits < SHORTEST_USEFUL_LIMIT:
            return Advice.OVERRUN
        return Advice.SHORTEN


def budget(
    now: datetime,
    slot_start: datetime,
    slot_end: datetime,
    current_remaining: timedelta,
    waiting_limits_s: Sequence[int],
) -> Budget:
    """Project the end of the list from now (or from the slot's start, if it is ahead)."""
    remaining = max(current_remaining, timedelta(0))
    planned = remaining + timedelta(seconds=sum(waiting_limits_s))
    *_, projected_end = estimated_starts(now, slot_start, current_remaining, waiting_limits_s)
    return Budget(
        now=now,
        planned=planned,
        projected_end=projected_end,
        slot_end=slot_end,
        waiting=len(waiting_limits_s),
        current_remaining=remaining,
    )


def estimated_starts(
    now: datetime,
    slot_start: datetime,
    current_remaining: timedelta,
    waiting_limits_s: Sequence[int],
) -> list[datetime]:
    """When each speaker on the list should get the floor, then when the list ends.

    One more time than there are speakers: the last is the projected end of the list.
    From now (or the slot's start, if it is ahead), after what the speaker who has the
    floor has left, each taking their full speaking time: the desk's time budget and the
    live list's "about 9 min" are this one reckoning.
    """
    start = max(now, slot_start) + max(current_remaining, timedelta(0))
    starts = [start]
    for limit_s in waiting_limits_s:
        start += timedelta(seconds=limit_s)
        starts.append(start)
    return starts


def agenda_offset(slot_end: datetime, now: datetime, projected_end: datetime) -> timedelta:
    """How far the day runs behind (positive) or ahead (negative) of the agenda.

    What the current slot will push onto the next one: the later of the
    projected end of its list and now, against its scheduled end.
    """
    return max(projected_end, now) - slot_end


def start_delay(slot_start: datetime, first_floor_given_at: datetime | None) -> timedelta | None:
    """How late (positive) or early the slot's first speaker got the floor."""
    if first_floor_given_at is None:
        return None
    return first_floor_given_at - slot_start


def in_minutes(value: timedelta) -> str:
    """'11 min', '1 h 05 min': how a moderator says a delay (sign left to the caller)."""
    minutes = round(abs(value).total_seconds() / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min"
