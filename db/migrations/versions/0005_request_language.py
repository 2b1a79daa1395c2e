"""The language a request for the floor was written in (for the interpreters' booths),
on the request and on the chat proposal and review item it may come from

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TABLES = ("floor_request", "chat_proposal", "review_item")


def upgrade() -> None:
    for table in _TABLES:
        op.add_column(table, sa.Column("language", sa.String(length=2), nullable=True))


def downgrade() -> None:
    for table in reversed(_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("language")
