"""A whole 90-minute panel on a fake clock: every value the desk shows, checked as it goes."""

from __future__ import annotations

import math
import random
from datetime import timedelta

from pytestqt.qtbot import QtBot

from db.meeting.snapshots import SlotView
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.domain.speaking_time import Phase
from desktop.qt.main_window import MainWindow

MORE = [
    "Austria",
    "Malta",
    "Norway",
    "Mongolia",
    "Canada",
    "Israel",
    "Council of Europe",
    "Iceland",
    "Serbia",
]


def clock_text(whole: int) -> str:
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def shown(seconds: float) -> str:
    """What a stage timer shows for the time left: whole seconds rounded up; overrun after '+'."""
    if seconds > 0:
        return clock_text(math.ceil(seconds - 1e-9))
    whole = math.floor(-seconds + 1e-9)
    return f"+{clock_text(whole)}" if whole else "0:00"


def test_a_ninety_minute_panel_with_twenty_interventions(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    rng = random.Random(20260420)
    clock.set(panel.starts_at - timedelta(minutes=2))
    for name in MORE:
        window.entry.line.setText(name)
        window.entry.submit()
    assert len(window.speakers.rows_waiting()) == 20

    clock.set(panel.starts_at + timedelta(minutes=3))  # the panel starts 3 minutes late
    expected_record: list[tuple[str, float, float]] = []  # (nameplate, spoken s, limit s)
    for turn in range(20):
        nameplate = window.speakers.rows_waiting()[0].nameplate
        limit = window.speakers.limit_of(window.speakers.rows_waiting()[0])
        window.give_next_action.trigger()
        window.tick()
        assert window.countdown.clock.text() == shown(limit)
        assert window.countdown.phase is Phase.RUNNING

        spoken, added = 0.0, 0
        plan = [rng.uniform(10, 60) for _ in range(rng.randint(2, 5))]
        for step, seconds in enumerate(plan):
            clock.advance(seconds)
            spoken += seconds
            if turn % 4 == 1 and step == 0:  # a pause: the clock stops, the wall clock does not
                window.pause_action.trigger()
                clock.advance(25.5)
                window.tick()
                assert window.countdown.phase is Phase.PAUSED
                assert window.countdown.clock.text() == shown(limit + added - spoken)
                window.pause_action.trigger()
            if turn % 5 == 2 and step == 1:  # the moderator gives 30 seconds more
                window.more_time_action.trigger()
                added += 30
            window.tick()
            left = limit + added - spoken
            assert window.countdown.clock.text() == shown(left), (turn, step)
            want = Phase.RUNNING if left > 30 else Phase.WARNING if left > 0 else Phase.EXPIRED
            assert window.countdown.phase is want
            slot_left = (panel.ends_at - clock.now()).total_seconds()
            if slot_left > 0:
                assert window.header.slot_clock.text() == f"Slot: {shown(slot_left)} left"
            else:
                assert window.header.slot_clock.text() == f"Slot over by {shown(slot_left)[1:]}"
        window.take_back_action.trigger()
        expected_record.append((nameplate, spoken, limit + added))
        clock.advance(4)  # the moderator thanks the speaker

    assert window.desk.current is None
    assert len(window.speakers.rows_waiting()) == 0
    window.desk.settle()
    record = window.record.model
    assert record.rowCount() == 20
    for row, (nameplate, spoken, limit) in enumerate(expected_record):
        assert record.index(row, 1).data() == nameplate
        assert record.index(row, 2).data() == f"{round(spoken) // 60}:{round(spoken) % 60:02d}"
        over = spoken - limit
        assert record.index(row, 3).data() == (
            f"+{round(over) // 60}:{round(over) % 60:02d}" if over >= 1 else ""
        )
    assert "started 3 min late" in window.header.day_offset.text()
    stored = store.floor.interventions(panel.id)
    assert [i.nameplate for i in stored] == [n for n, _, _ in expected_record]
