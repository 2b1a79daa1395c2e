"""The agenda editor through the real window: the dialog, the store, undo and the agenda view."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QDate, QTime
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db.agenda.agenda import PersonDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import InterventionKind, SlotKind
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.desk import agenda_editor
from desktop.qt.desk.agenda_editor import Ask, SlotDialog
from desktop.qt.desk.item_models import Roles
from desktop.qt.desk.slot_dialog import ENDS_FIRST, NO_TITLE, SpeakingTimeBox, parse_person
from desktop.qt.main_window import MainWindow


def answering(fill: Callable[[SlotDialog], None]) -> Ask:
    """Fill the dialog as a user would, then press OK (which must be enabled)."""

    def ask(dialog: SlotDialog) -> bool:
        fill(dialog)
        assert dialog.ok_button.isEnabled(), dialog.problems()
        dialog.ok_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    return ask


def problems_of(window: MainWindow) -> list[str]:
    told: list[str] = []
    window.desk.problem.connect(told.append)
    return told


def agenda_row(window: MainWindow, slot_id: int) -> tuple[str, str] | None:
    model = window.agenda.model
    for row in range(model.rowCount()):
        if model.index(row, 0).data(Roles.ID) == slot_id:
            return model.index(row, 0).data(), model.index(row, 1).data()
    return None


@pytest.fixture
def station_in_california() -> Iterator[None]:
    """The station's own zone must change nothing: every clock is the conference's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "America/Los_Angeles")
        time.tzset()
        yield
    time.tzset()


# -- the dialog ----------------------------------------------------------------------


def test_the_dialog_shows_a_slot_and_gives_it_back_unchanged(
    qtbot: QtBot, store: Store, panel: SlotView, station_in_california: None
) -> None:
    conference = store.agenda.conference(panel.conference_id)
    draft = store.agenda.slot_draft(panel.id)
    dialog = SlotDialog(conference, draft)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentText() == "Panel"
    assert dialog.day.date() == QDate(2026, 4, 20)
    assert (dialog.start.time(), dialog.end.time()) == (QTime(11, 0), QTime(12, 30))
    assert dialog.zone_label.text() == "Times in Europe/Vienna (UTC+02:00)"
    assert dialog.moderator.text().startswith("Dr. Ilse Wernbacher, Senior Adviser, Office")
    assert dialog.panellists.lines()[0] == (
        "Lieve Desmedt, Head of Strategic Analysis, Financial Intelligence Processing Unit"
    )
    assert dialog.limits[InterventionKind.PANELLIST].text() == "7:00"
    assert dialog.limits[InterventionKind.QUESTION].text() == "1:30"
    assert dialog.ok_button.isEnabled() and dialog.problem.text() == ""
    assert dialog.draft() == draft


def test_times_are_typed_in_conference_time_and_stored_in_utc(
    qtbot: QtBot, store: Store, panel: SlotView, station_in_california: None
) -> None:
    conference = store.agenda.conference(panel.conference_id)
    dialog = SlotDialog(conference, store.agenda.slot_draft(panel.id))
    qtbot.addWidget(dialog)
    dialog.day.setDate(QDate(2026, 4, 21))
    dialog.start.setTime(QTime(9, 30))
    draft = dialog.draft()
    assert draft.starts_at == datetime(2026, 4, 21, 7, 30, tzinfo=UTC)
    assert draft.ends_at - draft.starts_at == timedelta(minutes=90)  # the end moved along
    assert dialog.end.time() == QTime(11, 0)
    # The day stays within the conference.
    dialog.day.setDate(QDate(2026, 5, 1))
    assert dialog.day.date() == QDate(2026, 4, 21)


def test_ok_waits_for_a_title_and_an_end_after_the_start(
    qtbot: QtBot, store: Store, panel: SlotView
) -> None:
    conference = store.agenda.conference(panel.conference_id)
    suggested = agenda_editor.suggested_draft(conference, panel)
    dialog = SlotDialog(conference, suggested)
    qtbot.addWidget(dialog)
    assert (dialog.start.time(), dialog.end.time()) == (QTime(12, 30), QTime(13, 30))
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem.text() == ""  # an empty new title is no news yet

    qtbot.keyClicks(dialog.title, "Side meeting")
    assert dialog.ok_button.isEnabled()
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, " ")
    assert not dialog.ok_button.isEnabled() and dialog.problem.text() == NO_TITLE
    dialog.title.setText("Side meeting")

    dialog.end.setTime(QTime(12, 30))
    assert not dialog.ok_button.isEnabled()
    assert dialog.problem.text() == ENDS_FIRST
    dialog.end.setTime(QTime(12, 45))
    assert dialog.ok_button.isEnabled() and dialog.problem.text() == ""


