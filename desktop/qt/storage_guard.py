"""When the database cannot be written (the file turned read-only, the disk is full),
the moderator carries on: Floordesk goes on working on a copy of the database in memory,
keeps every change in order (in memory and in a small recovery file elsewhere), says
what happened in one sentence, and writes the changes to the file as soon as it can.

The guard wraps the store's command groups (``store.speakers``, ``store.floor`` …, and
the desk's undo history) in place, so every caller on the GUI thread is covered without
knowing of it. Each change is replayed with the arguments it was made with, so the
times stay the ones at which it happened (a countdown stays true) and, on one SQLite
file, the new rows get the ids they had on the copy. Where no copy can be made (a
PostgreSQL server), the change is held and :class:`ChangeHeld` — a
:class:`FloorConflict`, so the desk says it in the status bar — tells so; later changes
wait behind it (the store asks the guard before each transaction), so the order holds.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import pickle
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import StaticPool

from db.engine import describe, sqlite_path
from db.errors import FloorConflict, UnknownRecord
from db.store import Store

log = logging.getLogger(__name__)

RETRY_MS = 2000


class ChangeHeld(FloorConflict):
    """The change could not be written now; it is kept and will be written later."""


class _WaitYourTurn(Exception):
    """Raised by the store's gate: earlier changes are still waiting."""


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


@dataclass
class HeldChange:
    """One store command, as it was called, to be called again."""

    group: str
    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


def recovery_file(store: Store) -> Path:
    """Beside the user's other state (not beside the database, which may be what fails)."""
    import platformdirs

    key = hashlib.sha256(describe(store.engine.url).encode()).hexdigest()[:16]
    return platformdirs.user_state_path("floordesk", appauthor=False) / f"unsaved-{key}.pickle"


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


