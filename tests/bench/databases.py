"""A fresh database for a benchmark: an SQLite file, or one of its own on a PostgreSQL
server (dropped after)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url


@contextmanager
def fresh_database(folder: Path, server: str | None = None) -> Iterator[URL]:
    """An SQLite file in ``folder``; given a PostgreSQL server's URL, a database of the
    bench's own on it, dropped after."""
    if server is None:
        yield URL.create("sqlite", database=str(folder / f"bench-{time.perf_counter_ns()}.sqlite"))
        return
    admin_url = make_url(server).set(drivername="postgresql+psycopg")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"floordesk_bench_{os.getpid()}_{time.monotonic_ns()}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
