"""When the database cannot be written (the file turned read-only, the disk is full), the
session goes on: the store's guard (see db/guard.py) switches the store to a copy of
the database in memory, keeps every change in order (in memory and in a small recovery
file elsewhere) and writes them to the file as soon as it can.

Each change is a store command by name with the arguments it was made with
(:class:`StoreCommand`), made again on the file: the times stay the ones at which it
happened (a countdown stays true) and, on one SQLite file, the new rows get the ids
they had on the copy. Where no copy can be made (a PostgreSQL server), the change is
held and :class:`ChangeHeld` — a :class:`FloorConflict`, so the desk says it in the
status bar — tells so; later changes wait behind it (the store asks the guard before
each transaction), so the order holds.

A change is made once, however often it is sent (db/exactly_once.py): it carries the key
its station gave it, so one whose COMMIT reached the server though the reply did not is
found by that key when it is written back (or read again from the recovery file), and
not made twice. A connection that drops while a change is written is tried once more at
once, with the same key: the change is then made, or found made.

On a server, a station may keep a standby copy ready (db/standby_copy.py, refreshed by
the window): when the server stops answering, the store goes on on that copy
(``go_local``), the floor's changes included, and every change is held with the
journal entries it wrote there (``StoreCommand.made_here``). Nothing is written back on
a timer then: the moderator decides what is written (desktop/qt/outage_merge_dialog.py),
and ``write_back`` gives the rows made on the copy the server's ids as it goes
(db/local_ids.py), refusing a change that names one the server never got.

Whether a change is held at all is :meth:`StorageFallback.holds`'s decision; and the
changes kept when Floordesk last closed are only read here
(:meth:`StorageFallback.recovered`): whoever opens the store decides when to write them
(:meth:`StorageFallback.write_back`). Nothing here knows of Qt: the window shows the
sentences it is handed and calls ``write_back`` again on a timer.
"""

from __future__ import annotations

import logging
import pickle
import threading
from collections.abc import Callable
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

from db.engine import sqlite_path
from db.errors import ChangeHeld, ChangeRefused, FloorConflict, UnknownRecord
from db.exactly_once import ChangeAlreadyMade
from db.guard import StoreCommand, new_key
from db.local_ids import IdMap, Made, local_ids_in
from db.meeting.actions import Action
from db.models import AppliedChange, JournalEntry
from db.standby_copy import LOCAL_BASE, StandbyCopy
from db.steps import subject
from db.undo_history import Carried, step_carried_out

if TYPE_CHECKING:
    from db.transactions import Transactions

log = logging.getLogger(__name__)


class _WaitYourTurn(Exception):
    """Raised before a transaction: earlier changes are still waiting."""


def storage_problem(error: OperationalError) -> str:
    """What went wrong with the storage, as the start of a sentence."""
    text = str(error.orig or error).lower()
    if "readonly" in text or "read-only" in text:
        return "The database file has become read-only"
    if "full" in text or "no space" in text:
        return "The disk is full"
    if "locked" in text or "busy" in text:
        return "The database is busy at another station"
    if "i/o" in text or "unable to open" in text:
        return "The database file cannot be written"
    return "The database cannot be reached"


def copy_in_memory(engine: Engine) -> Engine:
    """An in-memory SQLite database with what ``engine``'s file holds (reading still works
    on a read-only file or a full disk)."""
    copy = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    target = copy.raw_connection()
    try:
        with engine.connect() as connection:
            source = connection.connection.driver_connection
            source.backup(target.driver_connection)  # type: ignore[union-attr]
        target.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]
    finally:
        target.close()
    return copy


def _changes_the_floor(command: StoreCommand) -> bool:
    """A command of the floor's group, or a step of the floor: the desk's changes are steps
    carried out by its undo history as one command each (db/undo_history.py), so the
    group alone ("history") does not say what they change; the step's op does."""
    step = step_carried_out(command)
    if step is None:
        return command.group == "floor"
    return subject(step) == "floor"


def _said(_sentence: str) -> None:
    """Nobody to tell (a store opened without a window)."""


