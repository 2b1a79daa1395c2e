"""The search over the conference's record: words of the notes, a delegation, a tag.

Results are asked of the store shortly after the typing stops, and a click (or
Return) on one jumps to that intervention, in whatever slot it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QLabel, QLineEdit, QListView, QVBoxLayout, QWidget

from desktop.domain.conference_time import hm

if TYPE_CHECKING:
    from db.record.search import SearchHit
    from desktop.qt.desk.desk import Desk

SEARCH_AFTER_MS = 150
Index = QModelIndex | QPersistentModelIndex


class SearchResultsModel(QAbstractListModel):
    """The hits of the last search, best first."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.desk = desk
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hit_at(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._hits)):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            tags = f"  [{', '.join(hit.tags)}]" if hit.tags else ""
            where = f"{hm(hit.floor_given_at, self.desk.zone)} {hit.slot_title}"
            text = f"{hit.delegation or 'no delegation'} — {where}{tags}"
            return f"{text}\n    {hit.snippet}" if hit.snippet else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return hit.snippet
        return None


class RecordSearchBox(QWidget):
    """A search field and its results; ``chosen`` carries (slot id, intervention id)."""

    chosen = Signal(int, int)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.field = QLineEdit()
        self.field.setPlaceholderText("Search the record: words of the notes, a delegation, a tag")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search the record")
        self.results = SearchResultsModel(desk)
        self.view = QListView()
        self.view.setModel(self.results)
        self.view.setAlternatingRowColors(True)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.hide()
        self.count = QLabel()
        self.count.setStyleSheet("color: #6b7280;")
        self.count.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.field)
        layout.addWidget(self.count)
        layout.addWidget(self.view)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_AFTER_MS)
        self.timer.timeout.connect(self.search)
        self.field.textChanged.connect(lambda _text: self.timer.start())
        self.field.returnPressed.connect(self._first)
        self.view.activated.connect(self._activated)
        self.view.clicked.connect(self._activated)

    def search(self) -> None:
        self.timer.stop()
        words = self.field.text().strip()
        conference = self.desk.conference
        hits = (
            self.desk.store.record.search(conference.id, words)
            if words and conference is not None
            else []
        )
        self.results.set_hits(hits)
        # As tall as three hits at most; scroll for more.
        shown = min(max(len(hits), 1), 3)
        row = self.view.sizeHintForRow(0) if hits else self.view.fontMetrics().height() * 2
        self.view.setFixedHeight(shown * row + 2 * self.view.frameWidth() + 2)
        self.view.setVisible(bool(words) and bool(hits))
        self.count.setVisible(bool(words))
        self.count.setText(
            "Nothing found."
            if not hits
            else f"{len(hits)} found" + (" (the first 50)" if len(hits) == 50 else "")
        )

    def _first(self) -> None:
        self.search()
        if self.results.rowCount():
            self._activated(self.results.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            hit = self.results.hit_at(index.row())
            self.chosen.emit(hit.slot_id, hit.intervention_id)
