from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.meeting.snapshots import SlotView
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.app import open_window
from desktop.qt.main_window import MainWindow
from desktop.services.sound import open_chimes
from desktop.settings import Settings

OpenWindow = Callable[[Store], MainWindow]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "floordesk.ini")


@pytest.fixture
def open_desk(qtbot: QtBot, settings: Settings, clock: FakeClock) -> Iterator[OpenWindow]:
    """Opens the real main window on a store, as the app does at start."""
    opened: list[MainWindow] = []

    def open_on(store: Store) -> MainWindow:
        # The real libvlc, on an audio output that needs no sound card.
        _desk, window = open_window(store, settings, clock, open_chimes(["--aout=adummy"]))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        return window

    yield open_on
    for window in opened:
        window.close()


@pytest.fixture
def window(open_desk: OpenWindow, store: Store, panel: SlotView) -> MainWindow:
    window = open_desk(store)
    window.choose_slot(panel.id)
    window.desk.make_live(panel.id)  # the panel is the one in the hall
    return window
