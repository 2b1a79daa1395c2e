"""Bringing a database to the current schema, with a backup before any upgrade.

Alembic is imported only when a database is not at the current schema: a database
already there (every start but the first after an update) is opened without it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import DBAPIError

from db.engine import NotAFloordeskDatabase, describe, sqlite_path, use_write_ahead_log

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in db/migrations/versions (a test holds the two together).
HEAD = "0008"


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None
    after: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


# Made by migration 0003 on one backend only and outside the models: SQLite's FTS5
# table (with its shadow tables), PostgreSQL's generated tsvector column and its index.
SEARCH_OBJECTS = ("record_search", "ix_record_words_search")


def include_name(name: str | None, _type: str, _parents: object) -> bool:
    """Whether schema comparison looks at an object (not at the search's own)."""
    return not (name or "").startswith(SEARCH_OBJECTS)


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("db") / "migrations"))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _revision_if_current(engine: Engine) -> bool:
    """Whether the database is at HEAD, read without Alembic (False if in doubt)."""
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:  # no such table: a new or a foreign database
        return False
    return [row[0] for row in found] == [HEAD]


def backup_sqlite(path: Path, label: str) -> Path:
    """A consistent copy of an SQLite file (WAL included) beside it."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{label}.{stamp}.bak")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    return target


def upgrade(engine: Engine) -> UpgradeResult:
    """Apply every migration the database lacks; back the file up first if it has data."""
    if _revision_if_current(engine):
        use_write_ahead_log(engine)
        return UpgradeResult(before=HEAD, after=HEAD, backup=None)
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    before = current_revision(engine)
    if before is None and tables - {"alembic_version"}:
        raise NotAFloordeskDatabase(
            f"{describe(engine.url)} holds other data and is not a Floordesk database."
        )
    head = head_revision()
    if before is not None and before not in _known_revisions():
        raise NotAFloordeskDatabase(
            f"{describe(engine.url)} was written by a newer Floordesk (schema {before}); "
            "update Floordesk to open it."
        )
    use_write_ahead_log(engine)
    backup = None
    if before is not None and before != head:
        path = sqlite_path(engine.url)
        if path is not None:
            backup = backup_sqlite(path, f"schema-{before}")
    if before != head:
        from alembic import command

        config = _config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    return UpgradeResult(before=before, after=head, backup=backup)


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}
