"""The watcher of a database's journal: the one that fits it, started."""

from __future__ import annotations

from sqlalchemy import Engine

from db.engine import sqlite_path
from db.sync.file_watch import FileWatch
from db.sync.server_gate import ServerGate
from db.sync.server_watch import ServerWatch
from db.sync.wake import JournalWatch, OnChange, OnHealth


def watch_journal(engine: Engine, on_change: OnChange, on_health: OnHealth) -> JournalWatch | None:
    """The watcher for ``engine``'s database, started; None where there is none to watch
    (an SQLite database in memory): the caller's slow poll is all there is then."""
    backend = engine.url.get_backend_name()
    if backend == "postgresql":
        return ServerWatch(engine, on_change, on_health).start()
    path = sqlite_path(engine.url)
    if backend == "sqlite" and path is not None:
        return FileWatch(path, on_change).start()
    return None


def bound_waits_of_this_thread(engine: Engine) -> None:
    """The calling thread (the window's) never waits long on a server that stopped
    answering: its waits are cut once the listener suspects it (db/sync/server_gate.py).
    A file needs nothing of the kind."""
    if engine.url.get_backend_name() == "postgresql":
        ServerGate.of(engine).bound_waits_of_this_thread()
