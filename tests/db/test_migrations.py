"""Migrations on an empty database, from every committed earlier schema, and refusals."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import URL

from db import migrate
from db.engine import DatabaseUnavailable, open_engine
from db.models import Base
from db.store import Store
from desktop.demo import load_demo

SCHEMAS = Path(__file__).parent / "schemas"


def test_an_empty_database_gets_every_table_of_the_model(db_url: URL) -> None:
    engine = open_engine(db_url)
    result = migrate.upgrade(engine)
    assert (result.before, result.after, result.backup) == (None, migrate.head_revision(), None)
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert migrate.current_revision(engine) == migrate.head_revision()
    engine.dispose()


def test_a_database_at_the_current_schema_opens_without_alembic(db_path: Path) -> None:
    assert migrate.head_revision() == migrate.HEAD  # the constant follows the migrations
    Store.open(URL.create("sqlite", database=str(db_path))).close()
    program = (
        "import sys\n"
        "from sqlalchemy.engine import URL\n"
        "from db.store import Store\n"
        f"store = Store.open(URL.create('sqlite', database={str(db_path)!r}))\n"
        "store.close()\n"
        "print('alembic' in sys.modules)\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert shown.stdout.strip() == "False"


def test_the_migrated_schema_matches_the_models(db_url: URL) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = open_engine(db_url)
    migrate.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": migrate.include_name}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_sqlite_runs_in_wal_mode_with_foreign_keys(db_url: URL) -> None:
    store = Store.open(db_url)
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


@pytest.mark.parametrize("fixture", sorted(SCHEMAS.glob("*.sqlite")), ids=lambda p: p.stem)
def test_every_committed_schema_upgrades_with_a_backup_and_keeps_its_data(
    fixture: Path, tmp_path: Path
) -> None:
    copy = tmp_path / fixture.name
    shutil.copy(fixture, copy)
    with sqlite3.connect(copy) as raw:
        (before,) = raw.execute("SELECT version_num FROM alembic_version").fetchone()
        (interventions,) = raw.execute("SELECT count(*) FROM intervention").fetchone()
    store = Store.open(URL.create("sqlite", database=str(copy)))
    try:
        conference = store.agenda.conferences()[0]
        slots = store.agenda.slots(conference.id)
        recorded = [i for s in slots for i in store.floor.interventions(s.id)]
        assert len(recorded) == interventions > 0
        # The record already there is found by the search added in 0003.
        hits = store.record.search(conference.id, recorded[0].delegation)
        assert recorded[0].id in [hit.intervention_id for hit in hits]
        assert migrate.current_revision(store.engine) == migrate.head_revision()
    finally:
        store.close()
    if before != migrate.head_revision():
        assert list(tmp_path.glob(f"{fixture.name}.schema-{before}.*.bak"))


def test_two_speakers_in_a_slot_of_an_old_database_are_repaired_by_the_upgrade(
    tmp_path: Path,
) -> None:
    """The committed 0006 record with its first and last interventions both holding the
    floor (two presses at once, before 0007): the later keeps it, the first ends when the
    next speaker began, and the journal says so (tests/db/test_one_speaker.py has the
    details, on PostgreSQL too)."""
    copy = tmp_path / "0006.sqlite"
    shutil.copy(SCHEMAS / "0006.sqlite", copy)
    with sqlite3.connect(copy) as raw:
        first, second, last = (row[0] for row in raw.execute("SELECT id FROM intervention"))
        raw.execute(
            "UPDATE intervention SET floor_taken_at = NULL WHERE id IN (?, ?)", (first, last)
        )
        (slot_id, next_given) = raw.execute(
            "SELECT slot_id, floor_given_at FROM intervention WHERE id = ?", (second,)
        ).fetchone()
    store = Store.open(URL.create("sqlite", database=str(copy)))
    try:
        current = store.floor.current(slot_id)
        assert current is not None and current.id == last
        ended = store.floor.intervention(first).floor_taken_at
        assert ended is not None and ended.strftime("%Y-%m-%d %H:%M:%S.%f") == next_given
        history = store.record.history(first)
        assert history[-1].station == "migration 0007"
    finally:
        store.close()
    assert list(tmp_path.glob("0006.sqlite.schema-0006.*.bak"))


def test_a_backup_is_a_consistent_copy(db_url: URL, db_path: Path) -> None:
    store = Store.open(db_url)
    conference_id = load_demo(store)  # still in the write-ahead log, not yet in the file
    backup = migrate.backup_sqlite(db_path, "manual")
    with sqlite3.connect(backup) as raw:
        (count,) = raw.execute("SELECT count(*) FROM floor_request").fetchone()
    slots = store.agenda.slots(conference_id)
    assert count == sum(len(store.speakers.requests(s.id)) for s in slots) > 0
    store.close()


def test_a_database_of_another_program_is_refused_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = db_path.read_bytes()
    with pytest.raises(DatabaseUnavailable, match="not a Floordesk database"):
        Store.open(URL.create("sqlite", database=str(db_path)))
    assert db_path.read_bytes() == before


def test_a_database_from_a_newer_floordesk_is_refused(db_url: URL, db_path: Path) -> None:
    Store.open(db_url).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DatabaseUnavailable, match="newer Floordesk"):
        Store.open(db_url)
