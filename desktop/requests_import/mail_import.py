"""From e-mails to the list of speakers: read, recognise, file — one message at a time.

One bad message never stops the others: it ends as an error with its reason.
A dry run reads and recognises everything and changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime

from db.advance_requests import FileAttachment, Filing, MailedRequest
from db.store import Store
from db.views import ConferenceView
from desktop.requests_import.delegation_match import DelegationMatcher
from desktop.requests_import.mail_message import MailMessage, UnreadableMessage, read_message
from desktop.requests_import.outcome import ItemOutcome, Outcome, RawMessage
from desktop.requests_import.request_reading import RequestReader, RequestReading

Progress = Callable[[int], None]  # messages done so far
MAX_ORIGINAL_CHARS = 100_000
BATCH = 25  # messages filed per transaction


@dataclass(frozen=True)
class MailImport:
    """Everything needed to read messages for one conference, built once per import."""

    conference: ConferenceView
    reader: RequestReader
    slot_id: int | None = None

    @classmethod
    def for_conference(
        cls, store: Store, conference_id: int, slot_id: int | None = None
    ) -> MailImport:
        conference = store.agenda.conference(conference_id)
        if slot_id is not None:
            slot = store.agenda.slot(slot_id)
            if slot.conference_id != conference_id:
                raise ValueError(f"Slot {slot_id} is not part of conference {conference_id}.")
        matcher = DelegationMatcher(store.delegations.all())
        reader = RequestReader(matcher, store.agenda.slots(conference_id))
        return cls(conference, reader, slot_id)

    def prepare(self, raw: RawMessage, now: datetime) -> tuple[MailedRequest, RequestReading]:
        """Read one message; raises UnreadableMessage for one that cannot be read."""
        message = read_message(raw)
        reading = self.reader.read_mail(message, self.slot_id)
        mailed = MailedRequest(
            conference_id=self.conference.id,
            received_at=message.sent_at or now,
            message_id=message.message_id or _digest_id(raw.data),
            sender_name=message.sender_name,
            sender_email=message.sender_email,
            subject=message.subject,
            original_text=_original(message),
            delegation_id=reading.delegation.match.delegation_id
            if reading.delegation.match
            else None,
            slot_id=reading.slot.guess.slot_id if reading.slot.guess else None,
            speaker=reading.speaker,
            speaker_function=reading.speaker_function,
            kind=reading.kind,
            channel=reading.channel,
            review_reason=reading.review_reason(),
            attachments=tuple(
                FileAttachment(a.filename, a.media_type, a.content, a.sha256)
                for a in message.attachments
            ),
        )
        return mailed, reading

    def predicted(self, mailed: MailedRequest) -> Outcome:
        """What filing would do, for a dry run (without looking for earlier requests)."""
        if mailed.review_reason or mailed.delegation_id is None or mailed.slot_id is None:
            return Outcome.REVIEW
        deadline = self.conference.request_deadline
        if deadline is not None and mailed.received_at > deadline:
            return Outcome.LATE
        return Outcome.QUEUED


def import_mail(
    store: Store,
    plan: MailImport,
    messages: Iterable[RawMessage],
    *,
    now: Callable[[], datetime],
    dry_run: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[ItemOutcome]:
    """Read and (unless ``dry_run``) file every message; one outcome per message."""
    outcomes: list[ItemOutcome] = []
    batch: list[RawMessage] = []

    def file_batch() -> None:
        # A batch of messages per transaction: each list is ordered once per batch.
        with nullcontext() if dry_run else store.transaction():
            for raw in batch:
                outcomes.append(_one(store, plan, raw, now(), dry_run=dry_run))
        batch.clear()
        if progress is not None:
            progress(len(outcomes))

    for raw in messages:
        if cancelled():
            break
        batch.append(raw)
        if len(batch) >= BATCH:
            file_batch()
    if batch:
        file_batch()
    return outcomes


def _one(
    store: Store, plan: MailImport, raw: RawMessage, at: datetime, *, dry_run: bool
) -> ItemOutcome:
    try:
        mailed, reading = plan.prepare(raw, at)
    except UnreadableMessage as error:
        return ItemOutcome(raw.origin, Outcome.ERROR, str(error))
    details = _details(mailed, reading, plan)
    if dry_run:
        outcome = plan.predicted(mailed)
        return ItemOutcome(raw.origin, outcome, mailed.review_reason, details)
    filed = store.advance_requests.file(mailed, at)
    reason = filed.reason
    if filed.not_registered:
        reason = "; ".join(r for r in (reason, "the sender is not a registered participant") if r)
    details = {**details, "request": filed.request_id, "review_item": filed.review_item_id}
    return ItemOutcome(raw.origin, _OUTCOMES[filed.filing], reason, details)


_OUTCOMES = {
    Filing.QUEUED: Outcome.QUEUED,
    Filing.LATE: Outcome.LATE,
    Filing.REVIEW: Outcome.REVIEW,
    Filing.UPDATED: Outcome.UPDATED,
    Filing.SKIPPED: Outcome.SKIPPED,
}


def _details(mailed: MailedRequest, reading: RequestReading, plan: MailImport) -> dict[str, object]:
    match = reading.delegation.match
    slot = reading.slot.guess
    return {
        "sender": mailed.sender_email or mailed.sender_name,
        "date": mailed.received_at,
        "delegation": match.name if match else None,
        "score": round(match.score, 1) if match else None,
        "slot": slot.slot_id if slot else None,
        "slot_title": slot.title if slot else None,
        "speaker": mailed.speaker,
        "kind": mailed.kind,
        "channel": mailed.channel,
        "attachments": [a.filename for a in mailed.attachments],
    }


def _original(message: MailMessage) -> str:
    head = [f"From: {message.sender_name} <{message.sender_email or ''}>".replace(" <>", "")]
    if message.sent_at is not None:
        head.append(f"Date: {message.sent_at.isoformat()}")
    head.append(f"Subject: {message.subject}")
    return ("\n".join(head) + "\n\n" + message.body)[:MAX_ORIGINAL_CHARS]


def _digest_id(data: bytes) -> str:
    return f"<sha256-{hashlib.sha256(data).hexdigest()[:40]}@floordesk>"
