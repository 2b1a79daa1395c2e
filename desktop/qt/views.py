"""Table views set up the same way everywhere: whole rows, no editing in place."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)


def table_view(parent: QWidget | None = None, *, stretch_column: int = 1) -> QTableView:
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setShowGrid(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Column widths from the rows in view only: a list of 500 speakers repaints at once.
    header.setResizeContentsPrecision(0)
    header.setStretchLastSection(False)
    view.setProperty("stretch_column", stretch_column)
    return view


def fit_columns(view: QTableView, samples: Sequence[str]) -> None:
    """Columns with a sample of their widest text get that width once (the user can still
    drag it); measuring the rows instead would ask the model again at every change."""
    header = view.horizontalHeader()
    cell = QFontMetrics(view.font())
    title = QFontMetrics(header.font())
    model = view.model()
    for column, sample in enumerate(samples):
        if not sample or header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        heading = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = max(cell.horizontalAdvance(sample), title.horizontalAdvance(heading)) + 20
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)


def cell_width(
    view: QAbstractItemView, text: str, *, font: QFont | None = None, icon: bool = False
) -> int:
    """The width a cell needs to show ``text`` whole, measured as the view's style measures
    its items (text margins, and the colour square or icon when ``icon``)."""
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = font if font is not None else view.font()
    option.fontMetrics = QFontMetrics(option.font)
    option.text = text
    option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
    if icon:
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
        extent = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
        wanted = view.iconSize()
        option.decorationSize = wanted if wanted.isValid() else QSize(extent, extent)
    style = view.style()
    size = style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view)
    return size.width()


def widest_clock_text(metrics: QFontMetrics, pattern: str = "00:00–00:00") -> str:
    """``pattern`` written with the font's widest digit: no time of day is wider."""
    digit = max("0123456789", key=metrics.horizontalAdvance)
    return "".join(digit if c.isdigit() else c for c in pattern)


class PlaceNumbers(QStyledItemDelegate):
    """Draws a row's place in the list (1, 2, 3…) where the model gives no text of its
    own: asked only for the rows in view, so nothing is renumbered when a row goes."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        if not option.text:
            option.text = str(index.row() + 1)
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay


def number_rows(view: QTableView, column: int) -> None:
    view.setItemDelegateForColumn(column, PlaceNumbers(view))


def stretch(view: QTableView, column: int) -> None:
    view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def keep_selection_by_id(view: QTableView, id_role: int) -> None:
    """Keep the selected row selected when the model is reset from the store."""
    model = view.model()
    kept: list[object] = []

    def remember() -> None:
        index = view.currentIndex()
        kept[:] = [index.data(id_role)] if index.isValid() else []

    def restore() -> None:
        if not kept:
            return
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if index.data(id_role) == kept[0]:
                view.setCurrentIndex(index)
                return

    model.modelAboutToBeReset.connect(remember)
    model.modelReset.connect(restore)
