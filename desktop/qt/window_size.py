"""How big a window may open: what the desk was laid out for, within the screen it is on.

The window manager's frame (title bar, borders) is not known before a window is shown,
so a typical one is kept free around it.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize

PREFERRED_WINDOW = QSize(1440, 860)
WINDOW_FRAME = QMargins(8, 38, 8, 8)


def room_on_screen(available: QRect) -> QSize:
    """The largest window whose frame still fits in the screen's available geometry."""
    return available.marginsRemoved(WINDOW_FRAME).size()


def first_window_size(available: QRect, preferred: QSize = PREFERRED_WINDOW) -> QSize:
    """The main window's first size: ``preferred``, or as much of the screen as there is
    (1350×682 on a 1366×768 laptop with a task bar, 1440×860 on a 1920×1080 screen)."""
    return preferred.boundedTo(room_on_screen(available))
