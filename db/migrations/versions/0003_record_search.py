"""The record's search: folded words per intervention, FTS5 on SQLite, a GIN index on
PostgreSQL; the journal read by intervention

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 05:50:00
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_WORD = re.compile(r"[^\W_]+")

# Kept in step with record_words by triggers (an "external content" FTS5 table).
SQLITE_SEARCH = (
    "CREATE VIRTUAL TABLE record_search USING fts5("
    "delegation, tags, notes, content='record_words', content_rowid='intervention_id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER record_words_ai AFTER INSERT ON record_words BEGIN "
    "INSERT INTO record_search(rowid, delegation, tags, notes) "
    "VALUES (new.intervention_id, new.delegation, new.tags, new.notes); END",
    "CREATE TRIGGER record_words_ad AFTER DELETE ON record_words BEGIN "
    "INSERT INTO record_search(record_search, rowid, delegation, tags, notes) "
    "VALUES ('delete', old.intervention_id, old.delegation, old.tags, old.notes); END",
    "CREATE TRIGGER record_words_au AFTER UPDATE ON record_words BEGIN "
    "INSERT INTO record_search(record_search, rowid, delegation, tags, notes) "
    "VALUES ('delete', old.intervention_id, old.delegation, old.tags, old.notes); "
    "INSERT INTO record_search(rowid, delegation, tags, notes) "
    "VALUES (new.intervention_id, new.delegation, new.tags, new.notes); END",
)
# A stored, weighted vector (delegation A, tags B, notes D): ranking reads it, not the text.
POSTGRESQL_SEARCH = (
    "ALTER TABLE record_words ADD COLUMN record_search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', delegation), 'A') || "
    "setweight(to_tsvector('simple', tags), 'B') || "
    "setweight(to_tsvector('simple', notes), 'D')) STORED",
    "CREATE INDEX ix_record_words_search ON record_words USING gin (record_search_vector)",
)


def _fold(words: str) -> str:
    decomposed = unicodedata.normalize("NFKD", words.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(plain))


def upgrade() -> None:
    op.create_table(
        "record_words",
        sa.Column("intervention_id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("delegation", sa.Text(), nullable=False),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conference.id"],
            name=op.f("fk_record_words_conference_id_conference"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["intervention_id"],
            ["intervention.id"],
            name=op.f("fk_record_words_intervention_id_intervention"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("intervention_id", name=op.f("pk_record_words")),
    )
    with op.batch_alter_table("record_words", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_words_conference_id"), ["conference_id"], unique=False
        )
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.create_index("ix_journal_entity", ["entity", "entity_id"], unique=False)

    bind = op.get_bind()
    statements = SQLITE_SEARCH if bind.dialect.name == "sqlite" else POSTGRESQL_SEARCH
    for statement in statements:
        op.execute(statement)
    _fill(bind)


def _fill(bind: sa.engine.Connection) -> None:
    """The words of the interventions already on record."""
    rows = bind.execute(
        sa.text(
            "SELECT i.id, s.conference_id, coalesce(d.name, ''), coalesce(d.nameplate, ''), "
            "coalesce(p.name, ''), i.notes, i.merged_into_id "
            "FROM intervention i JOIN agenda_slot s ON s.id = i.slot_id "
            "LEFT JOIN delegation d ON d.id = i.delegation_id "
            "LEFT JOIN person p ON p.id = i.person_id"
        )
    ).all()
    tags: dict[int, list[str]] = {}
    for intervention_id, name in bind.execute(
        sa.text("SELECT intervention_id, name FROM intervention_tag ORDER BY id")
    ):
        tags.setdefault(intervention_id, []).append(name)
    words = [
        {
            "intervention_id": row[0],
            "conference_id": row[1],
            "delegation": _fold(" ".join(part for part in row[2:5] if part)),
            "tags": _fold(" ".join(tags.get(row[0], []))),
            "notes": _fold(row[5] or ""),
        }
        for row in rows
        if row[6] is None
    ]
    if words:
        bind.execute(
            sa.text(
                "INSERT INTO record_words (intervention_id, conference_id, delegation, tags, "
                "notes) VALUES (:intervention_id, :conference_id, :delegation, :tags, :notes)"
            ),
            words,
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("record_words_ai", "record_words_ad", "record_words_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS record_search")
    with op.batch_alter_table("journal", schema=None) as batch_op:
        batch_op.drop_index("ix_journal_entity")
    op.drop_table("record_words")
