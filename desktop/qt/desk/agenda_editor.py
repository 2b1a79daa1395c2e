"""The agenda editor: add, edit, move and delete slots, each an undoable step of the desk.

The main window's actions call the functions below. Each one is a step
(db/steps.py) the desk carries out in one transaction with its undo step, kept
across restarts; what the store refuses is told in one sentence through
``desk.problem``. Dialogs and confirmations are passed in as callables (``ask``,
``confirm``) so that tests drive them without modal loops.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from db.agenda.agenda import SlotDraft
from db.agenda.drafts import plain_draft
from db.errors import FloorConflict, UnknownRecord
from db.meeting.actions import Action
from db.meeting.vocabulary import RequestStatus, SlotKind
from db.steps import step
from desktop.domain.conference_time import from_local, hm, to_local
from desktop.domain.roles import Area
from desktop.qt.desk.slot_dialog import SlotDialog

if TYPE_CHECKING:
    from db.meeting.snapshots import ConferenceView, FloorRequestView, SlotView
    from desktop.qt.desk.desk import Desk

__all__ = [
    "Ask",
    "Confirm",
    "SlotDialog",
    "add_slot",
    "delete_slot",
    "edit_slot",
    "move_slot",
    "suggested_draft",
]

Ask = Callable[[SlotDialog], bool]
Confirm = Callable[[str], bool]

# What a user can cause: refused by the store, or a slot gone meanwhile.
FAILURES = (FloorConflict, UnknownRecord, ValueError)
NEW_SLOT_MINUTES = 60


def run_dialog(dialog: SlotDialog) -> bool:
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_in_message_box(parent: QWidget | None) -> Confirm:
    def confirm(text: str) -> bool:
        answer = QMessageBox.question(
            parent,
            "Delete the agenda slot",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    return confirm


# -- the commands the main window calls -------------------------------------------


def add_slot(desk: Desk, parent: QWidget | None = None, *, ask: Ask = run_dialog) -> int | None:
    """Ask for a new slot (after the chosen one) and add it; returns its id."""
    if not desk.allowed(Area.AGENDA):
        return None
    conference = desk.conference
    if conference is None:
        desk.problem.emit("Open a conference first.")
        return None
    dialog = SlotDialog(
        conference, suggested_draft(conference, desk.slot), parent, title="New slot"
    )
    if not ask(dialog):
        return None
    create = step(
        Action.SLOT_CREATE, conference_id=conference.id, draft=plain_draft(dialog.draft())
    )
    carried = desk.perform_step("Add the slot", create)  # undo: deleted, worked out by the step
    return carried.made if carried is not None else None


def edit_slot(
    desk: Desk, slot_id: int, parent: QWidget | None = None, *, ask: Ask = run_dialog
) -> bool:
    """Open the slot in the dialog and store what was changed; True if anything was."""
    if not desk.allowed(Area.AGENDA):
        return False
    agenda = desk.store.agenda
    try:
        before = agenda.slot_draft(slot_id)
        conference = agenda.conference(agenda.slot(slot_id).conference_id)
    except FAILURES as error:
        desk.problem.emit(str(error))
        return False
    dialog = SlotDialog(conference, before, parent, title="Edit the slot")
    if not ask(dialog):
        return False
    after = dialog.draft()
    if after == before:
        return False
    carried = desk.perform_step(
        "Edit the slot",
        step(Action.SLOT_UPDATE, slot_id=slot_id, draft=plain_draft(after)),
        step(Action.SLOT_UPDATE, slot_id=slot_id, draft=plain_draft(before)),
    )
    return carried is not None


def delete_slot(
    desk: Desk, slot_id: int, parent: QWidget | None = None, *, confirm: Confirm | None = None
) -> bool:
    """Ask, then delete the slot with its requests for the floor; undo restores both."""
    if not desk.allowed(Area.AGENDA):
        return False
    agenda = desk.store.agenda
    try:
        agenda.check_removal(slot_id, with_requests=True)
        slot = agenda.slot(slot_id)
        requests = desk.store.speakers.requests(slot_id)
    except FAILURES as error:
        desk.problem.emit(str(error))
        return False
    ask = confirm or ask_in_message_box(parent)
    if not ask(deletion_question(slot, requests_count(requests), desk.zone)):
        return False
    _leave(desk, slot_id)
    # Undo restores it whole: what it held travels in the undo step (db/agenda/removed.py).
    carried = desk.perform_step("Delete the slot", step(Action.SLOT_DELETE, slot_id=slot_id))
    return carried is not None


def move_slot(desk: Desk, slot_id: int, minutes: int, parent: QWidget | None = None) -> bool:
    """Move the slot ``minutes`` later (earlier if negative), keeping its length."""
    try:
        before = desk.store.agenda.slot(slot_id).starts_at
    except FAILURES as error:
        desk.problem.emit(str(error))
        return False
    after = before + timedelta(minutes=minutes)
    direction = "later" if minutes > 0 else "earlier"
    carried = desk.perform_step(
        f"Move the slot {abs(minutes)} min {direction}",
        step(Action.SLOT_MOVE, slot_id=slot_id, starts_at=after),
        step(Action.SLOT_MOVE, slot_id=slot_id, starts_at=before),
    )
    return carried is not None


# -- helpers -----------------------------------------------------------------------


def suggested_draft(conference: ConferenceView, after: SlotView | None) -> SlotDraft:
    """A new slot right after ``after`` (or at 09:00 on the first day), an hour long."""
    zone = conference.time_zone
    if after is not None:
        starts_at = after.ends_at
    else:
        starts_at = from_local(conference.starts_on, time(9), zone)
    ends_at = starts_at + timedelta(minutes=NEW_SLOT_MINUTES)
    local_start = to_local(starts_at, zone)
    if to_local(ends_at, zone).date() != local_start.date():
        ends_at = from_local(local_start.date(), time(23, 59), zone)
    return SlotDraft(kind=SlotKind.PANEL, title="", starts_at=starts_at, ends_at=ends_at)


def requests_count(requests: list[FloorRequestView]) -> tuple[int, int]:
    """How many requests go with a slot, and how many of them are still waiting."""
    return len(requests), sum(1 for r in requests if r.status is RequestStatus.WAITING)


def deletion_question(slot: SlotView, counts: tuple[int, int], zone: str) -> str:
    total, waiting = counts
    day = to_local(slot.starts_at, zone)
    text = (
        f"Delete “{slot.title}” ({day:%a} {day.day} {day:%b}, "
        f"{hm(slot.starts_at, zone)}–{hm(slot.ends_at, zone)})?"
    )
    if total:
        noun = "request" if total == 1 else "requests"
        text += f"\n\nIts {total} {noun} for the floor ({waiting} waiting) will be deleted with it."
    undo = QKeySequence(QKeySequence.StandardKey.Undo).toString(
        QKeySequence.SequenceFormat.NativeText
    )
    return text + f"\n\nUndo ({undo}) brings it back."


def _leave(desk: Desk, slot_id: int) -> None:
    """Step off a slot that is about to go, so the desk does not refresh from it."""
    if desk.slot is not None and desk.slot.id == slot_id:
        desk.choose_slot(None, by_hand=False)
