"""The window's side of the storage guard: the banner and the retries.

When the database cannot be written (the file turned read-only, the disk is full), the
store's guard, :class:`db.storage_fallback.StorageFallback`, carries the session on with
a copy in memory and keeps the changes (db/guard.py says where the store consults it).
Here the window gets its sentence into the status bar, and the guard is asked to write
the changes back every :data:`RETRY_MS` while any wait. Those kept when Floordesk last
closed are not written at start: they are moved aside and wait for the moderator's
decision (desktop/kept_changes.py, desktop/qt/kept_changes_dialog.py).

On a PostgreSQL server the guard also keeps a standby copy ready (db/standby_copy.py):
made again in a worker at most every :data:`REFRESH_MS` after the journal moved (the
station's own changes and those it caught up with). When the server stops answering
(``server_health``, from the station's listener) or a change cannot be written, the
desk goes on on that copy and the banner says so; when it answers again nothing is
written on a timer: ``merge_wanted`` asks the window to show the moderator what was
done here (desktop/qt/outage.py).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal
from sqlalchemy import Engine

from db.engine import describe
from db.errors import ChangeHeld
from db.exactly_once import KEYS_KEPT_FOR
from db.guard import StoreCommand
from db.standby_copier import made_by_the_copier
from db.standby_copy import StandbyCopy
from db.storage_fallback import StorageFallback
from desktop.kept_changes import (
    KeptSet,
    keep_aside,
    set_aside,
    take_at_start,
    waiting_sets,
)
from desktop.kept_changes import describe as in_words
from desktop.qt.background import BackgroundJob

if TYPE_CHECKING:
    from db.meeting.snapshots import Change
    from db.store import Store

__all__ = ["RETRY_MS", "ChangeHeld", "StorageGuard", "storage_guard"]

RETRY_MS = 2000
REFRESH_MS = 2500  # the standby copy is made again at most this often
SOON_MS = 300  # …and this long after the journal moved, when it was not made lately

# Recovery files written before the guard moved to db/ name the change by this name.
HeldChange = StoreCommand


def recovery_file(store: Store) -> Path:
    """Beside the user's other state (not beside the database, which may be what fails)."""
    import platformdirs

    key = hashlib.sha256(describe(store.engine.url).encode()).hexdigest()[:16]
    return platformdirs.user_state_path("floordesk", appauthor=False) / f"unsaved-{key}.pickle"


class KeptWritten(NamedTuple):
    written: bool  # every change of the set is in the database now
    aside: Path | None  # where those too old to be told apart were set aside
    set_aside: int  # how many of them (as the moderator counts changes)


