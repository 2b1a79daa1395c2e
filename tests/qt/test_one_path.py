"""Every change the window makes is a step through the desk: undone and redone with
Ctrl+Z and Ctrl+Shift+Z, and still after a restart — the agenda's edits, the record's
tags, flags, statements and corrections, the Zoom pane's links; a merge says it cannot
be undone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from db.meeting.snapshots import SlotView
from db.people.participants import Participant
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.desk import agenda_editor
from desktop.qt.desk.desk import Desk
from desktop.qt.main_window import MainWindow
from desktop.qt.record.record_corrections import SpeakerDialog
from tests.qt.acting import act
from tests.qt.test_agenda_editor import answering, problems_of
from tests.qt.test_record_workspace import _accept_next_dialog


def restarted(qtbot: QtBot, store_url: URL, clock: FakeClock, conference_id: int) -> Desk:
    """A new desk on the same database, opened again: Floordesk after a restart."""
    again = Store.open(store_url, station="test-station")
    desk = Desk(again, clock)
    desk.open_conference(conference_id)
    return desk


def test_agenda_edits_are_undone_after_a_restart(
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    store_url: URL,
    panel: SlotView,
    clock: FakeClock,
) -> None:
    before = store.agenda.slot_draft(panel.id)
    requests = store.speakers.requests(panel.id)
    rename = answering(lambda d: d.title.setText("Renamed"))
    assert agenda_editor.edit_slot(window.desk, panel.id, ask=rename)
    assert agenda_editor.move_slot(window.desk, panel.id, 5)
    added = agenda_editor.add_slot(
        window.desk, ask=answering(lambda d: d.title.setText("Press briefing"))
    )
    assert added is not None
    window.choose_slot(added)
    assert agenda_editor.delete_slot(window.desk, panel.id, confirm=lambda _text: True)
    window.close()

    desk = restarted(qtbot, store_url, clock, panel.conference_id)
    try:
        stack, again = desk.undo_stack, desk.store
        assert stack.count() == 4 and stack.undoText() == "Delete the slot"
        stack.undo()  # the slot comes back with its requests
        assert again.speakers.requests(panel.id) == requests
        assert again.agenda.slot(panel.id).title == "Renamed"
        stack.undo()
        assert added not in [s.id for s in again.agenda.slots(panel.conference_id)]
        stack.undo()
        stack.undo()
        assert again.agenda.slot_draft(panel.id) == before
        stack.redo()
        assert again.agenda.slot(panel.id).title == "Renamed"
        desk.close()
        desk.store.close()
        desk = restarted(qtbot, store_url, clock, panel.conference_id)  # and once more
        assert desk.undo_stack.count() == 4 and desk.undo_stack.index() == 1
        desk.undo_stack.redo()
        moved = before.starts_at + timedelta(minutes=5)
        assert desk.store.agenda.slot(panel.id).starts_at == moved
    finally:
        desk.close()
        desk.store.close()


def test_tags_and_flags_are_undone_and_redone(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    act(window, window.give_next_action)  # at the moderator's desk
    window.apply_role("rapporteur")
    current = window.desk.current
    assert current is not None
    details = window.record.details
    details.tags.setText(f"{panel.topics[0]}, banks")
    details.tags.editingFinished.emit()
    details.recommendation.click()
    stack = window.desk.undo_stack
    assert stack.undoText() == f"Mark as a recommendation: the intervention of {current.delegation}"
    stack.undo()
    assert not store.floor.intervention(current.id).recommendation
    assert stack.undoText() == f"Change the tags of the intervention of {current.delegation}"
    stack.undo()
    assert store.floor.intervention(current.id).tags == ()
    stack.redo()
    assert store.floor.intervention(current.id).tags == (panel.topics[0], "banks")
    stack.redo()
    assert store.floor.intervention(current.id).recommendation


def test_a_statement_attached_is_taken_off_by_undo_and_back_by_redo(
    window: MainWindow, store: Store, tmp_path: Path
) -> None:
    act(window, window.give_next_action)  # at the moderator's desk
    window.apply_role("rapporteur")
    current = window.desk.current
    assert current is not None
    statement = tmp_path / "Statement of Austria.pdf"
    statement.write_bytes(b"%PDF-1.4 statement")
    window.record.details.attach(statement)
    assert [a.filename for a in store.record.attachments(current.id)] == [statement.name]
    window.desk.undo_stack.undo()
    assert store.record.attachments(current.id) == []
    assert "Written statement taken off: Statement of Austria.pdf." in [
        line.text for line in store.record.history(current.id)
    ]
    window.desk.undo_stack.redo()
    (again,) = store.record.attachments(current.id)
    assert store.record.attachment_content(again.id) == b"%PDF-1.4 statement"


def test_a_merge_says_it_cannot_be_undone(
    window: MainWindow, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    told = problems_of(window)
    act(window, window.give_next_action)  # at the moderator's desk
    clock.advance(100)
    act(window, window.give_next_action)
    window.apply_role("rapporteur")
    workspace = window.record
    first, _second = workspace.model.rows()
    workspace.view.setCurrentIndex(workspace.model.index(1, 0))
    _accept_next_dialog()
    workspace.merge()
    stack = window.desk.undo_stack
    assert stack.undoText() == "Merge two interventions (cannot be undone)"
    stack.undo()
    assert told[-1] == (
        "“Merge two interventions” cannot be undone; undo goes on with the change before."
    )
    assert [i.id for i in store.floor.interventions(panel.id)] == [first.id]
    assert stack.undoText().startswith("Give the floor to")  # the change before
    assert window.desk.store.history.steps(panel.conference_id)[-1].label.startswith("Give")


def test_a_link_and_a_participant_added_by_hand_are_undone_and_redone(
    window: MainWindow, store: Store, panel: SlotView, monkeypatch: pytest.MonkeyPatch
) -> None:
    zoom = window.zoom
    store.participants.add_remote(panel.conference_id, [Participant("Anna Weber")])
    window.desk.settle()
    zoom.people.setCurrentIndex(zoom.participants.index(0, 0))
    monkeypatch.setattr(
        "desktop.qt.technician.zoom_pane.QInputDialog.getItem",
        lambda *_args: ("Austria", True),
    )
    zoom.link_selected()
    (anna,) = store.participants.remote(panel.conference_id)
    assert anna.delegation == "Austria"
    stack = window.desk.undo_stack
    assert stack.undoText() == "Link Anna Weber to Austria"
    stack.undo()
    assert store.participants.remote(panel.conference_id)[0].delegation_id is None
    stack.redo()
    assert store.participants.remote(panel.conference_id)[0].delegation == "Austria"

    monkeypatch.setattr(
        "desktop.qt.technician.zoom_pane.QInputDialog.getText",
        lambda *_args: ("Jonas Keller", True),
    )
    zoom.add_by_hand()
    names = {p.name for p in store.participants.remote(panel.conference_id)}
    assert names == {"Anna Weber", "Jonas Keller"}
    stack.undo()
    assert [p.name for p in store.participants.remote(panel.conference_id)] == ["Anna Weber"]
    stack.redo()
    names = {p.name for p in store.participants.remote(panel.conference_id)}
    assert names == {"Anna Weber", "Jonas Keller"}


def test_corrections_of_who_spoke_and_when_the_floor_was_taken_back_are_undone(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    act(window, window.give_next_action)  # at the moderator's desk
    window.apply_role("rapporteur")
    workspace = window.record
    current = window.desk.current
    assert current is not None and workspace.shown_id == current.id
    stack = window.desk.undo_stack

    def name_the_speaker() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SpeakerDialog)
        dialog.speaker.setText("Anna Weber")
        dialog.accept()

    QTimer.singleShot(0, name_the_speaker)
    workspace.correct_speaker()
    assert store.floor.intervention(current.id).speaker == "Anna Weber"
    stack.undo()
    assert store.floor.intervention(current.id).speaker == current.speaker
    stack.redo()
    assert store.floor.intervention(current.id).speaker == "Anna Weber"

    _accept_next_dialog()
    workspace.correct_taken_back()  # the floor closed afterwards, at the time suggested
    assert store.floor.intervention(current.id).floor_taken_at is not None
    assert stack.undoText() == "Close the floor afterwards"
    stack.undo()  # open again: the speaker has the floor
    assert store.floor.current(panel.id) == store.floor.intervention(current.id)
    stack.redo()
    assert store.floor.current(panel.id) is None
