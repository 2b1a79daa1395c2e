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

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, insert, update
from sqlalchemy.orm import Session

from db.errors import FloorConflict, UnknownRecord
from db.mail.filing_known import ConferenceFacts, Earlier, Row, cut, read_known
from db.mail.mailed import Filed, Filing, MailedRequest
from db.meeting.actions import Action
from db.meeting.floor_rules import LIST_CLOSED_EXCEPTIONS
from db.meeting.vocabulary import InterventionKind, RequestSource, RequestStatus, ReviewStatus
from db.models import (
    Attachment,
    FloorRequest,
    Person,
    ReviewItem,
)
from db.speakers.speakers_list import SpeakersList

if TYPE_CHECKING:
    from db.transactions import Transactions

_UNKNOWN = "the delegation or the slot is unknown"


class MailFiling:
    """One batch of messages, filed inside the caller's transaction."""

    def __init__(self, store: Transactions, speakers: SpeakersList, session: Session) -> None:
        self._store = store
        self._speakers = speakers
        self._session = session
        self._connection: Connection = session.connection()

    def file_all(self, batch: Sequence[MailedRequest], at: datetime) -> list[Filed]:
        self._load(batch)
        decided: list[tuple[Filing, Row | None, Row | None, str, bool]] = []
        for mailed in batch:
            decided.append(self._decide(mailed, at))
        self._write()
        for action, entity, target, details in self._journal:
            self._store.journal(self._session, action, entity, target.id, **details)
        for slot_id in self._reordered:
            self._speakers.reorder_at_end(slot_id)
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
        known = read_known(self._connection, batch)
        self._conferences, self._slots = known.conferences, known.slots
        self._delegations, self._positions = known.delegations, known.positions
        self._persons, self._earlier = known.persons, known.earlier
        self._new_persons: list[Row] = []
        self._new_requests: list[Row] = []
        self._updated: dict[int, Row] = {}
        self._new_reviews: list[Row] = []
        self._attachments: list[tuple[Row, str, dict[str, Any]]] = []
        self._journal: list[tuple[Action, str, Row, dict[str, Any]]] = []
        self._reordered: dict[int, None] = {}

    # -- one message, decided in memory -------------------------------------------

    def _decide(
        self, mailed: MailedRequest, at: datetime
    ) -> tuple[Any, Row | None, Row | None, str, bool]:

        known = self._conferences.get(mailed.conference_id)
        if known is None:
            raise UnknownRecord(f"There is no conference {mailed.conference_id}.")
        message_id = cut(mailed.message_id, 998)
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
        earlier = self._earlier.get((mailed.slot_id, mailed.delegation_id))
        if mailed.withdraws:
            return self._withdraw(known, mailed, message_id, earlier, at)
        not_registered = self._not_registered(known, mailed)
        if earlier is not None:
            reason = self._update(known, earlier, mailed, message_id, not_registered)
            return Filing.UPDATED, earlier.row, None, reason, False
        row, status = self._add(known, mailed, message_id, not_registered, slot[1], at)
        known.in_requests[message_id] += 1
        if status is RequestStatus.LATE:
            reason = "sent after the deadline; waits for the moderator's decision"
            return Filing.LATE, row, None, reason, not_registered
        return Filing.QUEUED, row, None, "", not_registered

    def _review_item(self, mailed: MailedRequest, message_id: str, at: datetime) -> Row:
        reason = (mailed.review_reason or _UNKNOWN)[:500]
        item = Row(
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
                "language": mailed.language,
            }
        )
        self._new_reviews.append(item)
        self._attach(item, "review_item_id", mailed, at)
        self._journal.append(
            (
                Action.REVIEW_ADD,
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
        known: ConferenceFacts,
        mailed: MailedRequest,
        message_id: str,
        not_registered: bool,
        list_closed_at: datetime | None,
        at: datetime,
    ) -> tuple[Row, RequestStatus]:
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
            and mailed.kind not in LIST_CLOSED_EXCEPTIONS
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
        row = Row(
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
                "language": mailed.language,
            }
        )
        self._new_requests.append(row)
        self._attach(row, "floor_request_id", mailed, at)
        self._reordered[mailed.slot_id] = None
        self._journal.append(
            (
                Action.REQUEST_ADD,
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
                self._earlier[key] = Earlier(
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

    def _withdraw(
        self,
        known: ConferenceFacts,
        mailed: MailedRequest,
        message_id: str,
        earlier: Earlier | None,
        at: datetime,
    ) -> tuple[Any, Row | None, Row | None, str, bool]:
        """The delegation's request for the slot, still waiting, leaves the list; without
        one, a person looks at the message."""

        if earlier is None:
            reason = "asks to withdraw a request, but this delegation has none waiting in that slot"
            review = self._review_item(replace(mailed, review_reason=reason), message_id, at)
            known.in_review.add(message_id)
            return Filing.REVIEW, None, review, reason, False
        assert mailed.delegation_id is not None
        del self._earlier[(earlier.slot_id, mailed.delegation_id)]
        if earlier.message_id is not None:
            known.in_requests[earlier.message_id] -= 1
        known.in_requests[message_id] += 1
        changes = {"status": RequestStatus.WITHDRAWN, "message_id": message_id}
        if earlier.new:
            earlier.row.values.update(changes)
        else:
            assert earlier.row.id is not None
            self._updated.setdefault(earlier.row.id, earlier.row).values.update(changes)
        self._journal.append(
            (
                Action.REQUEST_STATUS,
                "floor_request",
                earlier.row,
                {
                    "slot_id": earlier.slot_id,
                    "after": RequestStatus.WITHDRAWN,
                    "message_id": message_id,
                },
            )
        )
        first_sent = earlier.received_at.astimezone(UTC)
        reason = f"withdraws this delegation's request sent {first_sent:%d %b %H:%M} UTC"
        return Filing.UPDATED, earlier.row, None, reason, False

    def _update(
        self,
        known: ConferenceFacts,
        earlier: Earlier,
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
                Action.REQUEST_UPDATE,
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

    def _person(self, mailed: MailedRequest) -> Row | None:
        name = mailed.speaker.strip()
        if not name:
            return None
        key = (name, mailed.delegation_id)
        if key not in self._persons:
            person = Row(
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
    def _not_registered(known: ConferenceFacts, mailed: MailedRequest) -> bool:
        """Flag a request whose sender and speaker are not among the registered participants."""
        if not known.registered:
            return False  # no registration imported: nothing to compare with
        email = (mailed.sender_email or "").lower()
        name = mailed.speaker.strip().lower()
        if not email and not name:
            return True
        return not ((email and email in known.emails) or (name and name in known.names))

    def _attach(self, target: Row, column: str, mailed: MailedRequest, at: datetime | None) -> None:
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

    def _insert(self, model: type[Person | ReviewItem | FloorRequest], rows: list[Row]) -> None:
        if not rows:
            return
        ids = self._connection.execute(
            insert(model).returning(model.id, sort_by_parameter_order=True),
            [row.values for row in rows],
        ).scalars()
        for row, new_id in zip(rows, ids, strict=True):
            row.id = new_id


def _same_columns(rows: list[Row]) -> list[list[Row]]:
    """Rows grouped by the columns they change (an executemany needs the same keys)."""
    groups: dict[tuple[str, ...], list[Row]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row.values)), []).append(row)
    return list(groups.values())


def _cut_or_none(value: str | None, length: int) -> str | None:
    return value[:length] if value else value
