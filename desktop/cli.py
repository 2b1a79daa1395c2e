"""The ``floordesk`` command: the window with no argument, subcommands for scripts.

A mistake a user can make (a bad ``--db``, an unknown slot, a broken file) ends
with one line on stderr and exit status 2; tracebacks are kept for bugs and go
to the log file.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import sys
from collections.abc import Sequence
from typing import Any, NoReturn, Protocol

from desktop.logs import log_file, setup_logging

log = logging.getLogger(__name__)

USER_ERROR = 2


class UserError(Exception):
    """One sentence for the user; the command exits with status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line naming the problem, not the whole usage text.
        self.exit(USER_ERROR, f"{self.prog}: {message} (see '{self.prog} --help')\n")


class CommandGroup(Protocol):
    """A module holding one group of subcommands (``floordesk requests ...``)."""

    def add_commands(self, commands: Any) -> None: ...

    def run(self, args: argparse.Namespace, url: Any) -> int: ...


# Command groups that live in modules of their own: name → help.
COMMAND_GROUPS: dict[str, str] = {
    "requests": (
        "requests to take the floor: e-mail, IMAP, Zoom chat and participants, registration"
    ),
    "record": "the session record: exports",
    "conference": "a conference as a whole: personal data",
}


class _Version(argparse.Action):
    """--version, the installed version read only when asked for (desktop/__init__.py)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any) -> NoReturn:
        from desktop import __version__

        print(f"floordesk {__version__}")
        parser.exit()


def command_group(name: str) -> CommandGroup:
    """The module of a command group, imported plainly (not by a name in a string)
    so that PyInstaller sees it and puts it in the frozen build."""
    if name == "requests":
        from desktop import cli_requests

        return cli_requests
    if name == "record":
        from desktop import cli_record

        return cli_record
    if name == "conference":
        from desktop import cli_conference

        return cli_conference
    raise KeyError(name)


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given ``argv``, the actions of only the commands it names
    (each group's module brings its readers or writers: the window needs none of them)."""
    wanted = set(COMMAND_GROUPS) | {"agenda"} if argv is None else set(argv)
    parser = _Parser(
        prog="floordesk",
        description="List of speakers, speaking-time timers and session record.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL or SQLite file (default: $FLOORDESK_DB, else the user data folder)",
    )
    parser.add_argument(
        "--station",
        metavar="NAME",
        help=(
            "this station's name as shown (the window keeps a unique id of its own in the "
            "settings; a command without the window writes NAME, else the host name, in "
            "the journal)"
        ),
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window on the demo data, render one frame, print the start-up time",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    db = commands.add_parser("db", help="the database itself")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="create the database or bring it to the current schema")
    password = db_commands.add_parser(
        "password",
        help=(
            "keep the PostgreSQL password of --db's user in the keyring (asked at a prompt "
            "or read from standard input, never from the command line)"
        ),
    )
    password.add_argument("--forget", action="store_true", help="remove the kept password")

    commands.add_parser(
        "settings", help="list this station's settings: each one's value, title and default"
    )

    demo = commands.add_parser("demo", help="load the demo conference")
    demo.add_argument(
        "--today",
        action="store_true",
        help="move the demo so that its first day is today",
    )

    agenda = commands.add_parser("agenda", help="the conference agenda")
    agenda_commands = agenda.add_subparsers(dest="agenda_command", metavar="ACTION", required=True)
    listing = agenda_commands.add_parser("list", help="list the agenda slots")
    listing.add_argument("--conference", type=int, metavar="ID", help="which conference")
    listing.add_argument("--json", action="store_true", help="print JSON")
    if "agenda" in wanted:
        from desktop.cli_agenda import add_commands

        add_commands(agenda_commands)
    for name, help_text in COMMAND_GROUPS.items():
        group = commands.add_parser(name, help=help_text)
        group_commands = group.add_subparsers(
            dest=f"{name}_command", metavar="ACTION", required=True
        )
        if name in wanted:
            command_group(name).add_commands(group_commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    from desktop.services.db_password import password_on_command_line

    refusal = password_on_command_line(args.db)
    if refusal is not None:  # seen in the list of processes: never taken from there
        return _fail(refusal)
    setup_logging()
    try:
        if args.command is None:
            # Start-up makes some 150,000 objects that live as long as the window, and
            # hardly any garbage (some 800 objects in cycles): the cyclic collector walking
            # them again and again while they are made took 90 ms of a 700 ms start. It is
            # back on once the window is shown (desktop.qt.app.keep_startup_objects).
            gc.disable()
            from db.database_file import named_file
            from db.first_look import FirstLook

            # A station's own file, at this program's schema: its live slot is painted from
            # a first look before the store is loaded (db/first_look.py). Else the database
            # layer first, before Qt (PySide6's import hook is cheaper for the modules
            # imported before it, even answered as desktop/qt/pyside_sources.py does).
            # (The smoke test without --db makes a database of its own.)
            named = named_file(args.db) if args.db or not args.smoke_test else None
            first_look = FirstLook.open(named)
            if first_look is None:
                import db.store  # noqa: F401
            from desktop.qt.app import run_window

            return run_window(
                args.db, station=args.station, smoke_test=args.smoke_test, first_look=first_look
            )
        if args.command == "settings":
            from desktop.settings import Settings, listing

            print(listing(Settings()))
            return 0
        return _run_command(args)
    except UserError as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``floordesk agenda list | head``): not an error.
        sys.stderr.close()
        return 0
    except Exception as error:  # a bug: the traceback goes to the log, not the terminal
        from db.engine import DatabaseUnavailable
        from db.errors import FloorConflict, UnknownRecord

        if isinstance(error, DatabaseUnavailable | UnknownRecord | FloorConflict):
            return _fail(str(error))
        log.exception("unexpected error")
        print(
            f"floordesk: internal error ({type(error).__name__}); details in {log_file()}",
            file=sys.stderr,
        )
        return 1


def _fail(message: str) -> int:
    print(f"floordesk: {message}", file=sys.stderr)
    return USER_ERROR


def _run_command(args: argparse.Namespace) -> int:
    from db.engine import describe, resolve_url
    from db.store import Store
    from desktop.services.db_password import with_stored_password

    if args.command == "db" and args.db_command == "password":
        return _keep_password(resolve_url(args.db), forget=args.forget)
    url = with_stored_password(resolve_url(args.db))
    if args.command == "db":
        from db import migrate
        from db.engine import open_engine

        engine = open_engine(url)
        try:
            result = migrate.upgrade(engine)
        finally:
            engine.dispose()
        if result.changed:
            backup = f" (backup: {result.backup})" if result.backup else ""
            print(f"{describe(url)}: schema {result.before or 'none'} → {result.after}{backup}")
        else:
            print(f"{describe(url)}: schema {result.after}, up to date")
        return 0

    if args.command in COMMAND_GROUPS:
        return command_group(args.command).run(args, url)
    if args.command == "agenda" and args.agenda_command in ("import", "export"):
        from desktop import cli_agenda

        return cli_agenda.run(args, url)
    store = Store.open(url, station=args.station)
    try:
        if args.command == "demo":
            from desktop.demo import load_demo
            from desktop.domain.conference_time import today

            conference_id = load_demo(
                store, first_day=today() if args.today else None, with_record=True
            )
            conference = store.agenda.conference(conference_id)
            print(f"Loaded the demo conference {conference_id}: {conference.title}")
            return 0
        if args.command == "agenda":
            return _agenda_list(store, args.conference, as_json=args.json)
    finally:
        store.close()
    raise AssertionError(f"unhandled command {args.command}")


def _keep_password(url: Any, *, forget: bool) -> int:
    """``floordesk db password``: the password asked for, kept in the keyring."""
    import getpass

    from db.engine import describe
    from desktop.services.db_password import PasswordError, forget_password, keep_password

    if url.get_backend_name() != "postgresql" or not url.username:
        raise UserError(
            "Give --db a PostgreSQL URL with its user, without the password "
            "(postgresql://user@host/database)."
        )
    try:
        if forget:
            gone = forget_password(url)
            print(f"{describe(url)}: " + ("password forgotten" if gone else "no password kept"))
            return 0
        prompt = f"Password of {url.username} on {describe(url)}: "
        if sys.stdin.isatty():
            password = getpass.getpass(prompt)
        else:  # a script hands it over on standard input, never as an argument
            password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UserError("No password was given; nothing is kept.")
        key = keep_password(url, password)
    except PasswordError as error:
        raise UserError(str(error)) from None
    print(f"The password is kept in the keyring as {key}.")
    return 0


def _agenda_list(store: Any, conference_id: int | None, *, as_json: bool) -> int:
    from desktop.domain.conference_time import hm, to_local

    conferences = store.agenda.conferences()
    if conference_id is None:
        if not conferences:
            print(
                "There is no conference in this database; 'floordesk demo' loads one.",
                file=sys.stderr,
            )
            if as_json:
                print("[]")
            return 0
        conference = conferences[-1]
    else:
        conference = store.agenda.conference(conference_id)
    zone = conference.time_zone
    slots = store.agenda.slots(conference.id)
    if as_json:
        rows = [
            {
                "id": slot.id,
                "conference": conference.id,
                "day": to_local(slot.starts_at, zone).date().isoformat(),
                "start": hm(slot.starts_at, zone),
                "end": hm(slot.ends_at, zone),
                "kind": slot.kind.value,
                "title": slot.title,
                "topics": list(slot.topics),
                "moderator": slot.moderator,
                "panellists": list(slot.panellists),
            }
            for slot in slots
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"{conference.title} — {conference.venue} ({zone})")
    day = None
    for slot in slots:
        local_day = to_local(slot.starts_at, zone).date()
        if local_day != day:
            day = local_day
            print(f"\n{local_day:%A %d %B %Y}")
        times = f"{hm(slot.starts_at, zone)}–{hm(slot.ends_at, zone)}"
        print(f"  {slot.id:>4}  {times}  {slot.kind.label:<12} {slot.title}")
    return 0
