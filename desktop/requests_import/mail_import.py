"""From e-mails to the list of speakers: read and recognise one message at a time, file
a batch at a time.

One bad message never stops the others: it ends as an error with its reason.
A dry run reads and recognises everything and changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from db.mail.mailed import FileAttachment, Filed, Filing, MailedRequest
from db.meeting.snapshots import ConferenceView
from db.people.personal_data import without_contact_details
from db.store import Store
from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits
from desktop.requests_import.delegation_match import DelegationMatcher
from desktop.requests_import.mail_message import MailMessage, UnreadableMessage, read_message
from desktop.requests_import.outcome import ItemOutcome, Outcome, RawMessage
from desktop.requests_import.request_reading import RequestReader, RequestReading

Progress = Callable[[int], None]  # messages done so far
MAX_ORIGINAL_CHARS = 100_000
BATCH = 200  # messages filed per transaction
PROGRESS_EVERY = 0.05  # seconds between two progress reports within a batch

_NOT_REGISTERED = "the sender is not a registered participant"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailImport:
    """Everything needed to read messages for one conference, built once per import."""

    conference: ConferenceView
    reader: RequestReader
    slot_id: int | None = None
    limits: ImportLimits = DEFAULT_LIMITS

    @classmethod
    def for_conference(
        cls,
        store: Store,
        conference_id: int,
        slot_id: int | None = None,
        limits: ImportLimits = DEFAULT_LIMITS,
    ) -> MailImport:
        conference = store.agenda.conference(conference_id)
        if slot_id is not None:
            slot = store.agenda.slot(slot_id)
            if slot.conference_id != conference_id:
                raise ValueError(f"Slot {slot_id} is not part of conference {conference_id}.")
        matcher = DelegationMatcher(store.delegations.all())
        reader = RequestReader(matcher, store.agenda.slots(conference_id))
        return cls(conference, reader, slot_id, limits)

    def prepare(self, raw: RawMessage, now: datetime) -> tuple[MailedRequest, RequestReading]:
        """Read one message; raises UnreadableMessage for one that cannot be read."""
        message = read_message(raw, self.limits)
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
            speaker=without_contact_details(reading.speaker),
            # A signature gives the function with telephone numbers and addresses: not kept.
            speaker_function=without_contact_details(reading.speaker_function),
            kind=reading.kind,
            channel=reading.channel,
            review_reason=reading.review_reason(),
            language=reading.language,
            withdraws=reading.withdraws,
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
    """Read and (unless ``dry_run``) file every message; one outcome per message.

    Messages are read one by one and filed a batch at a time, in one transaction
    (each list is ordered once per batch); the progress is told at most every
    PROGRESS_EVERY seconds, and at the end of each batch.
    """
    outcomes: list[ItemOutcome] = []
    batch: list[tuple[RawMessage, MailedRequest | ItemOutcome, RequestReading | None]] = []
    told = time.monotonic()

    def tell(done: int, *, always: bool = False) -> None:
        nonlocal told
        if progress is not None and (always or time.monotonic() - told >= PROGRESS_EVERY):
            told = time.monotonic()
            progress(done)

    for raw in messages:
        if cancelled():
            break
        batch.append(_read(plan, raw, now()))
        if len(batch) >= BATCH:
            outcomes += _file_batch(store, plan, batch, now(), dry_run=dry_run)
            batch.clear()
            tell(len(outcomes), always=True)
        else:
            tell(len(outcomes) + len(batch))
    if batch:
        outcomes += _file_batch(store, plan, batch, now(), dry_run=dry_run)
        tell(len(outcomes), always=True)
    return outcomes


def _read(
    plan: MailImport, raw: RawMessage, at: datetime
) -> tuple[RawMessage, MailedRequest | ItemOutcome, RequestReading | None]:
    if raw.skipped:
        return raw, ItemOutcome(raw.origin, Outcome.SKIPPED, raw.skipped), None
    try:
        mailed, reading = plan.prepare(raw, at)
    except UnreadableMessage as error:
        return raw, ItemOutcome(raw.origin, Outcome.ERROR, str(error)), None
    except Exception:  # a fault of ours on one message must not stop the others
        log.error("reading %s failed", raw.origin, exc_info=True)
        reason = "this message could not be read because of a fault; details are in the log"
        return raw, ItemOutcome(raw.origin, Outcome.ERROR, reason), None
    return raw, mailed, reading


def _file_batch(
    store: Store,
    plan: MailImport,
    batch: Sequence[tuple[RawMessage, MailedRequest | ItemOutcome, RequestReading | None]],
    at: datetime,
    *,
    dry_run: bool,
) -> list[ItemOutcome]:
    to_file = [mailed for _raw, mailed, _reading in batch if isinstance(mailed, MailedRequest)]
    filed: list[Filed | str] = []
    if to_file and not dry_run:
        try:
            filed += store.advance_requests.file_all(to_file, at)
        except SQLAlchemyError:
            # One message the database refuses must not lose the others: file one by one.
            filed = [_file_alone(store, mailed, at) for mailed in to_file]
    results = iter(filed)
    outcomes = []
    for raw, mailed, reading in batch:
        if isinstance(mailed, ItemOutcome):
            outcomes.append(mailed)
            continue
        assert reading is not None
        details = _details(mailed, reading, plan)
        if dry_run:
            outcome = plan.predicted(mailed)
            outcomes.append(ItemOutcome(raw.origin, outcome, mailed.review_reason, details))
            continue
        result = next(results)
        if isinstance(result, str):
            outcomes.append(ItemOutcome(raw.origin, Outcome.ERROR, result, details))
            continue
        reason = result.reason
        if result.not_registered:
            reason = "; ".join(
                r for r in (reason, "the sender is not a registered participant") if r
            )
        details = {**details, "request": result.request_id, "review_item": result.review_item_id}
        outcomes.append(ItemOutcome(raw.origin, _OUTCOMES[result.filing], reason, details))
    return outcomes


def _file_alone(store: Store, mailed: MailedRequest, at: datetime) -> Filed | str:
    try:
        return store.advance_requests.file(mailed, at)
    except SQLAlchemyError as error:
        log.info("the database refused %s: %s", mailed.message_id, error)
        return "the database refused this message; details are in the log"


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
        "language": mailed.language,
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
