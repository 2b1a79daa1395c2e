"""Snapshots built by hand for the tests of pure domain code."""

from __future__ import annotations

from datetime import datetime

from db.meeting.snapshots import InterventionView, PauseView
from db.meeting.vocabulary import Channel, InterventionKind


def intervention_view(
    given_at: datetime,
    *,
    id: int = 1,
    limit_s: int = 180,
    added_s: int = 0,
    pauses: tuple[PauseView, ...] = (),
    taken_at: datetime | None = None,
) -> InterventionView:
    """A statement by Austria in the hall, given the floor at ``given_at``."""
    return InterventionView(
        id=id,
        slot_id=1,
        floor_request_id=None,
        delegation="Austria",
        nameplate="Austria",
        group=None,
        speaker="",
        channel=Channel.HALL,
        kind=InterventionKind.STATEMENT,
        floor_given_at=given_at,
        floor_taken_at=taken_at,
        limit_s=limit_s,
        added_s=added_s,
        pauses=pauses,
        notes="",
    )
