"""What an import did, one row per message: the table of the import dialog.

A model, not a table of items: an mbox of a thousand messages is shown at once,
and only the rows on screen are ever drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from desktop.requests_import.outcome import ItemOutcome, Outcome

_COLOURS = {
    Outcome.QUEUED: "#166534",
    Outcome.UPDATED: "#166534",
    Outcome.ADDED: "#166534",
    Outcome.PROPOSED: "#0e7490",
    Outcome.LATE: "#92400e",
    Outcome.REVIEW: "#92400e",
    Outcome.ERROR: "#b91c1c",
    Outcome.SKIPPED: "#6b7280",
}
HEADERS = ("Message", "Outcome", "Who", "Slot", "Why")
_Index = QModelIndex | QPersistentModelIndex


def cells(outcome: ItemOutcome) -> tuple[str, str, str, str, str]:
    """The row shown for one outcome."""
    details = outcome.details
    who = details.get("delegation") or details.get("name") or details.get("sender") or ""
    return (
        outcome.origin,
        outcome.outcome.value,
        str(who),
        str(details.get("slot_title") or ""),
        outcome.reason,
    )


class OutcomesModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str, str, str]] = []
        self._brushes: list[QBrush] = []
        self._brush_of = {o: QBrush(QColor(c)) for o, c in _COLOURS.items()}
        self._default = QBrush(QColor("#111827"))

    def show(self, outcomes: Sequence[ItemOutcome]) -> None:
        self.beginResetModel()
        self._rows = [cells(o) for o in outcomes]
        self._brushes = [self._brush_of.get(o.outcome, self._default) for o in outcomes]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return self._brushes[index.row()]
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


class OutcomesView(QTableView):
    """The outcomes, columns fitted to a sample of the rows (not to every one of them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcomes = OutcomesModel(self)
        self.setModel(self.outcomes)
        self.verticalHeader().hide()
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setResizeContentsPrecision(50)  # a thousand rows would be measured one by one
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)

    def rowCount(self) -> int:
        """How many messages are listed."""
        return self.outcomes.rowCount()
