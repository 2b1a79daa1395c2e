"""The list of speakers in the middle of the desk: the type-ahead line and the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QInputDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from db.meeting.vocabulary import RequestStatus
from desktop.domain.conference_time import hm
from desktop.domain.speaking_time import parse_clock
from desktop.qt.desk.item_models import Roles, SpeakersListModel, format_clock_s
from desktop.qt.desk.request_entry import RequestEntry
from desktop.qt.views import fit_columns, keep_selection_by_id, number_rows, table_view

if TYPE_CHECKING:
    from db.meeting.snapshots import FloorRequestView
    from desktop.qt.desk.desk import Desk


class SpeakersPane(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.heading = QLabel("<b>List of speakers</b>")
        self.entry = RequestEntry(desk)
        self.model = SpeakersListModel(desk)
        self.view = table_view()
        self.view.setModel(self.model)
        keep_selection_by_id(self.view, Roles.ID)
        fit_columns(self.view, [column.sample for column in self.model.columns])
        number_rows(self.view, 0)
        # The delegation is what the moderator reads first: it keeps its room, and the state
        # ("not present", "sent late"…, in full on hover) takes what is left.
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        self.view.setColumnWidth(1, 190)
        header.setSectionResizeMode(self.model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setMinimumSectionSize(36)
        # Drag a request to its new place: a move by hand, like Alt+Up/Down.
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.doubleClicked.connect(lambda _index: self.give_floor_to_selected())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.entry)
        layout.addWidget(self.view, 1)
        # A change shows in the list before the other views follow it (Desk.changes_later):
        # unless Qt painted it already, the list is painted when the later moment begins.
        self._painted_since_change = True
        self.view.viewport().installEventFilter(self)
        desk.changes.connect(self._on_changes)
        desk.showing_list.connect(self.paint_now)
        self.entry.already_waiting.connect(self.select_request)

    def _on_changes(self, _changes: object) -> None:
        self._painted_since_change = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.view.viewport():
            self._painted_since_change = True
        return super().eventFilter(watched, event)

    def paint_now(self) -> None:
        if not self._painted_since_change and self.view.isVisible():
            self.view.viewport().repaint()

    def selected_request_id(self) -> int | None:
        index = self.view.currentIndex()
        value = index.data(Roles.ID) if index.isValid() else None
        return int(value) if value is not None else None

    def give_floor_to_selected(self) -> None:
        request_id = self.selected_request_id()
        if request_id is None:
            self.desk.problem.emit("Select a request in the list of speakers first.")
            return
        self.desk.give_floor(request_id)  # refused if this list is not the live slot's

    def ask_selected_limit(self) -> None:
        request = self.selected_request()
        if request is None:
            self.desk.problem.emit("Select a request in the list of speakers first.")
            return
        text, accepted = QInputDialog.getText(
            self,
            "Speaking time",
            f"Speaking time for {request.nameplate or request.delegation} (m:ss; "
            "empty for the slot's limit):",
            text=format_clock_s(self.model.limit_of(request)),
        )
        if accepted:
            self.set_selected_limit(text)

    def set_selected_limit(self, text: str) -> None:
        """Set the selected request's speaking time from what the moderator typed."""
        request = self.selected_request()
        if request is None:
            return
        seconds = parse_clock(text) if text.strip() else None
        if text.strip() and seconds is None:
            self.desk.problem.emit(f"'{text}' is not a speaking time; type it as m:ss, e.g. 2:30.")
            return
        self.desk.set_request_limit(request.id, seconds)

    def selected_request(self) -> FloorRequestView | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def move_selected(self, step: int) -> None:
        request_id = self.selected_request_id()
        if request_id is None:
            return
        row = self.view.currentIndex().row()
        self.desk.move_request(request_id, row + step, seen_index=row)
        self.select_request(request_id)

    def toggle_selected_absent(self) -> None:
        request = self.selected_request()
        if request is None:
            self.desk.problem.emit("Select a request in the list of speakers first.")
            return
        self.desk.toggle_absent(request.id)

    def decide_selected_late(self, accept: bool) -> None:
        request = self.selected_request()
        if request is None or request.status is not RequestStatus.LATE:
            self.desk.problem.emit("Select a request that was sent late first.")
            return
        self.desk.decide_late(request.id, accept)

    def release_selected(self) -> None:
        request = self.selected_request()
        if request is None or not request.pinned:
            self.desk.problem.emit("Select a request that was moved by hand first.")
            return
        self.desk.release_request(request.id)

    def withdraw_selected(self) -> None:
        request = self.selected_request()
        if request is not None:  # as the list shows it: changed elsewhere since, it stays
            self.desk.withdraw_request(request.id, seen=request.status)

    def select_request(self, request_id: int) -> None:
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(Roles.ID) == request_id:
                self.view.setCurrentIndex(index)
                return
        self.view.setCurrentIndex(QModelIndex())

    def show_list_state(self) -> None:
        slot = self.desk.slot
        text = "<b>List of speakers</b>"
        if slot is not None and slot.list_closed_at is not None:
            text += (
                f" — <span style='color:#b91c1c'>closed at "
                f"{hm(slot.list_closed_at, self.desk.zone)}</span>"
            )
        if self.heading.text() != text:
            self.heading.setText(text)
