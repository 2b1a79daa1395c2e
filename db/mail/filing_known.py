"""What the database holds that an e-mail batch's filing must know, read once per batch.

See db.mail.filing: messages already read, earlier requests a second message
updates, the registration, the slots' positions, the speakers already known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus
from db.models import (
    AgendaSlot,
    Conference,
    Delegation,
    FloorRequest,
    Person,
    RegisteredParticipant,
    ReviewItem,
)

if TYPE_CHECKING:
    from db.mail.mailed import MailedRequest


@dataclass
class Row:
    """A request or review item of this batch: its id once it is written (or already was)."""

    id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # columns to insert or to update


@dataclass
class Earlier:
    """The request a second message from the same delegation for the same slot updates."""

    row: Row
    slot_id: int
    new: bool  # written by this batch (the update goes into the insert)
    received_at: datetime
    kind: InterventionKind
    channel: Channel
    speaker: str
    person: Row | None
    sender_email: str | None
    message_id: str | None


@dataclass
class ConferenceFacts:
    deadline: datetime | None
    in_requests: Counter[str]  # message ids on floor requests of this conference
    in_review: set[str]  # message ids on review items
    registered: bool  # a registration was imported
    emails: set[str]
    names: set[str]


@dataclass
class Known:
    conferences: dict[int, ConferenceFacts]
    slots: dict[int, tuple[int, datetime | None]]  # slot -> (conference, list closed at)
    delegations: set[int]
    positions: dict[int, list[int]]  # slot -> [lowest, highest] position
    persons: dict[tuple[str, int | None], Row]  # (name, delegation) -> person
    earlier: dict[tuple[int, int], Earlier]  # (slot, delegation) -> the first request


def read_known(connection: Connection, batch: Sequence[MailedRequest]) -> Known:
    execute = connection.execute
    conference_ids = {m.conference_id for m in batch}
    message_ids = list({cut(m.message_id, 998) for m in batch})
    slot_ids = {m.slot_id for m in batch if m.slot_id is not None}
    delegation_ids = {m.delegation_id for m in batch if m.delegation_id is not None}
    conferences: dict[int, ConferenceFacts] = {}
    for conference_id, deadline in execute(
        select(Conference.id, Conference.request_deadline).where(Conference.id.in_(conference_ids))
    ):
        conferences[conference_id] = ConferenceFacts(
            deadline, Counter(), set(), False, set(), set()
        )
    for conference_id, message_id, count in execute(
        select(AgendaSlot.conference_id, FloorRequest.message_id, func.count(FloorRequest.id))
        .join(AgendaSlot, AgendaSlot.id == FloorRequest.slot_id)
        .where(
            AgendaSlot.conference_id.in_(conference_ids),
            FloorRequest.message_id.in_(message_ids),
        )
        .group_by(AgendaSlot.conference_id, FloorRequest.message_id)
    ):
        conferences[conference_id].in_requests[str(message_id)] = count
    for conference_id, message_id in execute(
        select(ReviewItem.conference_id, ReviewItem.message_id).where(
            ReviewItem.conference_id.in_(conference_ids),
            ReviewItem.message_id.in_(message_ids),
        )
    ):
        conferences[conference_id].in_review.add(str(message_id))
    for conference_id, email, name in execute(
        select(
            RegisteredParticipant.conference_id,
            RegisteredParticipant.email,
            RegisteredParticipant.name,
        ).where(RegisteredParticipant.conference_id.in_(conference_ids))
    ):
        known = conferences[conference_id]
        known.registered = True
        if email:
            known.emails.add(email.lower())
        known.names.add(name.lower())
    slots: dict[int, tuple[int, datetime | None]] = {
        slot_id: (conference_id, closed_at)
        for slot_id, conference_id, closed_at in execute(
            select(AgendaSlot.id, AgendaSlot.conference_id, AgendaSlot.list_closed_at).where(
                AgendaSlot.id.in_(slot_ids)
            )
        )
    }
    delegations: set[int] = set(
        execute(select(Delegation.id).where(Delegation.id.in_(delegation_ids))).scalars()
    )
    positions: dict[int, list[int]] = {
        slot_id: [lowest, highest]
        for slot_id, lowest, highest in execute(
            select(
                FloorRequest.slot_id,
                func.min(FloorRequest.position),
                func.max(FloorRequest.position),
            )
            .where(FloorRequest.slot_id.in_(slot_ids))
            .group_by(FloorRequest.slot_id)
        )
    }
    persons: dict[tuple[str, int | None], Row] = {}
    speakers = {m.speaker.strip() for m in batch if m.speaker.strip()}
    for person_id, name, delegation_id in execute(
        select(Person.id, Person.name, Person.delegation_id)
        .where(Person.name.in_(speakers))
        .order_by(Person.id.desc())  # the first one wins, as in db.people.persons
    ):
        persons[(name, delegation_id)] = Row(person_id)
    earlier: dict[tuple[int, int], Earlier] = {}
    for row in execute(
        select(
            FloorRequest.id,
            FloorRequest.slot_id,
            FloorRequest.delegation_id,
            FloorRequest.received_at,
            FloorRequest.kind,
            FloorRequest.channel,
            FloorRequest.person_id,
            Person.name,
            FloorRequest.sender_email,
            FloorRequest.message_id,
        )
        .outerjoin(Person, Person.id == FloorRequest.person_id)
        .where(
            FloorRequest.slot_id.in_(slot_ids),
            FloorRequest.delegation_id.in_(delegation_ids),
            FloorRequest.source == RequestSource.ADVANCE_EMAIL,
            FloorRequest.status.in_((RequestStatus.WAITING, RequestStatus.LATE)),
        )
        .order_by(FloorRequest.received_at.desc(), FloorRequest.id.desc())
    ):
        earlier[(row.slot_id, row.delegation_id)] = Earlier(
            Row(row.id),
            row.slot_id,
            False,
            row.received_at,
            row.kind,
            row.channel,
            row.name or "",
            Row(row.person_id) if row.person_id is not None else None,
            row.sender_email,
            row.message_id,
        )
    return Known(conferences, slots, delegations, positions, persons, earlier)


def cut(value: str, length: int) -> str:
    return value[:length]
