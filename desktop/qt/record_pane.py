"""The record on the right: every intervention of the slot, and the rapporteur's notes."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer
from PySide6.QtWidgets import QHeaderView, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from db.views import InterventionView
from desktop.domain.conference_time import hms
from desktop.qt.desk import Desk
from desktop.qt.models import RecordModel
from desktop.qt.views import fit_columns, table_view

SAVE_AFTER_MS = 600
DETAIL_COLUMNS = (4, 5, 6)  # kind, channel, taken back


class RecordPane(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.model = RecordModel(desk)
        self.heading = QLabel("<b>Record of the slot</b>")
        self.view = table_view(self)
        self.view.setModel(self.model)
        fit_columns(self.view, [column.sample for column in self.model.columns])
        # The delegation keeps its room; the last column shown takes the rest.
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(1, 120)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #374151;")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(
            "Notes on the substance of the selected intervention — saved as you type."
        )
        self.notes.setAccessibleName("Rapporteur's notes")
        self.notes_heading = QLabel("<b>Notes</b>")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes_heading)
        layout.addWidget(self.notes, 2)

        self._shown_id: int | None = None
        self._dirty = False
        self._follow_live = True
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_AFTER_MS)
        self._save_timer.timeout.connect(self.save_notes)
        self.notes.textChanged.connect(self._on_typing)
        self.model.about_to_refresh.connect(self.save_notes)
        self.model.refreshed.connect(self._reselect)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self._show(None)

    def set_role(self, role: str) -> None:
        """The rapporteur writes notes and sees every column; the moderator glances."""
        visible = role == "rapporteur"
        for column in DETAIL_COLUMNS:
            self.view.setColumnHidden(column, not visible)
        self.notes.setVisible(visible)
        self.notes_heading.setVisible(visible)
        self.summary.setVisible(visible)

    def _reselect(self) -> None:
        wanted = self._shown_id
        if self._follow_live and self.desk.current is not None:
            wanted = self.desk.current.id
        row = self.model.row_of(wanted)
        if row is not None:
            index = self.model.index(row, 0)
            if self.view.currentIndex() != index:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
            self._show(self.model.row_at(row), keep_text=True)
            return
        if self.model.rowCount():
            self.view.scrollToBottom()
        self._show(None)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is not None and row.id == self._shown_id:
            return
        # Selecting the live intervention (or nothing) follows the session; an older one stays.
        self._follow_live = row is None or row.is_current
        self.save_notes()
        self._show(row)

    def _show(self, intervention: InterventionView | None, *, keep_text: bool = False) -> None:
        same = intervention is not None and intervention.id == self._shown_id
        self._shown_id = intervention.id if intervention else None
        self.notes.setEnabled(intervention is not None)
        if intervention is None:
            self.summary.setText("Select an intervention to read or write its notes.")
            self.notes.blockSignals(True)
            self.notes.setPlainText("")
            self.notes.blockSignals(False)
            return
        zone = self.desk.zone
        who = intervention.delegation
        if intervention.speaker:
            who += f" — {intervention.speaker}"
        ended = (
            f"until {hms(intervention.floor_taken_at, zone)}"
            if intervention.floor_taken_at
            else "speaking now"
        )
        self.summary.setText(
            f"<b>{who}</b><br>{intervention.kind.label} · {intervention.channel.label} · "
            f"from {hms(intervention.floor_given_at, zone)} {ended}"
        )
        if not (same and keep_text):
            self.notes.blockSignals(True)
            self.notes.setPlainText(intervention.notes)
            self.notes.blockSignals(False)

    def _on_typing(self) -> None:
        self._dirty = True
        self._save_timer.start()

    def save_notes(self) -> None:
        """Write the notes now if any are pending (also called on leaving and at quit)."""
        self._save_timer.stop()
        if not self._dirty or self._shown_id is None:
            return
        self._dirty = False
        self.desk.save_notes(self._shown_id, self.notes.toPlainText())
