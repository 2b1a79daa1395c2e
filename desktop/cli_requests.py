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
from typing import TYPE_CHECKING, Any

from desktop.cli import UserError
from desktop.requests_import.outcome import ItemOutcome
from desktop.requests_import.sources import FORMATS

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from db.store import Store


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
    from desktop.requests_import.sources import UnreadableImport, import_source, is_mailbox
    from desktop.settings import station_limits

    store = Store.open(url, station=args.station)
    try:
        conference_id = _conference(store, args.conference, args.slot)
        password = _mailbox_password(args) if is_mailbox(args.source) else None
        outcomes = import_source(
            store,
            conference_id,
            args.source,
            fmt=args.format,
            slot_id=args.slot,
            dry_run=args.dry_run,
            password=password,
            limits=station_limits(),
        )
    except UnreadableImport as error:
        raise UserError(str(error)) from None
    finally:
        store.close()
    _report(outcomes, as_json=args.json, dry_run=args.dry_run)
    return 0


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


def _mailbox_password(args: argparse.Namespace) -> str:
    """The stored password; asked for in a terminal (and kept in the keyring) when there is
    none, or when --ask-password says the stored one is wrong."""
    from desktop.requests_import.imap_source import (
        MailboxAccount,
        MailboxError,
        store_password,
        stored_password,
    )

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
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UserError(
            no_keyring
            or f"No password is stored for {account.server_url()}; run this command in a "
            "terminal once to enter it (it is kept in the system's password store)."
        )
    try:
        password = getpass.getpass(f"Password for {account.server_url()}: ")
    except EOFError:  # Ctrl+D at the prompt: the user chose not to give one
        print(file=sys.stderr)
        raise UserError("No password was entered; nothing was imported.") from None
    if no_keyring:
        print(f"floordesk: {no_keyring}", file=sys.stderr)
        return password
    try:
        store_password(account, password)
    except MailboxError as error:
        print(f"floordesk: {error}", file=sys.stderr)
    return password


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
