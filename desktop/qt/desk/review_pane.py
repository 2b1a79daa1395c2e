"""The review list: messages that could not become requests by themselves.

Each waits with its original text beside what was read from it; the person
deciding corrects the guesses and accepts it onto a slot's list, or dismisses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.meeting.actions import of_subject
from db.meeting.snapshots import Change, ReviewItemView
from db.meeting.vocabulary import Channel, InterventionKind
from desktop.domain.conference_time import to_local
from desktop.qt.desk.item_models import Column, Roles, SnapshotTableModel
from desktop.qt.views import keep_selection_by_id, stretch, table_view

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk

_REVIEW = of_subject("review")


class ReviewModel(SnapshotTableModel[ReviewItemView]):
    def __init__(self, desk: Desk) -> None:
        self.columns = (
            Column(
                "Received", lambda r: to_local(r.received_at, desk.zone).strftime("%d %b %H:%M")
            ),
            Column("From", lambda r: r.sender_name or r.sender_email or "", tooltip=_sender),
            Column("Subject", lambda r: r.subject),
            Column("Why it waits", lambda r: r.reason, tooltip=lambda r: r.reason),
        )
        super().__init__(desk)

    def wants(self, change: Change) -> bool:
        return change.action in _REVIEW

    def query(self) -> list[ReviewItemView]:
        conference = self.desk.conference
        return self.desk.store.advance_requests.review_items(conference.id) if conference else []


def _sender(item: ReviewItemView) -> str:
    return f"{item.sender_name} <{item.sender_email}>" if item.sender_email else item.sender_name


class ReviewPane(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.model = ReviewModel(desk)
        self.heading = QLabel()
        self.view = table_view(self)
        self.view.setModel(self.model)
        stretch(self.view, 2)
        keep_selection_by_id(self.view, Roles.ID)
        self.view.setAccessibleName("Messages waiting for review")

        self.original = QPlainTextEdit()
        self.original.setReadOnly(True)
        self.original.setAccessibleName("The original message")
        self.original.setPlaceholderText("The selected message, as it was sent.")
        self.delegation = QComboBox()
        self.delegation.setEditable(True)
        self.delegation.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.delegation.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.slot = QComboBox()
        self.kind = QComboBox()
        for kind in InterventionKind:
            self.kind.addItem(kind.label, kind.value)
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.label, channel.value)
        self.speaker = QLineEdit()
        self.function = QLineEdit()
        self.attachments = QLabel()
        self.attachments.setWordWrap(True)
        self.accept_button = QPushButton("Accept onto the list")
        self.accept_button.setDefault(True)
        self.dismiss_button = QPushButton("Dismiss")
        self.accept_button.clicked.connect(self.accept_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)

        form = QFormLayout()
        form.addRow("Delegation", self.delegation)
        form.addRow("Slot", self.slot)
        form.addRow("Kind", self.kind)
        form.addRow("Channel", self.channel)
        form.addRow("Speaker", self.speaker)
        form.addRow("Function", self.function)
        form.addRow("Attached", self.attachments)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.accept_button)
        decision = QWidget()
        decision_layout = QVBoxLayout(decision)
        decision_layout.setContentsMargins(0, 0, 0, 0)
        decision_layout.addLayout(form)
        decision_layout.addStretch(1)
        decision_layout.addLayout(buttons)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.original)
        below.addWidget(decision)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 2)
        layout.addWidget(below, 3)

        self._shown_id: int | None = None
        self.model.refreshed.connect(self._on_reset)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        desk.agenda_changed.connect(self._fill_choices)
        self._fill_choices()
        self._on_reset()

    def _fill_choices(self) -> None:
        self.delegation.clear()
        self.delegation.addItem("", None)
        for delegation in self.desk.delegations():
            self.delegation.addItem(delegation.name, delegation.id)
        self.slot.clear()
        self.slot.addItem("— choose the slot —", None)
        for slot in self.desk.slots:
            if slot.kind.has_speakers:
                day = to_local(slot.starts_at, self.desk.zone).strftime("%a %H:%M")
                self.slot.addItem(f"{day} · {slot.title}", slot.id)

    def _on_reset(self) -> None:
        count = self.model.rowCount()
        self.heading.setText(
            f"<b>{count} message{'s' if count != 1 else ''}</b> could not be filed by "
            "themselves; check the guesses against the original, then accept or dismiss."
            if count
            else "Nothing waits for review: every message became a request."
        )
        if count and not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._show_selected()

    def selected(self) -> ReviewItemView | None:
        index = self.view.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        item = self.selected()
        shown = item.id if item is not None else None
        if shown == self._shown_id and shown is not None:
            return  # the same message: keep what the person is typing
        self._shown_id = shown
        enabled = item is not None
        for widget in (
            self.delegation,
            self.slot,
            self.kind,
            self.channel,
            self.speaker,
            self.function,
            self.accept_button,
            self.dismiss_button,
        ):
            widget.setEnabled(enabled)
        if item is None:
            self.original.clear()
            self.attachments.clear()
            return
        self.original.setPlainText(item.original_text)
        _choose(self.delegation, item.delegation_id)
        _choose(self.slot, item.slot_id)
        _choose(self.kind, (item.kind or InterventionKind.STATEMENT).value)
        _choose(self.channel, (item.channel or Channel.HALL).value)
        self.speaker.setText(item.speaker)
        self.function.setText(item.speaker_function)
        self.attachments.setText(", ".join(item.attachments) or "—")

    def accept_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        delegation_id = self.delegation.currentData()
        if self.delegation.currentText() and delegation_id is None:
            index = self.delegation.findText(self.delegation.currentText())
            delegation_id = self.delegation.itemData(index) if index >= 0 else None
        if delegation_id is None or self.slot.currentData() is None:
            self.desk.problem.emit("Choose the delegation and the slot before accepting.")
            return
        self.desk.accept_review(
            item.id,
            delegation_id=int(delegation_id),
            slot_id=int(self.slot.currentData()),
            kind=InterventionKind(self.kind.currentData()),
            channel=Channel(self.channel.currentData()),
            speaker=self.speaker.text().strip(),
            speaker_function=self.function.text().strip(),
        )

    def dismiss_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.desk.dismiss_review(item.id)


def _choose(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(index if index >= 0 else 0)
