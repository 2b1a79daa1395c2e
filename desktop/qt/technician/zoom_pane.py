"""The technician's Zoom side: who is in the meeting, raised hands, and the chat.

Raised hands are kept in the store (any station sees them); a raised hand becomes
a remote request with one click. The chat file the Zoom client saves is followed
as it grows: messages that ask for the floor become proposals, confirmed with
one click (or dismissed).
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.meeting.actions import Action, of_subject
from db.meeting.vocabulary import InterventionKind
from db.people.participants import RemoteParticipantView
from db.speakers.chat_proposals import ChatProposalView
from db.steps import step
from desktop.domain.conference_time import hm, hms, today
from desktop.qt.desk.item_models import Column, Roles, SnapshotTableModel
from desktop.qt.views import keep_selection_by_id, stretch, table_view
from desktop.requests_import.chat_import import ChatImport, import_chat
from desktop.requests_import.zoom_chat_follower import ChatFileFollower

if TYPE_CHECKING:
    from db.meeting.snapshots import Change
    from desktop.qt.desk.desk import Desk

log = logging.getLogger(__name__)
POLL_MS = 1000


_PEOPLE = of_subject("remote") | {Action.REQUEST_ADD}
_CHAT = of_subject("chat")


class ParticipantsModel(SnapshotTableModel[RemoteParticipantView]):
    def __init__(self, desk: Desk) -> None:
        self.columns = (
            Column(
                "Hand raised",
                lambda r: hms(r.hand_raised_at, desk.zone) if r.hand_raised_at else "",
            ),
            Column("Name", lambda r: r.name, tooltip=lambda r: r.email or r.name),
            Column("Delegation", lambda r: r.delegation or "— choose one"),
        )
        super().__init__(desk)

    def wants(self, change: Change) -> bool:
        return change.action in _PEOPLE

    def query(self) -> list[RemoteParticipantView]:
        conference = self.desk.conference
        return self.desk.store.participants.remote(conference.id) if conference else []


class ProposalsModel(SnapshotTableModel[ChatProposalView]):
    def __init__(self, desk: Desk) -> None:
        self.columns = (
            Column("Said", lambda r: hm(r.said_at, desk.zone)),
            Column("Who", lambda r: r.sender, tooltip=lambda r: r.delegation or "no delegation"),
            Column("Message", lambda r: r.text.replace("\n", " "), tooltip=lambda r: r.text),
            Column("Kind", lambda r: r.kind.label),
        )
        super().__init__(desk)

    def wants(self, change: Change) -> bool:
        return change.action in _CHAT

    def query(self) -> list[ChatProposalView]:
        conference = self.desk.conference
        return self.desk.store.chat_proposals.open(conference.id) if conference else []


class ZoomPane(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.participants = ParticipantsModel(desk)
        self.people = table_view(self)
        self.people.setModel(self.participants)
        stretch(self.people, 1)
        keep_selection_by_id(self.people, Roles.ID)
        self.people.setAccessibleName("Remote participants")
        self.proposals = ProposalsModel(desk)
        self.chat = table_view(self)
        self.chat.setModel(self.proposals)
        stretch(self.chat, 2)
        keep_selection_by_id(self.chat, Roles.ID)
        self.chat.setAccessibleName("Chat messages asking for the floor")

        hand = QPushButton("Raise / lower hand")
        to_list = QPushButton("Add to the list")
        to_list.setToolTip("The selected participant joins the list of speakers as remote")
        link = QPushButton("Delegation…")
        add = QPushButton("Add by hand…")
        hand.clicked.connect(self.toggle_hand)
        to_list.clicked.connect(self.add_selected_to_list)
        link.clicked.connect(self.link_selected)
        add.clicked.connect(self.add_by_hand)
        confirm = QPushButton("Confirm")
        confirm.setToolTip("The message becomes a remote request on the list of speakers")
        dismiss = QPushButton("Dismiss")
        confirm.clicked.connect(self.confirm_selected)
        dismiss.clicked.connect(self.dismiss_selected)
        self.watch_button = QPushButton("Follow a chat file…")
        self.watch_button.clicked.connect(self.choose_chat_file)
        self.watch_label = QLabel("No chat file followed.")
        self.watch_label.setStyleSheet("color: #4b5563;")
        self.watch_label.setWordWrap(True)

        people_buttons = QHBoxLayout()
        for button in (hand, to_list, link, add):
            people_buttons.addWidget(button)
        people_buttons.addStretch(1)
        chat_buttons = QHBoxLayout()
        chat_buttons.addWidget(self.watch_button)
        chat_buttons.addStretch(1)
        chat_buttons.addWidget(dismiss)
        chat_buttons.addWidget(confirm)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.cues: QWidget | None = None  # the technician's cues, when the window has them
        layout.addWidget(QLabel("<b>In the Zoom meeting</b> — raised hands first"))
        layout.addWidget(self.people, 3)
        layout.addLayout(people_buttons)
        layout.addWidget(QLabel("<b>From the chat</b> — asking for the floor"))
        layout.addWidget(self.chat, 2)
        layout.addWidget(self.watch_label)
        layout.addLayout(chat_buttons)

        self.follower: ChatFileFollower | None = None
        self._plan: ChatImport | None = None
        desk.agenda_changed.connect(self._forget_plan)
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll_chat)

    def show_cues(self, cues: QWidget) -> None:
        """The technician's cues (desktop/qt/technician/technician_cues.py) above the meeting."""
        self.cues = cues
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, cues)

    # -- participants ----------------------------------------------------------------

    def selected_participant(self) -> RemoteParticipantView | None:
        index = self.people.currentIndex()
        return self.participants.row_at(index.row()) if index.isValid() else None

    def toggle_hand(self) -> None:
        person = self.selected_participant()
        if person is None:
            self.desk.problem.emit("Select a participant first.")
            return
        before = person.hand_raised_at
        after = None if before else self.desk.clock.now()
        self.desk.perform_step(
            "Lower the hand" if before else "Raise the hand",
            step(Action.REMOTE_HAND, participant_id=person.id, at=after),
            step(Action.REMOTE_HAND, participant_id=person.id, at=before),
        )

    def add_selected_to_list(self) -> None:
        person = self.selected_participant()
        slot = self.desk.live_slot  # a hand raised in the meeting is for the slot in the hall
        if person is None:
            self.desk.problem.emit("Select a participant first.")
            return
        if slot is None:
            self.desk.problem.emit(
                "No slot is live: F4 follows the clock, Shift+F4 makes the slot shown live."
            )
            return
        self.desk.perform_step(  # undo: the request withdrawn
            f"Add {person.name} (remote) to the list of {slot.title}",
            step(
                Action.REQUEST_ADD,
                participant_id=person.id,
                slot_id=slot.id,
                at=self.desk.clock.now(),
                kind=InterventionKind.STATEMENT,
            ),
        )

    def link_selected(self) -> None:
        person = self.selected_participant()
        if person is None:
            self.desk.problem.emit("Select a participant first.")
            return
        names = [d.name for d in self.desk.store.delegations.all()]
        current = names.index(person.delegation) if person.delegation in names else 0
        name, accepted = QInputDialog.getItem(
            self, "Delegation", f"{person.name} speaks for:", names, current, True
        )
        if accepted and name in names and name != person.delegation:
            delegation = next(d for d in self.desk.store.delegations.all() if d.name == name)
            self.desk.perform_step(  # undo: the delegation before, as the store read it
                f"Link {person.name} to {delegation.name}",
                step(Action.REMOTE_LINK, participant_id=person.id, delegation_id=delegation.id),
            )

    def add_by_hand(self) -> None:
        conference = self.desk.conference
        if conference is None:
            return
        name, accepted = QInputDialog.getText(self, "Remote participant", "Name as shown in Zoom:")
        if accepted and name.strip():
            self.desk.perform_step(  # undo: off the list again (when they were not on it)
                f"Add {name.strip()} to the meeting",
                step(Action.REMOTE_IMPORT, conference_id=conference.id, name=name.strip()),
            )

    # -- the chat --------------------------------------------------------------------

    def selected_proposal(self) -> ChatProposalView | None:
        index = self.chat.currentIndex()
        return self.proposals.row_at(index.row()) if index.isValid() else None

    def confirm_selected(self) -> None:
        proposal = self.selected_proposal()
        if proposal is None:
            self.desk.problem.emit("Select a chat message first.")
            return
        live = self.desk.live_slot
        slot_id = proposal.slot_id or (live.id if live else None)
        if slot_id is None or proposal.delegation_id is None:
            self.desk.problem.emit(
                "This message names no delegation or slot; add the speaker from the "
                "participants list or the request line instead."
            )
            return
        self.desk.perform_step(
            "Confirm the chat request",
            step(
                Action.CHAT_CONFIRM,
                proposal_id=proposal.id,
                slot_id=slot_id,
                delegation_id=proposal.delegation_id,
            ),
            step(Action.CHAT_REOPEN, proposal_id=proposal.id),
        )

    def dismiss_selected(self) -> None:
        proposal = self.selected_proposal()
        if proposal is not None:
            self.desk.perform_step(
                "Dismiss the chat message",
                step(Action.CHAT_DISMISS, proposal_id=proposal.id),
                step(Action.CHAT_REOPEN, proposal_id=proposal.id),
            )

    def choose_chat_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Zoom's saved chat file", str(Path.home() / "Documents" / "Zoom"), "*.txt"
        )
        if name:
            self.follow(Path(name))

    def follow(self, path: Path) -> None:
        self.follower = ChatFileFollower(path)
        self.watch_label.setText(f"Following {path.name}: new messages are read every second.")
        self.poll_chat()
        self.poll_timer.start()

    def _forget_plan(self) -> None:
        self._plan = None  # another conference, or slots moved: read the agenda afresh

    def poll_chat(self, day: date | None = None) -> int:
        """Read what the chat file gained; returns how many proposals were added."""
        conference = self.desk.conference
        if self.follower is None or conference is None:
            return 0
        try:
            messages = self.follower.poll()
        except OSError as error:
            self.watch_label.setText(f"The chat file cannot be read: {error.strerror or error}.")
            return 0
        if not messages:
            return 0
        if self._plan is None or self._plan.conference_id != conference.id:
            # Built once: it holds the delegations' names for matching senders.
            self._plan = ChatImport.for_conference(self.desk.store, conference.id)
        plan = self._plan
        outcomes = import_chat(
            self.desk.store, plan, messages, today=day or today(conference.time_zone)
        )
        return sum(1 for o in outcomes if o.outcome.value == "proposed")
