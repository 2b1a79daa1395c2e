"""Snapshots made from plain rows: the columns the store's statements read, in their
order (db/speakers/list_reading.py, db/floor/interventions.py), and the same columns read
by the window's first look before SQLAlchemy is loaded (db/first_look.py)."""

from __future__ import annotations

from typing import Any

from db.meeting.snapshots import FloorRequestView, InterventionView, PauseView


def request_view_of(row: Any) -> FloorRequestView:
    (
        request_id,
        slot_id,
        delegation_id,
        source,
        kind,
        channel,
        status,
        received_at,
        position,
        pinned,
        limit_s,
        note,
        absent_since,
        not_registered,
        sender_email,
        delegation,
        nameplate,
        group,
        speaker,
        speaker_function,
    ) = row
    return FloorRequestView(
        id=request_id,
        slot_id=slot_id,
        delegation_id=delegation_id,
        delegation=delegation or "",
        nameplate=nameplate or "",
        group=group,
        speaker=speaker or "",
        speaker_function=speaker_function or "",
        source=source,
        kind=kind,
        channel=channel,
        status=status,
        received_at=received_at,
        position=position,
        pinned=pinned,
        limit_s=limit_s,
        note=note,
        absent_since=absent_since,
        not_registered=not_registered,
        sender_email=sender_email,
    )


def intervention_view_of(
    row: Any, pauses: tuple[PauseView, ...], tags: tuple[str, ...]
) -> InterventionView:
    (
        id_,
        slot_id,
        request_id,
        delegation,
        nameplate,
        group,
        speaker,
        channel,
        kind,
        given,
        taken,
        limit_s,
        added_s,
        notes,
        recommendation,
        follow_up,
        internal_notes,
    ) = row
    return InterventionView(
        id=id_,
        slot_id=slot_id,
        floor_request_id=request_id,
        delegation=delegation or "",
        nameplate=nameplate or "",
        group=group,
        speaker=speaker or "",
        channel=channel,
        kind=kind,
        floor_given_at=given,
        floor_taken_at=taken,
        limit_s=limit_s,
        added_s=added_s,
        pauses=pauses,
        notes=notes,
        tags=tags,
        recommendation=recommendation,
        follow_up=follow_up,
        internal_notes=internal_notes,
    )
