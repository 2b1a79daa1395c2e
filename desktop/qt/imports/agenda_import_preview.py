"""The import dialog's preview: the slots found in a file, before they are imported."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.qt.palette import SLOT_KIND_COLOURS

if TYPE_CHECKING:
    from desktop.agenda_import.model import AgendaImport, ImportedSlot

Index = QModelIndex | QPersistentModelIndex

_COLUMNS: tuple[tuple[str, Callable[[ImportedSlot], str]], ...] = (
    ("Day", lambda s: f"{s.day:%a} {s.day.isoformat()}"),
    ("Time", lambda s: f"{s.start:%H:%M}–{s.end:%H:%M}"),
    ("Kind", lambda s: s.kind.label),
    ("Title", lambda s: s.title),
    ("Moderator", lambda s: s.moderator or ""),
    ("Panellists", lambda s: "; ".join(s.panellists)),
    ("Topics", lambda s: "; ".join(s.topics)),
    ("Line", lambda s: "" if s.line is None else str(s.line)),
)
TITLE_COLUMN = 3
PEOPLE_AND_TOPICS_COLUMNS = (4, 5, 6)


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._slots: tuple[ImportedSlot, ...] = ()

    def set_agenda(self, agenda: AgendaImport | None) -> None:
        self.beginResetModel()
        self._slots = agenda.slots if agenda is not None else ()
        self.endResetModel()

    def slot_at(self, row: int) -> ImportedSlot:
        return self._slots[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._slots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_COLUMNS)
        ):
            return _COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._slots):
            return None
        if not 0 <= index.column() < len(_COLUMNS):
            return None
        slot = self._slots[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[index.column()][1](slot)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == TITLE_COLUMN:
            return slot.description or None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in PEOPLE_AND_TOPICS_COLUMNS:
            return "\n".join(_COLUMNS[index.column()][1](slot).split("; ")) or None
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 2:
            return QColor(SLOT_KIND_COLOURS[slot.kind])
        return None
