"""A station's standby copy of the shared server: where the desk goes on during an outage.

On PostgreSQL no copy can be made once the server is gone, so one is kept ready: an
SQLite database in memory with every row of the server, made again (``refresh``, by a
process of its own: db/standby_copier.py) a moment after the journal moved. When the
server stops answering, the store's guard (db/storage_fallback.py) switches the store to
the latest copy and holds every change made on it, to be merged once the moderator has
seen them.

The rows a station makes on its copy get ids that cannot be the server's and are known
at a glance: each table counts from a base of its own, :data:`LOCAL_BASE` and up, a
:data:`LOCAL_STRIDE` apart (an intervention made here is 1 070 000 001, say). When the
changes are written to the server, its rows get the server's ids, and the later changes
that name them are rewritten (db/local_ids.py). The ids stay below 2**31: Qt's signals
and PostgreSQL's ``integer`` take them.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy import (
    Engine,
    Integer,
    MetaData,
    Select,
    Table,
    create_engine,
    event,
    false,
    func,
    select,
    text,
)
from sqlalchemy.pool import StaticPool

from db.models import AppliedChange, Base, JournalEntry

log = logging.getLogger(__name__)

LOCAL_BASE = 1_000_000_000
LOCAL_STRIDE = 10_000_000

# Every table of the schema, in the order a copy is written (parents first), each with
# the base its local ids count from.
_TABLES: list[Table] = list(Base.metadata.sorted_tables)
_BASES: dict[str, int] = {
    table.name: LOCAL_BASE + number * LOCAL_STRIDE
    for number, table in enumerate(sorted(_TABLES, key=lambda t: t.name))
}
LOCAL_TOP = LOCAL_BASE + len(_BASES) * LOCAL_STRIDE


def is_local_id(value: object) -> bool:
    """Whether ``value`` is an id given on a standby copy (never one of the server's)."""
    return isinstance(value, int) and not isinstance(value, bool) and LOCAL_BASE < value < LOCAL_TOP


def local_base(table: str) -> int:
    """The id after which ``table``'s rows made on a copy are numbered."""
    return _BASES[table]


def _counted(table: Table) -> bool:
    """A table whose rows are numbered by the database (one integer key of its own)."""
    keys = list(table.primary_key.columns)
    return (
        len(keys) == 1
        and isinstance(keys[0].type, Integer)
        and keys[0].autoincrement in (True, "auto")
        and not keys[0].foreign_keys
    )


@cache
def _schema() -> MetaData:
    """The models' tables as SQLite makes them AUTOINCREMENT: the next id is above every
    one given before, so it follows the base set in ``sqlite_sequence``. Made when a
    first copy is (some 10 ms: not while the window opens)."""
    metadata = MetaData()
    for table in _TABLES:
        copied = table.to_metadata(metadata)
        if _counted(table):
            copied.dialect_options["sqlite"]["autoincrement"] = True
    return metadata


def _search() -> tuple[str, ...]:
    """The record's search on SQLite (a full-text table kept by triggers), as migration
    0003 makes it on a file. Read when a copy is first made (in a worker): the migrations
    bring alembic, which opening the window does not import."""
    migration = importlib.import_module("db.migrations.versions.0003_record_search")
    return tuple(migration.SQLITE_SEARCH)


def _in_memory() -> Engine:
    copy = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )
    event.listen(copy, "connect", _foreign_keys_on)
    return copy


def _foreign_keys_on(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA foreign_keys=ON")


def image_of(copy: Engine) -> bytes:
    """The copy as SQLite's image of the database (what ``from_image`` takes)."""
    with copy.connect() as connection:
        return bytes(connection.connection.driver_connection.serialize())  # type: ignore[union-attr]


def from_image(image: bytes) -> Engine:
    """A copy in memory, from its image (made in another process: db/standby_copier.py)."""
    copy = _in_memory()
    with copy.connect() as connection:
        connection.connection.driver_connection.deserialize(image)  # type: ignore[union-attr]
    return copy


def make_copy(server: Engine) -> Engine:
    """An SQLite database in memory holding every row of ``server``, read in one
    transaction (a consistent picture), with each table's new ids counting from its
    base."""
    copy = _in_memory()
    _schema().create_all(copy)
    with server.connect() as source, copy.begin() as target:
        if server.dialect.name == "postgresql":
            source.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        target.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        for statement in _search():
            target.exec_driver_sql(statement)
        for table in _TABLES:
            rows = [dict(row._mapping) for row in source.execute(_rows_kept(table))]
            if rows:
                target.execute(_schema().tables[table.name].insert(), rows)
        for table in _TABLES:
            if _counted(table):
                _number_from(target, table)
    return copy


# What a desk on its copy never reads again: the exactly-once keys of changes made on
# the server (the copy's own changes get keys of their own, checked on the server when
# written), and the journal but its last entries (the desk follows the copy's journal
# from the copy's own numbers on; the server's last entry says where the outage began).
# Both grow all conference long; copied whole, they were most of a copy's time.
JOURNAL_KEPT = 1000


def _rows_kept(table: Table) -> Select[Any]:
    if table is AppliedChange.__table__:
        return select(table).where(false())
    if table is JournalEntry.__table__:
        return select(table).order_by(table.c.id.desc()).limit(JOURNAL_KEPT)
    return select(table)


def _number_from(target: Any, table: Table) -> None:
    key = next(iter(table.primary_key.columns))
    highest = target.scalar(select(func.max(_schema().tables[table.name].c[key.name]))) or 0
    base = max(local_base(table.name), highest)
    target.execute(text("DELETE FROM sqlite_sequence WHERE name = :name"), {"name": table.name})
    target.execute(
        text("INSERT INTO sqlite_sequence (name, seq) VALUES (:name, :seq)"),
        {"name": table.name, "seq": base},
    )


class StandbyCopy:
    """The latest copy of a server, made again on request (on any thread), and handed
    over once to the store's guard when the server is lost."""

    def __init__(self, server: Engine, make: Callable[[Engine], Engine] = make_copy) -> None:
        """``make``: how a copy of ``server`` is made (by default here, on the calling
        thread; a station's guard has its copier make them, db/standby_copier.py)."""
        self.server = server
        self._make = make
        self.last_refresh_s = 0.0  # how long the last copy took to make
        self.journal_id = 0  # the server's last journal entry the latest copy holds
        self._lock = threading.Lock()
        self._copy: Engine | None = None
        self._closed = False

    @property
    def ready(self) -> bool:
        with self._lock:
            return self._copy is not None

    def refresh(self) -> bool:
        """Make a new copy of the server (blocking: run it in a worker); False if the
        server could not be read (the copy before stays)."""
        began = time.perf_counter()
        try:
            fresh = self._make(self.server)
        except Exception as error:  # the server away, or busy: the last copy stays
            log.info("cannot refresh the standby copy: %s", error)
            return False
        with self._lock:
            old, self._copy = self._copy, fresh
            if self._closed:
                old, self._copy = fresh, None
        if old is not None:
            old.dispose()
        self.last_refresh_s = time.perf_counter() - began
        with fresh.connect() as connection:
            self.journal_id = int(connection.scalar(select(func.max(JournalEntry.id))) or 0)
        log.debug("standby copy refreshed in %.3f s", self.last_refresh_s)
        return True

    def take(self) -> Engine | None:
        """The latest copy, now the caller's (None if there is none); the next refresh
        makes another."""
        with self._lock:
            copy, self._copy = self._copy, None
            return copy

    def close(self) -> None:
        with self._lock:
            self._closed = True
            copy, self._copy = self._copy, None
        if copy is not None:
            copy.dispose()
