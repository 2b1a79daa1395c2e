"""Alembic environment: always driven from Floordesk with a connection in hand."""

from __future__ import annotations

from alembic import context

from db.migrate import include_name
from db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("Run migrations through 'floordesk db upgrade'.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # lets SQLite alter tables the same way as PostgreSQL
    compare_type=True,
    include_name=include_name,  # the search's FTS5 table and GIN index
)
with context.begin_transaction():
    context.run_migrations()
