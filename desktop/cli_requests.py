"""``floordesk requests import SOURCE``: requests to take the floor from outside the hall.

SOURCE is a file, a folder or an imaps:// mailbox. Its format is recognised from
its content (``--format`` overrides): e-mail (.eml, mbox, Outlook .msg, folders
of them), a Zoom chat file, a Zoom participants report, a registration export
or a table of audience questions. Every item read ends as one line of the
report (one JSON object per line with ``--json``); ``--dry-run`` changes nothing.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli import UserError
from desktop.requests_import.outcome import ItemOutcome

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from db.store import Store

FORMATS = ("email", "zoom-chat", "zoom-participants", "registration", "questions")


def add_commands(commands: Any) -> None:
    importing = commands.add_parser(
        "import",
        help="import requests: e-mails (.eml, mbox, .msg, a folder, imaps://…), a Zoom chat "
        "file, a Zoom participants report, a registration export, audience questions",
    )
    importing.add_argument("source", metavar="SOURCE", help="a file, a folder or imaps://…")
    importing.add_argument("--conference", type=int, metavar="ID", help="which conference")
    importing.add_argument("--slot", type=int, metavar="ID", help="file every request here")
    importing.add_argument(
        "--dry-run", action="store_true", help="print what would happen and change nothing"
    )
    importing.add_argument("--json", action="store_true", help="one JSON object per item")
    importing.add_argument("--format", choices=FORMATS, help="the source's format, if not guessed")
    importing.add_argument(
        "--ask-password",
        action="store_true",
        help="imaps://: ask for the password again and keep the new one",
    )


def run(args: argparse.Namespace, url: URL) -> int:
    from db.store import Store

    store = Store.open(url, station=args.station)
    try:
        conference_id = _conference(store, args.conference, args.slot)
        fmt = args.format or detect_format(args.source)
        args.format_used = fmt
        importer = _IMPORTERS[fmt]
        outcomes = importer(store, conference_id, args)
    finally:
        store.close()
    _report(outcomes, as_json=args.json, dry_run=args.dry_run)
    return 0


def detect_format(source: str) -> str:
    """The format of a source from its content; UserError when it is none of ours."""
    from desktop.agenda_import.model import UnreadableFile
    from desktop.agenda_import.sheets import read_sheet
    from desktop.requests_import.mail_sources import sniff
    from desktop.requests_import.zoom_chat import read_chat

    if source.lower().startswith(("imaps://", "imap://")):
        return "email"
    path = Path(source)
    if path.is_dir():
        return "email"
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as error:
        raise UserError(f"Cannot read {source}: {error.strerror or error}.") from None
    if sniff(head) is not None:
        return "email"
    text = head.decode("utf-8", errors="replace")
    if read_chat("\n".join(text.splitlines()[:50])):
        return "zoom-chat"
    from desktop.requests_import.people_tables import TableKind, guess_kind

    try:
        kind = guess_kind(read_sheet(path))
    except UnreadableFile:
        kind = None
    if kind is not None:
        return {
            TableKind.REGISTRATION: "registration",
            TableKind.ZOOM_PARTICIPANTS: "zoom-participants",
            TableKind.QUESTIONS: "questions",
        }[kind]
    raise UserError(
        f"{path.name} is not an e-mail, an mbox, an Outlook message, a Zoom chat file, a Zoom "
        "participants report, a registration export or a table of questions; "
        "--format says which it is."
    )


def _conference(store: Store, wanted: int | None, slot_id: int | None) -> int:
    if slot_id is not None:
        slot = store.agenda.slot(slot_id)
        if wanted is not None and slot.conference_id != wanted:
            raise UserError(f"Slot {slot_id} is not part of conference {wanted}.")
        return slot.conference_id
    if wanted is not None:
        return store.agenda.conference(wanted).id
    conferences = store.agenda.conferences()
    if not conferences:
        raise UserError("There is no conference in this database; 'floordesk demo' loads one.")
    return conferences[-1].id


def _now() -> datetime:
    return datetime.now(UTC)


# -- e-mail ----------------------------------------------------------------------


def _import_mail(store: Store, conference_id: int, args: argparse.Namespace) -> list[ItemOutcome]:
    from desktop.requests_import.mail_import import MailImport, import_mail
    from desktop.requests_import.mail_sources import UnreadableSource, read_mail_source

    plan = MailImport.for_conference(store, conference_id, args.slot)
    if args.source.lower().startswith(("imaps://", "imap://")):
        return _import_mailbox(store, plan, args)
    try:
        return import_mail(
            store, plan, read_mail_source(Path(args.source)), now=_now, dry_run=args.dry_run
        )
    except UnreadableSource as error:
        raise UserError(str(error)) from None


def _import_mailbox(store: Store, plan: Any, args: argparse.Namespace) -> list[ItemOutcome]:
    from desktop.requests_import.imap_source import (
        MailboxAccount,
        MailboxError,
        fetch_new,
        store_password,
        stored_password,
    )
    from desktop.requests_import.mail_import import import_mail

    try:
        account = MailboxAccount.from_url(args.source)
    except MailboxError as error:
        raise UserError(str(error)) from None
    no_keyring = ""
    password = None
    try:
        if not args.ask_password:
            password = stored_password(account)
    except MailboxError as error:
        no_keyring = str(error)
    if password is None:
        if not sys.stdin.isatty():
            raise UserError(
                no_keyring
                or f"No password is stored for {account.server_url()}; run this command in a "
                "terminal once to enter it (it is kept in the system's password store)."
            )
        password = getpass.getpass(f"Password for {account.server_url()}: ")
        if no_keyring:
            print(f"floordesk: {no_keyring}", file=sys.stderr)
        else:
            try:
                store_password(account, password)
            except MailboxError as error:
                print(f"floordesk: {error}", file=sys.stderr)
    mailbox = account.url()
    conference_id = plan.conference.id
    seen: dict[int, set[int]] = {}

    def already_seen(uid_validity: int, uid: int) -> bool:
        if uid_validity not in seen:
            seen[uid_validity] = store.mailbox_memory.seen(conference_id, mailbox, uid_validity)
        return uid in seen[uid_validity]

    outcomes: list[ItemOutcome] = []
    try:
        for fetched in fetch_new(account, password, already_seen):
            with nullcontext() if args.dry_run else store.transaction():
                [outcome] = import_mail(
                    store, plan, [fetched.message], now=_now, dry_run=args.dry_run
                )
                if not args.dry_run:
                    store.mailbox_memory.remember(
                        conference_id, mailbox, fetched.uid_validity, fetched.uid, _now()
                    )
            outcomes.append(outcome)
    except MailboxError as error:
        _report(outcomes, as_json=args.json, dry_run=args.dry_run)
        raise UserError(str(error)) from None
    return outcomes


# -- Zoom chat ---------------------------------------------------------------------


def _import_chat(store: Store, conference_id: int, args: argparse.Namespace) -> list[ItemOutcome]:
    from desktop.agenda_import.text_files import decode_text
    from desktop.domain.conference_time import today
    from desktop.requests_import.chat_import import ChatImport, import_chat
    from desktop.requests_import.zoom_chat import read_chat

    path = Path(args.source)
    try:
        text = decode_text(path.read_bytes(), path.name)
    except OSError as error:
        raise UserError(f"Cannot read {path.name}: {error.strerror or error}.") from None
    plan = ChatImport.for_conference(store, conference_id, args.slot)
    return import_chat(
        store,
        plan,
        read_chat(text),
        today=today(plan.zone),
        dry_run=args.dry_run,
    )


# -- tables -------------------------------------------------------------------------


def _sheet(source: str) -> Any:
    from desktop.agenda_import.model import UnreadableFile
    from desktop.agenda_import.sheets import read_sheet

    try:
        return read_sheet(Path(source))
    except UnreadableFile as error:
        raise UserError(str(error)) from None


def _import_table(store: Store, conference_id: int, args: argparse.Namespace) -> list[ItemOutcome]:
    from desktop.agenda_import.model import UnreadableFile
    from desktop.requests_import import table_import

    sheet = _sheet(args.source)
    try:
        if args.format_used == "registration":
            return table_import.import_registration(
                store, conference_id, sheet, at=_now(), dry_run=args.dry_run
            )
        if args.format_used == "zoom-participants":
            return table_import.import_zoom_participants(
                store, conference_id, sheet, dry_run=args.dry_run
            )
        return table_import.import_questions(
            store, conference_id, sheet, at=_now(), slot_id=args.slot, dry_run=args.dry_run
        )
    except UnreadableFile as error:
        raise UserError(f"{Path(args.source).name}: {error}") from None


_IMPORTERS: dict[str, Callable[[Store, int, argparse.Namespace], list[ItemOutcome]]] = {
    "email": _import_mail,
    "zoom-chat": _import_chat,
    "zoom-participants": _import_table,
    "registration": _import_table,
    "questions": _import_table,
}


# -- the report ---------------------------------------------------------------------


def _report(outcomes: list[ItemOutcome], *, as_json: bool, dry_run: bool) -> None:
    if as_json:
        for outcome in outcomes:
            print(json.dumps(outcome.as_json(), ensure_ascii=False, default=str))
        return
    for outcome in outcomes:
        print(_line(outcome))
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.outcome.value] = counts.get(outcome.outcome.value, 0) + 1
    summary = ", ".join(f"{n} {name}" for name, n in counts.items()) or "nothing to import"
    prefix = "Dry run, nothing changed: " if dry_run else ""
    print(f"{prefix}{len(outcomes)} read: {summary}.")


def _line(outcome: ItemOutcome) -> str:
    details = outcome.details
    parts = [f"{outcome.origin}: {outcome.outcome.value}"]
    who = details.get("name") or details.get("delegation") or details.get("sender")
    if who:
        score = details.get("score")
        parts.append(f"{who}" + (f" ({score:.0f})" if isinstance(score, float | int) else ""))
    if details.get("name") and details.get("delegation"):
        parts.append(f"({details['delegation']})")
    if details.get("slot_title"):
        parts.append(f"→ {details['slot_title']}")
    if outcome.reason:
        parts.append(f"— {outcome.reason}")
    return " ".join(parts)
