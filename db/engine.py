"""Choosing and opening the database: SQLite by default, PostgreSQL for several stations.

Every failure a user can cause (a mistyped URL, a file that is not a database,
a server that does not answer) becomes a :class:`DatabaseUnavailable` with one
sentence that can be shown as it is. Nothing here writes to a file before it is
known to be an SQLite database.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError

from db import sqlite_waits
from db.database_file import named_database, named_file

SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseUnavailable(Exception):
    """The database cannot be used; ``str(error)`` is one sentence for the user."""


class NotAFloordeskDatabase(DatabaseUnavailable):
    """The file is there but is no database Floordesk can open (garbage, empty, another
    program's, a newer schema); it is left untouched, and a new one may be started."""


def resolve_url(option: str | None, environ: Mapping[str, str] | None = None) -> URL:
    """The database URL from ``--db``, else ``FLOORDESK_DB``, else the user's data file.

    A bare path is taken as an SQLite file.
    """
    path = named_file(option, environ)
    if path is not None:
        return URL.create("sqlite", database=str(path))
    text = named_database(option, environ)
    try:
        url = make_url(text)
    except (ArgumentError, ValueError):  # a port that is no number, among others
        shown = text if "@" not in text else text.split("://", 1)[0] + "://…"  # no password
        raise DatabaseUnavailable(f"'{shown}' is not a database URL or file path.") from None
    if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe(url: URL) -> str:
    """The URL as it may be shown or logged: never with its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or "(in memory)"
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def _check_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseUnavailable(f"{path} is a folder, not a database file.")
    if path.exists():
        try:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_MAGIC))
        except OSError as error:
            raise DatabaseUnavailable(f"Cannot read {path}: {error.strerror or error}.") from None
        if not header:
            # SQLite would take an empty file for a new database and write to it; the
            # file was made by someone else (or a crash), so it is left as it is.
            raise NotAFloordeskDatabase(f"{path} is an empty file, not a Floordesk database.")
        if header != SQLITE_MAGIC:
            raise NotAFloordeskDatabase(f"{path} is not a Floordesk database (not an SQLite file).")
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailable(
                f"Cannot create the folder for {path}: {error.strerror or error}."
            ) from None


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Per-connection settings only: nothing here writes to the file, which may
    # still turn out to belong to another program.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Commits never copy the log back into the file (and wait for the disk): a thread
    # does, every few seconds (db/wal_checkpoints.py).
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


def use_write_ahead_log(engine: Engine) -> None:
    """Put an SQLite file (known to be ours) in WAL mode: readers never wait for the writer.

    The mode is stored in the file, so every later connection has it.
    """
    if engine.url.get_backend_name() != "sqlite" or sqlite_path(engine.url) is None:
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")


NUL_STAND_IN = "\ufffd"  # what a NUL pasted into a note becomes on PostgreSQL


def _on_postgresql_connect(dbapi_connection: Any, _record: Any) -> None:
    """PostgreSQL refuses a NUL character in text (SQLite keeps it): a NUL pasted into a
    note or read from an e-mail would fail the whole change on one station and not on
    another. Every text parameter of this connection has its NULs replaced (one rule,
    for the ORM and the prepared statements alike)."""
    from psycopg.types import string as strings

    for base in (
        strings.StrBinaryDumperName,
        strings.StrBinaryDumperVarchar,
        strings.StrBinaryDumper,
        strings.StrDumperName,
        strings.StrDumperVarchar,
        strings.StrDumper,
        strings.StrDumperUnknown,
    ):  # in psycopg's own order of registration: the last one is the default
        dbapi_connection.adapters.register_dumper(str, _without_nul(base))


def _without_nul(base: Any) -> type:
    def dump(self: Any, obj: str) -> Any:
        return base.dump(self, obj.replace("\x00", NUL_STAND_IN) if "\x00" in obj else obj)

    return type(f"NulFree{base.__name__}", (base,), {"dump": dump})


# Bounded waits on a server, for a desk that must never hang: a connection is tried for
# 2 s (libpq's least), a dead peer or network is found in about 3 s (keepalives after 1 s
# idle, then every second, given up after 2; data unacknowledged for 3 s), and the server
# ends a statement after 5 s and a wait for another station's lock after 3 s (a floor
# change is refused in one sentence rather than kept waiting). A transaction left open by
# a station that froze is ended after 30 s, so that its locks do not hold the others. A
# server that freezes whole answers none of this: see db/sync/server_gate.py.
SERVER_CONNECTION: dict[str, Any] = {
    "connect_timeout": 2,
    "keepalives": 1,
    "keepalives_idle": 1,
    "keepalives_interval": 1,
    "keepalives_count": 2,
    "tcp_user_timeout": 3000,
}
SERVER_SESSION = {
    "statement_timeout": "5s",
    "lock_timeout": "3s",
    "idle_in_transaction_session_timeout": "30s",
    # The server's side of the same: a station gone is found, and its locks freed.
    "tcp_keepalives_idle": "1",
    "tcp_keepalives_interval": "1",
    "tcp_keepalives_count": "2",
    "tcp_user_timeout": "3000",
}


def server_connect_args(url: URL) -> dict[str, Any]:
    """The connection's parameters for a PostgreSQL server: the bounded waits above,
    where the URL does not set its own (its ``options`` come after ours, and win)."""
    given = url.query
    arguments = {key: value for key, value in SERVER_CONNECTION.items() if key not in given}
    settings = " ".join(f"-c {name}={value}" for name, value in SERVER_SESSION.items())
    own = given.get("options")
    if isinstance(own, tuple):
        own = " ".join(own)
    arguments["options"] = f"{settings} {own}" if own else settings
    return arguments


def open_engine(url: URL) -> Engine:
    """An engine on ``url`` whose connection has been tried once."""
    backend = url.get_backend_name()
    kwargs: dict[str, Any] = {}
    path = sqlite_path(url)
    if backend == "sqlite":
        if path is not None:
            _check_sqlite_file(path)
        # Another station's write is waited for in fine steps (db/sqlite_waits.py).
        kwargs["connect_args"] = sqlite_waits.connect_arguments()
        # The connection used last is used again: its page cache is warm (the GUI
        # thread reads and writes through one connection, workers through others).
        kwargs["pool_use_lifo"] = True
    elif backend == "postgresql":
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = server_connect_args(url)
    else:
        raise DatabaseUnavailable(
            f"Floordesk works with SQLite or PostgreSQL databases, not '{backend}'."
        )
    try:
        engine = create_engine(url, **kwargs)
    except NoSuchModuleError:
        raise DatabaseUnavailable(f"'{url.drivername}' is not a known database driver.") from None
    except ModuleNotFoundError as error:
        raise DatabaseUnavailable(
            f"The database driver '{error.name}' is not installed "
            "(for PostgreSQL: pip install 'floordesk[postgres]')."
        ) from None
    except ArgumentError as error:
        raise DatabaseUnavailable(f"The database URL is not valid: {error}.") from None
    if backend == "sqlite":
        event.listen(engine, "connect", _on_sqlite_connect)
    else:
        event.listen(engine, "connect", _on_postgresql_connect)
        from db.models import on_postgresql

        on_postgresql()
        from db.sync.server_gate import ServerGate

        ServerGate.of(engine)  # before the first connection: it must know them all
    try:
        with engine.connect() as connection:
            inspect(connection).get_table_names()
    except OperationalError as error:
        engine.dispose()
        raise DatabaseUnavailable(_connection_failure(url, error)) from None
    except SQLAlchemyDatabaseError:
        engine.dispose()
        raise NotAFloordeskDatabase(
            f"{describe(url)} is damaged or is not a Floordesk database."
        ) from None
    return engine


def new_database_beside(path: Path) -> Path:
    """A name for a new database file in the same folder, not yet taken."""
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        candidate = path.with_name(f"{path.stem}-new{suffix}{path.suffix or '.sqlite'}")
        if not candidate.exists():
            return candidate
    raise DatabaseUnavailable(f"Cannot find a free name for a new database beside {path}.")


PASSWORD_HINT = "keep the password in the keyring (floordesk db password) or in ~/.pgpass"


def _connection_failure(url: URL, error: OperationalError) -> str:
    reason = str(error.orig).strip().splitlines()[0] if error.orig else "no answer"
    if url.get_backend_name() == "sqlite":
        return f"Cannot open the database {describe(url)}: {reason}."
    if "password" in reason.lower():  # none given, or a wrong one: where it belongs
        return f"Cannot connect to the database server {describe(url)}: {reason}; {PASSWORD_HINT}."
    return f"Cannot connect to the database server {describe(url)}: {reason}."
