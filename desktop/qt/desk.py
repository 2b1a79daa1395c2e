"""The desk: what the moderator does, as undoable commands on the store.

The window's buttons and keys all come here. Each action is one store command
(one transaction); queue changes go through the undo stack. Views do not keep
the state: they refresh from the store when it announces a change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from db.errors import FloorConflict, UnknownRecord
from db.ordering import Policy
from db.speakers_list import RequestDraft
from db.store import Store
from db.views import Change, ConferenceView, InterventionView, SlotView
from db.vocabulary import RequestStatus
from desktop.domain.agenda_clock import slot_at
from desktop.domain.clock import Clock

log = logging.getLogger(__name__)

USER_FAILURES = (FloorConflict, UnknownRecord)


def store_slots(store: Store, conference: ConferenceView | None) -> list[SlotView]:
    return store.agenda.slots(conference.id) if conference is not None else []


class _DoneCommand(QUndoCommand):
    """An action already carried out; redo and undo call the store again."""

    def __init__(
        self,
        text: str,
        redo: Callable[[], object],
        undo: Callable[[], object],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._redo = redo
        self._undo = undo
        self._report = report
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._guarded(self._redo)

    def undo(self) -> None:
        self._guarded(self._undo)

    def _guarded(self, action: Callable[[], object]) -> None:
        try:
            action()
        except USER_FAILURES as error:
            self._report(f"Cannot {self.text().lower()}: {error}")
            self.setObsolete(True)


class Desk(QObject):
    """One station's desk on one conference; emits when the store changed."""

    changed = Signal()  # after any change in the store
    changes = Signal(list)  # the same moment, with what changed (list[Change])
    slot_changed = Signal()  # another slot was chosen
    agenda_changed = Signal()  # the conference or its slots changed (or another was opened)
    problem = Signal(str)  # one sentence for the status bar

    def __init__(self, store: Store, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.undo_stack = QUndoStack(self)
        self.conference: ConferenceView | None = None
        self.slot: SlotView | None = None
        self.current: InterventionView | None = None
        self.slots: list[SlotView] = []  # the conference's agenda, refreshed on change notices
        # Following the clock, the desk moves to the slot of the hour by itself (never
        # while someone has the floor); choosing a slot by hand stops that.
        self.follows_clock = True
        # Changes made by other stations (or a background import) on the same database
        # are read from the journal; those this station made were announced already.
        self._journal_seen = store.last_journal_id()
        self._announced_here: set[int] = set()
        # Paused while a long import writes from another thread: one catch-up at its end.
        self.sync_paused = False
        store.subscribe(self._on_store_change)

    def close(self) -> None:
        self.store.unsubscribe(self._on_store_change)

    # -- choosing --------------------------------------------------------------

    def open_conference(self, conference_id: int | None) -> None:
        conferences = self.store.agenda.conferences()
        chosen = next((c for c in conferences if c.id == conference_id), None)
        if chosen is None and conferences:
            chosen = conferences[-1]
        self.conference = chosen
        self.slots = store_slots(self.store, chosen)
        self.slot = None
        self.current = None
        self.undo_stack.clear()
        self.agenda_changed.emit()
        self.slot_changed.emit()

    def choose_slot(self, slot_id: int | None, *, by_hand: bool = True) -> None:
        if by_hand:
            self.follows_clock = False
        if self.slot is not None and self.slot.id == slot_id:
            return
        self.slot = self.store.agenda.slot(slot_id) if slot_id else None
        self.current = self.store.floor.current(slot_id) if slot_id else None
        self.slot_changed.emit()

    def follow_clock(self, on: bool = True) -> None:
        """Go (back) to the slot of the hour and stay with the clock."""
        self.follows_clock = on
        self.check_clock()

    def check_clock(self) -> None:
        """At each tick: when following the clock, move on to the slot now under way."""
        if not self.follows_clock or not self.slots:
            return
        if self.current is not None:
            return  # never change slots under a speaker's feet
        now_on = slot_at(self.slots, self.clock.now())
        if now_on is not None and (self.slot is None or self.slot.id != now_on.id):
            self.choose_slot(now_on.id, by_hand=False)

    @property
    def zone(self) -> str:
        return self.conference.time_zone if self.conference else "Europe/Vienna"

    # -- the moderator's actions ---------------------------------------------------

    def add_request(self, draft: RequestDraft) -> int | None:
        slot = self._slot_or_problem()
        if slot is None:
            return None
        try:
            request_id = self.store.speakers.add(slot.id, draft, self.clock.now())
        except USER_FAILURES as error:
            self.problem.emit(str(error))
            return None
        speakers = self.store.speakers
        self.undo_stack.push(
            _DoneCommand(
                "Add the request",
                lambda: speakers.set_status(request_id, RequestStatus.WAITING),
                lambda: speakers.set_status(request_id, RequestStatus.WITHDRAWN),
                self.problem.emit,
            )
        )
        return request_id

    def close_list(self) -> None:
        """Close the list of speakers (or reopen it, if it is closed)."""
        slot = self._slot_or_problem()
        if slot is None:
            return
        speakers = self.store.speakers
        slot_id = slot.id
        closed_at = self.clock.now()

        def close() -> None:
            speakers.close_list(slot_id, closed_at)

        def reopen() -> None:
            speakers.reopen_list(slot_id)

        if slot.list_closed_at is None:
            self._perform("Close the list", close, reopen)
        else:
            self._perform("Reopen the list", reopen, close)

    def set_request_limit(self, request_id: int, seconds: int | None) -> None:
        """This request's own speaking time (None: back to the slot's limit for its kind)."""
        speakers = self.store.speakers
        before: list[int | None] = []

        def redo() -> None:
            before[:] = [speakers.set_limit(request_id, seconds)]

        def undo() -> None:
            speakers.set_limit(request_id, before[0] if before else None)

        self._perform("Change the speaking time", redo, undo)

    def withdraw_request(self, request_id: int) -> None:
        speakers = self.store.speakers
        self._perform(
            "Withdraw the request",
            lambda: speakers.set_status(request_id, RequestStatus.WITHDRAWN),
            lambda: speakers.set_status(request_id, RequestStatus.WAITING),
        )

    def move_request(self, request_id: int, index: int) -> None:
        speakers = self.store.speakers
        try:
            old_index = speakers.move(request_id, index)
        except USER_FAILURES as error:
            self.problem.emit(str(error))
            return

        def redo() -> None:
            speakers.move(request_id, index)

        def undo() -> None:
            speakers.move(request_id, old_index)

        self.undo_stack.push(_DoneCommand("Move the request", redo, undo, self.problem.emit))

    def toggle_absent(self, request_id: int) -> None:
        """ "Not present": skipped when the next speaker is called, keeping the place."""
        speakers = self.store.speakers
        now = self.clock.now()
        request = (
            next((r for r in speakers.waiting(self.slot.id) if r.id == request_id), None)
            if self.slot
            else None
        )
        if request is None:
            self.problem.emit("Only a request on the list of speakers can be marked not present.")
            return
        before = request.absent_since
        after = None if request.is_absent else now
        self._perform(
            "Mark present" if after is None else "Mark not present",
            lambda: speakers.set_absent(request_id, after),
            lambda: speakers.set_absent(request_id, before),
        )

    def decide_late(self, request_id: int, accept: bool) -> None:
        """A request sent after the deadline joins the list, or is turned down."""
        speakers = self.store.speakers
        after = RequestStatus.WAITING if accept else RequestStatus.REJECTED
        self._perform(
            "Accept the late request" if accept else "Turn down the late request",
            lambda: speakers.set_status(request_id, after),
            lambda: speakers.set_status(request_id, RequestStatus.LATE),
        )

    def release_request(self, request_id: int) -> None:
        """Give a moved request back to the ordering rules."""
        speakers = self.store.speakers
        self._perform(
            "Back to the ordering rules",
            lambda: speakers.set_pinned(request_id, False),
            lambda: speakers.set_pinned(request_id, True),
        )

    def set_policy(self, policy: Policy) -> None:
        slot = self._slot_or_problem()
        if slot is None:
            return
        speakers = self.store.speakers
        before = speakers.policy(slot.id)
        slot_id = slot.id
        self._perform(
            "Change the ordering rules",
            lambda: speakers.set_policy(slot_id, policy),
            lambda: speakers.set_policy(slot_id, before),
        )

    def accept_review(self, item_id: int, **choice: Any) -> None:
        """A message from the review list becomes a request (undo: back on the review list)."""
        reviews = self.store.advance_requests
        self._perform(
            "Accept the message",
            lambda: reviews.accept(item_id, **choice),
            lambda: reviews.reopen(item_id),
        )

    def dismiss_review(self, item_id: int) -> None:
        reviews = self.store.advance_requests
        self._perform(
            "Dismiss the message", lambda: reviews.dismiss(item_id), lambda: reviews.reopen(item_id)
        )

    def give_floor(self, request_id: int | None = None) -> None:
        """Give the floor to the next speaker (or to ``request_id``)."""
        slot = self._slot_or_problem()
        if slot is None:
            return
        floor = self.store.floor
        try:
            given = floor.give_floor(slot.id, self.clock.now(), request_id)
        except USER_FAILURES as error:
            self.problem.emit(str(error))
            return
        state = {"given": given}

        def redo() -> None:
            previous = state["given"]
            state["given"] = floor.give_floor(slot.id, self.clock.now(), previous.request_id)

        def undo() -> None:
            floor.undo_give_floor(state["given"])

        self.undo_stack.push(_DoneCommand("Give the floor", redo, undo, self.problem.emit))

    def take_floor_back(self) -> None:
        slot = self._slot_or_problem()
        if slot is None:
            return
        floor = self.store.floor
        try:
            ended = floor.take_floor_back(slot.id, self.clock.now())
        except USER_FAILURES as error:
            self.problem.emit(str(error))
            return

        def redo() -> None:
            floor.take_floor_back(slot.id, self.clock.now())

        self.undo_stack.push(
            _DoneCommand(
                "Take the floor back", redo, lambda: floor.reopen_floor(ended), self.problem.emit
            )
        )

    def pause_or_resume(self) -> None:
        current = self.current
        if current is None:
            self.problem.emit("Nobody has the floor.")
            return
        action = self.store.floor.resume if current.is_paused else self.store.floor.pause
        self._attempt(lambda: action(current.id, self.clock.now()))

    def add_time(self, seconds: int) -> None:
        """Give the current speaker more (or less) time; undoable like a queue change."""
        current = self.current
        if current is None:
            self.problem.emit("Nobody has the floor.")
            return
        floor = self.store.floor
        label = f"{'Add' if seconds > 0 else 'Take'} {abs(seconds)} s"
        self._perform(
            label,
            lambda: floor.add_time(current.id, seconds),
            lambda: floor.add_time(current.id, -seconds),
        )

    def save_notes(self, intervention_id: int, notes: str) -> None:
        self._attempt(lambda: self.store.floor.set_notes(intervention_id, notes))

    # -- plumbing ------------------------------------------------------------------

    def attempt(self, action: Callable[[], object]) -> bool:
        """Run a store command; a refusal becomes one sentence in the status bar."""
        return self._attempt(action)

    def perform(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> None:
        """Run a store command and put it on the undo stack."""
        self._perform(text, redo, undo)

    def push_done(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> None:
        """Put a command already carried out on the undo stack."""
        self.undo_stack.push(_DoneCommand(text, redo, undo, self.problem.emit))

    def _slot_or_problem(self) -> SlotView | None:
        if self.slot is None:
            self.problem.emit("Choose an agenda slot first.")
        return self.slot

    def _attempt(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except USER_FAILURES as error:
            self.problem.emit(str(error))
            return False
        return True

    def _perform(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> None:
        if self._attempt(redo):
            self.undo_stack.push(_DoneCommand(text, redo, undo, self.problem.emit))

    def catch_up(self) -> int:
        """Show what other stations changed since the last look; returns how many changes."""
        if self.sync_paused:
            return 0
        try:
            changes = self.store.changes_since(self._journal_seen)
        except Exception as error:  # the database went away: said once by the caller
            log.info("cannot read the journal: %s", error)
            return 0
        if not changes:
            return 0
        self._journal_seen = max(c.journal_id for c in changes)
        foreign = [c for c in changes if c.journal_id not in self._announced_here]
        self._announced_here = {i for i in self._announced_here if i > self._journal_seen}
        if foreign:
            self.store.announce(foreign)
        return len(foreign)

    def _on_store_change(self, changes: list[Change]) -> None:
        for change in changes:
            if change.journal_id > self._journal_seen:
                self._announced_here.add(change.journal_id)
        agenda_moved = any(c.entity in {"agenda_slot", "conference"} for c in changes)
        if agenda_moved:
            if self.conference is not None:
                try:
                    self.conference = self.store.agenda.conference(self.conference.id)
                except UnknownRecord:
                    self.conference = None
            self.slots = store_slots(self.store, self.conference)
        slot_gone = False
        if self.slot is not None:
            if any(c.entity == "agenda_slot" and c.entity_id == self.slot.id for c in changes):
                try:
                    self.slot = self.store.agenda.slot(self.slot.id)
                except UnknownRecord:  # deleted, here or at another station
                    self.slot, self.current, slot_gone = None, None, True
            if self.slot is not None:
                self.current = self.store.floor.current(self.slot.id)
        if agenda_moved:
            self.agenda_changed.emit()
        if slot_gone:
            self.slot_changed.emit()
        self.changes.emit(changes)
        self.changed.emit()
