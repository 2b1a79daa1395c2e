"""One way in for every source of requests: recognise it, read it, file what it holds.

The command line and the window's import dialog both call ``import_source``;
they differ only in how they ask for a mailbox password and how they report.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits
from desktop.requests_import.outcome import ItemOutcome, Outcome, RawMessage

if TYPE_CHECKING:
    from db.store import Store

log = logging.getLogger(__name__)
FORMATS = ("email", "zoom-chat", "zoom-participants", "registration", "questions")
Progress = Callable[[int, int], None]  # done, total


class UnreadableImport(ValueError):
    """The source cannot be imported at all; one sentence."""


def is_mailbox(source: str) -> bool:
    return source.lower().startswith(("imaps://", "imap://"))


def detect_format(source: str, limits: ImportLimits = DEFAULT_LIMITS) -> str:
    """The format of a source from its content (not its name)."""
    from desktop.agenda_import.model import UnreadableFile
    from desktop.agenda_import.sheets import read_sheet
    from desktop.requests_import.mail_sources import sniff
    from desktop.requests_import.people_tables import TableKind, guess_kind
    from desktop.requests_import.zoom_chat import read_chat

    path = Path(source)
    if is_mailbox(source) or path.is_dir():
        return "email"
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as error:
        raise UnreadableImport(f"Cannot read {source}: {error.strerror or error}.") from None
    if sniff(head) is not None:
        return "email"
    if read_chat("\n".join(head.decode("utf-8", errors="replace").splitlines()[:50])):
        return "zoom-chat"
    try:
        kind = guess_kind(read_sheet(path, limits))
    except UnreadableFile:
        kind = None
    if kind is TableKind.REGISTRATION:
        return "registration"
    if kind is TableKind.ZOOM_PARTICIPANTS:
        return "zoom-participants"
    if kind is TableKind.QUESTIONS:
        return "questions"
    raise UnreadableImport(
        f"{path.name} is not an e-mail, an mbox, an Outlook message, a Zoom chat file, a Zoom "
        "participants report, a registration export or a table of questions."
    )


def import_source(
    store: Store,
    conference_id: int,
    source: str,
    *,
    fmt: str | None = None,
    slot_id: int | None = None,
    dry_run: bool = False,
    password: str | None = None,
    mapping: Mapping[str, int] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> list[ItemOutcome]:
    """Read ``source`` and (unless ``dry_run``) file what it holds; one outcome per item.

    ``limits`` (the station's settings) bound what one message may hold (a message
    beyond them ends as one error and the others are imported) and how far an .xlsx
    table may unpack.
    """
    fmt = fmt or detect_format(source, limits)
    if fmt == "email":
        job = _MailJob(password, progress, cancelled, limits)
        return _mail(store, conference_id, source, slot_id, dry_run, job)
    if fmt == "zoom-chat":
        return _chat(store, conference_id, source, slot_id, dry_run)
    return _table(store, conference_id, source, fmt, slot_id, dry_run, mapping, limits)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class _MailJob:
    password: str | None
    progress: Progress | None
    cancelled: Callable[[], bool]
    limits: ImportLimits


def _mail(
    store: Store,
    conference_id: int,
    source: str,
    slot_id: int | None,
    dry_run: bool,
    job: _MailJob,
) -> list[ItemOutcome]:
    from desktop.requests_import.mail_import import MailImport, import_mail
    from desktop.requests_import.mail_sources import UnreadableSource, read_mail_source

    plan = MailImport.for_conference(store, conference_id, slot_id, job.limits)
    progress, cancelled = job.progress, job.cancelled
    if is_mailbox(source):
        return _mailbox(store, plan, source, dry_run, job)
    try:
        messages: list[RawMessage] = list(read_mail_source(Path(source), limits=job.limits))
    except UnreadableSource as error:
        raise UnreadableImport(str(error)) from None
    total = len(messages)
    if progress is not None:
        progress(0, total)
    return import_mail(
        store,
        plan,
        messages,
        now=_now,
        dry_run=dry_run,
        progress=(lambda done: progress(done, total)) if progress is not None else None,
        cancelled=cancelled,
    )


def _mailbox(
    store: Store, plan: object, source: str, dry_run: bool, job: _MailJob
) -> list[ItemOutcome]:
    """New messages of an IMAP mailbox, each filed and remembered by UID together.

    A message that cannot be read, or that the database refuses, is one error line;
    the reading goes on with the next message.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from desktop.requests_import.imap_source import MailboxAccount, MailboxError, fetch_new
    from desktop.requests_import.mail_import import MailImport, import_mail

    assert isinstance(plan, MailImport)
    conference_id = plan.conference.id
    seen: dict[int, set[int]] = {}
    outcomes: list[ItemOutcome] = []
    try:
        account = MailboxAccount.from_url(source)
        mailbox = account.url()

        def already_seen(validity: int, uid: int) -> bool:
            if validity not in seen:
                seen[validity] = store.mailbox_memory.seen(conference_id, mailbox, validity)
            return uid in seen[validity]

        fetched_messages = fetch_new(
            account,
            job.password or "",
            already_seen,
            progress=job.progress,
            max_message_bytes=job.limits.mail_max_message_bytes,
        )
        for fetched in fetched_messages:
            if job.cancelled():
                break
            try:
                with nullcontext() if dry_run else store.transaction():
                    done = import_mail(store, plan, [fetched.message], now=_now, dry_run=dry_run)
                    if not dry_run:
                        store.mailbox_memory.remember(
                            conference_id, mailbox, fetched.uid_validity, fetched.uid, _now()
                        )
            except SQLAlchemyError:
                log.error("filing %s failed", fetched.message.origin, exc_info=True)
                reason = "the database refused this message; details are in the log"
                done = [ItemOutcome(fetched.message.origin, Outcome.ERROR, reason)]
            outcomes += done
    except MailboxError as error:
        raise UnreadableImport(str(error)) from None
    return outcomes


