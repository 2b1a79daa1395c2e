"""Two rapporteurs on one intervention's notes, at two real windows on one database: the
second to save is told, and shown the first's text beside their own to merge — no text
is lost, neither on screen nor in the journal."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.meeting.snapshots import SlotView
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.app import open_window
from desktop.qt.desk.desk import NOTES_REPLACED
from desktop.qt.main_window import MainWindow
from desktop.services.sound import open_chimes
from desktop.settings import Settings
from tests.qt.acting import at_the_moderators_desk

FIRST = "Called for a register of labour recruiters."
SECOND = "Stressed labour inspections in agriculture."


@pytest.fixture
def rapporteurs(
    qtbot: QtBot, store: Store, panel: SlotView, clock: FakeClock, tmp_path: Path
) -> Iterator[tuple[MainWindow, MainWindow]]:
    stores = [Store.open(store.engine.url, station=f"rapporteur-{n}") for n in (1, 2)]
    windows = []
    for number, station in enumerate(stores, start=1):
        settings = Settings(tmp_path / f"rapporteur-{number}.ini")
        _desk, window = open_window(station, settings, clock, open_chimes(["--aout=adummy"]))
        qtbot.addWidget(window)
        window.show()
        window.choose_slot(panel.id)
        window.desk.make_live(panel.id)
        window.apply_role("rapporteur")
        windows.append(window)
    at_the_moderators_desk(windows[0], "give_floor")
    for window in windows:
        window.desk.catch_up()
        window.desk.settle()
    yield windows[0], windows[1]
    for window in windows:
        window.close()
    for station in stores:
        station.close()


def test_the_second_rapporteur_is_shown_both_texts_to_merge(
    qtbot: QtBot, rapporteurs: tuple[MainWindow, MainWindow], store: Store, panel: SlotView
) -> None:
    first, second = rapporteurs
    current = store.floor.current(panel.id)
    assert current is not None
    assert first.record.shown_id == current.id == second.record.shown_id
    # Both write at once: the first saves, the second has not read it yet.
    qtbot.keyClicks(first.record.notes, FIRST)
    first.record.save_notes()
    qtbot.keyClicks(second.record.notes, SECOND)
    second.record.save_notes()

    assert second.statusBar().currentMessage() == NOTES_REPLACED
    merge = second.record.merge_panel
    assert merge.isVisible()
    assert merge.theirs.toPlainText() == FIRST
    assert second.record.notes.toPlainText() == SECOND  # theirs and mine, side by side
    assert "Another station saved these notes on" in merge.heading.text()
    # Nothing lost meanwhile: the journal keeps the text the save replaced.
    history = [line.text for line in store.record.history(current.id)]
    assert any(FIRST in text for text in history), history

    qtbot.mouseClick(merge.add_theirs, Qt.MouseButton.LeftButton)
    assert not merge.isVisible()
    assert second.record.notes.toPlainText() == f"{SECOND}\n\n{FIRST}"
    qtbot.waitUntil(lambda: store.floor.intervention(current.id).notes == f"{SECOND}\n\n{FIRST}")
    assert not merge.isVisible()  # the merged text replaced nobody's: no second warning
    first.desk.catch_up()
    first.desk.settle()
    assert first.record.notes.toPlainText() == f"{SECOND}\n\n{FIRST}"  # not typing there