class StorageFallback:
    """The store's guard: keeps the commands made on this thread (the window's) going while
    the database cannot be written, and writes them all later. Commands from other
    threads (a background import) are left to their callers."""

    def __init__(
        self,
        store: Transactions,
        recovery: Path,
        *,
        status: Callable[[str], None] = _said,
        saved: Callable[[str], None] = _said,
    ) -> None:
        self.store = store
        self.recovery = recovery  # beside the user's other state, not beside the database
        self.held: list[StoreCommand] = []
        self.problem = ""
        self.stand_in: Engine | None = None  # the copy in memory, while it is used
        # On a server: the copy kept ready for an outage (set by the window), and, while
        # it is used, since when and from which journal entry of the server on.
        self.standby: StandbyCopy | None = None
        self.local_since: datetime | None = None
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)  # the desk's clock
        self.outage_from = 0
        self.ids = IdMap()  # the rows made on the copy, by the server's ids once written
        self.dropped: list[str] = []  # why the changes last written back that no longer fit
        self._status = status  # one sentence while changes wait; "" once all are written
        self._saved = saved  # one sentence when the waiting changes were written
        self._file: Engine = store.engine
        self._thread = threading.get_ident()
        self._local = threading.local()
        self._writing_back = False
        store.guard = self

    @property
    def waiting(self) -> int:
        return len(self.held)

    def close(self) -> None:
        if self.store.guard is self:
            self.store.guard = None

    def holds(self, command: StoreCommand) -> bool:
        """Whether a change made while the storage fails is kept to be written later.
        Refused, it is not made, and the moderator is told.

        An SQLite file that cannot be written: every change, made on the copy in memory
        and written back in order (this station's file, this station's truth). A database
        server that does not answer: no copy can be made, and the other stations go on
        without us — the list's changes wait for the server, but the floor's are refused:
        an F5 or F8 replayed minutes later with its old time would rewrite what the hall
        saw (phantom interventions, a countdown backdated).

        On a server with a standby copy (db/standby_copy.py), the floor's too: made on
        the copy, and written later only as the moderator decides, with their times."""
        if not (_changes_the_floor(command) and self.on_a_server):
            return True
        return self.working_locally or (self.standby is not None and self.standby.ready)

    @property
    def on_a_server(self) -> bool:
        return sqlite_path(self._file.url) is None

    @property
    def working_locally(self) -> bool:
        """On a standby copy of a server that does not answer: nothing is written back
        until the moderator says what (``write_back`` is theirs to call)."""
        return self.stand_in is not None and self.on_a_server

    # -- the store's questions (db/guard.py) ------------------------------------------

    def run_command(self, command: StoreCommand, method: Callable[..., Any]) -> Any:
        inner = getattr(self._local, "depth", 0) > 0  # a command inside a command: the outer
        if self._writing_back or inner or threading.get_ident() != self._thread:
            return method(*command.args, **command.kwargs)
        self._local.depth, self._local.wrote, self._local.command = 1, False, command
        try:
            try:
                result = self._sent(command, method)
            except _WaitYourTurn:
                self._hold(command, None)
                raise ChangeHeld(self.sentence()) from None
            except OperationalError as error:
                if not self._local.wrote:
                    raise  # a read that failed cannot be held: said by the caller
                if not self.holds(command):
                    self.problem = storage_problem(error)
                    raise self._refusal() from None
                if not self._use_stand_in(error):
                    self._hold(command, error)
                    raise ChangeHeld(self.sentence()) from None
                self._local.wrote = False
                result = method(*command.args, **command.kwargs)  # on the copy, now
            if self.stand_in is not None and self._local.wrote:
                _pin_down(command, result)
                self._hold(command, None)
            return result
        finally:
            self._local.depth, self._local.wrote = 0, False

    def before_transaction(self) -> None:
        if self._writing_back:
            return
        if self.stand_in is not None and threading.get_ident() != self._thread:
            # Another thread's change (a background import) would be made on the copy
            # and never written: refused in one sentence instead, so nothing is lost
            # without a word; the import is made again once the storage is back.
            problem = self.problem or "The database cannot be written"
            raise ChangeRefused(f"{problem}: {NOT_ON_THE_COPY}")
        if not getattr(self._local, "depth", 0):
            return  # not a command of the groups: left to its caller
        self._local.wrote = True
        if self.held and not self.holds(self._local.command):
            raise self._refusal()
        if self.held and self.stand_in is None:
            raise _WaitYourTurn

    def _sent(self, command: StoreCommand, method: Callable[..., Any]) -> Any:
        """The command, sent once more at once if the connection to the server dropped
        while it wrote: perhaps between COMMIT and its reply. With its key, the change is
        made if it was not, and found if it was (db/exactly_once.py)."""
        try:
            return method(*command.args, **command.kwargs)
        except OperationalError as error:
            on_a_server = sqlite_path(self._file.url) is None
            if not (self._local.wrote and error.connection_invalidated and on_a_server):
                raise
            log.info("connection lost during %s.%s: sent again", command.group, command.method)
            self._local.wrote = False
            return method(*command.args, **command.kwargs)

    # -- while the storage fails -------------------------------------------------------

    def _use_stand_in(self, error: OperationalError) -> bool:
        """Go on with a copy of the file in memory; False where there is none to make."""
        self.problem = storage_problem(error)
        log.info("cannot write the database: %s", error.orig or error)
        if self.stand_in is not None:
            return False
        if self.on_a_server:
            return self.go_local(self.problem)
        try:
            self.stand_in = copy_in_memory(self.store.engine)
        except Exception as failure:  # no copy: the changes are held instead
            log.info("cannot copy the database into memory: %s", failure)
            return False
        self._file = self.store.use_engine(self.stand_in)
        return True

    @property
    def server(self) -> Engine:
        """The database the changes are written to (not the copy used meanwhile)."""
        return self._file if self.stand_in is not None else self.store.engine

    def go_local(self, problem: str) -> bool:
        """The server does not answer: go on on the standby copy (False: there is none)."""
        if self.stand_in is not None:
            return self.working_locally
        copy = self.standby.take() if self.standby is not None else None
        if copy is None:
            return False
        self.problem = problem
        with copy.connect() as connection:  # the server's last entry the copy holds
            self.outage_from = int(
                connection.scalar(
                    select(func.max(JournalEntry.id)).where(JournalEntry.id < LOCAL_BASE)
                )
                or 0
            )
        self.local_since = self.now()
        self.stand_in = copy
        self._file = self.store.use_engine(copy)
        log.info("working on the standby copy: %s", problem)
        self._status(self.sentence())
        return True

    def _refusal(self) -> ChangeRefused:
        problem = self.problem or "The database cannot be written"
        command = getattr(self._local, "command", None)
        if command is not None and _changes_the_floor(command) and command.in_doubt:
            return ChangeRefused(
                f"{problem}: the connection was lost just as the floor changed; the desk "
                "shows whether it did once the database answers."
            )
        if command is not None and _changes_the_floor(command):
            return ChangeRefused(
                f"{problem}: the floor was not changed, so that every station keeps what "
                "the hall saw; press again once the database answers."
            )
        return ChangeRefused(f"{problem}: the change was not made.")

    def _hold(self, command: StoreCommand, error: OperationalError | None) -> None:
        if error is not None:
            self.problem = storage_problem(error)
            log.info("holding %s.%s: %s", command.group, command.method, error.orig or error)
        if self.working_locally and self.stand_in is not None:
            command.made_here = [tuple(m) for m in made_by(self.stand_in, command.key)]
        self.held.append(command)
        self._save_recovery()
        self._status(self.sentence())

    def sentence(self) -> str:
        count = self.waiting
        changes = "1 change waits" if count == 1 else f"{count} changes wait"
        problem = self.problem or "The database cannot be written"
        if self.working_locally:
            made = "1 change made here" if count == 1 else f"{count} changes made here"
            return (
                f"{problem}: working on this station's copy; {made} will be merged when "
                "it returns, as you decide."
            )
        where = "Floordesk carries on in memory; " if self.stand_in else ""
        return f"{problem}: {where}{changes} to be saved."

    # -- writing them ----------------------------------------------------------------

    def write_back(self) -> bool:
        """Write the held changes to the file, in order; True once none is left."""
        if not self.held and self.stand_in is None:
            return True
        written, dropped = 0, []
        stand_in = self.stand_in
        if stand_in is not None:
            self.store.use_engine(self._file)
        self._writing_back = True
        try:
            # The views saw these changes on the copy already: no second announcement.
            with self.store.unannounced() if stand_in is not None else nullcontext():
                while self.held:
                    command = self.held[0]
                    group = self.store.command_groups[command.group]
                    # With its key: one that was made already (its reply lost, or written
                    # before Floordesk stopped) is found and not made again.
                    method = self.store.exactly_once(command, getattr(group, command.method))
                    # Rows made on a standby copy are named by the server's ids now.
                    args, kwargs = self.ids.rewrite(command.args), self.ids.rewrite(command.kwargs)
                    if local_ids_in((args, kwargs)):
                        dropped.append(NAMES_WHAT_WAS_NOT_WRITTEN)
                        self.held.pop(0)
                        continue
                    try:
                        method(*args, **kwargs)
                        self._learn_ids(command)
                    except OperationalError as error:
                        self.problem = storage_problem(error)
                        break
                    except ChangeAlreadyMade:
                        self._learn_ids(command)  # made: what it returned is not needed
                    except (FloorConflict, UnknownRecord) as refusal:
                        dropped.append(str(refusal))  # no longer fits what others did
                    self.held.pop(0)
                    written += 1
        finally:
            self._writing_back = False
        self._save_recovery()
        if self.held:
            if stand_in is not None:
                self.store.use_engine(stand_in)
            self._status(self.sentence())
            return False
        if stand_in is not None:
            stand_in.dispose()
            self.stand_in = None
        self.problem = ""
        self.local_since = None
        self.dropped = dropped
        if not written and not dropped:
            self._status("")
            return True
        saved = written - len(dropped)
        message = f"The database can be written again; {saved} waiting "
        message += "change was saved." if saved == 1 else "changes were saved."
        if dropped:
            message += f" {len(dropped)} no longer applied: {dropped[0]}"
        self._saved(message)
        self._status("")
        return True

    def _learn_ids(self, command: StoreCommand) -> None:
        """The server's ids of the rows the command made on the copy."""
        made = getattr(command, "made_here", None)  # a command kept by an older Floordesk
        if made:
            here = [Made(*entry) for entry in made]
            self.ids.learn(here, made_by(self.store.engine, command.key))

    # -- the recovery file ----------------------------------------------------------

    def _save_recovery(self) -> None:
        try:
            if not self.held:
                self.recovery.unlink(missing_ok=True)
                return
            self.recovery.parent.mkdir(parents=True, exist_ok=True)
            partial = self.recovery.with_suffix(".partial")
            partial.write_bytes(pickle.dumps(self.held))
            partial.replace(self.recovery)
        except OSError as error:  # the same disk may be full: memory still holds them
            log.info("cannot keep the recovery file %s: %s", self.recovery, error)

    def recovered(self) -> int:
        """Take the changes held when Floordesk last closed (or died) as waiting, before
        any other; returns how many. They are written by the next ``write_back``."""
        try:
            # Our own file in the user's state folder (see _save_recovery).
            held = pickle.loads(self.recovery.read_bytes())
        except FileNotFoundError:
            return 0
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
            log.info("cannot read the recovery file %s: %s", self.recovery, error)
            return 0
        if not (isinstance(held, list) and all(isinstance(c, StoreCommand) for c in held)):
            return 0
        known = [c for c in held if c.group in self.store.command_groups]
        for command in known:
            if "key" not in vars(command):  # kept by a Floordesk that gave changes no key
                command.key = new_key()
        self.held = known + self.held
        log.info("%d changes kept from the last run are to be written", len(known))
        return len(known)


