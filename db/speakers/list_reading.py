"""Reading the list of speakers: each request as the desk shows it, the waiting ones in
their order, the next few, and their places (one query each, no ORM objects kept)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import selectinload

from db.meeting.floor_rules import next_speakers
from db.meeting.rows import request_view_of
from db.meeting.snapshots import FloorRequestView
from db.meeting.vocabulary import RequestStatus
from db.models import (
    WAITING_ORDER,
    AgendaSlot,
    Delegation,
    FloorRequest,
    Person,
)


def request_view(row: FloorRequest) -> FloorRequestView:
    delegation = row.delegation
    return FloorRequestView(
        id=row.id,
        slot_id=row.slot_id,
        delegation_id=row.delegation_id,
        delegation=delegation.name if delegation else "",
        nameplate=delegation.nameplate if delegation else "",
        group=delegation.group if delegation else None,
        speaker=row.person.name if row.person else "",
        speaker_function=row.person.function if row.person else "",
        source=row.source,
        kind=row.kind,
        channel=row.channel,
        status=row.status,
        received_at=row.received_at,
        position=row.position,
        pinned=row.pinned,
        limit_s=row.limit_s,
        note=row.note,
        absent_since=row.absent_since,
        not_registered=row.not_registered,
        sender_email=row.sender_email,
    )


_REQUEST_COLUMNS = (
    FloorRequest.id,
    FloorRequest.slot_id,
    FloorRequest.delegation_id,
    FloorRequest.source,
    FloorRequest.kind,
    FloorRequest.channel,
    FloorRequest.status,
    FloorRequest.received_at,
    FloorRequest.position,
    FloorRequest.pinned,
    FloorRequest.limit_s,
    FloorRequest.note,
    FloorRequest.absent_since,
    FloorRequest.not_registered,
    FloorRequest.sender_email,
)


_REQUEST_LOAD = (selectinload(FloorRequest.delegation), selectinload(FloorRequest.person))


def waiting_in_order(slot_id: int) -> Select[FloorRequest]:
    """The query for a slot's waiting requests, first to speak first."""
    return (
        select(FloorRequest)
        .where(FloorRequest.slot_id == slot_id, FloorRequest.status == RequestStatus.WAITING)
        .order_by(*WAITING_ORDER)
    )


@functools.cache
def requests_query(
    statuses: tuple[RequestStatus, ...] | None,
    *,
    present_only: bool,
    limited: bool,
    by_id: bool = False,
    with_list_closed: bool = False,
) -> Any:
    """Built once per shape, with the slot (and the limit) bound at each reading: Core, not
    the ORM, because plain rows are several times faster to read. ``with_list_closed``:
    each row ends with when the slot's list was closed (None: open)."""
    query = (
        select(
            *_REQUEST_COLUMNS,
            Delegation.name,
            Delegation.nameplate,
            Delegation.group,
            Person.name,
            Person.function,
        )
        .outerjoin(Delegation, Delegation.id == FloorRequest.delegation_id)
        .outerjoin(Person, Person.id == FloorRequest.person_id)
    )
    if with_list_closed:
        query = query.add_columns(AgendaSlot.list_closed_at).join(
            AgendaSlot, AgendaSlot.id == FloorRequest.slot_id
        )
    if by_id:
        query = query.where(FloorRequest.id.in_(bindparam("ids", expanding=True)))
    else:
        query = query.where(FloorRequest.slot_id == bindparam("slot"))
    if statuses is not None:
        query = query.where(FloorRequest.status.in_(statuses))
    if present_only:
        query = query.where(FloorRequest.absent_since.is_(None))
    query = query.order_by(*_LIST_ORDER)
    return query.limit(bindparam("limit")) if limited else query


# The list's order: those waiting first, in their places, then the others.
_LIST_ORDER = (FloorRequest.status != RequestStatus.WAITING, *WAITING_ORDER)


def next_of(rows: Sequence[Any], count: int) -> list[FloorRequestView]:
    """The next speakers among rows read with their list's state (``with_list_closed``);
    only the rows looked at become views."""
    if not rows:
        return []
    closed = rows[0][-1] is not None
    views = (request_view_of(row[:-1]) for row in rows)
    return next_speakers(views, list_closed=closed, count=count)


@functools.cache
def places_query(statuses: tuple[RequestStatus, ...]) -> Any:
    return (
        select(FloorRequest.id, FloorRequest.position)
        .where(FloorRequest.slot_id == bindparam("slot"), FloorRequest.status.in_(statuses))
        .order_by(*_LIST_ORDER)
    )