def test_speaking_times_are_read_and_written_as_minutes_and_seconds(qtbot: QtBot) -> None:
    box = SpeakingTimeBox()
    qtbot.addWidget(box)
    box.setValue(3600)
    assert box.text() == "60:00"
    box.selectAll()
    qtbot.keyClicks(box, "2:30")
    box.interpretText()
    assert box.value() == 150
    assert box.validate("2:", 2)[0] is QValidator.State.Intermediate
    assert box.validate("61:00", 5)[0] is QValidator.State.Intermediate
    assert box.validate("2:75", 4)[0] is QValidator.State.Intermediate
    assert box.validate("two", 3)[0] is QValidator.State.Invalid
    box.stepUp()
    assert box.text() == "2:45"


def test_a_panellist_line_is_a_name_then_a_function_that_may_hold_commas() -> None:
    assert parse_person("  Anders  Fjeldstad , Chief Public Prosecutor, Økokrim ") == PersonDraft(
        "Anders Fjeldstad", "Chief Public Prosecutor, Økokrim"
    )
    assert parse_person("Claire Dumontet") == PersonDraft("Claire Dumontet")
    assert parse_person(" , nobody") is None


# -- the commands, through the window ------------------------------------------------------


def test_an_edit_is_stored_shown_and_undone(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView
) -> None:
    before = store.agenda.slot_draft(panel.id)
    ModelTester(qtbot).check(window.agenda.model, force_py=True)

    def fill(dialog: SlotDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("keynote"))
        dialog.title.setText("Panel 1 – Follow the money")
        dialog.start.setTime(QTime(11, 15))
        dialog.moderator.setText("Dr. Ilse Wernbacher, Moderator")
        lines = dialog.panellists.lines()
        dialog.panellists.set_lines([lines[1], "Jane Newcomer, Analyst", lines[0]])
        dialog.topics.set_lines(["Only one topic"])
        dialog.limits[InterventionKind.STATEMENT].setValue(150)

    assert agenda_editor.edit_slot(window.desk, panel.id, window, ask=answering(fill))
    slot = store.agenda.slot(panel.id)
    assert slot.kind is SlotKind.KEYNOTE and slot.title == "Panel 1 – Follow the money"
    assert slot.panellists == (panel.panellists[1], "Jane Newcomer", panel.panellists[0])
    assert slot.topics == ("Only one topic",)
    assert slot.limit_for(InterventionKind.STATEMENT) == 150
    after = store.agenda.slot_draft(panel.id)
    assert after.panellists[0].delegation_id == before.panellists[1].delegation_id
    assert after.moderator == replace(before.moderator, function="Moderator")  # type: ignore[type-var]
    assert agenda_row(window, panel.id) == ("11:15–12:45", "Panel 1 – Follow the money")
    assert window.desk.slot == slot  # the moderator's slot follows the edit

    window.desk.undo_stack.undo()
    assert store.agenda.slot_draft(panel.id) == before
    assert agenda_row(window, panel.id) == ("11:00–12:30", panel.title)
    window.desk.undo_stack.redo()
    assert store.agenda.slot_draft(panel.id) == after
    assert window.desk.undo_stack.undoText() == "Edit the slot"


