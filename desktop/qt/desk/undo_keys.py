"""Ctrl+Z and Ctrl+Shift+Z belong to the desk wherever its focus is.

A text box takes the undo keys for its own typing; once it has nothing of its own to
undo (empty, or just emptied after an addition), the keys go on to the desk's undo
stack: the last change to the list or the floor. The rapporteur's notes keep their own
undo while they have typing to undo.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

_CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def is_undo(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Undo)


def is_redo(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Redo) or (
        event.key() == Qt.Key.Key_Z and event.modifiers() == _CTRL_SHIFT
    )


class DeskUndoKeys(QObject):
    """An event filter for line edits: the undo keys pass to the desk when the box has
    nothing to undo or redo."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit):
            assert isinstance(event, QKeyEvent)
            if (is_undo(event) and not watched.isUndoAvailable()) or (
                is_redo(event) and not watched.isRedoAvailable()
            ):
                event.ignore()  # not taken by the box: the window's shortcut runs
                return True
        return super().eventFilter(watched, event)


def give_undo_keys_to_the_desk(root: QWidget, keys: DeskUndoKeys) -> None:
    """Every line edit under ``root`` (the type-ahead, searches, the message box)."""
    for line in root.findChildren(QLineEdit):
        line.installEventFilter(keys)
