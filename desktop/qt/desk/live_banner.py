"""The line that says the desk is showing another slot than the one live in the hall.

The floor, the countdown and the speaker display stay with the live slot; this line
says so in words, with the keys back, so that a moderator preparing the next panel
never mistakes its list for the one in the hall.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from desktop.domain.speaking_time import countdown, format_clock

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk

_STYLE = (
    "QLabel { background: #fef3c7; color: #78350f; border: 1px solid #f59e0b;"
    " border-radius: 6px; padding: 6px 10px; }"
)


class LiveBanner(QLabel):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("liveBanner")
        self.setStyleSheet(_STYLE)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAccessibleName("Another slot is shown")
        self.hide()
        desk.slot_changed.connect(self.refresh)
        desk.live_changed.connect(self.refresh)

    def refresh(self) -> None:
        text = self.describe()
        if text != self.text():
            self.setText(text)
        self.setVisible(bool(text))

    def describe(self) -> str:
        desk = self.desk
        shown, live = desk.slot, desk.live_slot
        if desk.viewing_live or shown is None:
            return ""
        if live is None:
            return (
                f"Showing <b>{shown.title}</b>. No slot is live in the hall — "
                "<b>Shift+F4</b> makes this one live, <b>F4</b> follows the clock."
            )
        current = desk.current
        if current is not None:
            state = countdown(current, desk.clock.now(), 0)
            floor = (
                f"{current.delegation or 'someone'} has the floor, "
                f"{format_clock(state.remaining, signed=True)}"
            )
        else:
            floor = "nobody has the floor"
        return (
            f"Showing <b>{shown.title}</b> (its list and record). "
            f"Live in the hall: <b>{live.title}</b> — {floor}. "
            "<b>F3</b> back to live · <b>Shift+F4</b> make this slot live"
        )
