"""Filing many e-mailed requests in one transaction: the rules of one message, asked once.

An import files hundreds of messages. Asking the database the same questions for
each one (was it read before? is there an earlier request from this delegation
for this slot? is the sender registered? where does it go on the list?) cost a
dozen statements a message. Here the answers are read once per batch, the
decisions are taken in memory in the order of the messages — so a message sees
what the ones before it in the batch did — and the rows are written with one
statement per table. Each message still gets its own journal entry, and each
slot's list is ordered once, when the transaction ends.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from db.errors import FloorConflict, UnknownRecord
from db.models import (
    AgendaSlot,
    Attachment,
    Conference,
    Delegation,
    FloorRequest,
    Person,
    RegisteredParticipant,
    ReviewItem,
)
from db.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus, ReviewStatus

if TYPE_CHECKING:
    from db.advance_requests import Filed, MailedRequest
    from db.store import Store

# Requests that a closed list still takes (as in db.speakers_list).
_LIST_CLOSED_EXCEPTIONS = frozenset(
    {InterventionKind.POINT_OF_ORDER, InterventionKind.RIGHT_OF_REPLY}
)
_UNKNOWN = "the delegation or the slot is unknown"


@dataclass
class _Row:
    """A request or review item of this batch: its id once it is written (or already was)."""

    id: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # columns to insert or to update


@dataclass
class _Earlier:
    """The request a second message from the same delegation for the same slot updates."""

    row: _Row
    slot_id: int
    new: bool  # written by this batch (the update goes into the insert)
    received_at: datetime
    kind: InterventionKind
    channel: Channel
    speaker: str
    person: _Row | None
    sender_email: str | None
    message_id: str | None


@dataclass
class _Conference:
    deadline: datetime | None
    in_requests: Counter[str]  # message ids on floor requests of this conference
    in_review: set[str]  # message ids on review items
    registered: bool  # a registration was imported
    emails: set[str]
    names: set[str]


class MailFiling:
    """One batch of messages, filed inside the caller's transaction."""

    def __init__(self, store: Store, session: Session) -> None:
        self._store = store
        self._session = session
        self._connection: Connection = session.connection()

    def file_all(self, batch: Sequence[MailedRequest], at: datetime) -> list[Filed]:
        from db.advance_requests import Filed, Filing

        self._load(batch)
        decided: list[tuple[Filing, _Row | None, _Row | None, str, bool]] = []
        for mailed in batch:
            decided.append(self._decide(mailed, at))
        self._write()
        for action, entity, target, details in self._journal:
            self._store.journal(self._session, action, entity, target.id, **details)
        for slot_id in self._reordered:
            self._store.speakers.reorder_at_end(slot_id)
        return [
            Filed(
                filing,
                request_id=request.id if request else None,
                review_item_id=review.id if review else None,
                reason=reason,
                not_registered=not_registered,
            )
            for filing, request, review, reason, not_registered in decided
        ]

    # -- what the database holds, read once -----------------------------------

    def _load(self, batch: Sequence[MailedRequest]) -> None:
        execute = self._connection.execute
        conference_ids = {m.conference_id for m in batch}
        message_ids = list({_cut(m.message_id, 998) for m in batch})
        slot_ids = {m.slot_id for m in batch if m.slot_id is not None}
        delegation_ids = {m.delegation_id for m in batch if m.delegation_id is not None}
        self._conferences: dict[int, _Conference] = {}
        for conference_id, deadline in execute(
            select(Conference.id, Conference.request_deadline).where(
                Conference.id.in_(conference_ids)
            )
        ):
            self._conferences[conference_id] = _Conference(
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
            self._conferences[conference_id].in_requests[str(message_id)] = count
        for conference_id, message_id in execute(
            select(ReviewItem.conference_id, ReviewItem.message_id).where(
                ReviewItem.conference_id.in_(conference_ids),
                ReviewItem.message_id.in_(message_ids),
            )
        ):
            self._conferences[conference_id].in_review.add(str(message_id))
        for conference_id, email, name in execute(
            select(
                RegisteredParticipant.conference_id,
                RegisteredParticipant.email,
                RegisteredParticipant.name,
            ).where(RegisteredParticipant.conference_id.in_(conference_ids))
        ):
            known = self._conferences[conference_id]
            known.registered = True
            if email:
                known.emails.add(email.lower())
            known.names.add(name.lower())
        self._slots: dict[int, tuple[int, datetime | None]] = {
            slot_id: (conference_id, closed_at)
            for slot_id, conference_id, closed_at in execute(
                select(AgendaSlot.id, AgendaSlot.conference_id, AgendaSlot.list_closed_at).where(
                    AgendaSlot.id.in_(slot_ids)
                )
            )
        }
        self._delegations: set[int] = set(
            execute(select(Delegation.id).where(Delegation.id.in_(delegation_ids))).scalars()
        )
        self._positions: dict[int, list[int]] = {
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
        self._persons: dict[tuple[str, int | None], _Row] = {}
        speakers = {m.speaker.strip() for m in batch if m.speaker.strip()}
        for person_id, name, delegation_id in execute(
            select(Person.id, Person.name, Person.delegation_id)
            .where(Person.name.in_(speakers))
            .order_by(Person.id.desc())  # the first one wins, as in SpeakersList.person_for
        ):
            self._persons[(name, delegation_id)] = _Row(person_id)
        self._earlier: dict[tuple[int, int], _Earlier] = {}
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
            self._earlier[(row.slot_id, row.delegation_id)] = _Earlier(
                _Row(row.id),
                row.slot_id,
                False,
                row.received_at,
                row.kind,
                row.channel,
                row.name or "",
                _Row(row.person_id) if row.person_id is not None else None,
                row.sender_email,
                row.message_id,
            )
        self._new_persons: list[_Row] = []
        self._new_requests: list[_Row] = []
        self._updated: dict[int, _Row] = {}
        self._new_reviews: list[_Row] = []
        self._attachments: list[tuple[_Row, str, dict[str, Any]]] = []
        self._journal: list[tuple[str, str, _Row, dict[str, Any]]] = []
        self._reordered: dict[int, None] = {}

    # -- one message, decided in memory -------------------------------------------

    def _decide(
        self, mailed: MailedRequest, at: datetime
    ) -> tuple[Any, _Row | None, _Row | None, str, bool]:
        from db.advance_requests import Filing

        known = self._conferences.get(mailed.conference_id)
        if known is None:
            raise UnknownRecord(f"There is no conference {mailed.conference_id}.")
        message_id = _cut(mailed.message_id, 998)
        if known.in_requests[message_id] or message_id in known.in_review:
            return Filing.SKIPPED, None, None, "this message was imported before", False
        if mailed.review_reason or mailed.delegation_id is None or mailed.slot_id is None:
            review = self._review_item(mailed, message_id, at)
            known.in_review.add(message_id)
            return Filing.REVIEW, None, review, mailed.review_reason or _UNKNOWN, False
        slot = self._slots.get(mailed.slot_id)
        if slot is None:
            raise UnknownRecord(f"There is no agenda slot {mailed.slot_id}.")
        if slot[0] != mailed.conference_id:
            raise FloorConflict("That slot belongs to another conference.")
        not_registered = self._not_registered(known, mailed)
        earlier = self._earlier.get((mailed.slot_id, mailed.delegation_id))
        if earlier is not None:
            reason = self._update(known, earlier, mailed, message_id, not_registered)
            return Filing.UPDATED, earlier.row, None, reason, False
        row, status = self._add(known, mailed, message_id, not_registered, slot[1], at)
        known.in_requests[message_id] += 1
        if status is RequestStatus.LATE:
            reason = "sent after the deadline; waits for the moderator's decision"
            return Filing.LATE, row, None, reason, not_registered
        return Filing.QUEUED, row, None, "", not_registered

    def _review_item(self, mailed: MailedRequest, message_id: str, at: datetime) -> _Row:
        reason = (mailed.review_reason or _UNKNOWN)[:500]
        item = _Row(
            values={
                "conference_id": mailed.conference_id,
                "received_at": mailed.received_at,
                "source": mailed.source,
                "sender_name": mailed.sender_name[:200],
                "sender_email": _cut_or_none(mailed.sender_email, 254),
                "subject": mailed.subject[:998],
                "message_id": message_id,
                "original_text": mailed.original_text,
                "reason": reason,
                "delegation_id": mailed.delegation_id,
                "slot_id": mailed.slot_id,
                "speaker": mailed.speaker[:200],
                "speaker_function": mailed.speaker_function[:200],
                "kind": mailed.kind,
                "channel": mailed.channel,
                "status": ReviewStatus.OPEN,
                "floor_request_id": None,
            }
        )
        self._new_reviews.append(item)
        self._attach(item, "review_item_id", mailed, at)
        self._journal.append(
            (
                "review.add",
                "review_item",
                item,
                {
                    "conference_id": mailed.conference_id,
                    "reason": reason,
                    "sender": mailed.sender_email,
                },
            )
        )
        return item

    def _add(
        self,
        known: _Conference,
        mailed: MailedRequest,
        message_id: str,
        not_registered: bool,
        list_closed_at: datetime | None,
        at: datetime,
    ) -> tuple[_Row, RequestStatus]:
        assert mailed.slot_id is not None and mailed.delegation_id is not None
        status = RequestStatus.WAITING
        if (
            mailed.source is RequestSource.ADVANCE_EMAIL
            and known.deadline is not None
            and mailed.received_at > known.deadline
        ):
            status = RequestStatus.LATE
        if (
            list_closed_at is not None
            and mailed.kind not in _LIST_CLOSED_EXCEPTIONS
            and mailed.source is not RequestSource.ADVANCE_EMAIL
        ):
            raise FloorConflict(
                "The list of speakers is closed; reopen it to add a request "
                "(points of order and rights of reply are still taken)."
            )
        if mailed.delegation_id not in self._delegations:
            raise UnknownRecord(f"There is no delegation {mailed.delegation_id}.")
        person = self._person(mailed)
        sender_email = _cut_or_none(mailed.sender_email, 254)
        row = _Row(
            values={
                "slot_id": mailed.slot_id,
                "delegation_id": mailed.delegation_id,
                "person": person,
                "source": mailed.source,
                "kind": mailed.kind,
                "channel": mailed.channel,
                "status": status,
                "received_at": mailed.received_at,
                "position": self._new_position(mailed.slot_id, mailed.kind),
                "pinned": False,
                "limit_s": None,
                "note": "",
                "sender_email": sender_email,
                "message_id": message_id,
                "original_text": mailed.original_text,
                "absent_since": None,
                "not_registered": not_registered,
            }
        )
        self._new_requests.append(row)
        self._attach(row, "floor_request_id", mailed, at)
        self._reordered[mailed.slot_id] = None
        self._journal.append(
            (
                "request.add",
                "floor_request",
                row,
                {
                    "slot_id": mailed.slot_id,
                    "delegation_id": mailed.delegation_id,
                    "kind": mailed.kind,
                    "channel": mailed.channel,
                    "source": mailed.source,
                    "status": status,
                },
            )
        )
        if mailed.source is RequestSource.ADVANCE_EMAIL:
            key = (mailed.slot_id, mailed.delegation_id)
            current = self._earlier.get(key)
            if current is None or mailed.received_at < current.received_at:
                self._earlier[key] = _Earlier(
                    row,
                    mailed.slot_id,
                    True,
                    mailed.received_at,
                    mailed.kind,
                    mailed.channel,
                    mailed.speaker.strip() if person else "",
                    person,
                    sender_email,
                    message_id,
                )
        return row, status

    def _update(
        self,
        known: _Conference,
        earlier: _Earlier,
        mailed: MailedRequest,
        message_id: str,
        not_registered: bool,
    ) -> str:
        before = {
            "kind": earlier.kind,
            "channel": earlier.channel,
            "speaker": earlier.speaker,
            "message_id": earlier.message_id,
        }
        earlier.kind, earlier.channel = mailed.kind, mailed.channel
        changes: dict[str, Any] = {"kind": mailed.kind, "channel": mailed.channel}
        if mailed.speaker.strip():
            earlier.person = self._person(mailed)
            earlier.speaker = mailed.speaker.strip()
            changes["person"] = earlier.person
        earlier.sender_email = _cut_or_none(mailed.sender_email, 254) or earlier.sender_email
        if earlier.message_id is not None:
            known.in_requests[earlier.message_id] -= 1
        known.in_requests[message_id] += 1
        earlier.message_id = message_id
        changes.update(
            sender_email=earlier.sender_email,
            message_id=message_id,
            original_text=mailed.original_text,
            not_registered=not_registered,
        )
        if mailed.kind is not before["kind"]:
            self._reordered[earlier.slot_id] = None  # a statement become a reply moves down
        if earlier.new:
            earlier.row.values.update(changes)
        else:
            assert earlier.row.id is not None
            self._updated.setdefault(earlier.row.id, earlier.row).values.update(changes)
        self._attach(earlier.row, "floor_request_id", mailed, at=None)
        self._journal.append(
            (
                "request.update",
                "floor_request",
                earlier.row,
                {
                    "slot_id": mailed.slot_id,
                    "before": before,
                    "after": {
                        "kind": mailed.kind,
                        "channel": mailed.channel,
                        "speaker": mailed.speaker,
                    },
                },
            )
        )
        first_sent = earlier.received_at.astimezone(UTC)
        return f"replaces this delegation's request sent {first_sent:%d %b %H:%M} UTC"

    def _person(self, mailed: MailedRequest) -> _Row | None:
        name = mailed.speaker.strip()
        if not name:
            return None
        key = (name, mailed.delegation_id)
        if key not in self._persons:
            person = _Row(
                values={
                    "name": name,
                    "function": mailed.speaker_function,
                    "delegation_id": mailed.delegation_id,
                    "email": _cut_or_none(mailed.sender_email, 254),
                }
            )
            self._new_persons.append(person)
            self._persons[key] = person
        return self._persons[key]

    def _new_position(self, slot_id: int, kind: InterventionKind) -> int:
        bounds = self._positions.get(slot_id)
        if bounds is None:
            # The first request of the slot (as SpeakersList._new_position: 0, or 0 on top).
            position = 0
            self._positions[slot_id] = [position, position]
            return position
        if kind is InterventionKind.POINT_OF_ORDER:
            bounds[0] -= 1  # a point of order interrupts: it goes to the top of the list
            return bounds[0]
        bounds[1] += 1
        return bounds[1]

    @staticmethod
    def _not_registered(known: _Conference, mailed: MailedRequest) -> bool:
        """Flag a request whose sender and speaker are not among the registered participants."""
        if not known.registered:
            return False  # no registration imported: nothing to compare with
        email = (mailed.sender_email or "").lower()
        name = mailed.speaker.strip().lower()
        if not email and not name:
            return True
        return not ((email and email in known.emails) or (name and name in known.names))

    def _attach(
        self, target: _Row, column: str, mailed: MailedRequest, at: datetime | None
    ) -> None:
        for attachment in mailed.attachments:
            self._attachments.append(
                (
                    target,
                    column,
                    {
                        "filename": attachment.filename[:255],
                        "media_type": attachment.media_type[:127],
                        "sha256": attachment.sha256,
                        "content": attachment.content,
                        "added_at": at or mailed.received_at,
                    },
                )
            )

    # -- writing: one statement per table ------------------------------------------

    def _write(self) -> None:
        self._insert(Person, self._new_persons)
        self._insert(ReviewItem, self._new_reviews)
        for request in (*self._new_requests, *self._updated.values()):
            if "person" in request.values:
                person = request.values.pop("person")
                request.values["person_id"] = person.id if person is not None else None
        self._insert(FloorRequest, self._new_requests)
        if self._updated:
            for changed in _same_columns(list(self._updated.values())):
                keys = sorted(changed[0].values)
                self._connection.execute(
                    update(FloorRequest)
                    .where(FloorRequest.id == bindparam("request_id"))
                    .values({key: bindparam(key) for key in keys}),
                    [{"request_id": row.id, **row.values} for row in changed],
                )
        if self._attachments:
            rows = []
            for target, column, values in self._attachments:
                rows.append(
                    {
                        "floor_request_id": None,
                        "review_item_id": None,
                        "intervention_id": None,
                        **values,
                        column: target.id,
                    }
                )
            self._connection.execute(insert(Attachment), rows)

    def _insert(self, model: type[Person | ReviewItem | FloorRequest], rows: list[_Row]) -> None:
        if not rows:
            return
        ids = self._connection.execute(
            insert(model).returning(model.id, sort_by_parameter_order=True),
            [row.values for row in rows],
        ).scalars()
        for row, new_id in zip(rows, ids, strict=True):
            row.id = new_id


def _same_columns(rows: list[_Row]) -> list[list[_Row]]:
    """Rows grouped by the columns they change (an executemany needs the same keys)."""
    groups: dict[tuple[str, ...], list[_Row]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row.values)), []).append(row)
    return list(groups.values())


def _cut(value: str, length: int) -> str:
    return value[:length]


def _cut_or_none(value: str | None, length: int) -> str | None:
    return value[:length] if value else value
