"""The type-ahead line that puts a delegation on the list of speakers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource
from desktop.domain.delegation_lookup import match_delegation
from desktop.qt.desk.item_models import DelegationListModel

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk

_KIND_ORDER = (
    InterventionKind.STATEMENT,
    InterventionKind.QUESTION,
    InterventionKind.POINT_OF_ORDER,
    InterventionKind.RIGHT_OF_REPLY,
    InterventionKind.PANELLIST,
)
_SOURCE_FOR_CHANNEL = {
    Channel.HALL: RequestSource.HALL,
    Channel.REMOTE: RequestSource.ZOOM_HAND,
    Channel.VIDEO: RequestSource.REGISTRATION,
}


def _ordinal(place: int) -> str:
    suffix = "th" if 10 <= place % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")
    return f"{place}{suffix}"


class RequestEntry(QWidget):
    """Delegation by type-ahead, kind and channel; Enter adds the request.

    Beside the field it says what Enter will add (an alias, a guess at a typo), that a
    delegation is waiting already (Enter again adds a second request on purpose), and
    why an addition was refused.
    """

    added = Signal(int)
    already_waiting = Signal(int)  # the id of the request of that delegation that waits

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.delegations = DelegationListModel(desk)
        self.line = QLineEdit()
        self.line.setPlaceholderText("Add to the list: type a delegation (Ctrl+L)")
        self.line.setClearButtonEnabled(True)
        self.line.setAccessibleName("Delegation asking for the floor")
        completer = QCompleter(self.delegations, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.line.setCompleter(completer)
        self.kind = QComboBox()
        for kind in _KIND_ORDER:
            self.kind.addItem(kind.label, kind)
        self.kind.setAccessibleName("Kind of intervention")
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.label, channel)
        self.channel.setAccessibleName("Channel")
        self.button = QPushButton("Add")
        self.button.setDefault(False)
        self.button.setAutoDefault(False)
        self.hint = QLabel()
        self.hint.setObjectName("entryHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #374151;")
        self.hint.setAccessibleName("What Enter will add")

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.line, 1)
        row.addWidget(self.kind)
        row.addWidget(self.channel)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        self.hint.hide()
        # A delegation that waits already: Enter again (same delegation and kind) adds a
        # second request on purpose.
        self._confirming: tuple[int, InterventionKind] | None = None
        self._refused = ""
        self._just_added = False
        desk.problem.connect(self._on_problem)

        completer.activated.connect(self._on_completion)
        self.line.returnPressed.connect(self.submit)
        self.line.textEdited.connect(self._on_typed)
        self.button.clicked.connect(lambda: self.submit())

    def _on_completion(self, text: str) -> None:
        # Enter in the suggestions both chooses one and presses Enter in the line: one
        # addition, whichever comes first.
        if self._just_added:
            return
        self.line.setText(text)
        self.submit()

    def _on_typed(self, text: str) -> None:
        self._confirming = None
        self._just_added = False
        match = match_delegation(text, self.delegations.rows()) if text.strip() else None
        self.say(match.hint(text) if match else "")

    def say(self, text: str) -> None:
        """One sentence beside the field (and in the status bar for the record)."""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def submit(self, kind: InterventionKind | None = None) -> None:
        text = self.line.text().strip()
        if not text:
            if not self._just_added:
                self.say("Type a delegation first (Ctrl+L).")
            return
        match = match_delegation(text, self.delegations.rows())
        if match is None:
            self.say(f"No single delegation matches “{text}”; keep typing.")
            self.desk.problem.emit(f"No single delegation matches '{text}'; keep typing.")
            return
        delegation = match.delegation
        kind = kind if kind is not None else InterventionKind(self.kind.currentData())
        name = delegation.nameplate or delegation.name
        waiting = self._waiting_request(delegation.id)
        if waiting is not None and self._confirming != (delegation.id, kind):
            place, request_id = waiting
            self._confirming = (delegation.id, kind)
            self.already_waiting.emit(request_id)
            self.say(
                f"{name} is on the list already ({_ordinal(place)}); "
                "Enter again adds a second request."
            )
            return
        self._confirming = None
        channel = Channel(self.channel.currentData())
        draft = RequestDraft(
            delegation_id=delegation.id,
            kind=kind,
            channel=channel,
            source=_SOURCE_FOR_CHANNEL[channel],
        )
        self._refused = ""
        added_id = self.desk.add_request(draft, name=name)
        if added_id is None:
            self.say(self._refused or "Not added.")
            return
        # setText, not clear(): it empties the box's own undo history too, so the next
        # Ctrl+Z undoes the addition (and no suggestion pops up again).
        self.line.setText("")
        completer = self.line.completer()
        if completer is not None:
            popup = completer.popup()
            if popup is not None:
                popup.hide()
        self.kind.setCurrentIndex(0)
        self._just_added = True
        self.say(f"Added {name}{'' if kind is InterventionKind.STATEMENT else f' ({kind.label})'}.")
        self.added.emit(added_id)

    def _waiting_request(self, delegation_id: int) -> tuple[int, int] | None:
        """(place, request id) of the delegation's request waiting on the list shown."""
        slot = self.desk.slot
        if slot is None:
            return None
        for place, request in enumerate(self.desk.store.speakers.waiting(slot.id), start=1):
            if request.delegation_id == delegation_id:
                return place, request.id
        return None

    def _on_problem(self, message: str) -> None:
        self._refused = message
