"""Keeping up with the other stations, without the window ever waiting for the database.

The database wakes the station when the journal grows (a NOTIFY on PostgreSQL, the
file's data version on SQLite: db/sync/wake.py), and a slow poll every
:data:`SAFETY_POLL_MS` stands in for a wake-up that got lost. Each wake-up reads the
journal in a worker thread, from the desk's place in it (the gaps of entries committed
late included, db/sync/journal_cursor.py); the entries come back to the GUI thread, where
the desk takes those it has not seen, in their order, and announces them like its own.
One reading at a time: a wake-up during a reading makes one more after it.

The station's own changes need none of this: the store announced them at once.

Now and then (a minute after the start, then every :data:`FORGET_KEYS_EVERY_MS`) the same
thread forgets the exactly-once keys of changes too old to be sent again
(db/exactly_once.py), so that their table does not grow for ever.

On PostgreSQL the listener also says when the server stops answering (within two
seconds); the window keeps it in view in one sentence until it answers again. The
window's own readings are bounded far tighter: a wait of its thread that the server
leaves unanswered is cut within a tenth of a second (db/sync/server_gate.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, QTimer, Signal
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from db.exactly_once import forget_old_keys
from db.sync.watch import bound_waits_of_this_thread, watch_journal
from db.transactions import journal_changes, utc_now
from desktop.qt.background import BackgroundJob

if TYPE_CHECKING:
    from db.meeting.snapshots import Change
    from db.sync.wake import JournalWatch
    from desktop.qt.desk.desk import Desk

log = logging.getLogger(__name__)

SAFETY_POLL_MS = 5000
STOP_WAIT_MS = 3000  # longer than a lost server takes to be cut (db/sync/server_watch.py)
FORGET_KEYS_FIRST_MS = 60_000  # not among the start's own readings
FORGET_KEYS_EVERY_MS = 6 * 3600 * 1000

_POOL: QThreadPool | None = None


def sync_pool() -> QThreadPool:
    """One thread for every station's readings in this process, kept apart from the
    imports' and exports' pool: a long import never holds the other stations' news up."""
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool(QCoreApplication.instance())
        _POOL.setMaxThreadCount(1)
    return _POOL


def read_journal(engine: Engine, after_id: int) -> list[Change]:
    """The journal's changes after ``after_id``, on the calling thread's own connection."""
    with engine.connect() as connection:
        return journal_changes(connection, after_id)


class StationSync(QObject):
    server_problem = Signal(str)  # one sentence while the server does not answer; "" after
    _woken = Signal()  # emitted on the watcher's thread, received on this one
    _health = Signal(str)

    def __init__(
        self, desk: Desk, parent: QObject | None = None, *, safety_ms: int = SAFETY_POLL_MS
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.engine = desk.store.engine  # the database's, not a stand-in in memory
        self.problem = ""
        self._job: BackgroundJob | None = None
        self._again = False
        self._stopped = False
        self._woken.connect(self.wake, Qt.ConnectionType.QueuedConnection)
        self._health.connect(self._on_health, Qt.ConnectionType.QueuedConnection)
        self._safety = QTimer(self)
        self._safety.setInterval(safety_ms)
        self._safety.timeout.connect(self.wake)
        self._safety.start()
        self._forgetting: BackgroundJob | None = None
        self._forget = QTimer(self)
        self._forget.setSingleShot(True)
        self._forget.timeout.connect(self.forget_old_keys)
        self._forget.start(FORGET_KEYS_FIRST_MS)
        # The window's own readings (after a change, a selection, a tick) wait on a
        # frozen server no longer than the listener takes to suspect it.
        bound_waits_of_this_thread(self.engine)
        self.watch: JournalWatch | None = watch_journal(
            self.engine, _from_thread(self._woken.emit), _from_thread(self._health.emit)
        )

    @property
    def reading(self) -> bool:
        return self._job is not None

    def stop(self) -> None:
        """No more readings (the window closes): the one under way is waited for, so
        that it never outlives the store (bounded: a lost server's waits are cut)."""
        self._stopped = True
        self._safety.stop()
        self._forget.stop()
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        if self._job is not None or self._forgetting is not None:
            sync_pool().waitForDone(STOP_WAIT_MS)
            self._job = self._forgetting = None

    def wake(self) -> None:
        """Read what the other stations changed (now, or after the reading under way)."""
        if self._stopped:
            return  # a wake-up queued before the window closed
        if self._job is not None:
            self._again = True
            return
        desk = self.desk
        if desk.sync_paused:
            return  # the import catches up once at its end
        if desk.store.engine is not self.engine:
            # A copy in memory while the file cannot be written (db/storage_fallback.py):
            # it is this station's alone, and read at once.
            desk.catch_up()
            return
        engine, after_id = self.engine, desk.journal_read_from
        job = BackgroundJob(
            lambda _progress: read_journal(engine, after_id),
            refusals=(SQLAlchemyError, OSError),
            failure="Reading the other stations' changes failed (details in the log).",
        )
        job.signals.finished.connect(self._read)
        job.signals.failed.connect(self._not_read)
        self._job = job
        sync_pool().start(job)

    def _read(self, _number: int, changes: Any) -> None:
        self._job = None
        if self._stopped:
            return
        self.desk.take_caught_up(changes)
        if self._again:
            self._again = False
            self.wake()

    def _not_read(self, _number: int, sentence: str) -> None:
        # The database away: said by the listener (or the store's guard); read again at
        # the next wake-up or safety poll, not in a loop now.
        self._job = None
        self._again = False
        log.info("cannot read the journal: %s", sentence.splitlines()[0] if sentence else "")

    def forget_old_keys(self) -> None:
        """Forget the keys of changes too old to be sent again, in the sync's thread."""
        if self._stopped:
            return
        self._forget.start(FORGET_KEYS_EVERY_MS)
        if self._forgetting is not None:
            return
        if self.desk.store.engine is not self.engine:
            return  # the file cannot be written now: another time
        engine = self.engine
        job = BackgroundJob(
            lambda _progress: forget_old_keys(engine, utc_now()),
            refusals=(SQLAlchemyError, OSError),
            failure="Forgetting the old keys of changes failed (details in the log).",
        )
        job.signals.finished.connect(self._forgot)
        job.signals.failed.connect(self._not_forgotten)
        self._forgetting = job
        sync_pool().start(job)

    def _forgot(self, _number: int, count: Any) -> None:
        self._forgetting = None
        if count:
            log.info("forgot the keys of %s changes made long ago", count)

    def _not_forgotten(self, _number: int, sentence: str) -> None:
        # The database away, or this station's database user may not (README's roles):
        # nothing is lost, the table only stays longer; tried again later.
        self._forgetting = None
        log.info("cannot forget old keys: %s", sentence.splitlines()[0] if sentence else "")

    def _on_health(self, sentence: str) -> None:
        self.problem = sentence
        self.server_problem.emit(sentence)


def _from_thread(emit: Callable[..., None]) -> Callable[..., None]:
    """A signal emitted from the watcher's thread, which may outlive the window."""

    def call(*args: Any) -> None:
        try:
            emit(*args)
        except RuntimeError:  # the window (and this object) went meanwhile
            return

    return call
