"""The shortcut sheet (F1): every key of the window, read from its menus, never typed twice."""

from __future__ import annotations

from functools import cache
from html import escape

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMenuBar,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.qt.window_size import room_on_screen

COLUMN_GAP = 24
# Room kept free under the sheet: a sheet as tall as the screen is read badly.
SCREEN_SHARE = 0.75


def shortcut_rows(menus: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(keys, what it does)]) for every menu action that has keys."""
    sections = []
    for menu_action in menus.actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        rows = [
            (
                action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                # "Undo:" when there is nothing to undo: the sheet names the key only.
                action.text().replace("&", "").rstrip().rstrip(":"),
            )
            for action in menu.actions()
            if not action.isSeparator() and not action.shortcut().isEmpty()
        ]
        if rows:
            sections.append((menu_action.text().replace("&", ""), rows))
    return sections


def section_rows(title: str, rows: list[tuple[str, str]], *, first: bool) -> str:
    """A menu's rows of the sheet's table: its title, then each key and what it does."""
    gap = "" if first else "<br>"
    html = [f"<tr><td colspan='2'>{gap}<b>{escape(title)}</b></td></tr>"]
    for keys, text in rows:
        html.append(
            f"<tr><td align='right'><code><b>{escape(keys)}</b></code></td>"
            f"<td>{escape(text)}</td></tr>"
        )
    return "".join(html)


def table(rows: list[str]) -> str:
    return "<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>"


def in_columns(heights: list[int], columns: int) -> list[list[int]]:
    """The sections (by their heights, in menu order) split into at most ``columns``
    runs, the tallest run as short as it can be; a few menus, so every cut is tried."""
    count = len(heights)

    @cache
    def best(start: int, runs: int) -> tuple[int, tuple[int, ...]]:
        """(tallest run, where the runs start) for the sections from ``start`` on."""
        if runs == 1 or count - start <= 1:
            return sum(heights[start:]), (start,)
        choices = []
        for cut in range(start + 1, count - runs + 2):
            rest, starts = best(cut, runs - 1)
            choices.append((max(sum(heights[start:cut]), rest), (start, *starts)))
        return min(choices)

    if not heights:
        return []
    starts = best(0, max(1, min(columns, count)))[1]
    ends = (*starts[1:], count)
    return [list(range(a, b)) for a, b in zip(starts, ends, strict=True)]


def rich_label(html: str) -> QLabel:
    label = QLabel(html)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class ShortcutSheet(QDialog):
    """Every key, menu by menu, in as many columns as the screen needs to show them all
    without scrolling (it scrolls when even the widest layout is too tall)."""

    def __init__(
        self, menus: QMenuBar, parent: QWidget | None = None, available: QRect | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.sections = shortcut_rows(menus)
        self.column_labels: list[QLabel] = []
        self.content = QWidget()
        self.columns = QHBoxLayout(self.content)
        self.columns.setSpacing(COLUMN_GAP)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        self._outer = QVBoxLayout(self)
        self._outer.addWidget(self.area, 1)
        self._outer.addWidget(buttons)
        if available is None:
            screen = parent.screen() if parent is not None else QGuiApplication.primaryScreen()
            available = screen.availableGeometry()
        self._lay_out(room_on_screen(available), buttons.sizeHint().height())

    def _lay_out(self, room: QSize, buttons: int) -> None:
        margins = self._outer.contentsMargins()
        chrome_w = margins.left() + margins.right()
        chrome_h = margins.top() + margins.bottom() + self._outer.spacing() + buttons
        inner = self.columns.contentsMargins()
        inner_w, inner_h = inner.left() + inner.right(), inner.top() + inner.bottom()
        # Each menu measured on its own; a column is one table, its keys aligned.
        hints = [
            rich_label(table([section_rows(t, rows, first=False)])).sizeHint()
            for t, rows in self.sections
        ]
        heights = [h.height() for h in hints]
        widest = max((h.width() for h in hints), default=0)
        tallest_room = int(room.height() * SCREEN_SHARE) - chrome_h - inner_h
        chosen = in_columns(heights, 1)
        for count in range(1, len(self.sections) + 1):
            width = count * widest + (count - 1) * COLUMN_GAP + inner_w + chrome_w
            if width > room.width():
                break
            chosen = in_columns(heights, count)
            if max((sum(heights[n] for n in run) for run in chosen), default=0) <= tallest_room:
                break
        for run in chosen:
            label = rich_label(
                table([section_rows(*self.sections[n], first=n == run[0]) for n in run])
            )
            label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.column_labels.append(label)
            self.columns.addWidget(label)
        self.area.setWidget(self.content)
        wanted = self.content.sizeHint()
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.resize(
            min(wanted.width() + chrome_w + scroll_bar, room.width()),
            min(wanted.height() + chrome_h, room.height()),
        )
