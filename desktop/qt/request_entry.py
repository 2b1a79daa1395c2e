"""The type-ahead line that puts a delegation on the list of speakers."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from db.speakers_list import RequestDraft
from db.vocabulary import Channel, InterventionKind, RequestSource
from desktop.domain.delegation_lookup import find_delegation
from desktop.qt.desk import Desk
from desktop.qt.models import DelegationListModel

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


class RequestEntry(QWidget):
    """Delegation by type-ahead, kind and channel; Enter adds the request."""

    added = Signal(int)

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

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.kind)
        layout.addWidget(self.channel)
        layout.addWidget(self.button)

        completer.activated.connect(self._on_completion)
        self.line.returnPressed.connect(self.submit)
        self.button.clicked.connect(self.submit)

    def _on_completion(self, text: str) -> None:
        self.line.setText(text)
        self.submit()

    def submit(self) -> None:
        text = self.line.text().strip()
        if not text:
            return
        delegation = find_delegation(text, self.delegations.rows())
        if delegation is None:
            self.desk.problem.emit(f"No single delegation matches '{text}'; keep typing.")
            return
        channel = Channel(self.channel.currentData())
        draft = RequestDraft(
            delegation_id=delegation.id,
            kind=InterventionKind(self.kind.currentData()),
            channel=channel,
            source=_SOURCE_FOR_CHANNEL[channel],
        )
        request_id = self.desk.add_request(draft)
        if request_id is not None:
            self.line.clear()
            self.kind.setCurrentIndex(0)
            self.added.emit(request_id)
