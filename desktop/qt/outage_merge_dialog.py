"""When the server answers again: what was done here during the outage, and what the other
stations did meanwhile in the same slots — the moderator decides what is written.

Nothing is written before the moderator says so. Each change made on the station's copy
is listed with its time, ticked; a change of the floor in a slot whose floor another
station changed meanwhile is a conflict, said on its row and unticked. "Write the ticked
ones" writes them in their order with the times they were made (the floor given at
10:41:03 stays given at 10:41:03) and their keys (never twice); those that no longer
apply are refused, one sentence each, said after. The unticked ones, or all with "Set
them aside", are kept in a file with a readable list beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.local_ids import Made
from db.outage_merge import ChangedElsewhere, in_conflict
from desktop.domain.conference_time import hms
from desktop.kept_changes import describe, entry_in_words
from desktop.qt.kept_changes_dialog import write_or_set_aside

if TYPE_CHECKING:
    from db.guard import StoreCommand
    from desktop.qt.desk.desk import Desk
    from desktop.qt.storage_guard import StorageGuard

CONFLICT = "Another station changed the floor of this slot meanwhile"


class OutageMergeDialog(QDialog):
    def __init__(
        self,
        guard: StorageGuard,
        desk: Desk,
        elsewhere: list[ChangedElsewhere],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.guard, self.desk = guard, desk
        self.setWindowTitle("The server answers again")
        self.held: list[StoreCommand] = []
        self.rows: list[int] = []  # the held changes shown, one row each (by number)
        self._row_of: list[int] = []  # each held change's row (its parts follow their row)
        self.conflicts: list[bool] = []
        self._elsewhere = elsewhere
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["When", "Made here", "Note"])
        self.follow_held()
        self.table = _table(self.model, stretch=1)
        slots = {Made(*entry).slot_id for command in self.held for entry in command.made_here} - {
            None
        }
        shown = [c for c in elsewhere if not slots or c.made.slot_id in slots or not c.made.slot_id]
        zone = desk.zone
        self.elsewhere = QStandardItemModel(0, 3, self)
        self.elsewhere.setHorizontalHeaderLabels(["When", "Station", "Changed meanwhile"])
        for other in shown:
            row = [
                QStandardItem(hms(other.recorded_at, zone)),
                QStandardItem(other.station),
                QStandardItem(entry_in_words(other.made.action)),
            ]
            for item in row:
                item.setEditable(False)
            self.elsewhere.appendRow(row)
        self.elsewhere_table = _table(self.elsewhere, stretch=2)
        others = QLabel(
            "What the other stations changed meanwhile in these slots:"
            if shown
            else "The other stations changed nothing in these slots meanwhile."
        )
        buttons, self.write_button, self.aside_button = write_or_set_aside(
            ("Write the ticked ones with their times", self.write),
            ("Set them all aside", self.set_all_aside),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 2)
        layout.addWidget(others)
        layout.addWidget(self.elsewhere_table, 1)
        layout.addWidget(buttons)
        self.resize(820, 480)
        self.outcome = ""

    def follow_held(self, _sentence: str = "") -> None:
        """Rows for the changes held since the dialog was last filled: the desk goes on on
        its copy while the moderator reads this, and what is made meanwhile is listed too
        (its conflicts said as for the others)."""
        fresh = self.guard.fallback.held[len(self.held) :]
        if not fresh:
            return
        first = len(self.held)
        self.held.extend(fresh)
        names = self._delegation_names()
        changes = [describe(command, names) for command in fresh]
        clashes = in_conflict(fresh, self._elsewhere)
        zone = self.desk.zone
        for offset, (command, change) in enumerate(zip(fresh, changes, strict=True)):
            if not change.shown and self.rows:
                self._row_of.append(len(self.rows) - 1)
                continue
            conflict = clashes[offset]
            self.rows.append(first + offset)
            self._row_of.append(len(self.rows) - 1)
            self.conflicts.append(conflict)
            label = command.args[1] if command.method == "carry_out" and command.args else ""
            what = label if isinstance(label, str) and label else change.what
            when = QStandardItem(hms(change.when, zone) if change.when else "—")
            when.setCheckable(True)
            when.setCheckState(Qt.CheckState.Unchecked if conflict else Qt.CheckState.Checked)
            row = [when, QStandardItem(what), QStandardItem(CONFLICT if conflict else "")]
            for item in row:
                item.setEditable(False)
            self.model.appendRow(row)
        self._say_what()

    def _say_what(self) -> None:
        since = self.guard.fallback.local_since
        count = len(self.rows)
        made = "1 change was" if count == 1 else f"{count} changes were"
        self.intro.setText(
            f"{made.capitalize()} made at this station on its own copy"
            + (f" since {hms(since, self.desk.zone)}" if since else "")
            + ". Nothing is written yet, and the desk goes on on its copy until you decide. "
            "The ticked ones are written with the times they were made; the others are set "
            "aside in a file, nothing is lost."
            + (
                f" {sum(self.conflicts)} meet what another station did meanwhile: unticked, "
                "yours to decide."
                if any(self.conflicts)
                else ""
            )
        )

    def ticked(self) -> list[bool]:
        return [
            self.model.item(row, 0).checkState() == Qt.CheckState.Checked
            for row in range(self.model.rowCount())
        ]

    def tick(self, row: int, on: bool = True) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.model.item(row, 0).setCheckState(state)

    def write(self) -> None:
        self._decide(self.ticked())

    def set_all_aside(self) -> None:
        self._decide([False] * len(self.rows))

    def reject(self) -> None:
        """Escape (or the window's close button) decides nothing, and the question stays:
        one of the two buttons says what becomes of the changes."""

    def _decide(self, rows_ticked: list[bool]) -> None:
        self.follow_held()  # anything held since the last row was added
        ticked = [bool(rows_ticked) and rows_ticked[row] for row in self._row_of]
        chosen = [c for c, on in zip(self.held, ticked, strict=True) if on]
        aside = [c for c, on in zip(self.held, ticked, strict=True) if not on]
        written, path = self.guard.merge(chosen, aside, self._delegation_names())
        dropped = self.guard.fallback.dropped if written else []
        done = sum(1 for on in rows_ticked if on) - len(dropped)
        parts = [
            "1 change made during the outage was written with its time."
            if done == 1
            else f"{done} changes made during the outage were written with their times."
        ]
        if path is not None:
            parts.append(f"{rows_ticked.count(False)} set aside in {path}.")
        parts.extend(f"Not written, it no longer applied: {sentence}" for sentence in dropped)
        if not written:
            parts = [self.guard.local_sentence()]
        self.outcome = " ".join(parts)
        self.desk.problem.emit(self.outcome)
        self.accept()

    def _delegation_names(self) -> Callable[[int], str | None]:
        names = {d.id: d.name for d in self.desk.store.delegations.all()}
        return names.get


def _table(model: QStandardItemModel, stretch: int) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    for column in range(model.columnCount()):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    table.setSelectionMode(QTableView.SelectionMode.NoSelection)
    return table
