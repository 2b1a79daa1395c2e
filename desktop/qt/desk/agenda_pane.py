"""The agenda on the left: the days of the conference and their slots."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.conference_time import day_label
from desktop.qt.desk.item_models import AgendaModel, Roles
from desktop.qt.views import cell_width, stretch, table_view, widest_clock_text

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk

TIME_COLUMN = 0
TITLE_CHARACTERS = 14  # at least this much of a title beside the times, the rest elided
ONE_LINE_ROW = 26


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
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        stretch(self.view, 1)
        fit_times(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.days)
        layout.addWidget(self.view, 1)
        self.days.currentIndexChanged.connect(self._on_day)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.view.doubleClicked.connect(lambda _index: self.edit_requested.emit())
        self.model.refreshed.connect(self._after_reset)
        self.view.viewport().installEventFilter(self)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            fit_times(self.view)
            self._fit_rows()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_rows()
        return super().eventFilter(watched, event)

    def _fit_rows(self) -> None:
        """Titles on two lines when the day's slots all fit so, on one line otherwise: the
        whole day stays in view on a small screen."""
        bold = QFont(self.view.font())
        bold.setBold(True)
        two_lines = 2 * QFontMetrics(bold).lineSpacing() + 8
        rows = self.proxy.rowCount()
        room = self.view.viewport().height()
        height = two_lines if rows and rows * two_lines <= room else ONE_LINE_ROW
        header = self.view.verticalHeader()
        if header.defaultSectionSize() != height:
            self.view.setWordWrap(height == two_lines)
            header.setDefaultSectionSize(height)

    def _after_reset(self) -> None:
        wanted = self.days.currentData()
        self.days.blockSignals(True)
        self.days.clear()
        for number, day in enumerate(self.model.days(), start=1):
            # Short enough for the narrowest agenda; the whole date in the tooltip.
            self.days.addItem(f"Day {number}: {day:%a} {day.day} {day:%B}", day.isoformat())
            self.days.setItemData(number - 1, day_label(day), Qt.ItemDataRole.ToolTipRole)
        index = max(0, self.days.findData(wanted)) if wanted else self._today_index()
        self.days.setCurrentIndex(index)
        self.days.blockSignals(False)
        self._on_day()
        self.select(self.desk.slot.id if self.desk.slot else None)

    def _today_index(self) -> int:
        today = self.desk.clock.now().date()
        found = self.days.findData(today.isoformat())
        return max(found, 0)

    def _on_day(self) -> None:
        self.proxy.set_day(self.days.currentData())
        self.days.setToolTip(str(self.days.currentData(Qt.ItemDataRole.ToolTipRole) or ""))
        self._fit_rows()

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

    # The agenda's editing (its dialogs) is loaded at the first edit, not at start.

    def add_slot(self) -> None:
        from desktop.qt.desk import agenda_editor

        if self.desk.conference is None:
            self.desk.problem.emit("Load or import a conference first.")
            return
        slot_id = agenda_editor.add_slot(self.desk, self.window())
        if slot_id is not None:
            self.slot_chosen.emit(slot_id)

    def edit_selected_slot(self) -> None:
        from desktop.qt.desk import agenda_editor

        slot_id = self.selected_slot_id()
        if slot_id is not None:
            agenda_editor.edit_slot(self.desk, slot_id, self.window())

    def delete_selected_slot(self) -> None:
        from desktop.qt.desk import agenda_editor

        slot_id = self.selected_slot_id()
        if slot_id is not None:
            agenda_editor.delete_slot(self.desk, slot_id, self.window())

    def move_selected_slot(self, minutes: int) -> None:
        from desktop.qt.desk import agenda_editor

        slot_id = self.selected_slot_id()
        if slot_id is not None:
            agenda_editor.move_slot(self.desk, slot_id, minutes, self.window())


def time_column_width(view: QTableView) -> int:
    """Room for the widest start–end there can be, in bold (panels and keynotes are),
    with the slot kind's colour square: a time of day is never cut."""
    bold = QFont(view.font())
    bold.setBold(True)
    return cell_width(view, widest_clock_text(QFontMetrics(bold)), font=bold, icon=True)


def fit_times(view: QTableView) -> None:
    """The time column as wide as any time needs, and the view never narrower than the
    times and the first words of a title (the splitter cannot squeeze it further; the
    whole title is in the tooltip)."""
    header = view.horizontalHeader()
    width = max(time_column_width(view), header.sectionSizeHint(TIME_COLUMN))
    header.setSectionResizeMode(TIME_COLUMN, QHeaderView.ResizeMode.Fixed)
    header.resizeSection(TIME_COLUMN, width)
    title = QFontMetrics(view.font()).averageCharWidth() * TITLE_CHARACTERS
    scroll_bar = view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, view)
    view.setMinimumWidth(width + title + scroll_bar + 2 * view.frameWidth())
