"""The speaker's countdown, derived from stored timestamps and never from ticks.

Whatever happened to the program in between (a restart, a blocked event loop),
the countdown shown is what the stored floor-given time, pauses and limit say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from db.meeting.floor_rules import speaking_limit

if TYPE_CHECKING:
    from db.meeting.snapshots import FloorRequestView, InterventionView, PauseView, SlotView

DEFAULT_WARNING_S = 30


class Phase(StrEnum):
    RUNNING = "running"
    WARNING = "warning"  # the last seconds before the limit
    EXPIRED = "expired"  # past the limit: the display counts the overrun up
    PAUSED = "paused"
    ENDED = "ended"


@dataclass(frozen=True)
class Countdown:
    limit: timedelta
    elapsed: timedelta
    phase: Phase

    @property
    def remaining(self) -> timedelta:
        """Time left; negative once the limit is passed."""
        return self.limit - self.elapsed

    @property
    def overrun(self) -> timedelta:
        return max(timedelta(0), self.elapsed - self.limit)

    @property
    def fraction_used(self) -> float:
        if self.limit <= timedelta(0):
            return 1.0
        return min(1.0, self.elapsed / self.limit)


def speaking_elapsed(
    given_at: datetime,
    pauses: Sequence[PauseView],
    until: datetime,
) -> timedelta:
    """Time with the floor between ``given_at`` and ``until``, pauses left out."""
    if until <= given_at:
        return timedelta(0)
    paused = timedelta(0)
    for pause in pauses:
        start = max(pause.paused_at, given_at)
        end = min(pause.resumed_at or until, until)
        if end > start:
            paused += end - start
    return max(timedelta(0), until - given_at - paused)


def countdown(
    intervention: InterventionView,
    now: datetime,
    warning_s: int = DEFAULT_WARNING_S,
) -> Countdown:
    until = intervention.floor_taken_at or now
    elapsed = speaking_elapsed(intervention.floor_given_at, intervention.pauses, until)
    limit = timedelta(seconds=intervention.limit_s + intervention.added_s)
    remaining = limit - elapsed
    if intervention.floor_taken_at is not None:
        phase = Phase.ENDED
    elif intervention.is_paused:
        phase = Phase.PAUSED
    elif remaining <= timedelta(0):
        phase = Phase.EXPIRED
    elif remaining <= timedelta(seconds=warning_s):
        phase = Phase.WARNING
    else:
        phase = Phase.RUNNING
    return Countdown(limit=limit, elapsed=elapsed, phase=phase)


def format_clock(value: timedelta, *, signed: bool = False) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour); whole seconds, rounded towards the limit.

    A countdown shows 0:01 until the last second has fully gone, like a stage timer.
    """
    total = value.total_seconds()
    negative = total < 0
    seconds = int(-(-abs(total) // 1)) if not negative else int(abs(total) // 1)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    if negative and seconds:
        return f"+{text}" if signed else f"-{text}"
    return text


def format_duration(value: timedelta) -> str:
    """A finished duration for the record: ``2:47``, rounded to the nearest second."""
    seconds = round(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_clock(text: str) -> int | None:
    """Seconds from what a moderator types: '3:00', '2:30', '90', '1:00:00'; None if unreadable."""
    parts = text.strip().split(":")
    if not 1 <= len(parts) <= 3 or not all(p.strip().isdigit() for p in parts):
        return None
    numbers = [int(p) for p in parts]
    if any(n >= 60 for n in numbers[1:]):
        return None
    seconds = 0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


def request_limit(request: FloorRequestView, slot: SlotView | None) -> int | None:
    """The speaking time a request will get: its own, else the slot's for its kind
    (floor_rules.speaking_limit, the rule giving the floor applies); None without a slot."""
    return speaking_limit(request, slot.limits) if slot is not None else request.limit_s
