"""Requests to take the floor that arrive by e-mail: filed on the list, set aside, or reviewed.

A message read before is skipped, a second request from the same delegation for
the same slot updates the first, one that came after the deadline waits as late,
and one that cannot be matched goes to the review list with its original text,
where a person accepts or dismisses it. Filing itself is in db.mail.filing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.agenda.agenda import Agenda
from db.errors import FloorConflict, found
from db.mail.filing import MailFiling
from db.mail.mailed import Filed, MailedRequest
from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import ReviewItemView
from db.meeting.vocabulary import Channel, InterventionKind, ReviewStatus
from db.models import Attachment, Delegation, ReviewItem
from db.speakers.speakers_list import SpeakersList

if TYPE_CHECKING:
    from db.transactions import Transactions


class AdvanceRequests:
    def __init__(self, store: Transactions, *, speakers: SpeakersList) -> None:
        self._store = store
        self._speakers = speakers

    # -- filing ----------------------------------------------------------------

    def file(self, mailed: MailedRequest, at: datetime) -> Filed:
        """File one message in one transaction; ``at`` is when it was imported."""
        return self.file_all([mailed], at)[0]

    def file_all(self, batch: Sequence[MailedRequest], at: datetime) -> list[Filed]:
        """File messages in order, in one transaction: each sees what the ones before it
        did (a second request from a delegation updates the first one of the batch);
        every list is ordered once at the end."""
        with self._store.transaction() as session:
            return MailFiling(self._store, self._speakers, session).file_all(batch, at)

    # -- the review list ---------------------------------------------------------

    def review_items(
        self, conference_id: int, statuses: Sequence[ReviewStatus] = (ReviewStatus.OPEN,)
    ) -> list[ReviewItemView]:
        """Plain rows, not ORM objects: after an import the list is reloaded with hundreds."""
        wanted = (ReviewItem.conference_id == conference_id, ReviewItem.status.in_(statuses))
        with self._store.reading() as session:
            connection = session.connection()
            names: dict[int, list[str]] = {}
            for item_id, filename in connection.execute(
                select(Attachment.review_item_id, Attachment.filename)
                .join(ReviewItem, ReviewItem.id == Attachment.review_item_id)
                .where(*wanted)
                .order_by(Attachment.id)
            ):
                if item_id is not None:
                    names.setdefault(item_id, []).append(filename)
            rows = connection.execute(
                select(*_REVIEW_COLUMNS, Delegation.name)
                .outerjoin(Delegation, Delegation.id == ReviewItem.delegation_id)
                .where(*wanted)
                .order_by(ReviewItem.received_at, ReviewItem.id)
            )
            return [
                ReviewItemView(
                    **dict(zip(_REVIEW_FIELDS, row[:-1], strict=True)),
                    delegation=row[-1] or "",
                    attachments=tuple(names.get(row[0], ())),
                )
                for row in rows
            ]

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
            request_id = self._speakers.add(
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
            row.language = item.language
            for attachment in session.scalars(
                select(Attachment).where(Attachment.review_item_id == item.id)
            ):
                attachment.floor_request_id = request_id
            item.status = ReviewStatus.ACCEPTED
            item.floor_request_id = request_id
            self._store.journal(
                session,
                Action.REVIEW_ACCEPT,
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
                session,
                Action.REVIEW_DISMISS,
                "review_item",
                item.id,
                conference_id=item.conference_id,
            )

    def reopen(self, review_item_id: int) -> None:
        """Undo a decision: the message waits for a person again (an accepted one's request
        is withdrawn, its attachments come back to the message)."""
        with self._store.transaction() as session:
            item = self._item(session, review_item_id)
            if item.status is ReviewStatus.OPEN:
                raise FloorConflict("This message is still waiting for a decision.")
            if item.status is ReviewStatus.ACCEPTED and item.floor_request_id is not None:
                self._speakers.withdraw_if_waiting(session, item.floor_request_id)
                for attachment in session.scalars(
                    select(Attachment).where(Attachment.review_item_id == item.id)
                ):
                    attachment.floor_request_id = None
                item.floor_request_id = None
            item.status = ReviewStatus.OPEN
            self._store.journal(
                session,
                Action.REVIEW_REOPEN,
                "review_item",
                item.id,
                conference_id=item.conference_id,
            )

    @staticmethod
    def _item(session: Session, review_item_id: int) -> ReviewItem:
        return found(session, ReviewItem, review_item_id, "review item")

    def attachments_of_request(self, request_id: int) -> list[tuple[str, str, bytes]]:
        """(file name, media type, content) of the written statements sent with a request."""
        with self._store.reading() as session:
            rows = session.scalars(
                select(Attachment)
                .where(Attachment.floor_request_id == request_id)
                .order_by(Attachment.id)
            )
            return [(a.filename, a.media_type, a.content) for a in rows]


_REVIEW_FIELDS = (
    "id",
    "conference_id",
    "received_at",
    "source",
    "sender_name",
    "sender_email",
    "subject",
    "original_text",
    "reason",
    "delegation_id",
    "slot_id",
    "speaker",
    "speaker_function",
    "kind",
    "channel",
    "status",
    "floor_request_id",
)
_REVIEW_COLUMNS = tuple(getattr(ReviewItem, name) for name in _REVIEW_FIELDS)