class StorageGuard(QObject):
    """The store's guard, seen from the window: its sentences as signals, its retries on a
    timer."""

    status = Signal(str)  # one sentence while changes wait; "" once all are written
    saved = Signal(str)  # one sentence when the waiting changes were written
    working_locally = Signal(bool)  # the store went to a standby copy (True), or back
    merge_wanted = Signal()  # the server answers again; changes made here wait for a decision
    _moved = Signal()  # the journal moved (told on any thread, handled on this one)

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.retry)
        self.fallback = StorageFallback(
            store, recovery_file(store), status=self._tell, saved=self.saved.emit
        )
        # Changes kept when Floordesk last closed: moved aside (this session's held changes
        # will not overwrite them), and written only when the moderator says so.
        take_at_start(self.fallback.recovery)
        # How the moment the outage began is shown (the window gives the hall's zone).
        self.since_text: Callable[[datetime], str] = lambda moment: f"{moment:%H:%M:%S}"
        self._was_local = False
        self.standby: StandbyCopy | None = None
        self._refreshing = False
        self._refresh_again = False
        self._refreshed_at = 0.0
        self._closed = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self._refresh)
        if store.engine.dialect.name == "postgresql":
            # Made by a process of its own: the window's keys never wait for it.
            self.standby = StandbyCopy(store.engine, make=made_by_the_copier)
            self.fallback.standby = self.standby
            self._moved.connect(self._schedule_refresh, Qt.ConnectionType.QueuedConnection)
            store.subscribe(self._journal_moved)
            self._refresh()  # the first copy, at once

    def kept_sets(self) -> list[KeptSet]:
        """The sets of changes kept from earlier sessions, waiting for a decision."""
        return waiting_sets(self.fallback.recovery)

    def write_kept(
        self, kept: KeptSet, names: Callable[[int], str | None] = lambda _id: None
    ) -> KeptWritten:
        """Write a kept set now, before this session's waiting changes, in its order and
        with its times; ``written`` once all are written (else they wait with the others).

        A change whose transaction had begun may have been saved already; its key tells
        (db/exactly_once.py), but keys are forgotten after a week: in a set older than
        that, such changes are not written but set aside, so that none is made twice."""
        known = [c for c in kept.commands if c.group in self.fallback.store.command_groups]
        aside: Path | None = None
        doubtful = []
        if kept.saved_at < datetime.now(UTC) - KEYS_KEPT_FOR:
            doubtful = [c for c in known if c.attempted]
            known = [c for c in known if not c.attempted]
            if doubtful:
                aside = keep_aside(self.fallback.recovery, doubtful, names)
        self.fallback.held = known + self.fallback.held
        written = self.retry()  # what is not written is in the guard's own file now
        kept.path.unlink(missing_ok=True)
        return KeptWritten(written, aside, sum(1 for c in doubtful if in_words(c).shown))

    def set_aside(self, kept: KeptSet, names: Callable[[int], str | None]) -> Path:
        """Keep the set in a file, not written (with a readable list beside it)."""
        return set_aside(kept, names)

    @property
    def waiting(self) -> int:
        return self.fallback.waiting

    @property
    def recovery(self) -> Path:
        return self.fallback.recovery

    @property
    def stand_in(self) -> Engine | None:
        return self.fallback.stand_in

    def sentence(self) -> str:
        return self.fallback.sentence()

    def retry(self) -> bool:
        """Write the waiting changes now; True once none is left. Not those made on a
        standby copy: the moderator decides about them (``merge``)."""
        if self.fallback.working_locally:
            return False
        return self.fallback.write_back()

    def close(self) -> None:
        self._timer.stop()
        self.stop_standby()
        self.fallback.close()

    def stop_standby(self) -> None:
        """No more standby copies (the window closes): the one being made is waited for."""
        self._closed = True
        self._refresh_timer.stop()
        if self.standby is not None:
            self.fallback.store.unsubscribe(self._journal_moved)
            standby_pool().waitForDone(5000)
            self.standby.close()

    # -- an outage of the server ---------------------------------------------------------

    def server_health(self, sentence: str) -> None:
        """The station's listener: the server does not answer (a sentence), or answers
        again (""). Lost, the desk goes on on the standby copy; back, the changes made
        here wait for the moderator, or, if there are none, the store simply goes back."""
        fallback = self.fallback
        if sentence:
            fallback.go_local(sentence)
            return
        if not fallback.working_locally:
            return
        if fallback.waiting:
            self.merge_wanted.emit()
        else:
            fallback.write_back()  # nothing made here: back on the server, nothing written

    def merge(
        self,
        chosen: list[StoreCommand],
        aside: list[StoreCommand],
        names: Callable[[int], str | None],
    ) -> tuple[bool, Path | None]:
        """Write ``chosen`` (in their order, with their times and keys) and keep ``aside``
        in a file; True once all chosen are written (else they wait, and the desk stays on
        its copy), with the file's path."""
        path = keep_aside(self.recovery, aside, names) if aside else None
        self.fallback.held = list(chosen)
        return self.fallback.write_back(), path

    def local_changes(self) -> int:
        """How many changes the moderator made on the copy (their parts not counted)."""
        return sum(1 for command in self.fallback.held if in_words(command).shown)

    def local_since(self) -> str:
        """Since when the desk works on its copy, as a time of day ("" if it does not)."""
        since = self.fallback.local_since
        return self.since_text(since) if since else ""

    def local_sentence(self) -> str:
        fallback = self.fallback
        count = self.local_changes()
        made = "1 change made here" if count == 1 else f"{count} changes made here"
        since = f" since {self.since_text(fallback.local_since)}" if fallback.local_since else ""
        problem = fallback.problem or "The database server cannot be reached"
        # What goes on first: the banner is cut at the right on a narrow screen.
        return (
            f"Working on this station's copy{since} · {made}, merged as you decide when the "
            f"server answers · {problem}."
        )

    def _journal_moved(self, _changes: list[Change]) -> None:
        """A listener of the store: on the thread that made the change (an import's too)."""
        if not self._closed:
            self._moved.emit()

    def _schedule_refresh(self) -> None:
        if self._closed or self.fallback.working_locally or self._refresh_timer.isActive():
            return
        since_ms = (time.monotonic() - self._refreshed_at) * 1000
        self._refresh_timer.start(int(max(SOON_MS, REFRESH_MS - since_ms)))

    def _refresh(self) -> None:
        """Make the standby copy again, in a worker (one at a time)."""
        standby = self.standby
        if standby is None or self._closed or self.fallback.working_locally:
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True
        job = BackgroundJob(lambda _progress: standby.refresh(), refusals=())
        job.signals.finished.connect(self._refreshed)
        job.signals.failed.connect(self._refreshed)
        standby_pool().start(job)

    def _refreshed(self, _number: int, _result: object) -> None:
        self._refreshing = False
        self._refreshed_at = time.monotonic()
        if self._refresh_again and not self._closed:
            self._refresh_again = False
            self._schedule_refresh()

    def _tell(self, sentence: str) -> None:
        local = self.fallback.working_locally
        if local != self._was_local:
            self._was_local = local
            self.working_locally.emit(local)  # at once: before the copy's first change
            if not local:
                self._schedule_refresh()  # a fresh copy of the server, for the next time
        if self.fallback.waiting and not local:
            self._timer.start()
        else:
            self._timer.stop()
        self.status.emit(self.local_sentence() if local else sentence)


_POOL: QThreadPool | None = None


def standby_pool() -> QThreadPool:
    """One thread for making the standby copies, apart from the sync's and the imports'."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool(QCoreApplication.instance())
        _POOL.setMaxThreadCount(1)
    return _POOL


def storage_guard(store: Store) -> StorageGuard:
    """The one guard of this store (every window on it shares it); kept on the store, so
    that both go together (a cycle the collector takes, unlike a weak-keyed table whose
    values would hold their keys)."""
    guard = getattr(store, "_storage_guard", None)
    if not isinstance(guard, StorageGuard):
        guard = StorageGuard(store)
        store._storage_guard = guard  # type: ignore[attr-defined]
    return guard
