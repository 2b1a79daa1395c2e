"""One speaker per slot, held by the schema: a partial unique index on the interventions
that hold the floor; a database that already has two in a slot is repaired first

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 15:00:00
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# floor_rules.holds_the_floor, as db/models.py states it for the index (one rule): the
# floor not taken back, the intervention not merged into another.
HOLDS_THE_FLOOR = "floor_taken_at IS NULL AND merged_into_id IS NULL"
REPAIRED_BY = "migration 0007"

_intervention = sa.table(
    "intervention",
    sa.column("id", sa.Integer()),
    sa.column("slot_id", sa.Integer()),
    sa.column("floor_request_id", sa.Integer()),
    sa.column("floor_given_at", db.types.UTCDateTime()),
    sa.column("floor_taken_at", db.types.UTCDateTime()),
    sa.column("merged_into_id", sa.Integer()),
)
_pause = sa.table(
    "intervention_pause",
    sa.column("intervention_id", sa.Integer()),
    sa.column("paused_at", db.types.UTCDateTime()),
    sa.column("resumed_at", db.types.UTCDateTime()),
)
_request = sa.table("floor_request", sa.column("id", sa.Integer()), sa.column("status", sa.String()))
_journal = sa.table(
    "journal",
    sa.column("recorded_at", db.types.UTCDateTime()),
    sa.column("station", sa.String()),
    sa.column("action", sa.String()),
    sa.column("entity", sa.String()),
    sa.column("entity_id", sa.Integer()),
    sa.column("details", sa.JSON()),
)


def upgrade() -> None:
    _close_all_but_the_latest(op.get_bind())
    op.create_index(
        "ix_intervention_one_speaker",
        "intervention",
        ["slot_id"],
        unique=True,
        sqlite_where=sa.text(HOLDS_THE_FLOOR),
        postgresql_where=sa.text(HOLDS_THE_FLOOR),
    )


def downgrade() -> None:
    op.drop_index("ix_intervention_one_speaker", table_name="intervention")


def _close_all_but_the_latest(bind: sa.Connection) -> None:
    """Where a slot has several interventions holding the floor (two presses at once
    before this schema), the one given the floor last keeps it (floor_rules.has_the_floor
    already showed it as the speaker); each other one is closed when the next speaker in
    the slot was given the floor, as giving the floor would have closed it. Journaled as
    a correction made afterwards ("record.taken_back"), so the record's history says so."""
    open_ = sa.and_(_intervention.c.floor_taken_at.is_(None), _intervention.c.merged_into_id.is_(None))
    crowded = (
        sa.select(_intervention.c.slot_id)
        .where(open_)
        .group_by(_intervention.c.slot_id)
        .having(sa.func.count() > 1)
    )
    now = datetime.now(UTC)
    for slot_id in bind.scalars(crowded).all():
        rows = bind.execute(
            sa.select(
                _intervention.c.id,
                _intervention.c.floor_request_id,
                _intervention.c.floor_given_at,
                _intervention.c.floor_taken_at,
            )
            .where(_intervention.c.slot_id == slot_id, _intervention.c.merged_into_id.is_(None))
            .order_by(_intervention.c.floor_given_at, _intervention.c.id)
        ).all()
        holding = [row for row in rows if row.floor_taken_at is None]
        for row in holding[:-1]:
            after = rows[rows.index(row) + 1]  # the next one given the floor in the slot
            at = max(after.floor_given_at, row.floor_given_at)
            bind.execute(
                _intervention.update().where(_intervention.c.id == row.id).values(floor_taken_at=at)
            )
            ended = sa.literal(at, db.types.UTCDateTime())
            bind.execute(
                _pause.update()
                .where(_pause.c.intervention_id == row.id, _pause.c.resumed_at.is_(None))
                .values(
                    resumed_at=sa.case((_pause.c.paused_at > ended, _pause.c.paused_at), else_=ended)
                )
            )
            if row.floor_request_id is not None:
                bind.execute(
                    _request.update()
                    .where(_request.c.id == row.floor_request_id, _request.c.status == "speaking")
                    .values(status="spoken")
                )
            bind.execute(
                _journal.insert().values(
                    recorded_at=now,
                    station=REPAIRED_BY,
                    action="record.taken_back",
                    entity="intervention",
                    entity_id=row.id,
                    details={
                        "slot_id": slot_id,
                        "at": at.isoformat(),
                        "before": None,
                        "repaired": "two interventions held the floor at once",
                    },
                )
            )
