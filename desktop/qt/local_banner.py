"""The line at the top of the desk while it works on its own copy of the shared server.

The status bar says it too, but cut at the right on a laptop and out of the moderator's
eye line; this line stands above the floor, in red, for as long as the desk is on its
copy: since when, how many changes were made here, and that nothing is written to the
server until the moderator has seen them (desktop/qt/outage.py).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

_STYLE = (
    "QLabel { background: #fee2e2; color: #7f1d1d; border: 2px solid #dc2626;"
    " border-radius: 6px; padding: 6px 10px; }"
)


class LocalBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("localBanner")
        self.setStyleSheet(_STYLE)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName("Working on this station's copy")
        self.hide()

    def show_local(self, since: str, changes: int) -> None:
        """On the station's copy since ``since`` (a time of day), ``changes`` made here."""
        if changes:
            made = (
                "1 change made here waits" if changes == 1 else f"{changes} changes made here wait"
            )
            after = f"{made}: when the server answers, you see them and decide what is written."
        else:
            after = "Nothing has been changed here yet."
        text = (
            f"<b>LOCAL — working on this station's copy</b> since {escape(since)}; the server "
            f"cannot be reached. {after}"
        )
        if text != self.text():
            self.setText(text)
        self.show()

    def end(self) -> None:
        self.hide()
        self.clear()
