"""Another station's write on the same SQLite file is waited for in fine steps, and only
while waiting can help (db/sqlite_waits.py). Real files, real second connections."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from db import sqlite_waits
from db.sqlite_waits import WaitingConnection


def connect(path: Path, **arguments: object) -> sqlite3.Connection:
    return sqlite3.connect(path, **{**sqlite_waits.connect_arguments(), **arguments})  # type: ignore[arg-type]


@pytest.fixture
def shared_file(tmp_path: Path) -> Path:
    path = tmp_path / "shared.sqlite"
    first = connect(path)
    first.execute("PRAGMA journal_mode=WAL")
    first.execute("CREATE TABLE request (id INTEGER PRIMARY KEY, name TEXT)")
    first.commit()
    first.close()
    return path


def hold_the_file(path: Path, seconds: float, started: threading.Event) -> threading.Thread:
    """Another station: writes, keeps its transaction open for ``seconds``, commits."""

    def write() -> None:
        other = sqlite3.connect(path, timeout=0)
        other.execute("INSERT INTO request (name) VALUES ('Malta')")
        started.set()
        time.sleep(seconds)
        other.commit()
        other.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_a_write_waits_for_another_station_then_is_made(
    shared_file: Path,
) -> None:
    started = threading.Event()
    other = hold_the_file(shared_file, 0.03, started)
    started.wait(5)
    ours = connect(shared_file)
    assert isinstance(ours, WaitingConnection)
    began = time.perf_counter()
    ours.execute("INSERT INTO request (name) VALUES ('Austria')")
    ours.commit()
    waited = time.perf_counter() - began
    other.join()
    names = [row[0] for row in ours.execute("SELECT name FROM request ORDER BY id")]
    assert names == ["Malta", "Austria"]
    # SQLite's own handler would have looked again at 1, 3, 8, 18 and 33 ms.
    assert 0.02 <= waited < 0.2
    ours.close()


def test_statements_of_a_cursor_and_many_rows_wait_alike(shared_file: Path) -> None:
    started = threading.Event()
    other = hold_the_file(shared_file, 0.02, started)
    started.wait(5)
    ours = connect(shared_file)
    cursor = ours.cursor()
    cursor.executemany("INSERT INTO request (name) VALUES (?)", (("Chile",), ("Peru",)))
    ours.commit()
    other.join()
    assert ours.execute("SELECT count(*) FROM request").fetchone() == (3,)
    ours.close()


def test_a_file_written_longer_than_the_wait_says_it_is_locked(
    shared_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_waits, "WAIT_AT_MOST_S", 0.05)
    started = threading.Event()
    other = hold_the_file(shared_file, 0.5, started)
    started.wait(5)
    ours = connect(shared_file)
    began = time.perf_counter()
    with pytest.raises(sqlite3.OperationalError, match="database is locked"):
        ours.execute("INSERT INTO request (name) VALUES ('Austria')")
    assert time.perf_counter() - began < 0.4
    ours.rollback()
    other.join()
    ours.close()


def test_a_transaction_that_read_before_another_station_wrote_is_refused_at_once(
    shared_file: Path,
) -> None:
    """Its picture is older than the file: waiting cannot help (SQLITE_BUSY_SNAPSHOT)."""
    ours = connect(shared_file, isolation_level=None)
    ours.execute("BEGIN")
    ours.execute("SELECT count(*) FROM request").fetchone()
    other = sqlite3.connect(shared_file, timeout=0)
    other.execute("INSERT INTO request (name) VALUES ('Malta')")
    other.commit()
    began = time.perf_counter()
    with pytest.raises(sqlite3.OperationalError) as refused:
        ours.execute("INSERT INTO request (name) VALUES ('Austria')")
    assert refused.value.sqlite_errorname == "SQLITE_BUSY_SNAPSHOT"
    assert time.perf_counter() - began < 0.05
    ours.execute("ROLLBACK")
    other.close()
    ours.close()
