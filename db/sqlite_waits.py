"""Waiting for another station's write on one SQLite file, in steps of a millisecond at most.

SQLite lets one connection write at a time. A connection that finds the file being
written is made to wait by SQLite's own busy handler, which sleeps 1, 2, 5, 10, 15 …
milliseconds between its tries: a write that ended after 4 ms is seen at 8, one that
ended after 9 ms at 18. Another station adding a request while the moderator presses F5
made the key take 18–28 ms where it takes 4.

Here SQLite is told not to wait (a timeout of 0) and a statement that finds the file
busy is tried again from Python, after 0.1 ms, then 0.2, 0.4, 0.8 and every millisecond
after, until the same deadline as before. Tried again only while SQLite says plainly
``SQLITE_BUSY`` (the lock is taken by another connection: nothing of the statement was
done). ``SQLITE_BUSY_SNAPSHOT`` — this transaction read the file before another station
wrote it, so it cannot write on top — is raised at once, as SQLite's handler does.
"""

from __future__ import annotations

import sqlite3
import time
from typing import Any

WAIT_AT_MOST_S = 15.0  # for another connection's write, before "database is locked"
FIRST_PAUSE_S = 0.0001
LONGEST_PAUSE_S = 0.001


def _busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY


def _tried_until_free(run: Any, *args: Any) -> Any:
    try:
        return run(*args)
    except sqlite3.OperationalError as error:
        if not _busy(error):
            raise
    deadline = time.monotonic() + WAIT_AT_MOST_S
    pause = FIRST_PAUSE_S
    while True:
        time.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE_S)
        try:
            return run(*args)
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() >= deadline:
                raise


class WaitingCursor(sqlite3.Cursor):
    """A cursor whose statements wait finely for another connection's write."""

    def execute(self, sql: str, parameters: Any = (), /) -> WaitingCursor:
        _tried_until_free(super().execute, sql, parameters)
        return self

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> WaitingCursor:
        # Tried again whole: SQLite refuses the first row's write when the file is busy,
        # before any row is written.
        rows = (
            seq_of_parameters
            if isinstance(seq_of_parameters, list | tuple)
            else list(seq_of_parameters)
        )
        _tried_until_free(super().executemany, sql, rows)
        return self


class WaitingConnection(sqlite3.Connection):
    """The connection Floordesk opens on an SQLite file (``sqlite3.connect(factory=…)``):
    its cursors, and the statements it runs itself, wait finely (see the module)."""

    def cursor(self, factory: Any = WaitingCursor) -> Any:
        return super().cursor(factory)

    def execute(self, sql: str, parameters: Any = (), /) -> Any:
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        return self.cursor().executemany(sql, parameters)


def connect_arguments() -> dict[str, Any]:
    """``sqlite3.connect``'s arguments for a file shared with other stations."""
    return {"timeout": 0, "factory": WaitingConnection}
