"""The hall's nameplates: one click (or a few keys) puts a delegation on the list.

The plates are laid out in seating order, like the plates on the tables of the
hall, and flow with the width of the window. A type-ahead box above them
filters the plates; Enter adds the plate it points at. The widget reads no
database: it is given the delegations and the marks, and emits ``chosen``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from db.meeting.folding import fold
from db.meeting.snapshots import DelegationView
from db.meeting.vocabulary import DelegationGroup

Index = QModelIndex | QPersistentModelIndex

# Calm colours, told apart at a glance; also used in the legend line.
GROUP_COLOURS: dict[DelegationGroup, str] = {
    DelegationGroup.PARTICIPATING_STATE: "#2563eb",
    DelegationGroup.PARTNER: "#0d9488",
    DelegationGroup.INTERNATIONAL_ORGANIZATION: "#d97706",
    DelegationGroup.CIVIL_SOCIETY: "#9333ea",
    DelegationGroup.OTHER: "#6b7280",
}

PLATE_SIZE = QSize(196, 64)
PLATE_GAP = 6
PLATE_POINT_SIZE = 14.0
SMALLEST_POINT_SIZE = 10.0
BADGE_COLOUR = "#1e3a8a"
SPOKEN_COLOUR = "#15803d"
TEXT_COLOUR = "#111827"
MUTED_TEXT_COLOUR = "#6b7280"
REASON_COLOUR = "#b45309"
SEARCH_PLACEHOLDER = "Type a delegation…"
DEFAULT_REASON = "No requests can be added now."
HINT = "Click a nameplate, or type a delegation and press Enter, to add it to the list."


class PlateRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    PLACE = Qt.ItemDataRole.UserRole + 2  # 1-based place on the list, or None
    SPOKEN = Qt.ItemDataRole.UserRole + 3  # bool: spoke in this slot
    GROUP = Qt.ItemDataRole.UserRole + 4  # DelegationGroup
    DELEGATION = Qt.ItemDataRole.UserRole + 5  # the DelegationView
    TARGET = Qt.ItemDataRole.UserRole + 6  # bool: what Enter in the search box adds


ID_ROLE = PlateRole.ID
PLACE_ROLE = PlateRole.PLACE
SPOKEN_ROLE = PlateRole.SPOKEN
TARGET_ROLE = PlateRole.TARGET


def match_rank(names: Sequence[str], wanted: str) -> int | None:
    """How well folded ``names`` match folded ``wanted``: 0 best, None not at all."""
    if not wanted:
        return 3
    best: int | None = None
    for name in names:
        if name == wanted:
            return 0
        if name.startswith(wanted):
            rank = 1
        elif any(word.startswith(wanted) for word in _words(name)):
            rank = 2
        elif wanted in name:
            rank = 3
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def _words(name: str) -> list[str]:
    return name.replace("-", " ").replace("(", " ").split()


class PlateModel(QAbstractListModel):
    """The delegations in seating order, with their marks for the current slot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DelegationView] = []
        self._folded: list[tuple[str, ...]] = []
        self._waiting: dict[int, int] = {}
        self._spoken: frozenset[int] = frozenset()
        self._target: int | None = None

    def set_delegations(self, delegations: Sequence[DelegationView]) -> None:
        self.beginResetModel()
        self._rows = list(delegations)
        self._folded = [
            tuple(fold(n) for n in (d.nameplate, d.name, *d.aliases) if n) for d in self._rows
        ]
        self.endResetModel()

    def set_marks(self, waiting: Mapping[int, int], spoken: Collection[int]) -> None:
        waiting, spoken = dict(waiting), frozenset(spoken)
        if (waiting, spoken) != (self._waiting, self._spoken):
            self._waiting, self._spoken = waiting, spoken
            self._all_changed()

    def set_target(self, delegation_id: int | None) -> None:
        if delegation_id != self._target:
            self._target = delegation_id
            self._all_changed()

    def _all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def delegation_at(self, row: int) -> DelegationView:
        return self._rows[row]

    def rank(self, row: int, wanted: str) -> int | None:
        return match_rank(self._folded[row], wanted)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        delegation = self._rows[index.row()]
        place = self._waiting.get(delegation.id)
        spoken = delegation.id in self._spoken
        if role == Qt.ItemDataRole.DisplayRole:
            return delegation.nameplate
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return plate_tooltip(delegation, place, spoken)
        if role == PlateRole.ID:
            return delegation.id
        if role == PlateRole.PLACE:
            return place
        if role == PlateRole.SPOKEN:
            return spoken
        if role == PlateRole.GROUP:
            return delegation.group
        if role == PlateRole.DELEGATION:
            return delegation
        if role == PlateRole.TARGET:
            return delegation.id == self._target
        return None


def plate_tooltip(delegation: DelegationView, place: int | None, spoken: bool) -> str:
    lines = [delegation.name, delegation.group.label]
    if place is not None:
        lines.append(f"waiting, #{place}")
    if spoken:
        lines.append("spoke in this slot")
    return "\n".join(lines)


