"""The slot's clock, the time budget's advice, closing the list, following the clock."""

from __future__ import annotations

from datetime import timedelta

from db.meeting.snapshots import SlotView
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.domain.speaking_time import format_clock
from desktop.domain.time_budget import Advice
from desktop.qt.main_window import MainWindow
from desktop.qt.shortcut_sheet import shortcut_rows


def add(window: MainWindow, *names: str) -> None:
    for name in names:
        window.entry.line.setText(name)
        window.entry.submit()


def test_the_advice_asks_to_close_the_list_then_to_shorten_turns(
    window: MainWindow, panel: SlotView, clock: FakeClock
) -> None:
    # 11 requests: 9 statements of 3:00 and 2 questions of 1:30 = 30 min.
    clock.set(panel.ends_at - timedelta(minutes=33))
    window.tick()
    assert window.advice.advice is Advice.CLOSE_THE_LIST
    assert "Close the list now" in window.advice.text()
    assert "Ctrl+K" in window.advice.text()
    window.close_list_action.trigger()
    window.tick()
    assert window.advice.advice is Advice.NONE
    assert window.advice.isHidden()
    assert "closed at" in window.speakers_heading.text()

    clock.advance(10 * 60)  # ten minutes pass and nobody spoke
    window.tick()
    assert window.advice.advice is Advice.SHORTEN
    assert "past the slot" in window.advice.text()
    plan = window.header.plan
    assert plan is not None
    fits = plan.limit_that_fits()
    assert fits is not None
    assert fits * 11 <= panel.ends_at - clock.now() < (fits + timedelta(seconds=1)) * 11
    assert f"{format_clock(fits)} per speaker" in window.advice.text()
    assert "min behind the agenda" in window.header.day_offset.text()


def test_a_closed_list_refuses_statements_but_takes_a_point_of_order(
    window: MainWindow, clock: FakeClock
) -> None:
    window.close_list_action.trigger()
    waiting = len(window.speakers.rows_waiting())
    add(window, "Austria")
    assert len(window.speakers.rows_waiting()) == waiting
    assert "closed" in window.statusBar().currentMessage()
    window.entry.kind.setCurrentIndex(window.entry.kind.findText("Point of order"))
    add(window, "Austria")
    assert len(window.speakers.rows_waiting()) == waiting + 1
    assert window.speakers.rows_waiting()[0].nameplate == "Austria"
    window.undo_action.trigger()  # the point of order
    window.undo_action.trigger()  # closing the list
    add(window, "Malta")
    assert window.speakers.rows_waiting()[-1].nameplate == "Malta"


def test_the_speaking_time_of_one_request_can_be_changed_and_undone(
    window: MainWindow, store: Store, clock: FakeClock
) -> None:
    window.speakers_view.setCurrentIndex(window.speakers.index(0, 0))
    window.speakers_pane.set_selected_limit("2:15")
    assert window.speakers.index(0, 5).data() == "2:15"
    window.speakers_pane.set_selected_limit("two minutes")
    assert "not a speaking time" in window.statusBar().currentMessage()
    window.give_next_action.trigger()
    window.tick()
    assert window.countdown.clock.text() == "2:15"
    window.undo_action.trigger()  # giving the floor
    window.undo_action.trigger()  # the speaking time
    assert window.speakers.index(0, 5).data() == "3:00"


def test_following_the_clock_moves_to_the_next_slot_but_not_under_a_speaker(
    window: MainWindow, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    window.follow_clock_action.trigger()
    assert window.desk.follows_clock
    window.give_next_action.trigger()
    clock.set(panel.ends_at + timedelta(minutes=1))  # lunch has begun; the speaker goes on
    window.tick()
    assert window.desk.slot is not None and window.desk.slot.id == panel.id
    window.take_back_action.trigger()
    window.tick()
    assert window.desk.slot is not None and window.desk.slot.id != panel.id
    assert window.desk.slot.starts_at <= clock.now()
    lunch = window.desk.slot
    assert window.desk.live_slot is not None and window.desk.live_slot.id == lunch.id
    window.agenda.select(panel.id)  # looking at another slot keeps the clock's live slot
    assert window.desk.slot.id == panel.id
    assert window.desk.live_slot.id == lunch.id
    assert window.desk.follows_clock
    window.make_live_action.trigger()  # making one live by hand stops following the clock
    assert window.desk.live_slot.id == panel.id
    assert not window.desk.follows_clock
    window.tick()
    assert not window.follow_clock_action.isChecked()


def test_the_shortcut_sheet_lists_every_key_from_the_menus(window: MainWindow) -> None:
    rows = {keys: text for _, section in shortcut_rows(window.menuBar()) for keys, text in section}
    for keys in ("F5", "F6", "F8", "Ctrl+K", "Ctrl+L", "Ctrl+T", "F4", "Ctrl+Z"):
        assert keys in rows, keys
    assert rows["F5"] == "Next speaker"
    window.shortcuts_action.trigger()
