"""A station's undo history, kept in the database so that undo and redo survive a restart.

Each step is data: what to do and what undoes it (see db/steps.py),
for one conference. Undone steps stay until a new step replaces them, as in any
editor. This is the station's own working state, not part of the record: it is
not journaled and other stations do not see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, func, insert, select, true

from db.models import UndoStep
from db.prepared import Prepared

if TYPE_CHECKING:
    from db.transactions import Transactions

KEEP = 200  # steps kept per station

# Run by the driver (db/prepared.py): a step is recorded at every change of the list,
# in its own transaction just after the change's.
_DROP_UNDONE = Prepared(
    delete(UndoStep).where(UndoStep.station == bindparam("station"), UndoStep.undone == true())
)
_LAST = Prepared(
    select(func.max(UndoStep.sequence)).where(UndoStep.station == bindparam("station"))
)
_ADD = Prepared(insert(UndoStep))
_DROP_OLDEST = Prepared(
    delete(UndoStep).where(
        UndoStep.station == bindparam("station"), UndoStep.sequence <= bindparam("oldest")
    )
)


@dataclass(frozen=True)
class SavedStep:
    sequence: int
    label: str
    redo: dict[str, Any]
    undo: dict[str, Any]
    undone: bool


class UndoHistory:
    def __init__(self, store: Transactions) -> None:
        self._store = store

    def steps(self, conference_id: int) -> list[SavedStep]:
        """This station's steps for the conference, oldest first."""
        with self._store.reading() as session:
            rows = session.scalars(
                select(UndoStep)
                .where(UndoStep.station == self._store.station)
                .order_by(UndoStep.sequence)
            )
            return [
                SavedStep(
                    row.sequence, row.label, row.command["redo"], row.command["undo"], row.undone
                )
                for row in rows
                if row.command.get("conference_id") == conference_id
            ]

    def record(
        self, conference_id: int, label: str, redo: dict[str, Any], undo: dict[str, Any]
    ) -> int:
        """A new step: the undone ones are dropped (their branch is gone); returns its number."""
        station = self._store.station
        with self._store.transaction() as session:
            db = session.connection()
            _DROP_UNDONE.run(db, station=station)
            sequence = (_LAST.scalar(db, station=station) or 0) + 1
            _ADD.run(
                db,
                station=station,
                sequence=sequence,
                label=label[:300],
                command={"conference_id": conference_id, "redo": redo, "undo": undo},
                undone=False,
                recorded_at=datetime.now(UTC),
            )
            if sequence > KEEP:
                _DROP_OLDEST.run(db, station=station, oldest=sequence - KEEP)
            return sequence

    def update(
        self,
        sequence: int,
        *,
        undone: bool,
        redo: dict[str, Any] | None = None,
        undo: dict[str, Any] | None = None,
    ) -> None:
        with self._store.transaction() as session:
            row = session.scalars(
                select(UndoStep).where(
                    UndoStep.station == self._store.station, UndoStep.sequence == sequence
                )
            ).first()
            if row is None:
                return
            row.undone = undone
            if redo is not None or undo is not None:
                command = dict(row.command)
                if redo is not None:
                    command["redo"] = redo
                if undo is not None:
                    command["undo"] = undo
                row.command = command