class PlateFilter(QSortFilterProxyModel):
    """Keeps the plates whose nameplate, name or an alias holds the typed text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted = ""

    @property
    def wanted(self) -> str:
        return self._wanted

    def set_text(self, text: str) -> None:
        wanted = fold(text)
        if wanted == self._wanted:
            return
        self.beginFilterChange()
        self._wanted = wanted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def plates(self) -> PlateModel:
        model = self.sourceModel()
        assert isinstance(model, PlateModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return not self._wanted or self.plates().rank(source_row, self._wanted) is not None

    def best_row(self) -> int | None:
        """The visible row Enter adds: the best match, the first in seating order on a tie."""
        best: tuple[int, int] | None = None
        for row in range(self.rowCount()):
            source_row = self.mapToSource(self.index(row, 0)).row()
            rank = self.plates().rank(source_row, self._wanted)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, row)
        return None if best is None else best[1]


class PlateDelegate(QStyledItemDelegate):
    """Paints a plate: the nameplate large and bold, a band of its group's colour,
    its place on the list in a corner badge, a check mark once it has spoken."""

    def __init__(self, accepting: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accepting = accepting
        self._fitted: dict[tuple[str, int, int, str], QFont] = {}
        self.plate_size = QSize(PLATE_SIZE)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(self.plate_size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect = QRect(option.rect).adjusted(2, 2, -2, -2)
        state: QStyle.StateFlag = option.state
        base_font: QFont = option.font
        palette: QPalette = option.palette
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        place = index.data(PlateRole.PLACE)
        spoken = bool(index.data(PlateRole.SPOKEN))
        group = index.data(PlateRole.GROUP)
        colour = QColor(GROUP_COLOURS.get(group, GROUP_COLOURS[DelegationGroup.OTHER]))
        accepting = self._accepting()
        hovered = bool(state & QStyle.StateFlag.State_MouseOver) and accepting
        focused = bool(state & QStyle.StateFlag.State_HasFocus) or bool(
            index.data(PlateRole.TARGET)
        )

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not accepting:
            painter.setOpacity(0.5)
        background = QColor("#f3f4f6" if spoken else "#ffffff")
        if hovered:
            background = QColor("#eef2ff")
        border = QColor(palette.color(QPalette.ColorRole.Highlight) if focused else colour)
        if not focused:
            border.setAlpha(110)
        painter.setPen(QPen(border, 2.5 if focused else 1.2))
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

        band = QRectF(rect.left() + 1.5, rect.top() + 1.5, 7, rect.height() - 3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour if not spoken else colour.lighter(150))
        painter.drawRoundedRect(band, 3, 3)

        corner = 30  # room kept on the right for the badge and the check mark
        text_rect = rect.adjusted(16, 4, -corner, -4)
        font = self._fit(text, text_rect, base_font)
        painter.setFont(font)
        painter.setPen(QColor(MUTED_TEXT_COLOUR if spoken else TEXT_COLOUR))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(text_rect, int(flags | Qt.TextFlag.TextWordWrap), text)

        if place is not None:
            self._badge(painter, rect, f"#{place}", base_font)
        if spoken:
            mark_font = QFont(base_font)
            mark_font.setPointSizeF(13)
            mark_font.setBold(True)
            painter.setFont(mark_font)
            painter.setPen(QColor(SPOKEN_COLOUR))
            mark_rect = QRect(rect.right() - corner, rect.bottom() - 28, corner - 6, 26)
            right_bottom = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
            painter.drawText(mark_rect, int(right_bottom), "✓")
        painter.restore()

    def _badge(self, painter: QPainter, rect: QRect, label: str, base_font: QFont) -> None:
        font = QFont(base_font)
        font.setPointSizeF(9.5)
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = max(metrics.horizontalAdvance(label) + 10, metrics.height() + 2)
        badge = QRectF(rect.right() - width - 4, rect.top() + 4, width, metrics.height() + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(BADGE_COLOUR))
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), label)

    def _fit(self, text: str, box: QRect, base_font: QFont) -> QFont:
        """The largest bold font, down to the smallest allowed, the text fits in ``box``."""
        key = (text, box.width(), box.height(), base_font.key())
        font = self._fitted.get(key)
        if font is not None:
            return font
        size = PLATE_POINT_SIZE
        while True:
            font = QFont(base_font)
            font.setPointSizeF(size)
            font.setBold(True)
            metrics = QFontMetrics(font)
            words_fit = all(metrics.horizontalAdvance(w) <= box.width() for w in text.split())
            bounds = metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), text)
            if (words_fit and bounds.height() <= box.height()) or size <= SMALLEST_POINT_SIZE:
                break
            size -= 0.5
        self._fitted[key] = font
        return font


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
        self.legend = QLabel(_legend_html())
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
        layout.addWidget(self.header)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
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
        if self._accepting:
            self.header.setText(HINT)
            self.header.setStyleSheet(f"color: {MUTED_TEXT_COLOUR};")
        else:
            self.header.setText(self._reason or DEFAULT_REASON)
            self.header.setStyleSheet(f"color: {REASON_COLOUR}; font-weight: bold;")

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


def _legend_html() -> str:
    items = [
        f'<span style="color:{GROUP_COLOURS[group]}; font-size:13pt">■</span>&nbsp;{group.label}'
        for group in DelegationGroup
    ]
    items.append(
        f'<span style="background:{BADGE_COLOUR}; color:#ffffff">&nbsp;#3&nbsp;</span>&nbsp;waiting'
    )
    items.append(f'<span style="color:{SPOKEN_COLOUR}; font-weight:bold">✓</span>&nbsp;spoke')
    return '<span style="color:#4b5563">' + " &nbsp; ".join(items) + "</span>"
