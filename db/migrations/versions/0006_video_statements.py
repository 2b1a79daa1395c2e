"""Video statements and lost audio: the video file and its length on a request, the
file's name on the intervention that played it, and why a pause was made (the audio
lost, a gap the record names)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 13:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = (
    ("floor_request", "video_path", sa.String(length=1024)),
    ("floor_request", "video_duration_ms", sa.Integer()),
    ("intervention", "video_file", sa.String(length=255)),
    ("intervention_pause", "reason", sa.String(length=16)),
)


def upgrade() -> None:
    for table, name, kind in _COLUMNS:
        op.add_column(table, sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    for table, name, _kind in reversed(_COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(name)
