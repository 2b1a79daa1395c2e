"""The SQLite write-ahead log is copied back into the database file by a thread of its own.

Left to itself, SQLite does this in whichever commit takes the log past 1,000 pages,
and that commit waits for the file to be synced to disk: tens of milliseconds, once in
about a hundred presses of the moderator's key. Floordesk's connections do not
checkpoint by themselves (``wal_autocheckpoint=0``, see db/engine.py); this thread does
it every few seconds through a connection of its own, in PASSIVE mode: it neither waits
for nor blocks the station's readers and writer, and the GUI thread never waits for the
disk. SQLite releases Python's GIL while it works, so the window goes on meanwhile.

When the last connection to the file closes, SQLite checkpoints what is left.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

EVERY_S = 2.0


class WalCheckpoints:
    """A daemon thread checkpointing one SQLite file until ``stop``."""

    def __init__(self, path: Path, every_s: float = EVERY_S) -> None:
        self.path = path
        self.every_s = every_s
        self.done = 0  # checkpoints run (for tests and benchmarks)
        self._stop = threading.Event()
        self._failed_before = False
        self._thread = threading.Thread(
            target=self._run, name=f"checkpoints {path.name}", daemon=True
        )

    def start(self) -> WalCheckpoints:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while not self._stop.wait(self.every_s):
                if connection is None:
                    connection = self._connect()
                if connection is not None:
                    self._checkpoint(connection)
        finally:
            if connection is not None:
                connection.close()

    def _connect(self) -> sqlite3.Connection | None:
        try:
            # Not through SQLAlchemy: one bare connection, used by this thread only, that
            # never creates the file (mode=rw) if it went away meanwhile.
            return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=rw", timeout=1, uri=True)
        except sqlite3.Error as error:
            self._failed(error)
            return None

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as error:  # read-only, disk full, locked: the next turn retries
            self._failed(error)
            return
        self.done += 1
        self._failed_before = False

    def _failed(self, error: sqlite3.Error) -> None:
        if not self._failed_before:
            log.info("cannot checkpoint %s for now: %s", self.path, error)
        self._failed_before = True
