"""A station's undo history, kept in the database so that undo and redo survive a restart;
and the one command by which the desk changes anything.

Each step is data: what to do and what undoes it (see db/steps.py), for one conference.
``carry_out`` makes the change and writes its undo step in one transaction, as one
command of the store's guard whose arguments are data (db/guard.py): the change, its
journal entries and its undo step are written together or not at all, and made again
together on another copy of the database (db/storage_fallback.py). ``undo`` and
``redo`` do the same for a saved step.

Undone steps stay until a new step replaces them, as in any editor; a step whose undo
or redo was refused, since another station changed what it changes, is dropped. The
history is the station's own working state, not part of the record: it is not
journaled and other stations do not see it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, delete, func, insert, select, true, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from db.guard import StoreCommand
from db.models import UndoStep
from db.prepared import Prepared
from db.steps import SavedStep, Step, Store, perform

if TYPE_CHECKING:
    from db.transactions import Transactions

KEEP = 200  # steps kept per station

# Run by the driver (db/prepared.py): a step is recorded at every change of the list,
# in the change's own transaction.
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
class Carried:
    """A step carried out: its number in the history (None: not kept), the steps that
    now make and undo it (undo None: it cannot be undone), the id of the row it made."""

    sequence: int | None
    redo: Step
    undo: Step | None
    made: int | None = None


class UndoHistory:
    def __init__(self, store: Transactions, *, groups: Store) -> None:
        self._store = store
        self._groups = groups  # what the steps change: the store's groups (db/steps.py)

    # -- the desk's changes ------------------------------------------------------------

    def carry_out(
        self,
        conference_id: int | None,
        label: str,
        redo: Step,
        undo: Step | None,
        at: datetime,
    ) -> Carried:
        """Make the change ``redo`` describes and keep it as a new step of the history
        with the step that undoes it, in one transaction. ``undo``: the step the desk
        worked out, unless carrying out ``redo`` decides it (db/steps.py); when there is
        none, the change cannot be undone and no step is kept. Nor is one without a
        conference (the history is kept by conference)."""
        with self._store.transaction() as session:
            done = perform(self._groups, redo, at)
            undo = done.undo or undo
            sequence = None
            if conference_id is not None and undo is not None:
                sequence = self._add(session.connection(), conference_id, label, done.step, undo)
            elif conference_id is not None:
                # A change nothing undoes ends the branch of undone steps, as a new step does.
                _DROP_UNDONE.run(session.connection(), station=self._store.station)
            return Carried(sequence, done.step, undo, done.made)

    def undo(self, sequence: int | None, redo: Step, undo: Step, at: datetime) -> Carried:
        """Undo a step: carry out ``undo`` and mark the step undone, in one transaction."""
        return self._turn(sequence, redo, undo, undone=True, at=at)

    def redo(self, sequence: int | None, redo: Step, undo: Step, at: datetime) -> Carried:
        """Make an undone step again, and mark it done, in one transaction."""
        return self._turn(sequence, redo, undo, undone=False, at=at)

    def _turn(
        self, sequence: int | None, redo: Step, undo: Step, *, undone: bool, at: datetime
    ) -> Carried:
        with self._store.transaction():
            done = perform(self._groups, undo if undone else redo, at)
            # What undoes what was just done is the step on the other side, as it now is.
            if undone:
                redo, undo = done.undo or redo, done.step
            else:
                redo, undo = done.step, done.undo or undo
            if sequence is not None:
                self.update(sequence, undone=undone, redo=redo, undo=undo)
            return Carried(sequence, redo, undo, done.made)

    def relabel(self, sequence: int, label: str) -> None:
        """Another name for a step (who got the floor, known once it was given)."""
        with self._store.transaction() as session:
            row = self._row(session, sequence)
            if row is not None:
                row.label = label[:300]

    # -- the saved steps -----------------------------------------------------------------

    def adopt(self, previous: str) -> int:
        """Take over the steps kept under the station's former name (before stations had
        ids, the host name), unless this station has steps of its own; returns how many."""
        station = self._store.station
        if previous == station:
            return 0
        with self._store.transaction() as session:
            if session.scalar(select(func.count()).where(UndoStep.station == station)):
                return 0
            moved = session.execute(
                update(UndoStep).where(UndoStep.station == previous).values(station=station)
            )
            return int(moved.rowcount or 0)  # type: ignore[attr-defined]

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
        """A step for a change made apart: only for the changes an earlier Floordesk held
        in its recovery file (db/storage_fallback.py), where the change and its step were
        two commands. Every change now is ``carry_out``'s, one transaction."""
        with self._store.transaction() as session:
            return self._add(session.connection(), conference_id, label, redo, undo)

    def _add(
        self,
        db: Connection,
        conference_id: int,
        label: str,
        redo: dict[str, Any],
        undo: dict[str, Any],
    ) -> int:
        station = self._store.station
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
            row = self._row(session, sequence)
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

    def drop(self, sequence: int) -> None:
        """A step that no longer applies (its undo or redo refused: another station
        changed what it changes) leaves the history, so that no restart offers it again."""
        with self._store.transaction() as session:
            session.execute(
                delete(UndoStep).where(
                    UndoStep.station == self._store.station, UndoStep.sequence == sequence
                )
            )

    def _row(self, session: Session, sequence: int) -> UndoStep | None:
        return session.scalars(
            select(UndoStep).where(
                UndoStep.station == self._store.station, UndoStep.sequence == sequence
            )
        ).first()


def step_carried_out(command: StoreCommand) -> Step | None:
    """The step a command of the history carries out (None: the command is not one of
    them): for the store's guard, which decides on the step's subject (a floor step is
    the floor's, db/storage_fallback.py)."""
    if command.group != "history":
        return None
    arguments = _ARGUMENTS.get(command.method)
    if arguments is None:
        return None
    position, name = arguments
    if name in command.kwargs:
        value = command.kwargs[name]
    elif len(command.args) > position:
        value = command.args[position]
    else:
        return None
    return value if isinstance(value, dict) else None


# Which argument of each of the history's commands is the step it carries out (by
# position, and by name): carry_out and redo make ``redo``, undo makes ``undo``.
_ARGUMENTS = {"carry_out": (2, "redo"), "redo": (1, "redo"), "undo": (2, "undo")}
