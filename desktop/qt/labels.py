"""Small helpers for the labels of the clocks."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


def restyle(widget: QWidget, css: str) -> None:
    """Set a style sheet only when it changes: the clocks repaint ten times a second."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def label(point_size: float, *, bold: bool = False, colour: str | None = None) -> QLabel:
    widget = QLabel()
    font = QFont()
    font.setPointSizeF(point_size)
    font.setBold(bold)
    widget.setFont(font)
    if colour:
        widget.setStyleSheet(f"color: {colour};")
    widget.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return widget


class TitleLabel(QLabel):
    """A title that wraps, or, on a short screen, keeps to one line cut with "…" (the
    whole of it in the tooltip)."""

    def __init__(self, point_size: float, *, bold: bool = False) -> None:
        super().__init__()
        font = QFont()
        font.setPointSizeF(point_size)
        font.setBold(bold)
        self.setFont(font)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setWordWrap(True)
        self._full = ""
        self._one_line = False

    def set_title(self, text: str) -> None:
        self._full = text
        self._show()

    def title(self) -> str:
        return self._full

    def set_one_line(self, one_line: bool) -> None:
        if one_line != self._one_line:
            self._one_line = one_line
            self.setWordWrap(not one_line)
            self._show()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(0, hint.height()) if self._one_line else hint

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(0, hint.height()) if self._one_line else hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._one_line:
            self._show()

    def _show(self) -> None:
        shown = self._full
        if self._one_line:
            shown = self.fontMetrics().elidedText(
                self._full, Qt.TextElideMode.ElideRight, max(self.width(), 1)
            )
        if shown != self.text():
            self.setText(shown)
        self.setToolTip(self._full if shown != self._full else "")
