"""``floordesk agenda import`` and ``floordesk agenda export``: agendas in, archives out.

Import reads a concept note (.txt, .md, .docx), an iCalendar file, a table
(.csv, .xlsx) or JSON (a list of slots, or a whole-conference archive); what it
cannot read is printed to stderr as "line N: reason" and the rest is kept.
A file that cannot be read at all is one sentence and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

    from db.store import Store
    from desktop.agenda_import.model import AgendaImport

_FORMATS = ("text", "docx", "ics", "csv", "xlsx", "json")


def add_commands(agenda_commands: Any) -> None:
    """The import and export actions, under ``floordesk agenda``."""
    importing = agenda_commands.add_parser(
        "import",
        help="import an agenda: concept note (.txt, .md, .docx), .ics, .csv, .xlsx or .json",
    )
    importing.add_argument("file", metavar="FILE", type=Path, help="the agenda to read")
    importing.add_argument(
        "--conference", type=int, metavar="ID", help="add the slots to this conference"
    )
    importing.add_argument(
        "--dry-run", action="store_true", help="print what was found and change nothing"
    )
    importing.add_argument("--json", action="store_true", help="print JSON")
    importing.add_argument(
        "--format", choices=_FORMATS, help="the file's format, if its name does not say"
    )
    exporting = agenda_commands.add_parser(
        "export", help="write a whole conference (agenda, requests, record) as a JSON archive"
    )
    exporting.add_argument("--conference", type=int, metavar="ID", required=True)
    exporting.add_argument(
        "-o", "--output", metavar="FILE", required=True, help="the archive to write ('-': stdout)"
    )


def run(args: argparse.Namespace, url: URL) -> int:
    if args.agenda_command == "export":
        return _export(args, url)
    return _import(args, url)


def _open(url: URL, station: str | None) -> Store:
    from db.store import Store

    return Store.open(url, station=station)


def _import(args: argparse.Namespace, url: URL) -> int:
    from desktop.agenda_import import UnreadableFile, read_agenda
    from desktop.domain.conference_time import DEFAULT_ZONE
    from desktop.settings import station_limits

    path: Path = args.file
    limits = station_limits()
    # A dry run without a conference needs no database, and creates none.
    store = _open(url, args.station) if args.conference is not None or not args.dry_run else None
    try:
        zone = DEFAULT_ZONE
        if store is not None and args.conference is not None:
            zone = store.agenda.conference(args.conference).time_zone
        archive = (
            _archive(path, limits.max_json_bytes)
            if args.conference is None and not args.dry_run
            else None
        )
        if store is not None and archive is not None:
            return _import_archive(store, archive, path, as_json=args.json)
        try:
            agenda = read_agenda(path, zone=zone, fmt=args.format, limits=limits)
        except UnreadableFile as error:
            raise UserError(str(error)) from None
        for problem in agenda.problems:
            print(str(problem), file=sys.stderr)
        if store is None:
            _print_found(agenda, as_json=args.json)
            return 0
        return _apply(store, args.conference, agenda, path, as_json=args.json)
    finally:
        if store is not None:
            store.close()


def _archive(path: Path, max_bytes: int) -> dict[str, Any] | None:
    """The file's content when it is a whole-conference archive (imported exactly)."""
    from db.archive.archive import MARK

    if path.suffix.lower() != ".json" or not path.is_file():
        return None
    if path.stat().st_size > max_bytes:
        return None  # read_agenda refuses it by its size, before reading it
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):
        return None  # read_agenda says what is wrong with it
    return data if isinstance(data, dict) and MARK in data else None


def _import_archive(store: Store, data: dict[str, Any], path: Path, *, as_json: bool) -> int:
    from db.archive.archive import ArchiveError, import_conference

    try:
        conference_id = import_conference(store, data)
    except ArchiveError as error:
        raise UserError(f"{path.name}: {error}") from None
    conference = store.agenda.conference(conference_id)
    slots = store.agenda.slots(conference_id)
    if as_json:
        print(json.dumps({"conference": conference_id, "slots": [s.id for s in slots]}))
    else:
        print(
            f"Imported conference {conference_id} ({conference.title}) from {path.name}: "
            f"{len(slots)} slots with their requests and record."
        )
    return 0


def _apply(
    store: Store, conference_id: int | None, agenda: AgendaImport, path: Path, *, as_json: bool
) -> int:
    from desktop.agenda_import.apply import ImportRefused, apply_agenda, create_conference_for

    if not agenda.slots:
        raise UserError(f"No agenda slot could be read from {path.name}; nothing imported.")
    try:
        with store.transaction():
            if conference_id is None:
                conference_id = create_conference_for(store, agenda)
            ids = apply_agenda(store, conference_id, agenda)
    except ImportRefused as error:
        raise UserError(f"{path.name}: {error}") from None
    conference = store.agenda.conference(conference_id)
    if as_json:
        problems = [{"line": p.line, "reason": p.reason} for p in agenda.problems]
        print(json.dumps({"conference": conference_id, "slots": ids, "problems": problems}))
        return 0
    unread = f"; {len(agenda.problems)} problems (above)" if agenda.problems else ""
    print(
        f"Imported {len(ids)} slots into conference {conference_id} "
        f"({conference.title}) from {path.name}{unread}."
    )
    return 0


def _print_found(agenda: AgendaImport, *, as_json: bool) -> None:
    from desktop.domain.conference_time import day_label

    if as_json:
        rows = [
            {
                "day": slot.day.isoformat(),
                "start": f"{slot.start:%H:%M}",
                "end": f"{slot.end:%H:%M}",
                "kind": slot.kind.value,
                "title": slot.title,
                "topics": list(slot.topics),
                "moderator": slot.moderator,
                "panellists": list(slot.panellists),
                "description": slot.description,
                "line": slot.line,
            }
            for slot in agenda.slots
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if agenda.title:
        print(agenda.title)
    if agenda.dates:
        print(f"{day_label(agenda.dates[0])} – {day_label(agenda.dates[-1])}")
    day = None
    for slot in agenda.slots:
        if slot.day != day:
            day = slot.day
            print(f"\n{day_label(day)}")
        times = f"{slot.start:%H:%M}–{slot.end:%H:%M}"
        print(f"  {times}  {slot.kind.label:<12} {slot.title}")
    print(f"\n{len(agenda.slots)} slots found, {len(agenda.problems)} problems.")


def _export(args: argparse.Namespace, url: URL) -> int:
    from db.archive.archive import export_conference

    store = _open(url, args.station)
    try:
        data = export_conference(store, args.conference)
    finally:
        store.close()
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output)
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserError(f"Cannot write {target}: {error.strerror or error}.") from None
    slots = data["slots"]
    requests = sum(len(s["floor_requests"]) for s in slots)
    record = sum(len(s["interventions"]) for s in slots)
    print(
        f"Exported conference {args.conference} ({data['conference']['title']}) to {target}: "
        f"{len(slots)} slots, {requests} floor requests, {record} interventions."
    )
    return 0
