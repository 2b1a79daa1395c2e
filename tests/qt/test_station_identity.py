"""Each station is known by an id of its own, made at its first start and kept in its
settings; the host name is only its label. Two stations on one computer — even two
windows started with the same settings — never share an undo history."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import RequestStatus
from db.store import Store
from desktop import settings as options
from desktop.domain.clock import FakeClock
from desktop.qt.app import open_window
from desktop.qt.main_window import MainWindow
from desktop.services.sound import open_chimes
from desktop.settings import Settings
from desktop.station import Station, claim_station, host_label

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def locks(tmp_path: Path) -> Path:
    return tmp_path / "locks"


def test_the_id_is_made_once_and_the_host_name_is_its_label(tmp_path: Path, locks: Path) -> None:
    settings = Settings(tmp_path / "station.ini")
    first = claim_station(settings, locks=locks)
    assert first.made_now and first.label == host_label()
    assert first.id != host_label() and first.id == settings.get(options.STATION_ID)
    first.release()
    again = claim_station(Settings(tmp_path / "station.ini"), locks=locks)
    assert again.id == first.id and not again.made_now
    again.release()
    named = claim_station(Settings(tmp_path / "station.ini"), "Second row", locks=locks)
    assert named.id == first.id and named.label == "Second row"
    named.release()


def test_a_second_floordesk_with_the_same_settings_is_another_station(
    tmp_path: Path, locks: Path
) -> None:
    path = tmp_path / "shared.ini"
    first = claim_station(Settings(path), locks=locks)
    second = claim_station(Settings(path), locks=locks)
    assert second.id != first.id and second.label == first.label
    assert Settings(path).get(options.FURTHER_STATION_IDS) == second.id
    second.release()
    again = claim_station(Settings(path), locks=locks)  # the second, restarted
    assert again.id == second.id
    for station in (first, again):
        station.release()


@pytest.fixture
def two_windows(
    qtbot: QtBot, store: Store, panel: SlotView, clock: FakeClock, tmp_path: Path, locks: Path
) -> Iterator[tuple[MainWindow, MainWindow]]:
    """Two stations on one computer, started as the app starts them (the same settings
    file), each with its own connection to the database."""
    path = tmp_path / "same-host.ini"
    claimed: list[Station] = []
    stores: list[Store] = []
    windows: list[MainWindow] = []
    for _ in range(2):
        settings = Settings(path)
        station = claim_station(settings, locks=locks)
        claimed.append(station)
        station_store = Store.open(store.engine.url, station=station.id)
        station_store.label = station.label
        stores.append(station_store)
        _desk, window = open_window(station_store, settings, clock, open_chimes(["--aout=adummy"]))
        qtbot.addWidget(window)
        window.show()
        window.choose_slot(panel.id)
        window.desk.make_live(panel.id)
        windows.append(window)
    yield windows[0], windows[1]
    for window in windows:
        window.close()
    for station_store in stores:
        station_store.close()
    for station in claimed:
        station.release()


def add_by_keys(qtbot: QtBot, window: MainWindow, name: str) -> int:
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(window.entry.line, name)
    press(qtbot, window, Qt.Key.Key_Return)
    added = [r for r in window.speakers.rows_waiting() if r.delegation == name]
    assert len(added) == 1
    return added[0].id


def press(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    if QApplication.activeWindow() is not window:
        window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)
    window.desk.settle()


def test_ctrl_z_at_one_station_never_undoes_the_others_change(
    qtbot: QtBot, two_windows: tuple[MainWindow, MainWindow], store: Store, panel: SlotView
) -> None:
    first, second = two_windows
    assert first.desk.store.station != second.desk.store.station
    assert first.where_label.text().startswith(host_label())
    austria = add_by_keys(qtbot, first, "Austria")
    malta = add_by_keys(qtbot, second, "Malta")

    def status(request_id: int) -> RequestStatus:
        return store.speakers.requests_with_ids([request_id])[0].status

    press(qtbot, second, Qt.Key.Key_Z, CTRL)  # the second station's own addition
    assert status(malta) is RequestStatus.WITHDRAWN
    assert status(austria) is RequestStatus.WAITING
    press(qtbot, second, Qt.Key.Key_Z, CTRL)  # nothing more of its own to undo
    assert status(austria) is RequestStatus.WAITING
    # After a restart, each station finds its own history, and only its own.
    second.desk.restore_history()
    assert [second.desk.undo_stack.text(i) for i in range(second.desk.undo_stack.count())] == [
        "Add Malta to the list"
    ]
    first.desk.restore_history()
    assert first.desk.undo_stack.canUndo()
    press(qtbot, first, Qt.Key.Key_Z, CTRL)
    assert status(austria) is RequestStatus.WITHDRAWN


def test_an_existing_databases_undo_history_goes_with_the_station_first_given_an_id(
    store: Store, panel: SlotView
) -> None:
    """Before ids, the host name keyed the undo history: the first id made on the host
    takes it over, so Ctrl+Z after the upgrade still undoes the last change."""
    old = Store.open(store.engine.url, station=host_label())
    try:
        old.history.record(panel.conference_id, "Add Austria to the list", {}, {})
    finally:
        old.close()
    new = Store.open(store.engine.url, station="host-3fa9c1d2")
    try:
        history = new.history
        assert history.adopt(host_label()) == 1
        assert [s.label for s in history.steps(panel.conference_id)] == ["Add Austria to the list"]
        assert history.adopt(host_label()) == 0  # taken once
    finally:
        new.close()