def _chat(
    store: Store, conference_id: int, source: str, slot_id: int | None, dry_run: bool
) -> list[ItemOutcome]:
    from desktop.agenda_import.model import UnreadableFile
    from desktop.agenda_import.text_files import decode_text
    from desktop.domain.conference_time import today
    from desktop.requests_import.chat_import import ChatImport, import_chat
    from desktop.requests_import.zoom_chat import read_chat

    path = Path(source)
    try:
        text = decode_text(path.read_bytes(), path.name)
    except OSError as error:
        raise UnreadableImport(f"Cannot read {path.name}: {error.strerror or error}.") from None
    except UnreadableFile as error:  # binary, or in no encoding a chat file is written in
        raise UnreadableImport(str(error)) from None
    plan = ChatImport.for_conference(store, conference_id, slot_id)
    return import_chat(store, plan, read_chat(text), today=today(plan.zone), dry_run=dry_run)


def _table(
    store: Store,
    conference_id: int,
    source: str,
    fmt: str,
    slot_id: int | None,
    dry_run: bool,
    mapping: Mapping[str, int] | None,
    limits: ImportLimits,
) -> list[ItemOutcome]:
    from desktop.agenda_import.model import UnreadableFile
    from desktop.agenda_import.sheets import read_sheet
    from desktop.requests_import import table_import

    path = Path(source)
    try:
        sheet = read_sheet(path, limits)
        if fmt == "registration":
            return table_import.import_registration(
                store, conference_id, sheet, at=_now(), mapping=mapping, dry_run=dry_run
            )
        if fmt == "zoom-participants":
            return table_import.import_zoom_participants(
                store, conference_id, sheet, mapping=mapping, dry_run=dry_run
            )
        return table_import.import_questions(
            store,
            conference_id,
            sheet,
            at=_now(),
            slot_id=slot_id,
            mapping=mapping,
            dry_run=dry_run,
        )
    except UnreadableFile as error:
        raise UnreadableImport(f"{path.name}: {error}") from None
