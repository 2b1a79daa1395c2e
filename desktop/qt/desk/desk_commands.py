"""The desk's entries on the undo stack: a change as data (a step, kept in the station's
undo history across restarts) or, for the agenda's edits still, an action already carried
out whose redo and undo call the store again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoCommand

from db.errors import FloorConflict, UnknownRecord
from db.steps import Step, perform
from db.store import Store
from db.undo_history import UndoHistory


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


USER_FAILURES = (FloorConflict, UnknownRecord)


def _lowered(text: str) -> str:
    """'Give the floor to Austria' → 'give the floor to Austria' (names keep their case)."""
    return text[:1].lower() + text[1:]


class DoneCommand(QUndoCommand):
    """An action already carried out; redo and undo call the store again."""

    def __init__(
        self,
        text: str,
        redo: Callable[[], object],
        undo: Callable[[], object],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._report = report
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._guarded(self._redo)

    def undo(self) -> None:
        self._guarded(self._undo)

    def _guarded(self, action: Callable[[], object]) -> None:
        try:
            action()
        except USER_FAILURES as error:
            self._report(f"Cannot {_lowered(self.text())}: {error}")
            self.setObsolete(True)


class StepCommand(QUndoCommand):
    """A change as data (see undo_steps): redone and undone through the store, its state
    saved in the station's undo history."""

    def __init__(
        self, desk: StepsDesk, text: str, redo: Step, undo: Step, sequence: int | None
    ) -> None:
        super().__init__(text)
        self._desk = desk
        self.redo_step = redo
        self.undo_step = undo
        self._sequence = sequence
        self._first = True  # pushed after it was carried out (or restored): nothing to do

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
        try:
            replaced = perform(
                desk.store, self.undo_step if undone else self.redo_step, desk.clock.now()
            )
        except USER_FAILURES as error:
            desk.problem.emit(f"Cannot {_lowered(self.text())}: {error}")
            self.setObsolete(True)
            return
        if replaced is not None:
            if undone:
                self.redo_step = replaced
            else:
                self.undo_step = replaced
        if self._sequence is not None:
            desk.history.update(
                self._sequence, undone=undone, redo=self.redo_step, undo=self.undo_step
            )
