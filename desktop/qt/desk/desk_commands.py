"""The desk's entries on the undo stack: each a change as data (a step, db/steps.py), kept
in the station's undo history across restarts; undone and redone through the history,
each time in one transaction with its saved state."""

from __future__ import annotations

import logging
import weakref
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoCommand

from db.errors import ChangeHeld, ChangeRefused, FloorConflict, InvalidSlot, UnknownRecord
from desktop.domain.roles import Area, step_areas

if TYPE_CHECKING:
    from db.steps import Step
    from db.store import Store
    from db.undo_history import UndoHistory

log = logging.getLogger(__name__)


class Clock(Protocol):
    def now(self) -> datetime: ...


class StepsDesk(Protocol):
    """What a step on the undo stack needs of the desk (desk.py; declared here so that
    this module does not import the desk)."""

    store: Store
    history: UndoHistory
    replaying: bool

    @property
    def clock(self) -> Clock: ...

    @property
    def problem(self) -> SignalInstance: ...

    def see_again(self) -> None: ...


# What a user can cause: refused by the store, a record gone meanwhile, a slot that
# cannot be (ends before it starts).
USER_FAILURES = (FloorConflict, UnknownRecord, InvalidSlot)
# Said on the stack after the name of a change that cannot be undone.
NOT_UNDOABLE = " (cannot be undone)"


def _lowered(text: str) -> str:
    """'Give the floor to Austria' → 'give the floor to Austria' (names keep their case)."""
    return text[:1].lower() + text[1:]


class StepCommand(QUndoCommand):
    """A change as data (see db/steps.py): redone and undone through the undo history,
    which saves its state in the same transaction. One without an undo step cannot be
    undone: Ctrl+Z says so and goes past it."""

    def __init__(
        self, desk: StepsDesk, text: str, redo: Step, undo: Step | None, sequence: int | None
    ) -> None:
        super().__init__(text)
        # Held weakly: the desk owns its undo stack, and a command holding the desk would
        # make a cycle through Qt that the garbage collector must break (shiboken has
        # crashed doing so on a desk dropped with commands on its stack).
        self._desk_ref = weakref.ref(desk)
        self.redo_step = redo
        self.undo_step = undo
        self._sequence = sequence
        self._first = True  # pushed after it was carried out (or restored): nothing to do

    @property
    def areas(self) -> tuple[Area, ...]:
        """What undoing or redoing it changes (desktop/domain/roles.py)."""
        return step_areas(self.redo_step)

    @property
    def _desk(self) -> StepsDesk:
        desk = self._desk_ref()
        if desk is None:
            raise ReferenceError("the desk of this undo command is gone")
        return desk

    def redo(self) -> None:
        if self._first or self._desk.replaying:
            self._first = False
            return
        self._run(undone=False)

    def undo(self) -> None:
        if self._desk.replaying:
            return
        self._run(undone=True)

    def _run(self, *, undone: bool) -> None:
        desk = self._desk
        if self.undo_step is None:
            name = self.text().removesuffix(NOT_UNDOABLE)
            desk.problem.emit(f"“{name}” cannot be undone; undo goes on with the change before.")
            self.setObsolete(True)
            return
        turn = desk.history.undo if undone else desk.history.redo
        try:
            carried = turn(self._sequence, self.redo_step, self.undo_step, desk.clock.now())
        except USER_FAILURES as error:
            # Another station changed what the step would change: it stays as it is.
            desk.problem.emit(f"Cannot {'undo' if undone else 'redo'} “{self.text()}”: {error}")
            self.setObsolete(True)
            if not isinstance(error, ChangeHeld | ChangeRefused):  # not the storage's failing
                self._drop_saved_step()
            desk.see_again()
            return
        self.redo_step, self.undo_step = carried.redo, carried.undo

    def _drop_saved_step(self) -> None:
        """Gone from the stack, and from the saved history too: a restart does not offer
        it again."""
        if self._sequence is None:
            return
        from sqlalchemy.exc import SQLAlchemyError  # loaded with the store

        try:
            self._desk.history.drop(self._sequence)
        except SQLAlchemyError as error:  # the database away now: offered again, refused again
            log.info("cannot drop the refused step %s: %s", self._sequence, error)
