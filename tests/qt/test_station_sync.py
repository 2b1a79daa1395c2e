"""The window keeps up with the other stations by itself: woken by the database, the
journal read off the GUI thread, the changes handed to the desk in their order. On an
SQLite file and (with FLOORDESK_TEST_POSTGRES) on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from db.exactly_once import KEYS_KEPT_FOR
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import Change, SlotView
from db.models import AppliedChange
from db.store import Store
from db.transactions import utc_now
from desktop.domain.clock import FakeClock
from desktop.qt import station_sync
from desktop.qt.main_window import MainWindow


def shown(window: MainWindow) -> set[int]:
    return {request.id for request in window.speakers.rows_waiting()}


@pytest.fixture
def second_station(store: Store) -> Iterator[Store]:
    other = Store.open(store.engine.url, station="second")
    yield other
    other.close()


def test_another_stations_changes_show_by_themselves_read_off_the_gui_thread(
    qtbot: QtBot,
    window: MainWindow,
    second_station: Store,
    panel: SlotView,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    readers: list[int] = []
    read = station_sync.read_journal

    def reading(*args: object) -> list[Change]:
        readers.append(threading.get_ident())
        return read(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(station_sync, "read_journal", reading)
    announced: list[int] = []
    window.desk.changes.connect(lambda changes: announced.extend(c.journal_id for c in changes))
    delegations = second_station.delegations.all()
    added = [
        second_station.speakers.add(panel.id, RequestDraft(delegations[n].id), clock.now())
        for n in range(5)
    ]
    qtbot.waitUntil(lambda: set(added) <= shown(window), timeout=3000)
    assert readers and threading.main_thread().ident not in readers
    assert announced == sorted(announced), "in the order they were made"


def test_the_desks_own_change_shows_at_once_and_is_not_announced_twice(
    qtbot: QtBot, window: MainWindow, panel: SlotView
) -> None:
    announced: list[int] = []
    window.desk.changes.connect(lambda changes: announced.extend(c.journal_id for c in changes))
    waiting = window.speakers.rows_waiting()
    window.desk.give_floor()
    assert window.desk.current is not None  # at once: no wake-up, no worker
    given = list(announced)
    assert given
    qtbot.wait(700)  # the wake-ups its own commit caused have come and gone
    assert announced == given
    assert len(window.speakers.rows_waiting()) == len(waiting) - 1


def test_the_window_stops_watching_when_it_closes(window: MainWindow) -> None:
    watch = window.station_sync.watch
    assert watch is not None
    window.close()
    assert window.station_sync.watch is None


def test_the_keys_of_changes_a_week_old_are_forgotten_off_the_gui_thread(
    qtbot: QtBot, window: MainWindow, panel: SlotView, monkeypatch: pytest.MonkeyPatch
) -> None:
    forgetters: list[int] = []
    forget = station_sync.forget_old_keys

    def forgetting(*args: object) -> int:
        forgetters.append(threading.get_ident())
        return forget(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(station_sync, "forget_old_keys", forgetting)
    store = window.desk.store
    window.desk.give_floor()
    window.desk.take_floor_back()
    with store.engine.begin() as connection:
        keys = list(connection.scalars(select(AppliedChange.key)))
        assert len(keys) >= 2
        old = keys[0]  # made a week and a minute ago, as far as the table tells
        connection.execute(
            update(AppliedChange)
            .where(AppliedChange.key == old)
            .values(applied_at=utc_now() - KEYS_KEPT_FOR - timedelta(minutes=1))
        )

    def kept() -> set[str]:
        with store.engine.connect() as connection:
            return set(connection.scalars(select(AppliedChange.key)))

    window.station_sync.forget_old_keys()  # as its timer does, a minute after the start
    qtbot.waitUntil(lambda: old not in kept(), timeout=3000)
    assert kept() == set(keys[1:])
    assert forgetters and threading.main_thread().ident not in forgetters
