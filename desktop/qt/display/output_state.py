"""What the desk puts on its outputs besides the floor: a message to the speaker, blank.

One state for every output (the hall's screen, the 16:9 picture for Zoom and the desk's
miniatures of them), so that they never disagree. A message belongs to the speaker it
was sent to: when the floor passes it is taken off, unless the technician pinned it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class OutputState(QObject):
    changed = Signal()
    message_changed = Signal(str)  # "" once cleared
    blank_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.message: str | None = None
        self.pinned = False
        self.blank = False
        # The intervention that had the floor when the message was sent (None: nobody).
        self._message_for: int | None = None
        self._floor: int | None = None

    def set_message(self, text: str | None, *, pinned: bool = False) -> None:
        """Show ``text`` (spaces folded) to the speaker who has the floor; None or "" clears."""
        folded = " ".join(text.split()) if text else ""
        self.message = folded or None
        self.pinned = pinned and self.message is not None
        self._message_for = self._floor
        self.changed.emit()
        self.message_changed.emit(folded)

    def set_blank(self, blank: bool) -> None:
        if blank == self.blank:
            return
        self.blank = blank
        self.changed.emit()
        self.blank_changed.emit(blank)

    def follow_floor(self, intervention_id: int | None) -> None:
        """Who has the floor now; a message sent to someone else is taken off (unless pinned)."""
        if intervention_id == self._floor:
            return
        self._floor = intervention_id
        if self.message is not None and not self.pinned and self._message_for != intervention_id:
            self.set_message(None)
