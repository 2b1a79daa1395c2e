"""The desk's changes to the list of speakers: a request added, withdrawn, moved, marked
not present, accepted late; the list closed or reopened; its ordering rules; the review
list's messages taken or dismissed. Each is a step with its undo step, carried out by the
desk (desk.py) as every change is, so that it is undoable, journaled and refused in one
sentence when another station changed the request meanwhile.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from db.meeting.actions import Action
from db.meeting.vocabulary import Channel, InterventionKind, RequestStatus
from db.steps import step
from desktop.domain.roles import area_of_request

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    from db.meeting.drafts import RequestDraft
    from db.meeting.ordering import Policy
    from db.meeting.snapshots import FloorRequestView, SlotView
    from db.steps import Step
    from db.store import Store
    from db.undo_history import Carried
    from desktop.domain.clock import Clock
    from desktop.domain.roles import Area


class ListChanges:
    """A base of the desk (desk.py), which has what is declared below."""

    if TYPE_CHECKING:
        store: Store
        clock: Clock
        slot: SlotView | None
        problem: SignalInstance

        def allowed(self, *areas: Area, doing: str = "") -> bool: ...
        def perform_step(
            self, text: str, redo: Step, undo: Step | None = None
        ) -> Carried | None: ...
        def _slot_or_problem(self) -> SlotView | None: ...
        def _slot_by_id(self, slot_id: int | None) -> SlotView | None: ...
        def _name_of(self, request_ids: list[int | None]) -> str: ...
        def _name_of_draft(self, draft: RequestDraft) -> str: ...
        def _requests_with_id(self, request_id: int) -> list[FloorRequestView]: ...

    def add_request(
        self, draft: RequestDraft, *, slot_id: int | None = None, name: str = ""
    ) -> int | None:
        """Put a request on the list of the slot shown (or of ``slot_id``); undoable."""
        areas = area_of_request(remote=draft.channel is Channel.REMOTE)
        if not self.allowed(*areas):
            return None
        slot = self._slot_or_problem() if slot_id is None else self._slot_by_id(slot_id)
        if slot is None:
            return None
        kind = "" if draft.kind is InterventionKind.STATEMENT else f" ({draft.kind.label.lower()})"
        carried = self.perform_step(
            f"Add {name or self._name_of_draft(draft)}{kind} to the list",
            step(
                Action.REQUEST_ADD,
                slot_id=slot.id,
                draft=asdict(draft),
                at=self.clock.now(),
                area=list(areas),
            ),
        )
        return carried.made if carried is not None else None

    def close_list(self) -> None:
        """Close the list of speakers (or reopen it, if it is closed)."""
        slot = self._slot_or_problem()
        if slot is None:
            return
        close = step(Action.LIST_CLOSE, slot_id=slot.id, at=self.clock.now())
        reopen = step(Action.LIST_REOPEN, slot_id=slot.id)
        if slot.list_closed_at is None:
            self.perform_step("Close the list", close, reopen)
        else:
            close["at"] = slot.list_closed_at.isoformat()
            self.perform_step("Reopen the list", reopen, close)

    def set_request_limit(self, request_id: int, seconds: int | None) -> None:
        """This request's own speaking time (None: back to the slot's limit for its kind)."""
        before = next((r.limit_s for r in self._requests_with_id(request_id)), None)
        self.perform_step(
            "Change the speaking time",
            step(Action.REQUEST_LIMIT, request_id=request_id, seconds=seconds),
            step(Action.REQUEST_LIMIT, request_id=request_id, seconds=before),
        )

    def withdraw_request(self, request_id: int, seen: RequestStatus | None = None) -> None:
        """Withdraw a request as this station shows it (``seen``: its status in the list;
        None: as it is now). Changed at another station since, it stays as it is."""
        if seen is None:
            found = self.store.speakers.requests_with_ids([request_id])
            seen = found[0].status if found else RequestStatus.WAITING
        self.perform_step(
            f"Withdraw {self._name_of([request_id])}",
            step(
                Action.REQUEST_STATUS,
                request_id=request_id,
                status=RequestStatus.WITHDRAWN,
                expected=seen,
            ),
            step(
                Action.REQUEST_STATUS,
                request_id=request_id,
                status=seen,
                expected=RequestStatus.WITHDRAWN,
            ),
        )

    def move_request(self, request_id: int, index: int, seen_index: int | None = None) -> None:
        """Move a waiting request to ``index`` of the list; ``seen_index``: where this station
        shows it (if the list changed at another station since, nothing moves)."""
        slot = self.slot
        places = self.store.speakers.places(slot.id, (RequestStatus.WAITING,)) if slot else []
        waiting = [waiting_id for waiting_id, _place in places]
        old_index = waiting.index(request_id) if request_id in waiting else index
        self.perform_step(
            f"Move {self._name_of([request_id])} to place {index + 1}",
            step(Action.REQUEST_MOVE, request_id=request_id, index=index, **{"from": seen_index}),
            step(Action.REQUEST_MOVE, request_id=request_id, index=old_index),
        )

    def toggle_absent(self, request_id: int) -> None:
        """ "Not present": skipped when the next speaker is called, keeping the place."""
        request = next(iter(self._requests_with_id(request_id)), None)
        if request is None or request.status is not RequestStatus.WAITING:
            self.problem.emit("Only a request on the list of speakers can be marked not present.")
            return
        after = None if request.is_absent else self.clock.now()
        self.perform_step(
            "Mark present" if after is None else "Mark not present",
            step(Action.REQUEST_ABSENT, request_id=request_id, at=after),
            step(Action.REQUEST_ABSENT, request_id=request_id, at=request.absent_since),
        )

    def decide_late(self, request_id: int, accept: bool) -> None:
        """A request sent after the deadline joins the list, or is turned down."""
        after = RequestStatus.WAITING if accept else RequestStatus.REJECTED
        late = RequestStatus.LATE
        self.perform_step(
            "Accept the late request" if accept else "Turn down the late request",
            step(Action.REQUEST_STATUS, request_id=request_id, status=after, expected=late),
            step(Action.REQUEST_STATUS, request_id=request_id, status=late, expected=after),
        )

    def release_request(self, request_id: int) -> None:
        """Give a moved request back to the ordering rules."""
        self.perform_step(
            "Back to the ordering rules",
            step(Action.REQUEST_PIN, request_id=request_id, pinned=False),
            step(Action.REQUEST_PIN, request_id=request_id, pinned=True),
        )

    def set_policy(self, policy: Policy) -> None:
        slot = self._slot_or_problem()
        if slot is None:
            return
        before = self.store.speakers.policy(slot.id)
        self.perform_step(
            "Change the ordering rules",
            step(Action.LIST_POLICY, slot_id=slot.id, policy=policy.to_json()),
            step(Action.LIST_POLICY, slot_id=slot.id, policy=before.to_json()),
        )

    def accept_review(self, item_id: int, **choice: Any) -> None:
        """A message from the review list becomes a request (undo: back on the review list)."""
        self.perform_step(
            "Accept the message",
            step(Action.REVIEW_ACCEPT, item_id=item_id, **choice),
            step(Action.REVIEW_REOPEN, item_id=item_id),
        )

    def dismiss_review(self, item_id: int) -> None:
        self.perform_step(
            "Dismiss the message",
            step(Action.REVIEW_DISMISS, item_id=item_id),
            step(Action.REVIEW_REOPEN, item_id=item_id),
        )
