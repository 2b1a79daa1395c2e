"""Indexes for giving the floor: the list of speakers in its order, the open
intervention of a slot, a station's undone steps

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:40:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The two slot_id indexes are the first columns of the new ones.
    op.drop_index("ix_floor_request_slot_id", table_name="floor_request")
    op.create_index(
        "ix_floor_request_list",
        "floor_request",
        ["slot_id", "status", "position", "received_at", "id"],
    )
    op.drop_index("ix_intervention_slot_id", table_name="intervention")
    op.create_index("ix_intervention_open", "intervention", ["slot_id", "floor_taken_at"])
    op.create_index("ix_undo_step_undone", "undo_step", ["station", "undone"])


def downgrade() -> None:
    op.drop_index("ix_undo_step_undone", table_name="undo_step")
    op.drop_index("ix_intervention_open", table_name="intervention")
    op.create_index("ix_intervention_slot_id", "intervention", ["slot_id"])
    op.drop_index("ix_floor_request_list", table_name="floor_request")
    op.create_index("ix_floor_request_slot_id", "floor_request", ["slot_id"])
