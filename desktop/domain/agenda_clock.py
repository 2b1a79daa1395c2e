"""Which agenda slot the clock is in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.meeting.snapshots import SlotView


def slot_at(slots: Sequence[SlotView], now: datetime) -> SlotView | None:
    """The slot under way at ``now`` (one where the floor is given, if two overlap),
    else the next one to start, else the last one."""
    running = [s for s in slots if s.starts_at <= now < s.ends_at]
    if running:
        talking = [s for s in running if s.kind.has_speakers]
        return (talking or running)[-1]
    upcoming = [s for s in slots if s.starts_at > now]
    if upcoming:
        return min(upcoming, key=lambda s: s.starts_at)
    return slots[-1] if slots else None