NOT_ON_THE_COPY = (
    "nothing is imported meanwhile (it would not reach the database); import it again once "
    "the database answers."
)

NAMES_WHAT_WAS_NOT_WRITTEN = (
    "It concerned something made here during the outage that was not written (set "
    "aside or refused), so it was not written either."
)


def made_by(engine: Engine, key: str) -> list[Made]:
    """The journal entries the change with ``key`` wrote on ``engine``, in their order."""
    with engine.connect() as connection:
        ids = connection.scalar(select(AppliedChange.journal_ids).where(AppliedChange.key == key))
        if not ids:
            return []
        rows = connection.execute(
            select(JournalEntry.action, JournalEntry.entity)
            .add_columns(JournalEntry.entity_id, JournalEntry.details)
            .where(JournalEntry.id.in_(ids))
            .order_by(JournalEntry.id)
        )
        return [
            Made(action, entity, entity_id, (details or {}).get("slot_id"))
            for action, entity, entity_id, details in rows
        ]


def _pin_down(command: StoreCommand, result: Any) -> None:
    """An F5 made on the copy gave the floor to the list's next speaker there: written
    to the server, it gives it to that same request (the check of who the station saw
    speaking stays), not to whoever is next on the server by then."""
    step = step_carried_out(command)
    if not (isinstance(result, Carried) and step is not None):
        return
    if step.get("op") == Action.FLOOR_GIVE and step.get("request_id") is None:
        step["request_id"] = result.redo.get("request_id")
