"""The hall's nameplates: one click (or a few keys) puts a delegation on the list.

The plates are laid out in seating order, like the plates on the tables of the
hall, and flow with the width of the window. A type-ahead box above them
filters the plates; Enter adds the plate it points at. The widget reads no
database: it is given the delegations and the marks, and emits ``chosen``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFont,
    QKeyEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from desktop.qt.desk.nameplate_models import PlateFilter, PlateModel, PlateRole
from desktop.qt.desk.nameplate_painting import (
    PLATE_GAP,
    PLATE_SIZE,
    REASON_COLOUR,
    PlateDelegate,
    legend_html,
)

if TYPE_CHECKING:
    from db.meeting.snapshots import DelegationView

SEARCH_PLACEHOLDER = "Type a delegation…"
DEFAULT_REASON = "No requests can be added now."


class PlateView(QListView):
    """The plates, flowing with the width; Enter or Space adds the current one."""

    plate_activated = Signal(QModelIndex)
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setGridSize(PLATE_SIZE + QSize(PLATE_GAP, PLATE_GAP))
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there: the columns stay put when a filter leaves only a few plates
        # (with "as needed", the list view keeps room for it anyway).
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setAccessibleName("Nameplates")
        self.setAccessibleDescription("Enter or Space adds the delegation to the list of speakers")

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_columns()
        super().resizeEvent(event)

    def _fit_columns(self) -> None:
        """Share the width out among as many whole plates as fit: no ragged gap on the right."""
        delegate = self.itemDelegate()
        if not isinstance(delegate, PlateDelegate):
            return
        cell = PLATE_SIZE.width() + PLATE_GAP
        width = self.viewport().width() - 1
        columns = max(1, width // cell)
        plate = QSize(max(PLATE_SIZE.width(), width // columns - PLATE_GAP), PLATE_SIZE.height())
        if plate != delegate.plate_size:
            delegate.plate_size = plate
            self.setGridSize(plate + QSize(PLATE_GAP, PLATE_GAP))
            if self.model() is not None and self.model().rowCount() > 0:
                delegate.sizeHintChanged.emit(self.model().index(0, 0))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.currentIndex().isValid():
                self.plate_activated.emit(self.currentIndex())
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class SearchBox(QLineEdit):
    """The type-ahead box: Down goes into the plates, Escape clears."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class NameplateGrid(QWidget):
    """The nameplates of the hall; ``chosen`` asks to add a delegation to the list."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accepting = True
        self._reason = ""
        self.model = PlateModel(self)
        self.proxy = PlateFilter(self)
        self.proxy.setSourceModel(self.model)

        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.header.setStyleSheet(f"color: {REASON_COLOUR}; font-weight: bold;")
        self.legend = QLabel(legend_html())
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAccessibleName("Colours of the nameplates by group")

        self.search = SearchBox()
        self.search.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a delegation")
        self.search.setToolTip(
            "Type part of a delegation's name (in any language it is known by).\n"
            "Enter adds the highlighted plate to the list of speakers and clears the box.\n"
            "Down moves into the plates; Escape clears."
        )
        search_font = QFont(self.search.font())
        search_font.setPointSizeF(max(search_font.pointSizeF(), 11.0))
        self.search.setFont(search_font)

        self.view = PlateView(self)
        self.view.setItemDelegate(PlateDelegate(lambda: self._accepting, self.view))
        self.view.setModel(self.proxy)

        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The box and, beside it, the colours' legend (or why nothing can be added now) on
        # one row: the plates keep their height on a laptop's short screen.
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.header, 3)
        top.addWidget(self.legend, 3)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.setFocusProxy(self.search)

        self.search.textChanged.connect(self._on_text)
        self.search.returnPressed.connect(self._on_return)
        self.search.down_pressed.connect(self._into_grid)
        self.view.clicked.connect(self._choose_index)
        self.view.plate_activated.connect(self._choose_index)
        self.view.escape_pressed.connect(self._back_to_search)
        self._show_state()

    # --- the API ---------------------------------------------------------------

    def set_delegations(self, delegations: Sequence[DelegationView]) -> None:
        """The delegations, in seating order as given."""
        self.model.set_delegations(delegations)
        self._retarget()

    def set_marks(self, waiting: Mapping[int, int], spoken: Collection[int]) -> None:
        """Places (1-based) of those waiting on the list; those who spoke in this slot."""
        self.model.set_marks(waiting, spoken)

    def set_enabled_for_requests(self, enabled: bool, reason: str = "") -> None:
        if (enabled, reason) == (self._accepting, self._reason):
            return  # asked at every change of the list: a new style sheet would repaint all
        self._accepting = enabled
        self._reason = reason
        self.view.viewport().setCursor(
            Qt.CursorShape.PointingHandCursor if enabled else Qt.CursorShape.ArrowCursor
        )
        self._show_state()
        self.view.viewport().update()

    def is_enabled_for_requests(self) -> bool:
        return self._accepting

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # --- inside ------------------------------------------------------------------

    def _show_state(self) -> None:
        self.header.setText("" if self._accepting else self._reason or DEFAULT_REASON)
        self.header.setVisible(not self._accepting)
        self.legend.setVisible(self._accepting)

    def _on_text(self, text: str) -> None:
        self.proxy.set_text(text)
        self._retarget()

    def _retarget(self) -> None:
        """Point at the plate Enter would add, so the moderator sees it first."""
        if not self.proxy.wanted:
            self.model.set_target(None)
            return
        row = self.proxy.best_row()
        if row is None:
            self.model.set_target(None)
            return
        index = self.proxy.index(row, 0)
        self.model.set_target(int(index.data(PlateRole.ID)))
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)

    def _on_return(self) -> None:
        if not self.proxy.wanted:
            return
        row = self.proxy.best_row()
        if row is not None:
            self._choose_index(self.proxy.index(row, 0))

    def _choose_index(self, index: QModelIndex) -> None:
        if not index.isValid() or not self._accepting:
            return
        delegation_id = int(index.data(PlateRole.ID))
        self.search.clear()
        self.chosen.emit(delegation_id)

    def _into_grid(self) -> None:
        if self.proxy.rowCount() == 0:
            return
        index = self.view.currentIndex()
        if not index.isValid():
            index = self.proxy.index(0, 0)
        self.view.setCurrentIndex(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _back_to_search(self) -> None:
        self.search.clear()
        self.focus_search()
