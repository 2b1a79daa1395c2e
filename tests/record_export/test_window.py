"""The statistics view and the export dialog in the real window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from db.meeting.drafts import RequestDraft
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.app import open_window
from desktop.qt.main_window import MainWindow
from desktop.qt.record.export_dialog import ExportDialog
from desktop.services.sound import open_chimes
from desktop.settings import Settings
from tests.record_export.scripted import DAY_2, Scripted, delegation_ids, local


@pytest.fixture
def desk_window(
    qtbot: QtBot, store: Store, scripted: Scripted, tmp_path: Path
) -> Iterator[tuple[MainWindow, FakeClock]]:
    clock = FakeClock(local(DAY_2, 10, 30))
    settings = Settings(tmp_path / "floordesk.ini")
    _desk, window = open_window(store, settings, clock, open_chimes(["--aout=adummy"]))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.choose_slot(scripted.slot_ids[1])
    yield window, clock
    window.close()


def test_statistics_view_follows_the_record(
    qtbot: QtBot, store: Store, scripted: Scripted, desk_window: tuple[MainWindow, FakeClock]
) -> None:
    window, clock = desk_window
    window.apply_role("rapporteur")
    view = window.statistics
    assert window.dock_of(view).isVisible()
    qtbot.waitUntil(lambda: view.stats is not None and view.stats.interventions == 6)
    assert "6 interventions" in view.totals.text()
    groups = view.views["groups"].chart()
    assert groups.title() == "Speaking time per group" and groups.series()
    assert "Japan" in view.overruns.text()
    slot = scripted.slot_ids[1]
    store.speakers.add(slot, RequestDraft(delegation_ids(store)["Canada"]), clock.now())
    store.floor.give_floor(slot, clock.now())
    store.floor.take_floor_back(slot, clock.advance(90))
    qtbot.waitUntil(lambda: view.stats is not None and view.stats.interventions == 7)
    view.scope.setCurrentIndex(view.scope.findData("slot"))
    qtbot.waitUntil(lambda: view.stats is not None and view.stats.interventions == 3)


def test_export_dialog_writes_in_a_worker(
    qtbot: QtBot, scripted: Scripted, desk_window: tuple[MainWindow, FakeClock], tmp_path: Path
) -> None:
    window, _clock = desk_window
    dialog = ExportDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.scope.setCurrentIndex(dialog.scope.findData("conference"))
    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    dialog.public.setChecked(True)
    target = tmp_path / "record.xlsx"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.exported, timeout=20000) as written:
        dialog.export_button.click()
        assert dialog.busy and dialog.close_button.text() == "Cancel"
    assert written.args == [target]
    book = load_workbook(target)
    assert book.sheetnames == ["Interventions", "Statistics"]
    assert book["Interventions"].max_row == 7
    dialog.path.setText(str(tmp_path / "missing" / "record.pdf"))
    dialog.format.setCurrentIndex(dialog.format.findData("pdf"))
    dialog.path.setText(str(tmp_path / "missing" / "record.pdf"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    assert dialog.status.text().startswith("Cannot write")
    assert dialog.export_button.isEnabled()
