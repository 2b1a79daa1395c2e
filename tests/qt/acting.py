"""Acting at the desk as a user would, in a test."""

from __future__ import annotations

from PySide6.QtGui import QAction

from desktop.qt.main_window import MainWindow


def act(window: MainWindow, action: QAction) -> None:
    """Trigger the action, then let the views that follow the list of speakers a moment
    later (Desk.changes_later) catch up, as the event loop does before the next key."""
    action.trigger()
    window.desk.settle()
