"""Two rapporteurs on one intervention's notes: the second is shown the first's text.

When a save of this station's notes replaced text another station had saved meanwhile
(the desk says so: ``Desk.notes_overwritten``), this panel opens above the editor with
their text, the rapporteur's own below it. Nothing blocks: the rapporteur merges by hand in
the editor, or adds theirs below with one click (saved as any typing is), and closes
the panel. Their text is in the intervention's history as well, so nothing is lost even
if the panel is closed unread.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

FIELDS = {"notes": "notes", "internal_notes": "internal notes"}


class NotesMerge(QWidget):
    """Their text, read-only, with the two ways to be done with it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intervention_id: int | None = None
        self.field = "notes"
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("color: #92400e; font-weight: bold;")
        self.theirs = QPlainTextEdit()
        self.theirs.setReadOnly(True)
        self.theirs.setAccessibleName("The other station's notes")
        self.add_theirs = QPushButton("Add theirs to mine")
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.finish)
        self.theirs.setMinimumHeight(48)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_theirs)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.theirs, 1)
        layout.addLayout(buttons)
        self.setStyleSheet("NotesMerge { background: #fef3c7; }")
        self.hide()

    def show_theirs(self, intervention_id: int, field: str, theirs: str, who: str) -> None:
        """Their text for ``field`` of the intervention shown (a later one replaces it)."""
        self.intervention_id, self.field = intervention_id, field
        self.heading.setText(
            f"Another station saved these {FIELDS.get(field, field)} on {who} while you "
            "wrote; yours, below, are saved."
        )
        self.theirs.setPlainText(theirs)
        self.show()

    def finish(self) -> None:
        self.intervention_id = None
        self.theirs.clear()
        self.hide()


def appended(mine: str, theirs: str) -> str:
    """Theirs below mine, a blank line between (nothing twice)."""
    mine, theirs = mine.rstrip(), theirs.strip()
    if not theirs or theirs in mine:
        return mine
    return f"{mine}\n\n{theirs}" if mine else theirs
