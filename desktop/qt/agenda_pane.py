"""The agenda on the left: the days of the conference and their slots."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.conference_time import day_label
from desktop.qt import agenda_editor
from desktop.qt.desk import Desk
from desktop.qt.models import AgendaModel, Roles
from desktop.qt.views import stretch, table_view


class DayFilter(QSortFilterProxyModel):
    """Shows one day of the agenda (or all of it when no day is chosen)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._day: str | None = None

    def set_day(self, day: str | None) -> None:
        self.beginFilterChange()
        self._day = day
        self.endFilterChange()

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        if self._day is None:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return bool(index.data(Roles.DAY) == self._day)


class AgendaPane(QWidget):
    slot_chosen = Signal(int)
    edit_requested = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.model = AgendaModel(desk)
        self.proxy = DayFilter(self)
        self.proxy.setSourceModel(self.model)
        self.heading = QLabel("<b>Agenda</b>")
        self.days = QComboBox()
        self.days.setAccessibleName("Conference day")
        self.view = table_view(self)
        self.view.setModel(self.proxy)
        stretch(self.view, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.days)
        layout.addWidget(self.view, 1)
        self.days.currentIndexChanged.connect(self._on_day)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.doubleClicked.connect(lambda _index: self.edit_requested.emit())
        self.model.refreshed.connect(self._after_reset)

    def _after_reset(self) -> None:
        wanted = self.days.currentData()
        self.days.blockSignals(True)
        self.days.clear()
        for number, day in enumerate(self.model.days(), start=1):
            self.days.addItem(f"Day {number}: {day_label(day)}", day.isoformat())
        index = max(0, self.days.findData(wanted)) if wanted else self._today_index()
        self.days.setCurrentIndex(index)
        self.days.blockSignals(False)
        self.proxy.set_day(self.days.currentData())
        self.select(self.desk.slot.id if self.desk.slot else None)

    def _today_index(self) -> int:
        today = self.desk.clock.now().date()
        found = self.days.findData(today.isoformat())
        return max(found, 0)

    def _on_day(self) -> None:
        self.proxy.set_day(self.days.currentData())

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        slot_id = current.data(Roles.ID) if current.isValid() else None
        if slot_id is not None and (self.desk.slot is None or self.desk.slot.id != slot_id):
            self.slot_chosen.emit(int(slot_id))

    def select(self, slot_id: int | None) -> None:
        """Show ``slot_id`` selected, switching to its day if need be."""
        if slot_id is None:
            return
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            if index.data(Roles.ID) == slot_id:
                day = index.data(Roles.DAY)
                if self.days.currentData() != day:
                    self.days.setCurrentIndex(max(0, self.days.findData(day)))
                proxy_index = self.proxy.mapFromSource(index)
                self.view.setCurrentIndex(proxy_index)
                self.view.scrollTo(proxy_index)
                return

    def selected_slot_id(self) -> int | None:
        index = self.view.currentIndex()
        value = index.data(Roles.ID) if index.isValid() else None
        if value is None and self.desk.slot is not None:
            return self.desk.slot.id
        return int(value) if value is not None else None

    def add_slot(self) -> None:
        if self.desk.conference is None:
            self.desk.problem.emit("Load or import a conference first.")
            return
        slot_id = agenda_editor.add_slot(self.desk, self.window())
        if slot_id is not None:
            self.slot_chosen.emit(slot_id)

    def edit_selected_slot(self) -> None:
        slot_id = self.selected_slot_id()
        if slot_id is not None:
            agenda_editor.edit_slot(self.desk, slot_id, self.window())

    def delete_selected_slot(self) -> None:
        slot_id = self.selected_slot_id()
        if slot_id is not None:
            agenda_editor.delete_slot(self.desk, slot_id, self.window())

    def move_selected_slot(self, minutes: int) -> None:
        slot_id = self.selected_slot_id()
        if slot_id is not None:
            agenda_editor.move_slot(self.desk, slot_id, minutes, self.window())
