"""The desk's changes to the floor: the floor given (F5) and taken back (F8), the
countdown paused, time added, a video statement attached, played and ended, the sound
lost. Each is a step carried out by the desk (desk.py) as every change is; a press made
on an old picture of who speaks is refused (db/floor/giving.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from db.meeting.actions import Action
from db.steps import step
from desktop.domain.roles import Area

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QUndoStack

    from db.meeting.snapshots import FloorRequestView, InterventionView, SlotView
    from db.steps import Step
    from db.undo_history import Carried, UndoHistory
    from desktop.domain.clock import Clock


class FloorChanges:
    """A base of the desk (desk.py), which has what is declared below."""

    if TYPE_CHECKING:
        clock: Clock
        slot: SlotView | None
        next_up: list[FloorRequestView]
        problem: SignalInstance
        undo_stack: QUndoStack
        history: UndoHistory

        @property
        def current(self) -> InterventionView | None: ...
        def allowed(self, *areas: Area, doing: str = "") -> bool: ...
        def perform_step(
            self, text: str, redo: Step, undo: Step | None = None
        ) -> Carried | None: ...
        def perform_unlisted(self, redo: Step) -> bool: ...
        def _carry_out(self, text: str, redo: Step, undo: Step | None = None) -> Carried | None: ...
        def _live_or_problem(self) -> SlotView | None: ...
        def _is_in_slot(self, request_id: int, slot_id: int) -> bool: ...
        def _name_of(self, request_ids: list[int | None]) -> str: ...
        def _attempt(self, action: Callable[[], object]) -> bool: ...

    def give_floor(self, request_id: int | None = None) -> None:
        """Give the floor in the live slot to its next speaker (or to ``request_id``)."""
        if not self.allowed(Area.FLOOR, doing="giving the floor"):
            return
        slot = self._live_or_problem()
        if slot is None:
            return
        if request_id is not None and not self._is_in_slot(request_id, slot.id):
            shown = self.slot.title if self.slot else "another slot"
            self.problem.emit(
                f"That request is on the list of {shown}, but {slot.title} is live; "
                "make it live first (Shift+F4)."
            )
            return

        # Who this station saw speaking: a press meant for them never ends someone that
        # another station gave the floor to a moment ago.
        seen = self.current
        expected = seen.id if seen is not None else None
        # Named before it is given (the name is kept with the step, in the same
        # transaction): F5 gives the floor to the first of next_up, so no query.
        named = request_id if request_id is not None else next((r.id for r in self.next_up), None)
        text = f"Give the floor to {self._name_of([named])}"
        give = step(Action.FLOOR_GIVE, slot_id=slot.id, request_id=request_id, expected=expected)
        carried = self._carry_out(text, give)
        given_to = carried.redo.get("request_id") if carried is not None else named
        if carried is not None and given_to != named:  # next_up was behind: named again
            # Once the list is painted: the name may take a query, the saved step a
            # transaction of its own, and the key is not kept waiting for either.
            command = self.undo_stack.command(self.undo_stack.index() - 1)
            QTimer.singleShot(0, self.undo_stack, lambda: self._rename(command, carried, given_to))

    def take_floor_back(self) -> None:
        self._take_floor_back((Area.FLOOR,))

    def end_video_statement(self) -> None:
        """The video statement that has the floor has ended: the floor is taken back at
        the station that played it (the technician's, as a rule)."""
        self._take_floor_back((Area.FLOOR, Area.VIDEO))

    def _take_floor_back(self, areas: tuple[Area, ...]) -> None:
        if not self.allowed(*areas, doing="taking the floor back"):
            return
        slot = self._live_or_problem()
        if slot is None:
            return

        speaking = self.current
        name = speaking.delegation if speaking and speaking.delegation else "the speaker"
        expected = speaking.id if speaking is not None else None
        take_back = step(
            Action.FLOOR_TAKE_BACK, slot_id=slot.id, expected=expected, area=list(areas)
        )
        self._carry_out(f"Take the floor back from {name}", take_back)

    def pause_or_resume(self) -> None:
        self._pause_or_resume((Area.FLOOR,))

    def pause_or_resume_video(self) -> None:
        """A video statement paused or played on (F7, the player): the countdown follows
        the video, at the station that plays it (the technician's, as a rule)."""
        self._pause_or_resume((Area.FLOOR, Area.VIDEO))

    def _pause_or_resume(self, areas: tuple[Area, ...]) -> None:
        if not self.allowed(*areas, doing="pausing the countdown"):
            return
        paused = self.current is not None and self.current.is_paused
        self._on_the_speaker(Action.FLOOR_RESUME if paused else Action.FLOOR_PAUSE, areas)

    def audio_lost_or_back(self) -> None:
        """The sound of the speaker who has the floor is lost (the countdown stops and the
        record keeps the gap), or is back (the countdown runs on)."""
        areas = (Area.FLOOR, Area.VIDEO)
        if not self.allowed(*areas, doing="marking the sound lost"):
            return
        lost = self.audio_lost
        self._on_the_speaker(Action.FLOOR_AUDIO_BACK if lost else Action.FLOOR_AUDIO_LOST, areas)

    def _on_the_speaker(self, action: Action, areas: tuple[Area, ...]) -> None:
        """A change to the intervention of whoever has the floor, at this moment."""
        current = self.current
        if current is None:
            self.problem.emit("Nobody has the floor.")
            return
        self.perform_unlisted(
            step(action, intervention_id=current.id, at=self.clock.now(), area=list(areas))
        )

    @property
    def audio_lost(self) -> bool:
        """Whether the sound of the speaker who has the floor is marked as lost now."""
        current = self.current
        last = current.pauses[-1] if current is not None and current.pauses else None
        return last is not None and last.resumed_at is None and last.audio_lost

    def attach_video(self, request_id: int, path: str, duration_ms: int) -> bool:
        """A checked video file becomes the request's video statement (its speaking time
        is the video's length)."""
        return self.perform_unlisted(
            step(Action.REQUEST_VIDEO, request_id=request_id, path=path, duration_ms=duration_ms)
        )

    def add_time(self, seconds: int) -> None:
        """Give the current speaker more (or less) time; undoable like a queue change."""
        current = self.current
        if current is None:
            self.problem.emit("Nobody has the floor.")
            return
        who = current.delegation or "the speaker"
        label = f"{'Add' if seconds > 0 else 'Take'} {abs(seconds)} s for {who}"
        self.perform_step(
            label,
            step(Action.FLOOR_ADD_TIME, intervention_id=current.id, seconds=seconds),
            step(Action.FLOOR_ADD_TIME, intervention_id=current.id, seconds=-seconds),
        )

    def _rename(self, command: object, carried: Carried, given_to: int | None) -> None:
        """Another name for a step put on the stack (and in the saved history): the one
        who was given the floor. Unless the stack no longer holds it (cleared meanwhile:
        ``command`` is only compared, never used)."""
        text = f"Give the floor to {self._name_of([given_to])}"
        stacked = (self.undo_stack.command(i) for i in range(self.undo_stack.count()))
        held = next((c for c in stacked if c is command), None)
        if held is None:
            return
        held.setText(text)
        sequence = carried.sequence
        if sequence is not None:
            self._attempt(lambda: self.history.relabel(sequence, text))
