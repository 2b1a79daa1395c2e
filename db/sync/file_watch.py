"""An SQLite file's changes, noticed by a thread: ``PRAGMA data_version`` on a connection
of its own moves whenever another connection (another station, or this one's own
writes through the store's pool) committed. Asking costs a few microseconds and reads
only the WAL's index in shared memory, so it is asked every :data:`LOOK_EVERY_S`.

A file that cannot be opened or read for a moment (a share gone, a lock) is asked again
later; what the user is told then is the store's guard's business (db/storage_fallback.py).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from db.sync.wake import OnChange

log = logging.getLogger(__name__)

LOOK_EVERY_S = 0.1


class FileWatch:
    def __init__(self, path: Path, on_change: OnChange, every_s: float = LOOK_EVERY_S) -> None:
        self.path = path
        self._on_change = on_change
        self._every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="floordesk-file-watch", daemon=True)

    def start(self) -> FileWatch:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _open(self) -> sqlite3.Connection | None:
        try:
            # mode=rw: a file gone is an error here, never a new empty database.
            return sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=rw", uri=True)
        except sqlite3.Error as error:
            log.info("cannot watch %s: %s", self.path, error)
            return None

    def _run(self) -> None:
        connection: sqlite3.Connection | None = None
        seen: int | None = None
        while not self._stop.wait(self._every_s):
            if connection is None:
                connection = self._open()
                if connection is None:
                    continue
            try:
                version = connection.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error as error:  # busy, or the file went: open it again later
                log.info("cannot watch %s: %s", self.path, error)
                connection.close()
                connection, seen = None, None
                continue
            if version != seen:  # and at the first look: whatever came before it is read
                self._on_change()
            seen = version
        if connection is not None:
            connection.close()
