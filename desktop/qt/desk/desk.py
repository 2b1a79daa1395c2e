"""The desk: what the moderator does, as undoable commands on the store.

The window's buttons and keys all come here, and every change the window makes goes
one way: a step (db/steps.py) carried out by the undo history (db/undo_history.py) —
one command of the store, one transaction holding the change, its journal entries
and its undo step — then put on the undo stack. Views do not keep the state: they
refresh from the store when it announces a change.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from db.errors import FloorConflict, UnknownRecord
from db.meeting.actions import Action
from db.meeting.vocabulary import RequestStatus
from db.sync.journal_cursor import JournalCursor
from desktop.domain.agenda_clock import slot_at
from desktop.domain.roles import Area, Role, refusal, step_areas
from desktop.qt.desk.desk_commands import NOT_UNDOABLE, USER_FAILURES, StepCommand
from desktop.qt.desk.desk_opening import DeskOpening
from desktop.qt.desk.floor_changes import FloorChanges
from desktop.qt.desk.list_changes import ListChanges

if TYPE_CHECKING:
    from db.floor.statement_media import StatementMedia
    from db.meeting.drafts import RequestDraft
    from db.meeting.snapshots import (
        Change,
        ConferenceView,
        DelegationView,
        FloorRequestView,
        InterventionView,
        SlotView,
    )
    from db.steps import Step
    from db.store import Store
    from db.undo_history import Carried, UndoHistory
    from desktop.domain.clock import Clock

log = logging.getLogger(__name__)

NOTES_REPLACED = (
    "Another station had saved other notes on this intervention meanwhile; "
    "yours are saved, theirs are shown beside them to merge and kept in its history."
)
# Changes after which whoever has the floor may be someone else (or nobody).
_FLOOR_ENTITIES = frozenset({"intervention", "agenda_slot", "conference"})


def store_slots(store: Store, conference: ConferenceView | None) -> list[SlotView]:
    return store.agenda.slots(conference.id) if conference is not None else []


class Desk(QObject, DeskOpening, ListChanges, FloorChanges):
    """One station's desk on one conference; emits when the store changed."""

    # Two moments after a change in the store. At once, for what the moderator acts on
    # (the list of speakers): the window paints it before anything else. Then, in the
    # next turn of the event loop, for every other view (record, countdown, nameplates,
    # speaker display, statistics): the key press is not kept waiting for them.
    changes = Signal(list)  # at once, with what changed (list[Change])
    showing_list = Signal()  # the later moment begins: the list is painted first
    changes_later = Signal(list)  # every change since the last later moment
    changed_later = Signal()  # after changes_later
    slot_changed = Signal()  # another slot is looked at
    live_changed = Signal()  # another slot is live in the hall (or none)
    agenda_changed = Signal()  # the conference or its slots changed (or another was opened)
    problem = Signal(str)  # one sentence for the status bar
    # A save of this station's notes replaced other notes another station had saved
    # meanwhile: (intervention id, "notes" or "internal_notes", their text), to merge.
    notes_overwritten = Signal(int, str, str)

    def __init__(self, store: Store, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.clock = clock
        self.undo_stack = QUndoStack(self)
        # The store's command group the desk changes data by: each step is one command of
        # the store's guard, its arguments data (db/guard.py, db/undo_history.py).
        self.history: UndoHistory = store.history
        self._media: StatementMedia | None = None
        self._held: list[Callable[[], object]] = []  # changes asked for on the first look
        # What this station may change (desktop/domain/roles.py): every change asks.
        self.role = Role.MODERATOR
        self.replaying = False  # restoring the undo stack: nothing is carried out
        self.conference: ConferenceView | None = None
        # Two slots, never confused: the one looked at (its list, its record, the agenda's
        # selection) and the one live in the hall (the floor, the countdown, the speaker
        # display, the nameplates' marks). Looking at another slot never changes the live one.
        self.slot: SlotView | None = None
        self.live_slot: SlotView | None = None
        self._current: InterventionView | None = None
        self._current_stale = False  # read again when next asked for (see ``current``)
        # The live slot's next speakers (present, in the order F5 calls them), read at the
        # later moment of every change: the countdown and the display show them.
        self.next_up: list[FloorRequestView] = []
        self.slots: list[SlotView] = []  # the conference's agenda, refreshed on change notices
        self._delegations: list[DelegationView] | None = None  # read when first asked for
        # Following the clock, the live slot moves on to the slot of the hour by itself
        # (never while someone has the floor); making a slot live by hand stops that.
        self.follows_clock = True
        # Changes made by other stations (or a background import) on the same database
        # are read from the journal; those this station made were announced already.
        self._journal = JournalCursor(store.last_journal_id())
        # Paused while a long import writes from another thread: one catch-up at its end.
        self.sync_paused = False
        self._later: list[Change] = []
        self._later_timer = QTimer(self)
        self._later_timer.setSingleShot(True)
        self._later_timer.setInterval(0)
        self._later_timer.timeout.connect(self.settle)
        store.subscribe(self._on_store_change)

    def close(self) -> None:
        self.store.unsubscribe(self._on_store_change)
        self._later_timer.stop()

    def settle(self) -> None:
        """The later moment of the changes so far: every view follows them now."""
        self._later_timer.stop()
        if not self._later:
            return
        changes, self._later = self._later, []
        self.showing_list.emit()
        self._read_next_up()
        self.changes_later.emit(changes)
        self.changed_later.emit()

    # -- choosing --------------------------------------------------------------

    def open_conference(self, conference_id: int | None) -> None:
        conferences = self.store.agenda.conferences()
        chosen = next((c for c in conferences if c.id == conference_id), None)
        if chosen is None and conferences:
            chosen = conferences[-1]
        self.conference = chosen
        self.slots = store_slots(self.store, chosen)
        self._delegations = None
        self.slot = None
        self.live_slot = None
        self.current = None
        self.next_up = []
        self.settle()  # what changed before is shown before another conference is
        self.restore_history()
        # After a restart in the middle of a panel: the slot where someone has the floor.
        speaking = self._slot_with_the_floor()
        if speaking is not None:
            self._set_live(speaking)
        self.agenda_changed.emit()
        self.live_changed.emit()
        if self.slot is None:  # else a slot was chosen meanwhile (the clock's), and shown
            self.slot_changed.emit()

    def choose_slot(self, slot_id: int | None, *, by_hand: bool = True) -> None:
        """Look at a slot: its list and record. The live slot stays what it is."""
        del by_hand  # looking never changes what is live (kept for the callers' words)
        if self.slot is not None and self.slot.id == slot_id:
            return
        self.settle()  # the views follow the last slot's changes before they change slot
        self.slot = self._slot_by_id(slot_id)
        self.slot_changed.emit()

    @property
    def viewing_live(self) -> bool:
        """Whether the slot looked at is the live one (or neither exists)."""
        live, shown = self.live_slot, self.slot
        return (live.id if live else None) == (shown.id if shown else None)

    def show_live(self) -> None:
        """Look at the live slot again."""
        if self.live_slot is None:
            self.problem.emit("No slot is live: F4 follows the clock, Shift+F4 makes one live.")
            return
        self.choose_slot(self.live_slot.id)

    def make_live(self, slot_id: int | None = None) -> bool:
        """Make a slot live in the hall (by default the one looked at); the clock no longer
        moves it. Refused while someone has the floor in the slot that is live now."""
        slot_id = slot_id if slot_id is not None else (self.slot.id if self.slot else None)
        if slot_id is None:
            self.problem.emit("Choose an agenda slot first.")
            return False
        if self.live_slot is not None and self.live_slot.id == slot_id:
            self.follows_clock = False
            return True
        speaking = self.current
        if speaking is not None and self.live_slot is not None:
            self.problem.emit(
                f"{speaking.delegation or 'Someone'} still has the floor in "
                f"{self.live_slot.title}; take it back first (F8)."
            )
            return False
        self.follows_clock = False
        self._set_live(self._slot_by_id(slot_id))
        self.live_changed.emit()
        return True

    def follow_clock(self, on: bool = True) -> None:
        """The live slot follows the clock again; the desk looks at it."""
        self.follows_clock = on
        self.check_clock()
        if on:
            self.show_live()

    def check_clock(self) -> None:
        """At each tick: when following the clock, the slot now under way becomes live."""
        if not self.follows_clock or not self.slots:
            return
        if self.current is not None:
            return  # never change slots under a speaker's feet
        now_on = slot_at(self.slots, self.clock.now())
        if now_on is None or (self.live_slot is not None and self.live_slot.id == now_on.id):
            return
        was_viewing_live = self.viewing_live
        self._set_live(now_on)
        self.live_changed.emit()
        if was_viewing_live:  # the desk looked at the live slot: it moves on with it
            self.choose_slot(now_on.id)

    def _set_live(self, slot: SlotView | None) -> None:
        self.live_slot = slot
        self.current = self.store.floor.current(slot.id) if slot else None
        self._read_next_up()

    def _read_next_up(self) -> None:
        live = self.live_slot
        self.next_up = self.store.speakers.upcoming(live.id, 3) if live else []

    def _slot_by_id(self, slot_id: int | None) -> SlotView | None:
        if not slot_id:
            return None
        known = next((s for s in self.slots if s.id == slot_id), None)
        return known if known is not None else self.store.agenda.slot(slot_id)

    def _slot_with_the_floor(self) -> SlotView | None:
        held = self.store.floor.slots_with_the_floor([slot.id for slot in self.slots])
        return next((slot for slot in self.slots if slot.id in held), None)

    @property
    def current(self) -> InterventionView | None:
        """The intervention under way in the live slot (read after a change when first asked)."""
        if self._current_stale:
            self._current_stale = False
            live = self.live_slot
            self._current = self.store.floor.current(live.id) if live else None
        return self._current

    @current.setter
    def current(self, intervention: InterventionView | None) -> None:
        self._current, self._current_stale = intervention, False

    def delegations(self) -> list[DelegationView]:
        """Every delegation in seating order: read once for all the views that show them
        (the type-ahead, the nameplates, the review), again after they or the agenda
        changed."""
        if self._delegations is None:
            self._delegations = self.store.delegations.all()
        return self._delegations

    @property
    def zone(self) -> str:
        return self.conference.time_zone if self.conference else "Europe/Vienna"

    def _requests_with_id(self, request_id: int) -> list[FloorRequestView]:
        """The request, if it is on the current slot's list (waiting, or late)."""
        slot = self.slot
        return [
            request
            for request in self.store.speakers.requests_with_ids([request_id])
            if slot is not None
            and request.slot_id == slot.id
            and request.status in (RequestStatus.WAITING, RequestStatus.LATE)
        ]

    # -- the undo history, kept in the database ------------------------------------------

    def perform_step(self, text: str, redo: Step, undo: Step | None = None) -> Carried | None:
        """Carry out a change and put it on the undo stack (kept across restarts): one
        command of the store, the change and its undo step in one transaction. ``undo``
        None: the step works it out (who got the floor, the row it made), or, having
        none, the change cannot be undone — and its entry on the stack says so. None
        back, and one sentence said, when the change was refused."""
        return self._carry_out(text, redo, undo)

    def perform_unlisted(self, redo: Step) -> bool:
        """A change nobody undoes with Ctrl+Z (the countdown paused, held to a video, a
        video attached): the same one transaction, kept off the undo stack."""
        if self.opening:
            self._hold(lambda: self.perform_unlisted(redo))
            return False
        if not self.allowed(*step_areas(redo)):
            return False
        try:
            self.history.carry_out(None, "", redo, None, self.clock.now())
        except USER_FAILURES as error:
            self.problem.emit(str(error))
            return False
        return True

    def see_again(self) -> None:
        """A change refused because another station changed things first: read what
        happened at once (not at the next catch-up), so that the desk shows it."""
        self._current_stale = True
        self.catch_up()

    @contextmanager
    def _seeing_again_if_refused(self) -> Iterator[None]:
        """A floor change refused because another station moved first: the desk reads
        what happened at once (not at the next second's catch-up) and shows it."""
        try:
            yield
        except FloorConflict:
            self.see_again()
            raise

    def _name_of(self, request_ids: list[int | None]) -> str:
        """The delegation (or speaker) of a request, for the undo entry's words."""
        ids = [i for i in request_ids if i is not None]
        # The one given the floor is, as a rule, the first of next_up: no query then.
        found = [r for r in self.next_up if r.id in ids]
        if not found and ids:
            found = self.store.speakers.requests_with_ids(ids)
        if not found:
            return "the request"
        first = found[0]
        return first.nameplate or first.delegation or first.speaker or "the request"

    def _name_of_draft(self, draft: RequestDraft) -> str:
        """The delegation (or speaker) of a request about to be added, as ``_name_of``."""
        known = draft.delegation_id
        label = self.store.delegations.label(known) if known is not None else None
        return label or draft.speaker or "the request"

    def _carry_out(self, text: str, redo: Step, undo: Step | None = None) -> Carried | None:
        """The change and its step of the saved undo history, in one transaction (the
        history's carry_out: one command of the store's guard, db/guard.py), then on the
        stack; refused, one sentence, and what another station changed first is read at
        once."""
        if self.opening:
            self._hold(lambda: self._carry_out(text, redo, undo))
            return None
        if not self.allowed(*step_areas(redo)):
            return None
        conference_id = self.conference.id if self.conference is not None else None
        try:
            with self._seeing_again_if_refused():
                carried = self.history.carry_out(conference_id, text, redo, undo, self.clock.now())
        except USER_FAILURES as error:
            self.problem.emit(str(error))
            return None
        if carried.undo is None:
            text += NOT_UNDOABLE
        self.undo_stack.push(StepCommand(self, text, carried.redo, carried.undo, carried.sequence))
        return carried

    def restore_history(self) -> None:
        """The undo stack as this station left it for the conference (after a restart)."""
        self.undo_stack.clear()
        if self.conference is None:
            return
        steps = self.history.steps(self.conference.id)
        self.replaying = True
        try:
            for saved in steps:
                self.undo_stack.push(
                    StepCommand(self, saved.label, saved.redo, saved.undo, saved.sequence)
                )
            done = sum(1 for saved in steps if not saved.undone)
            self.undo_stack.setIndex(done)
        finally:
            self.replaying = False

    def save_notes(self, intervention_id: int, notes: str, based_on: str | None = None) -> None:
        """Save the notes; if another station had saved other notes meanwhile, say so and
        show both texts to merge (theirs is kept in the intervention's history too)."""
        if self.opening:
            self._hold(lambda: self.save_notes(intervention_id, notes, based_on))
            return
        if not self.allowed(Area.RECORD, doing="writing the notes"):
            return

        def save() -> None:
            theirs = self.store.record.set_notes(intervention_id, notes, based_on=based_on)
            if theirs is not None:
                self.problem.emit(NOTES_REPLACED)
                self.notes_overwritten.emit(intervention_id, "notes", theirs)

        self._attempt(save)

    def save_internal_notes(
        self, intervention_id: int, notes: str, based_on: str | None = None
    ) -> None:
        if self.opening:
            self._hold(lambda: self.save_internal_notes(intervention_id, notes, based_on))
            return
        if not self.allowed(Area.RECORD, doing="writing the notes"):
            return

        def save() -> None:
            theirs = self.store.record.set_internal_notes(intervention_id, notes, based_on=based_on)
            if theirs is not None:
                self.problem.emit(NOTES_REPLACED)
                self.notes_overwritten.emit(intervention_id, "internal_notes", theirs)

        self._attempt(save)

    # -- roles -----------------------------------------------------------------------

    def set_role(self, role: Role) -> None:
        self.role = role

    def refusal(self, *areas: Area, doing: str = "") -> str | None:
        """Why this station may not change ``areas`` (None: it may)."""
        return refusal(self.role, *areas, doing=doing)

    def allowed(self, *areas: Area, doing: str = "") -> bool:
        """Whether this station's role may change any of ``areas``; if not, says why."""
        sentence = self.refusal(*areas, doing=doing)
        if sentence is not None:
            self.problem.emit(sentence)
        return sentence is None

    def undo(self) -> None:
        """Ctrl+Z: the last change, if this station's role may change what it changed."""
        if self.opening:
            self._hold(self.undo)
            return
        self._step_through(self.undo_stack.index() - 1, self.undo_stack.undo)

    def redo(self) -> None:
        if self.opening:
            self._hold(self.redo)
            return
        self._step_through(self.undo_stack.index(), self.undo_stack.redo)

    def _step_through(self, index: int, move: Callable[[], None]) -> None:
        command = self.undo_stack.command(index) if index >= 0 else None
        areas = getattr(command, "areas", ())
        if command is not None and areas and not self.allowed(*areas):
            return
        move()

    # -- plumbing ------------------------------------------------------------------

    def _slot_or_problem(self) -> SlotView | None:
        if self.slot is None:
            self.problem.emit("Choose an agenda slot first.")
        return self.slot

    def _live_or_problem(self) -> SlotView | None:
        if self.live_slot is None:
            self.problem.emit(
                "No slot is live: F4 follows the clock, Shift+F4 makes the slot shown live."
            )
        return self.live_slot

    def _is_in_slot(self, request_id: int, slot_id: int) -> bool:
        return any(
            r.slot_id == slot_id for r in self.store.speakers.requests_with_ids([request_id])
        )

    def _attempt(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except USER_FAILURES as error:
            self.problem.emit(str(error))
            return False
        return True

    @staticmethod
    def _names_slot(changes: list[Change], slot_id: int) -> bool:
        return any(c.entity == "agenda_slot" and c.entity_id == slot_id for c in changes)

    def catch_up(self) -> int:
        """Show what other stations changed since the last look; returns how many changes.
        Read here, on the caller's thread: the window's own catching up reads in a worker
        and hands the result to ``take_caught_up`` (desktop/qt/station_sync.py).
        """
        if self.sync_paused:
            return 0
        try:
            changes = self.store.changes_since(self.journal_read_from)
        except Exception as error:  # the database went away: said once by the caller
            log.info("cannot read the journal: %s", error)
            return 0
        return self.take_caught_up(changes)

    def follow_journal(self, cursor: JournalCursor) -> JournalCursor:
        """Read the journal from ``cursor`` on (a standby copy's own, during an outage:
        desktop/qt/outage.py); returns the cursor followed until now, to go back to."""
        before, self._journal = self._journal, cursor
        return before

    def read_everything_again(self) -> None:
        """Every view reads the store again, the slots looked at and live kept: the store
        went back from a standby copy to the server, whose ids and rows differ."""
        looked_at = self.slot.id if self.slot else None
        live = self.live_slot.id if self.live_slot else None
        follows = self.follows_clock
        self.open_conference(self.conference.id if self.conference else None)
        self.follows_clock = follows
        if self.live_slot is None and live is not None:
            self._set_live(self._slot_by_id(live))
            self.live_changed.emit()
        self.choose_slot(looked_at)

    @property
    def journal_read_from(self) -> int:
        """Catching up reads the journal's entries above this: the journal cursor's
        horizon, not the highest id seen, since on PostgreSQL an entry can become
        visible after a higher one (db/sync/journal_cursor.py)."""
        return self._journal.read_from

    def take_caught_up(self, changes: list[Change]) -> int:
        """Show the changes read from the journal (from ``journal_read_from``, on any
        thread) that this station has not seen yet, in their order; returns how many."""
        if self.sync_paused:
            return 0  # read again from the same place once the import is done
        foreign = self._journal.take(changes, time.monotonic())
        if foreign:
            self.store.announce(foreign)
        return len(foreign)

    def _on_store_change(self, changes: list[Change]) -> None:
        for change in changes:
            self._journal.mark_seen(change.journal_id)
        agenda_moved = any(c.entity in {"agenda_slot", "conference"} for c in changes)
        if agenda_moved or any(c.entity == "delegation" for c in changes):
            self._delegations = None
        if agenda_moved:
            if self.conference is not None:
                try:
                    self.conference = self.store.agenda.conference(self.conference.id)
                except UnknownRecord:
                    self.conference = None
            self.slots = store_slots(self.store, self.conference)
        slot_gone = live_moved = False
        if self.slot is not None and self._names_slot(changes, self.slot.id):
            try:
                self.slot = self.store.agenda.slot(self.slot.id)
            except UnknownRecord:  # deleted, here or at another station
                self.slot, slot_gone = None, True
        if self.live_slot is not None and self._names_slot(changes, self.live_slot.id):
            try:
                self.live_slot = self.store.agenda.slot(self.live_slot.id)
            except UnknownRecord:
                self.live_slot, self.current, self.next_up, live_moved = None, None, [], True
        # The floor given in another slot (at another station, or by an undo): that slot is
        # where the hall is now.
        given_in = [
            c.details.get("slot_id")
            for c in changes
            if c.action in (Action.FLOOR_GIVE, Action.FLOOR_REOPEN) and c.details
        ]
        elsewhere = [
            s for s in given_in if s and (self.live_slot is None or s != self.live_slot.id)
        ]
        if elsewhere:
            self.follows_clock = False
            self.live_slot, live_moved = self._slot_by_id(int(elsewhere[-1])), True
        if self.live_slot is not None and any(c.entity in _FLOOR_ENTITIES for c in changes):
            self._current_stale = True  # read when asked: not on the key's way
        if agenda_moved:
            self.agenda_changed.emit()
        if slot_gone:
            self.settle()
            self.slot_changed.emit()
        if live_moved:
            self._current_stale = True
            self._read_next_up()
            self.live_changed.emit()
        self.changes.emit(changes)
        self._later.extend(changes)
        self._later_timer.start()
