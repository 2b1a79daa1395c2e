"""Small helpers for the labels of the clocks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
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
