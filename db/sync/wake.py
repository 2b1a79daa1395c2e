"""Waking the other stations when the journal grows, instead of their polling it.

On PostgreSQL, every transaction that writes to the journal also sends a NOTIFY on
:data:`CHANNEL` (``wake_other_stations``, run by the store just before the commit, so
the notification is delivered exactly when the change becomes visible, and not at all
if it rolls back); each station listens on a connection of its own, in a thread
(db/sync/server_watch.py), which also notices a server that stopped answering. On an SQLite
file, a thread asks the file's ``PRAGMA data_version`` a few times a second
(db/sync/file_watch.py): it moves whenever another connection committed.

Either way the watcher only says *that* something changed (``on_change``) and whether
the database answers (``on_health``: one sentence, "" once it answers again); what
changed is read from the journal by the caller, which keeps its place there
(db/sync/journal_cursor.py). The callbacks run on the watcher's thread. Nothing here knows
of Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session

CHANNEL = "floordesk_journal"

OnChange = Callable[[], None]
OnHealth = Callable[[str], None]


def wake_other_stations(session: Session) -> None:
    """Inside a transaction that wrote to the journal: the listening stations are woken
    when it commits (PostgreSQL sends one notification per transaction and channel)."""
    session.connection().exec_driver_sql(f"NOTIFY {CHANNEL}")


class JournalWatch(Protocol):
    """A thread that calls ``on_change`` when the journal may have grown
    (db/sync/watch.py's ``watch_journal`` starts the one for a database)."""

    def start(self) -> JournalWatch: ...

    def stop(self) -> None: ...
