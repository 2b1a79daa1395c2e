"""The moderator's loop through the real window, and a restart in the middle of it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import InterventionKind, RequestStatus
from db.store import Store
from desktop.demo import ensure_delegations
from desktop.domain.clock import FakeClock
from desktop.domain.speaking_time import Phase
from desktop.qt.main_window import MainWindow
from tests.qt.acting import at_the_moderators_desk
from tests.qt.conftest import OpenWindow


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key)
    window.desk.settle()  # the views that follow the list of speakers a moment later


def test_the_moderator_adds_gives_and_takes_back_the_floor(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    waiting = len(window.speakers.rows_waiting())
    window.entry.line.setFocus()
    qtbot.keyClicks(window.entry.line, "Austria")
    qtbot.keyClick(window.entry.line, Qt.Key.Key_Return)
    assert len(window.speakers.rows_waiting()) == waiting + 1
    assert window.speakers.rows_waiting()[waiting].delegation == "Austria"
    assert window.entry.line.text() == ""

    first = window.speakers.rows_waiting()[0]
    press(qtbot, window, Qt.Key.Key_F5)
    assert window.desk.current is not None
    assert window.desk.current.delegation == first.delegation
    assert window.countdown.delegation.text() == first.delegation
    assert window.countdown.clock.text() == "3:00"
    assert len(window.speakers.rows_waiting()) == waiting

    clock.advance(65)
    window.tick()
    assert window.countdown.clock.text() == "1:55"
    assert window.countdown.phase is Phase.RUNNING

    press(qtbot, window, Qt.Key.Key_F8)
    assert window.desk.current is None
    record = window.record.model
    assert record.rowCount() == 1
    assert record.index(0, 1).data() == first.nameplate
    assert record.index(0, 2).data() == "1:05"  # duration
    assert record.index(0, 3).data() == ""  # no overrun


def test_the_countdown_turns_amber_then_red_and_counts_the_overrun(
    window: MainWindow, clock: FakeClock
) -> None:
    window.give_next_action.trigger()
    clock.advance(155)
    window.tick()
    assert window.countdown.phase is Phase.WARNING
    clock.advance(40)
    window.tick()
    assert window.countdown.phase is Phase.EXPIRED
    assert window.countdown.clock.text() == "+0:15"


def test_pause_and_nudges_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    window.give_next_action.trigger()
    clock.advance(30)
    press(qtbot, window, Qt.Key.Key_F6)
    clock.advance(600)
    window.more_time_action.trigger()
    window.tick()
    assert window.countdown.phase is Phase.PAUSED
    assert window.countdown.clock.text() == "3:00"  # 2:30 left, plus 30 s
    window.pause_action.trigger()
    clock.advance(10)
    window.tick()
    assert window.countdown.clock.text() == "2:50"


def test_a_restart_restores_the_slot_the_list_and_the_running_countdown(
    open_desk: OpenWindow,
    window: MainWindow,
    store: Store,
    panel: SlotView,
    clock: FakeClock,
) -> None:
    window.give_next_action.trigger()
    clock.advance(47.3)
    url = store.engine.url
    speaker = window.desk.current
    waiting = [r.id for r in window.speakers.rows_waiting()]
    window.close()
    store.close()

    clock.advance(12.6)  # the time the app was closed still counts
    reopened = Store.open(url)
    try:
        again = open_desk(reopened)
        assert again.desk.slot is not None and again.desk.slot.id == panel.id
        assert again.desk.current is not None and speaker is not None
        assert again.desk.current.id == speaker.id
        assert [r.id for r in again.speakers.rows_waiting()] == waiting
        again.tick()
        assert again.countdown.clock.text() == "2:01"  # 180 - 59.9 s, shown rounded up
        state = again.countdown.refresh(30)
        assert state is not None
        assert abs(state.elapsed.total_seconds() - 59.9) < 0.1
    finally:
        again.close()
        reopened.close()


def test_undo_puts_the_speaker_back_on_the_list(
    window: MainWindow, panel: SlotView, store: Store
) -> None:
    first = window.speakers.rows_waiting()[0]
    window.give_next_action.trigger()
    window.undo_action.trigger()
    assert window.desk.current is None
    assert window.speakers.rows_waiting()[0].id == first.id
    assert store.floor.interventions(panel.id) == []
    window.redo_action.trigger()
    assert window.desk.current is not None and window.desk.current.floor_request_id == first.id


def test_moving_and_withdrawing_requests(window: MainWindow) -> None:
    ids = [r.id for r in window.speakers.rows_waiting()]
    window.speakers_view.setCurrentIndex(window.speakers.index(2, 0))
    window.move_up_action.trigger()
    assert [r.id for r in window.speakers.rows_waiting()][:3] == [ids[0], ids[2], ids[1]]
    assert window.speakers_pane.selected_request_id() == ids[2]
    window.withdraw_action.trigger()
    assert ids[2] not in [r.id for r in window.speakers.rows_waiting()]
    window.undo_action.trigger()
    assert ids[2] in [r.id for r in window.speakers.rows_waiting()]


def test_an_unknown_delegation_is_told_and_nothing_is_added(
    qtbot: QtBot, window: MainWindow
) -> None:
    waiting = len(window.speakers.rows_waiting())
    window.entry.line.setText("Narnia")
    window.entry.submit()
    assert len(window.speakers.rows_waiting()) == waiting
    assert "Narnia" in window.statusBar().currentMessage()


def test_each_role_arranges_the_window(window: MainWindow) -> None:
    window.apply_role("technician")
    assert not window.record.isVisible()
    assert window.entry.channel.currentText() == "Remote (Zoom)"
    window.apply_role("rapporteur")
    assert window.record.isVisible() and window.record.notes.isVisible()
    window.apply_role("moderator")
    assert window.record.isVisible() and not window.record.notes.isVisible()
    assert window.settings.get.__self__ is window.settings


def test_the_rapporteurs_notes_are_saved_as_they_type(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView
) -> None:
    window.apply_role("rapporteur")
    at_the_moderators_desk(window, "give_floor")
    assert window.record.notes.isEnabled()
    qtbot.keyClicks(window.record.notes, "Calls for a victim-centred approach.")
    current = window.desk.current
    assert current is not None
    qtbot.waitUntil(
        lambda: (
            store.floor.intervention(current.id).notes == "Calls for a victim-centred approach."
        ),
        timeout=3000,
    )


def test_the_item_models_obey_the_qt_contract(
    qtmodeltester: ModelTester, window: MainWindow, clock: FakeClock
) -> None:
    window.give_next_action.trigger()
    clock.advance(timedelta(seconds=20).total_seconds())
    window.give_next_action.trigger()
    window.desk.settle()
    for model in (
        window.agenda.model,
        window.agenda.proxy,
        window.speakers,
        window.record.model,
        window.entry.delegations,
    ):
        qtmodeltester.check(model, force_py=True)


def test_an_empty_database_offers_the_demo_from_the_file_menu(
    open_desk: OpenWindow, tmp_path: Path
) -> None:
    store = Store.open(URL.create("sqlite", database=str(tmp_path / "empty.sqlite")))
    ensure_delegations(store)
    empty = open_desk(store)
    assert empty.agenda.model.rowCount() == 0
    assert "No conference" in empty.header.title.text()
    empty.demo_action.trigger()
    assert empty.agenda.model.rowCount() > 10
    assert empty.desk.conference is not None
    assert empty.agenda.days.count() == 2
    empty.close()
    store.close()


def test_a_nudge_can_be_undone(window: MainWindow, clock: FakeClock) -> None:
    window.give_next_action.trigger()
    window.more_time_action.trigger()
    window.tick()
    assert window.countdown.clock.text() == "3:30"
    window.undo_action.trigger()
    window.tick()
    assert window.countdown.clock.text() == "3:00"


def test_a_double_click_gives_the_floor_to_that_request(qtbot: QtBot, window: MainWindow) -> None:
    third = window.speakers.rows_waiting()[2]
    view = window.speakers_view
    rect = view.visualRect(window.speakers.index(2, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.desk.current is not None
    assert window.desk.current.floor_request_id == third.id


def test_the_chimes_sound_once_at_the_warning_and_once_at_the_end(
    window: MainWindow, clock: FakeClock
) -> None:
    from desktop.domain.cues import Cue

    played: list[Cue] = []
    real_play = window.chimes.play

    def play(cue: Cue) -> None:
        played.append(cue)
        real_play(cue)  # through libvlc, on its silent test output

    window.chimes.play = play  # type: ignore[method-assign]
    window.give_next_action.trigger()
    for _ in range(200):  # 200 s in steps of one second
        clock.advance(1)
        window.tick()
    assert played == [Cue.WARNING, Cue.EXPIRED]
    window.more_time_action.trigger()  # 30 s more: the end can chime again
    for _ in range(40):
        clock.advance(1)
        window.tick()
    assert played == [Cue.WARNING, Cue.EXPIRED, Cue.EXPIRED]


def test_muting_is_remembered(window: MainWindow) -> None:
    from desktop import settings as options

    window.mute_action.trigger()
    assert window.chimes.muted
    assert window.settings.get(options.CHIME_MUTED) is True
    window.set_volume(35)
    assert window.settings.get(options.CHIME_VOLUME) == 35


def test_ticking_does_not_lose_references_to_none(window: MainWindow, clock: FakeClock) -> None:
    """PySide6 6.12.0 dropped a reference to None on most calls: the app died in minutes."""
    import sys

    window.give_next_action.trigger()
    window.tick()
    before = sys.getrefcount(None)
    for _ in range(200):
        clock.advance(0.1)
        window.tick()
    assert sys.getrefcount(None) - before > -50


def test_the_list_follows_at_once_and_the_other_views_a_moment_later(
    qtbot: QtBot, window: MainWindow
) -> None:
    first = window.speakers.rows_waiting()[0]
    shown = window.record.model.rowCount()
    window.give_next_action.trigger()
    assert first.id not in [r.id for r in window.speakers.rows_waiting()]  # at once
    assert window.record.model.rowCount() == shown  # its turn comes with the event loop's
    qtbot.waitUntil(lambda: window.record.model.rowCount() == shown + 1)
    assert window.countdown.delegation.text() == first.delegation


def test_a_point_of_order_at_the_top_writes_one_row_and_the_others_only_move_down(
    window: MainWindow,
) -> None:
    """Every request below it gets a new place in the store; the place is not shown (the
    view numbers the rows), so those rows are not written again, and the view keeps them."""
    model = window.speakers
    before = [r.id for r in model.rows()]
    changed: list[int] = []
    inserted: list[int] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    model.rowsInserted.connect(lambda _parent, first, _last: inserted.append(first))
    model.modelReset.connect(lambda: resets.append(True))
    delegation = window.desk.store.delegations.all()[-1]
    added = window.desk.add_request(
        RequestDraft(delegation.id, kind=InterventionKind.POINT_OF_ORDER)
    )
    assert [r.id for r in model.rows()] == [added, *before]
    assert inserted == [0]
    assert changed == []
    assert resets == []
    assert model.index(1, 1).data() == model.row_at(1).delegation


def test_the_list_follows_changes_to_a_few_requests_as_a_full_reading_would_show_it(
    window: MainWindow, panel: SlotView
) -> None:
    """Added, moved, withdrawn, not present, undone, a new speaking time: the list reads
    the order and the requests named, and ends where reading all of it would."""
    desk, model = window.desk, window.speakers
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    read_in_full: list[bool] = []
    reading = model.query
    model.query = lambda: read_in_full.append(True) or reading()  # type: ignore[method-assign]
    delegations = desk.store.delegations.all()

    def full_reading() -> list[object]:
        return list(
            desk.store.speakers.requests(panel.id, (RequestStatus.WAITING, RequestStatus.LATE))
        )

    steps = [
        lambda: desk.add_request(RequestDraft(delegations[-1].id)),
        lambda: desk.add_request(
            RequestDraft(delegations[-2].id, kind=InterventionKind.POINT_OF_ORDER)
        ),
        lambda: desk.move_request(model.row_at(0).id, 3),
        lambda: desk.toggle_absent(model.row_at(1).id),
        lambda: desk.set_request_limit(model.row_at(2).id, 95),
        lambda: desk.withdraw_request(model.row_at(3).id),
        desk.undo_stack.undo,
        desk.undo_stack.undo,
        desk.undo_stack.redo,
    ]
    for number, change in enumerate(steps):
        change()
        assert model.rows() == full_reading(), f"after step {number}"
        shown = [model.index(row, 1).data() for row in range(model.rowCount())]
        assert shown == [model.columns[1].text(r) for r in full_reading()], f"after step {number}"
    assert resets == []
    assert read_in_full == []
