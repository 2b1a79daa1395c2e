"""The rapporteur's workspace: following the session, notes saved as typed, tags, flags,
statements, corrections from the context menu, the history and the search."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db.meeting.snapshots import SlotView
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.main_window import MainWindow
from desktop.qt.record.record_workspace import RecordWorkspace
from tests.qt.acting import at_the_moderators_desk


def _rapporteur(window: MainWindow) -> RecordWorkspace:
    window.apply_role("rapporteur")
    return window.record


def _selected_id(workspace: RecordWorkspace) -> int | None:
    return workspace.shown_id


def _accept_next_dialog() -> None:
    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.accept()  # type: ignore[attr-defined]

    QTimer.singleShot(0, accept)


def test_the_live_intervention_is_followed_unless_another_was_picked(
    window: MainWindow, clock: FakeClock
) -> None:
    workspace = _rapporteur(window)
    at_the_moderators_desk(window, "give_floor")
    first = window.desk.current
    assert first is not None and _selected_id(workspace) == first.id
    row = workspace.view.currentIndex().row()
    assert workspace.model.index(row, 1).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "speaking now" in workspace.summary.text()
    clock.advance(90)
    at_the_moderators_desk(window, "give_floor")
    second = window.desk.current
    assert second is not None and _selected_id(workspace) == second.id
    workspace.view.setCurrentIndex(workspace.model.index(0, 0))  # back to the first
    assert _selected_id(workspace) == first.id
    clock.advance(90)
    at_the_moderators_desk(window, "give_floor")
    assert _selected_id(workspace) == first.id  # the rapporteur's choice stays
    workspace.view.setCurrentIndex(workspace.model.index(2, 0))  # the live one again
    clock.advance(90)
    at_the_moderators_desk(window, "give_floor")
    assert window.desk.current is not None and _selected_id(workspace) == window.desk.current.id


def test_notes_are_saved_while_typing_and_at_once_on_switching(
    qtbot: QtBot, window: MainWindow, store: Store, clock: FakeClock
) -> None:
    workspace = _rapporteur(window)
    at_the_moderators_desk(window, "give_floor")
    first = window.desk.current
    assert first is not None
    started = time.monotonic()
    qtbot.keyClicks(workspace.notes, "Calls for parallel financial investigations.")
    qtbot.waitUntil(
        lambda: store.floor.intervention(first.id).notes.endswith("investigations."),
        timeout=1000,
    )
    assert time.monotonic() - started < 1.0 + 0.5  # typing itself takes a moment offscreen
    clock.advance(60)
    at_the_moderators_desk(window, "give_floor")
    second = window.desk.current
    assert second is not None and _selected_id(workspace) == second.id
    qtbot.keyClicks(workspace.notes, "Asks about")
    workspace.view.setCurrentIndex(workspace.model.index(0, 0))  # switch before the timer
    assert store.floor.intervention(second.id).notes == "Asks about"
    assert workspace.notes.toPlainText() == "Calls for parallel financial investigations."


def test_tags_flags_statements_and_the_history(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView, tmp_path: Path
) -> None:
    workspace = _rapporteur(window)
    at_the_moderators_desk(window, "give_floor")
    current = window.desk.current
    assert current is not None
    details = workspace.details
    assert panel.topics[0] in details.tag_words.stringList()
    details.tags.setText(f"{panel.topics[0]}, banks")
    details.tags.editingFinished.emit()
    assert store.floor.intervention(current.id).tags == (panel.topics[0], "banks")
    details.toggle_tag(panel.topics[1], True)
    assert panel.topics[1] in store.floor.intervention(current.id).tags
    details.recommendation.click()
    details.follow_up.click()
    stored = store.floor.intervention(current.id)
    assert stored.recommendation and stored.follow_up
    statement = tmp_path / "Statement of Austria.pdf"
    statement.write_bytes(b"%PDF-1.4 statement")
    details.attach(statement)
    window.desk.settle()
    assert "Statement of Austria.pdf" in details.statements.text()
    history = details.history.toPlainText()
    assert "Floor given at" in history and "Marked as a recommendation." in history
    assert "Written statement attached: Statement of Austria.pdf." in history
    row = workspace.view.currentIndex().row()
    assert workspace.model.index(row, 7).data() == "Rec. Follow-up"
    assert "banks" in workspace.model.index(row, 8).data()


def test_corrections_from_the_record(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    workspace = _rapporteur(window)
    at_the_moderators_desk(window, "give_floor")
    clock.advance(100)
    at_the_moderators_desk(window, "give_floor")
    first, _second = workspace.model.rows()
    workspace.view.setCurrentIndex(workspace.model.index(1, 0))
    _accept_next_dialog()
    workspace.merge()  # into the one before, the dialog's first choice
    window.desk.settle()
    assert [i.id for i in store.floor.interventions(panel.id)] == [first.id]
    assert "merged into this one" in workspace.details.history.toPlainText()
    # The merged one is open: the floor is closed afterwards, at the time suggested.
    _accept_next_dialog()
    workspace.correct_taken_back()
    closed = store.floor.intervention(first.id)
    assert closed.floor_taken_at is not None
    _accept_next_dialog()
    workspace.correct_speaker()  # accepted unchanged: nothing to correct
    assert store.floor.intervention(first.id).delegation == first.delegation


def test_a_search_hit_jumps_to_its_intervention_in_its_slot(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    workspace = _rapporteur(window)
    at_the_moderators_desk(window, "give_floor")
    clock.advance(120)
    at_the_moderators_desk(window, "take_floor_back")
    (spoken,) = workspace.model.rows()
    store.record.set_notes(spoken.id, "Recommends a register of labour recruiters.")
    other = next(s for s in window.desk.slots if s.id != panel.id and s.kind.has_speakers)
    window.choose_slot(other.id)
    assert workspace.model.rowCount() == 0
    workspace.search.field.setText("recruit")
    qtbot.waitUntil(lambda: workspace.search.results.rowCount() == 1, timeout=2000)
    assert "register of labour recruiters" in workspace.search.results.index(0, 0).data()
    workspace.search.field.returnPressed.emit()
    assert window.desk.slot is not None and window.desk.slot.id == panel.id
    assert _selected_id(workspace) == spoken.id


def test_the_moderator_sees_the_short_record(window: MainWindow) -> None:
    window.apply_role("moderator")
    workspace = window.record
    assert workspace.isVisible() and not workspace.editor.isVisible()
    assert not workspace.search.isVisible() and workspace.view.isColumnHidden(8)
    window.apply_role("rapporteur")
    assert workspace.editor.isVisible() and not workspace.view.isColumnHidden(8)


def test_the_workspace_models_obey_the_qt_contract(
    qtmodeltester: ModelTester, qtbot: QtBot, window: MainWindow, store: Store, clock: FakeClock
) -> None:
    workspace = _rapporteur(window)
    at_the_moderators_desk(window, "give_floor")
    clock.advance(timedelta(seconds=30).total_seconds())
    at_the_moderators_desk(window, "give_floor")
    current = window.desk.current
    assert current is not None
    store.record.set_notes(current.id, "Financial intelligence units.")
    qtmodeltester.check(workspace.model)
    workspace.search.field.setText("financial")
    workspace.search.search()
    qtmodeltester.check(workspace.search.results)
