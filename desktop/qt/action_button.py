"""A button for one of the window's actions, with words of its own.

A QToolButton takes its text from its action again at every change of the action —
enabled or disabled, a new tooltip (the station's role changes both) — so words set
once on the button ("Next speaker   F5", "Play/pause") would give way to the action's
longer text. This button says its own words again after every such change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton, QWidget


class ActionButton(QToolButton):
    def __init__(self, action: QAction, words: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.setDefaultAction(action)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setText(words)
        # Connected after the button's own handling of the change: its words win.
        action.changed.connect(self._say_own_words)

    def _say_own_words(self) -> None:
        if self.text() != self.words:
            self.setText(self.words)