class StorageGuard(QObject):
    """Keeps the desk going while the database cannot be written, and writes it all later."""

    status = Signal(str)  # one sentence while changes wait; "" once all are written
    saved = Signal(str)  # one sentence when the waiting changes were written

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.held: list[HeldChange] = []
        self.problem = ""
        self.recovery = recovery_file(store)
        self.stand_in: Engine | None = None  # the copy in memory, while it is used
        self._file: Engine = store.engine
        self._groups: dict[str, object] = {}
        self._local = threading.local()
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.retry)
        for name, group in list(vars(store).items()):
            if getattr(group, "_store", None) is store:
                self.guard(name, group)
        store.before_transaction = self._before_transaction
        self._load_recovery()

    @property
    def waiting(self) -> int:
        return len(self.held)

    def close(self) -> None:
        self._timer.stop()
        if self.store.before_transaction == self._before_transaction:
            self.store.before_transaction = None

    def guard(self, name: str, group: object) -> None:
        """Guard the commands of ``group`` (the desk's undo history, too) by their name."""
        if self._groups.get(name) is group:
            return
        self._groups[name] = group
        for method_name in dir(group):
            if method_name.startswith("_") or isinstance(
                getattr(type(group), method_name, None), property
            ):
                continue
            method = getattr(group, method_name)
            if callable(method) and not isinstance(method, type):
                setattr(group, method_name, self._guarded(name, method_name, method))

    # -- while the storage fails -------------------------------------------------------

    def _guarded(self, group: str, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(*args: Any, **kwargs: Any) -> Any:
            if self._replaying or QThread.currentThread() is not self.thread():
                return method(*args, **kwargs)
            depth = getattr(self._local, "depth", 0)
            if depth:
                return method(*args, **kwargs)
            change = HeldChange(group, name, args, kwargs)
            self._local.depth, self._local.wrote = 1, False
            try:
                try:
                    result = method(*args, **kwargs)
                except _WaitYourTurn:
                    self._hold(change, None)
                    raise ChangeHeld(self.sentence()) from None
                except OperationalError as error:
                    if not self._local.wrote:
                        raise  # a read that failed cannot be held: said by the caller
                    if not self._use_stand_in(error):
                        self._hold(change, error)
                        raise ChangeHeld(self.sentence()) from None
                    self._local.wrote = False
                    result = method(*args, **kwargs)  # on the copy, now
                if self.stand_in is not None and self._local.wrote:
                    self._hold(change, None)
                return result
            finally:
                self._local.depth, self._local.wrote = 0, False

        return call

    def _before_transaction(self) -> None:
        if self._replaying or not getattr(self._local, "depth", 0):
            return  # not one of the guarded commands: left to its caller
        if QThread.currentThread() is not self.thread():
            return
        self._local.wrote = True
        if self.held and self.stand_in is None:
            raise _WaitYourTurn

    def _use_stand_in(self, error: OperationalError) -> bool:
        """Go on with a copy of the file in memory; False where there is none to make."""
        self.problem = storage_problem(error)
        log.info("cannot write the database: %s", error.orig or error)
        if self.stand_in is not None or sqlite_path(self.store.engine.url) is None:
            return False
        try:
            self.stand_in = copy_in_memory(self.store.engine)
        except Exception as failure:  # no copy: the changes are held instead
            log.info("cannot copy the database into memory: %s", failure)
            return False
        self._file = self.store.use_engine(self.stand_in)
        return True

    def _hold(self, change: HeldChange, error: OperationalError | None) -> None:
        if error is not None:
            self.problem = storage_problem(error)
            log.info("holding %s.%s: %s", change.group, change.method, error.orig or error)
        self.held.append(change)
        self._save_recovery()
        self._timer.start()
        self.status.emit(self.sentence())

    def sentence(self) -> str:
        count = self.waiting
        changes = "1 change waits" if count == 1 else f"{count} changes wait"
        where = "Floordesk carries on in memory; " if self.stand_in else ""
        return f"{self.problem or 'The database cannot be written'}: {where}{changes} to be saved."

    # -- writing them ----------------------------------------------------------------

    def retry(self) -> bool:
        """Write the held changes to the file, in order; True once none is left."""
        if not self.held:
            return True
        written, dropped = 0, []
        stand_in = self.stand_in
        if stand_in is not None:
            self.store.use_engine(self._file)
        with self._quiet(stand_in is not None):
            self._replaying = True
            try:
                while self.held:
                    change = self.held[0]
                    method = getattr(self._groups[change.group], change.method)
                    try:
                        method(*change.args, **change.kwargs)
                    except OperationalError as error:
                        self.problem = storage_problem(error)
                        break
                    except (FloorConflict, UnknownRecord) as refusal:
                        dropped.append(str(refusal))  # no longer fits what others did
                    self.held.pop(0)
                    written += 1
            finally:
                self._replaying = False
        self._save_recovery()
        if self.held:
            if stand_in is not None:
                self.store.use_engine(stand_in)
            self.status.emit(self.sentence())
            return False
        if stand_in is not None:
            stand_in.dispose()
            self.stand_in = None
        self._timer.stop()
        self.problem = ""
        saved = written - len(dropped)
        message = f"The database can be written again; {saved} waiting "
        message += "change was saved." if saved == 1 else "changes were saved."
        if dropped:
            message += f" {len(dropped)} no longer applied: {dropped[0]}"
        self.saved.emit(message)
        self.status.emit("")
        return True

    @contextmanager
    def _quiet(self, quiet: bool) -> Iterator[None]:
        """The views saw these changes on the copy already: no second announcement."""
        if not quiet:
            yield
            return
        listeners = list(self.store._listeners)
        self.store._listeners.clear()
        try:
            yield
        finally:
            self.store._listeners[:] = listeners

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

    def _load_recovery(self) -> None:
        """Changes held when Floordesk last closed (or died) are written first."""
        try:
            # Our own file in the user's state folder (see _save_recovery).
            held = pickle.loads(self.recovery.read_bytes())
        except FileNotFoundError:
            return
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
            log.info("cannot read the recovery file %s: %s", self.recovery, error)
            return
        if isinstance(held, list) and all(isinstance(c, HeldChange) for c in held):
            known = [c for c in held if c.group in self._groups]
            self.held = known
            log.info("%d changes kept from the last run are written now", len(known))
            if not self.retry():
                self._timer.start()


class StorageBanner(QLabel):
    """The one sentence, kept in view in the status bar while changes wait."""

    def __init__(self, guard: StorageGuard, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWordWrap(False)
        self.setStyleSheet(
            "background: #fef3c7; color: #92400e; font-weight: bold; padding: 2px 8px;"
        )
        self.hide()
        window.statusBar().insertPermanentWidget(0, self, 1)
        self._window = window
        guard.status.connect(self.show_sentence)
        guard.saved.connect(self.show_saved)
        if guard.waiting:
            self.show_sentence(guard.sentence())

    def show_sentence(self, sentence: str) -> None:
        self.setText(sentence)
        self.setToolTip(sentence)
        self.setMinimumWidth(self.sizeHint().width())  # all of it: the rest may shrink
        self.setVisible(bool(sentence))

    def show_saved(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 8000)


def storage_guard(store: Store) -> StorageGuard:
    """The one guard of this store (every window on it shares it); kept on the store, so
    that both go together (a cycle the collector takes, unlike a weak-keyed table whose
    values would hold their keys)."""
    guard = getattr(store, "_storage_guard", None)
    if not isinstance(guard, StorageGuard):
        guard = StorageGuard(store)
        store._storage_guard = guard  # type: ignore[attr-defined]
    return guard


def watch_storage(store: Store, window: QMainWindow, history: object) -> StorageBanner:
    """Guard the store's writes (and the desk's undo ``history``), with the banner that
    tells of it in this window."""
    guard = storage_guard(store)
    guard.guard("history", history)
    return StorageBanner(guard, window)