def test_an_edit_that_changes_nothing_or_is_cancelled_leaves_no_trace(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    last = store.last_journal_id()
    assert not agenda_editor.edit_slot(window.desk, panel.id, ask=answering(lambda _d: None))
    assert not agenda_editor.edit_slot(window.desk, panel.id, ask=lambda _d: False)
    assert store.last_journal_id() == last and window.desk.undo_stack.count() == 0


def test_what_the_store_refuses_is_told_not_raised(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    told = problems_of(window)

    def backwards(dialog: SlotDialog) -> bool:  # as if OK were pressed anyway
        dialog.end.setTime(QTime(10, 0))
        return True

    assert not agenda_editor.edit_slot(window.desk, panel.id, ask=backwards)
    assert told == [f"Slot '{panel.title}' must end after it starts."]
    assert not agenda_editor.edit_slot(window.desk, 999_999, ask=backwards)
    assert told[-1] == "There is no agenda slot 999999."
    assert window.desk.undo_stack.count() == 0


def test_an_undo_that_no_longer_fits_is_told(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    told = problems_of(window)
    rename = answering(lambda d: d.title.setText("Renamed"))
    assert agenda_editor.edit_slot(window.desk, panel.id, ask=rename)
    window.desk.choose_slot(None)
    store.agenda.delete_slot(panel.id, with_requests=True)  # another station, say
    window.desk.undo_stack.undo()
    # Said as what was pressed: the undo, of "Edit the slot" (was: "Cannot edit the slot: …").
    assert told == [f"Cannot undo “Edit the slot”: There is no agenda slot {panel.id}."]


def test_a_new_slot_comes_after_the_chosen_one_and_goes_with_undo(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    rows = window.agenda.model.rowCount()

    def fill(dialog: SlotDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("side_event"))
        dialog.title.setText("Press briefing")
        dialog.end.setTime(QTime(13, 0))

    slot_id = agenda_editor.add_slot(window.desk, window, ask=answering(fill))
    assert slot_id is not None
    slot = store.agenda.slot(slot_id)
    assert slot.kind is SlotKind.SIDE_EVENT
    assert (slot.starts_at, slot.ends_at - slot.starts_at) == (panel.ends_at, timedelta(minutes=30))
    assert slot.limits == panel.limits  # the defaults
    assert window.agenda.model.rowCount() == rows + 1
    assert agenda_row(window, slot_id) == ("12:30–13:00", "Press briefing")

    window.desk.undo_stack.undo()
    assert window.agenda.model.rowCount() == rows and agenda_row(window, slot_id) is None
    window.desk.undo_stack.redo()
    assert store.agenda.slot(slot_id) == slot  # back under the same id
    assert agenda_editor.add_slot(window.desk, window, ask=lambda _d: False) is None


def test_a_deleted_slot_takes_its_requests_and_undo_brings_both_back(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    requests = store.speakers.requests(panel.id)
    waiting = len(store.speakers.waiting(panel.id))
    rows = window.agenda.model.rowCount()
    asked: list[str] = []

    def refuse(text: str) -> bool:
        asked.append(text)
        return False

    assert not agenda_editor.delete_slot(window.desk, panel.id, window, confirm=refuse)
    assert store.agenda.slot(panel.id) == panel
    assert asked[0].startswith(f"Delete “{panel.title}” (Mon 20 Apr, 11:00–12:30)?")
    assert f"Its {len(requests)} requests for the floor ({waiting} waiting)" in asked[0]

    assert agenda_editor.delete_slot(window.desk, panel.id, window, confirm=lambda _t: True)
    assert window.desk.slot is None  # the desk stepped off the slot
    assert window.agenda.model.rowCount() == rows - 1 and agenda_row(window, panel.id) is None
    assert store.speakers.requests(panel.id) == []

    window.desk.undo_stack.undo()
    assert store.agenda.slot(panel.id) == panel
    assert store.speakers.requests(panel.id) == requests
    assert agenda_row(window, panel.id) == ("11:00–12:30", panel.title)
    window.choose_slot(panel.id)
    assert len(window.speakers.rows_waiting()) == waiting
    window.desk.undo_stack.redo()
    assert window.desk.slot is None and agenda_row(window, panel.id) is None


def test_a_slot_with_a_record_is_not_offered_for_deletion(
    window: MainWindow, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    told = problems_of(window)
    window.desk.give_floor()
    asked: list[str] = []

    def confirm(text: str) -> bool:
        asked.append(text)
        return True

    assert not agenda_editor.delete_slot(window.desk, panel.id, confirm=confirm)
    assert asked == [] and store.agenda.slot(panel.id) == panel
    assert told == [
        f"'{panel.title}' has 1 intervention on record; "
        "a slot with a session record cannot be deleted."
    ]


def test_nudges_move_a_slot_by_five_minutes_and_back(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    assert agenda_editor.move_slot(window.desk, panel.id, 5)
    assert agenda_editor.move_slot(window.desk, panel.id, 5)
    assert agenda_row(window, panel.id) == ("11:10–12:40", panel.title)
    assert window.desk.undo_stack.undoText() == "Move the slot 5 min later"
    window.desk.undo_stack.undo()
    window.desk.undo_stack.undo()
    assert store.agenda.slot(panel.id) == panel
    assert agenda_editor.move_slot(window.desk, panel.id, -5)
    assert store.agenda.slot(panel.id).starts_at == panel.starts_at - timedelta(minutes=5)
    assert window.desk.undo_stack.undoText() == "Move the slot 5 min earlier"
