"""Requests to take the floor that arrive by e-mail: filed on the list, set aside, or reviewed.

One message, one transaction: a message read before is skipped, a second request
from the same delegation for the same slot updates the first, one that came after
the deadline waits as late, and one that cannot be matched goes to the review
list with its original text, where a person accepts or dismisses it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from db.agenda import Agenda
from db.errors import FloorConflict, UnknownRecord
from db.models import (
    AgendaSlot,
    Attachment,
    Conference,
    FloorRequest,
    RegisteredParticipant,
    ReviewItem,
)
from db.speakers_list import RequestDraft, SpeakersList
from db.views import ReviewItemView
from db.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus, ReviewStatus

if TYPE_CHECKING:
    from db.store import Store


class Filing(StrEnum):
    """Where a message ended (the same words as an import's outcomes)."""

    QUEUED = "queued"
    LATE = "late"
    REVIEW = "review"
    UPDATED = "updated"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class FileAttachment:
    filename: str
    media_type: str
    content: bytes
    sha256: str


@dataclass(frozen=True)
class MailedRequest:
    """What was read from one message, ready to be filed."""

    conference_id: int
    received_at: datetime  # when it was sent (aware)
    message_id: str  # the Message-ID, or a digest of the message when it has none
    sender_name: str = ""
    sender_email: str | None = None
    subject: str = ""
    original_text: str = ""
    delegation_id: int | None = None
    slot_id: int | None = None
    speaker: str = ""
    speaker_function: str = ""
    kind: InterventionKind = InterventionKind.STATEMENT
    channel: Channel = Channel.HALL
    review_reason: str = ""  # why a person must decide; "" when it can be filed as it is
    attachments: tuple[FileAttachment, ...] = ()
    source: RequestSource = RequestSource.ADVANCE_EMAIL


@dataclass(frozen=True)
class Filed:
    filing: Filing
    request_id: int | None = None
    review_item_id: int | None = None
    reason: str = ""
    not_registered: bool = False


class AdvanceRequests:
    def __init__(self, store: Store) -> None:
        self._store = store

    # -- filing ----------------------------------------------------------------

    def file(self, mailed: MailedRequest, at: datetime) -> Filed:
        """File one message in one transaction; ``at`` is when it was imported."""
        with self._store.transaction() as session:
            if session.get(Conference, mailed.conference_id) is None:
                raise UnknownRecord(f"There is no conference {mailed.conference_id}.")
            if self._already_read(session, mailed):
                return Filed(Filing.SKIPPED, reason="this message was imported before")
            if mailed.review_reason or mailed.delegation_id is None or mailed.slot_id is None:
                item = self._review_item(session, mailed, at)
                return Filed(
                    Filing.REVIEW,
                    review_item_id=item.id,
                    reason=mailed.review_reason or "the delegation or the slot is unknown",
                )
            slot = Agenda.bare_slot(session, mailed.slot_id)
            if slot.conference_id != mailed.conference_id:
                raise FloorConflict("That slot belongs to another conference.")
            not_registered = self._not_registered(session, mailed)
            earlier = session.scalars(
                select(FloorRequest)
                .where(
                    FloorRequest.slot_id == mailed.slot_id,
                    FloorRequest.delegation_id == mailed.delegation_id,
                    FloorRequest.source == RequestSource.ADVANCE_EMAIL,
                    FloorRequest.status.in_((RequestStatus.WAITING, RequestStatus.LATE)),
                )
                .order_by(FloorRequest.received_at)
            ).first()
            if earlier is not None:
                reason = self._update(session, earlier, mailed, not_registered)
                return Filed(Filing.UPDATED, earlier.id, reason=reason)
            request_id = self._store.speakers.add(
                mailed.slot_id,
                RequestDraft(
                    delegation_id=mailed.delegation_id,
                    kind=mailed.kind,
                    channel=mailed.channel,
                    source=mailed.source,
                    speaker=mailed.speaker,
                    speaker_function=mailed.speaker_function,
                    sender_email=mailed.sender_email,
                ),
                mailed.received_at,
            )
            row = SpeakersList.request_row(session, request_id)
            row.message_id = mailed.message_id
            row.original_text = mailed.original_text
            row.not_registered = not_registered
            self._attach(session, mailed, at, floor_request_id=row.id)
            if row.status is RequestStatus.LATE:
                return Filed(
                    Filing.LATE,
                    row.id,
                    reason="sent after the deadline; waits for the moderator's decision",
                    not_registered=not_registered,
                )
            return Filed(Filing.QUEUED, row.id, not_registered=not_registered)

    def _already_read(self, session: Session, mailed: MailedRequest) -> bool:
        in_requests = session.scalar(
            select(func.count(FloorRequest.id))
            .join(AgendaSlot, AgendaSlot.id == FloorRequest.slot_id)
            .where(
                AgendaSlot.conference_id == mailed.conference_id,
                FloorRequest.message_id == mailed.message_id,
            )
        )
        in_review = session.scalar(
            select(func.count(ReviewItem.id)).where(
                ReviewItem.conference_id == mailed.conference_id,
                ReviewItem.message_id == mailed.message_id,
            )
        )
        return bool(in_requests or in_review)

    def _review_item(self, session: Session, mailed: MailedRequest, at: datetime) -> ReviewItem:
        item = ReviewItem(
            conference_id=mailed.conference_id,
            received_at=mailed.received_at,
            source=mailed.source,
            sender_name=mailed.sender_name[:200],
            sender_email=mailed.sender_email,
            subject=mailed.subject[:998],
            message_id=mailed.message_id,
            original_text=mailed.original_text,
            reason=(mailed.review_reason or "the delegation or the slot is unknown")[:500],
            delegation_id=mailed.delegation_id,
            slot_id=mailed.slot_id,
            speaker=mailed.speaker[:200],
            speaker_function=mailed.speaker_function[:200],
            kind=mailed.kind,
            channel=mailed.channel,
            status=ReviewStatus.OPEN,
        )
        session.add(item)
        session.flush()
        self._attach(session, mailed, at, review_item_id=item.id)
        self._store.journal(
            session,
            "review.add",
            "review_item",
            item.id,
            conference_id=mailed.conference_id,
            reason=item.reason,
            sender=mailed.sender_email,
        )
        return item

    def _update(
        self,
        session: Session,
        row: FloorRequest,
        mailed: MailedRequest,
        not_registered: bool,
    ) -> str:
        before = {
            "kind": row.kind,
            "channel": row.channel,
            "speaker": row.person.name if row.person else "",
            "message_id": row.message_id,
        }
        first_sent = row.received_at
        row.kind = mailed.kind
        row.channel = mailed.channel
        if mailed.speaker.strip():
            row.person = SpeakersList.person_for(
                session,
                RequestDraft(
                    delegation_id=mailed.delegation_id,
                    speaker=mailed.speaker,
                    speaker_function=mailed.speaker_function,
                    sender_email=mailed.sender_email,
                ),
            )
        row.sender_email = mailed.sender_email or row.sender_email
        row.message_id = mailed.message_id
        row.original_text = mailed.original_text
        row.not_registered = not_registered
        self._attach(session, mailed, None, floor_request_id=row.id)
        self._store.journal(
            session,
            "request.update",
            "floor_request",
            row.id,
            slot_id=row.slot_id,
            before=before,
            after={"kind": row.kind, "channel": row.channel, "speaker": mailed.speaker},
        )
        return f"replaces this delegation's request sent {first_sent:%d %b %H:%M} UTC"

    def _attach(
        self,
        session: Session,
        mailed: MailedRequest,
        at: datetime | None,
        *,
        floor_request_id: int | None = None,
        review_item_id: int | None = None,
    ) -> None:
        for attachment in mailed.attachments:
            session.add(
                Attachment(
                    floor_request_id=floor_request_id,
                    review_item_id=review_item_id,
                    filename=attachment.filename,
                    media_type=attachment.media_type,
                    sha256=attachment.sha256,
                    content=attachment.content,
                    added_at=at or mailed.received_at,
                )
            )

    @staticmethod
    def _not_registered(session: Session, mailed: MailedRequest) -> bool:
        """Flag a request whose sender and speaker are not among the registered participants."""
        registered = select(RegisteredParticipant).where(
            RegisteredParticipant.conference_id == mailed.conference_id
        )
        if session.scalars(registered.limit(1)).first() is None:
            return False  # no registration imported: nothing to compare with
        wanted = []
        if mailed.sender_email:
            wanted.append(func.lower(RegisteredParticipant.email) == mailed.sender_email.lower())
        if mailed.speaker.strip():
            wanted.append(func.lower(RegisteredParticipant.name) == mailed.speaker.strip().lower())
        if not wanted:
            return True
        return session.scalars(registered.where(or_(*wanted)).limit(1)).first() is None

    # -- the review list ---------------------------------------------------------

    def review_items(
        self, conference_id: int, statuses: Sequence[ReviewStatus] = (ReviewStatus.OPEN,)
    ) -> list[ReviewItemView]:
        with self._store.reading() as session:
            rows = session.scalars(
                select(ReviewItem)
                .where(ReviewItem.conference_id == conference_id, ReviewItem.status.in_(statuses))
                .options(selectinload(ReviewItem.delegation))
                .order_by(ReviewItem.received_at, ReviewItem.id)
            )
            items = list(rows)
            names: dict[int, list[str]] = {}
            if items:
                found = session.execute(
                    select(Attachment.review_item_id, Attachment.filename).where(
                        Attachment.review_item_id.in_([i.id for i in items])
                    )
                )
                for item_id, filename in found:
                    if item_id is not None:
                        names.setdefault(item_id, []).append(filename)
            return [_review_view(row, tuple(names.get(row.id, ()))) for row in items]

    def accept(
        self,
        review_item_id: int,
        *,
        delegation_id: int,
        slot_id: int,
        kind: InterventionKind,
        channel: Channel,
        speaker: str = "",
        speaker_function: str = "",
    ) -> int:
        """Make the request a person read out of the message; returns the request's id."""
        with self._store.transaction() as session:
            item = self._item(session, review_item_id)
            if item.status is not ReviewStatus.OPEN:
                raise FloorConflict("This message has already been decided.")
            slot = Agenda.bare_slot(session, slot_id)
            if slot.conference_id != item.conference_id:
                raise FloorConflict("That slot belongs to another conference.")
            request_id = self._store.speakers.add(
                slot_id,
                RequestDraft(
                    delegation_id=delegation_id,
                    kind=kind,
                    channel=channel,
                    source=item.source,
                    speaker=speaker,
                    speaker_function=speaker_function,
                    sender_email=item.sender_email,
                ),
                item.received_at,
            )
            row = SpeakersList.request_row(session, request_id)
            row.message_id = item.message_id
            row.original_text = item.original_text
            for attachment in session.scalars(
                select(Attachment).where(Attachment.review_item_id == item.id)
            ):
                attachment.floor_request_id = request_id
            item.status = ReviewStatus.ACCEPTED
            item.floor_request_id = request_id
            self._store.journal(
                session,
                "review.accept",
                "review_item",
                item.id,
                conference_id=item.conference_id,
                request_id=request_id,
                slot_id=slot_id,
            )
            return request_id

    def dismiss(self, review_item_id: int) -> None:
        with self._store.transaction() as session:
            item = self._item(session, review_item_id)
            if item.status is not ReviewStatus.OPEN:
                raise FloorConflict("This message has already been decided.")
            item.status = ReviewStatus.DISMISSED
            self._store.journal(
                session, "review.dismiss", "review_item", item.id, conference_id=item.conference_id
            )

    def reopen(self, review_item_id: int) -> None:
        """Undo a decision: the message waits for a person again (an accepted one's request
        is withdrawn, its attachments come back to the message)."""
        with self._store.transaction() as session:
            item = self._item(session, review_item_id)
            if item.status is ReviewStatus.OPEN:
                raise FloorConflict("This message is still waiting for a decision.")
            if item.status is ReviewStatus.ACCEPTED and item.floor_request_id is not None:
                self._store.speakers.withdraw_if_waiting(session, item.floor_request_id)
                for attachment in session.scalars(
                    select(Attachment).where(Attachment.review_item_id == item.id)
                ):
                    attachment.floor_request_id = None
                item.floor_request_id = None
            item.status = ReviewStatus.OPEN
            self._store.journal(
                session, "review.reopen", "review_item", item.id, conference_id=item.conference_id
            )

    @staticmethod
    def _item(session: Session, review_item_id: int) -> ReviewItem:
        item = session.get(ReviewItem, review_item_id)
        if item is None:
            raise UnknownRecord(f"There is no review item {review_item_id}.")
        return item

    def attachments_of_request(self, request_id: int) -> list[tuple[str, str, bytes]]:
        """(file name, media type, content) of the written statements sent with a request."""
        with self._store.reading() as session:
            rows = session.scalars(
                select(Attachment)
                .where(Attachment.floor_request_id == request_id)
                .order_by(Attachment.id)
            )
            return [(a.filename, a.media_type, a.content) for a in rows]


def _review_view(row: ReviewItem, attachments: tuple[str, ...]) -> ReviewItemView:
    return ReviewItemView(
        id=row.id,
        conference_id=row.conference_id,
        received_at=row.received_at,
        source=row.source,
        sender_name=row.sender_name,
        sender_email=row.sender_email,
        subject=row.subject,
        original_text=row.original_text,
        reason=row.reason,
        delegation_id=row.delegation_id,
        delegation=row.delegation.name if row.delegation else "",
        slot_id=row.slot_id,
        speaker=row.speaker,
        speaker_function=row.speaker_function,
        kind=row.kind,
        channel=row.channel,
        status=row.status,
        floor_request_id=row.floor_request_id,
        attachments=attachments,
    )
