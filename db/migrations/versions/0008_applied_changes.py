"""Exactly-once writes: the key each station gives a change, written with it, so that a
change sent again (held during an outage, retried after a lost reply) is not made twice

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 16:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applied_change",
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("station", sa.String(length=100), nullable=False),
        sa.Column("applied_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("returned", sa.JSON(), nullable=True),
        sa.Column("journal_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_applied_change")),
    )


def downgrade() -> None:
    op.drop_table("applied_change")
