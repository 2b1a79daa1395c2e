"""The rapporteur's notes on one intervention, saved as they are typed.

A save is due at most ``SAVE_WITHIN_MS`` after the first keystroke not yet saved
(a throttle, not a debounce: someone typing without a pause is saved as well),
and at once on switching to another intervention or closing. So after a crash
nothing typed more than a second before it is lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QPlainTextEdit

SAVE_WITHIN_MS = 250


class TypedTextSaver(QObject):
    """Keeps one text box saved to the intervention it shows."""

    def __init__(
        self,
        box: QPlainTextEdit,
        save: Callable[[int, str, str], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.box = box
        self._save = save
        self.target: int | None = None
        # The text the box started from (loaded, or last saved): a save says it, so that
        # notes another station saved meanwhile are never lost silently (db/record/record.py).
        self.base = ""
        self.dirty = False
        self.typed_since_load = False  # the rapporteur wrote in it since it was shown
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_WITHIN_MS)
        self.timer.timeout.connect(self.save_now)
        box.textChanged.connect(self._typed)

    def load(self, target: int | None, text: str) -> None:
        """Show another intervention's text (the one shown so far is saved first)."""
        self.save_now()
        self.target = target
        self.box.setEnabled(target is not None)
        self.box.blockSignals(True)
        self.box.setPlainText(text)
        self.box.blockSignals(False)
        self.base = text
        self.dirty = False
        self.typed_since_load = False

    def refresh(self, text: str) -> None:
        """Text changed elsewhere (another station): shown unless something is being typed."""
        if self.dirty or self.box.hasFocus() or self.box.toPlainText() == text:
            return
        self.box.blockSignals(True)
        self.box.setPlainText(text)
        self.box.blockSignals(False)
        self.base = text

    def _typed(self) -> None:
        self.dirty = True
        self.typed_since_load = True
        if not self.timer.isActive():
            self.timer.start()

    def save_now(self) -> None:
        self.timer.stop()
        if not self.dirty or self.target is None:
            return
        self.dirty = False
        text = self.box.toPlainText()
        self._save(self.target, text, self.base)
        self.base = text


def notes_box(placeholder: str, name: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setAccessibleName(name)
    box.setTabChangesFocus(True)
    box.setEnabled(False)
    return box
