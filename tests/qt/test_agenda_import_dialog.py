"""The import dialog: a table and its mapping step, a calendar into a new conference, cancel."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialog
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db.store import Store
from desktop.agenda_import.model import Progress
from desktop.qt.background import BackgroundJob
from desktop.qt.imports.agenda_import_dialog import AgendaImportDialog
from desktop.qt.imports.agenda_import_preview import ImportPreviewModel

DATA = Path(__file__).parents[1] / "agenda_import" / "data"
WAIT_MS = 10_000


def open_dialog(qtbot: QtBot, store: Store, conference_id: int | None) -> AgendaImportDialog:
    dialog = AgendaImportDialog(store, conference_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_csv_through_the_mapping_step_into_the_conference(
    qtbot: QtBot, qtmodeltester: ModelTester, store: Store, conference_id: int
) -> None:
    before = len(store.agenda.slots(conference_id))
    dialog = open_dialog(qtbot, store, conference_id)
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT_MS):
        dialog.open_file(DATA / "agenda.csv")
    assert dialog.mapping_box.isVisible() and not dialog.progress_row.isVisible()
    assert dialog.mapping() == {
        "day": 0,
        "start": 1,
        "end": 2,
        "kind": 3,
        "title": 4,
        "panellists": 6,
        "topics": 7,
    }
    assert dialog.combos["day"].currentText() == "Date"
    assert dialog.combos["moderator"].currentText() == "(none)"
    model = dialog.preview_model
    checked = ImportPreviewModel()  # unparented: the tester outlives the dialog
    checked.set_agenda(dialog.agenda)
    qtmodeltester.check(checked, force_py=True)
    assert model.rowCount() == 6 and dialog.problems_model.rowCount() == 4
    assert dialog.problems_model.stringList()[0].startswith("line 6: ")
    assert model.index(1, 4).data() == ""

    # The user tells it which column holds the moderator; the table is read again.
    moderator = dialog.combos["moderator"]
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT_MS):
        moderator.setCurrentIndex(moderator.findText("Led by"))
    assert dialog.mapping()["moderator"] == 5
    assert model.index(1, 4).data() == "Ilse Brandauer"
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as imported:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert len(imported.args[0]) == 6
    assert dialog.result() == QDialog.DialogCode.Accepted
    slots = store.agenda.slots(conference_id)
    assert len(slots) == before + 6
    assert store.agenda.slot(imported.args[0][1]).moderator == "Ilse Brandauer"


def test_a_calendar_into_a_new_conference(qtbot: QtBot, store: Store) -> None:
    dialog = open_dialog(qtbot, store, None)
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT_MS):
        dialog.open_file(DATA / "agenda.ics")
    assert not dialog.mapping_box.isVisible()
    assert dialog.summary.text().startswith("5 slots on 1 day — into 27th Alliance")
    assert "27th Alliance Conference" in dialog.summary.text()
    ids = dialog.import_agenda()
    assert len(ids) == 5 and dialog.conference_id is not None
    assert store.agenda.conference(dialog.conference_id).title.startswith("27th Alliance")


def test_the_mapping_can_be_set_in_one_call(qtbot: QtBot, store: Store, conference_id: int) -> None:
    dialog = open_dialog(qtbot, store, conference_id)
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT_MS):
        dialog.open_file(DATA / "agenda.csv")
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT_MS):
        dialog.set_mapping({"day": 0, "start": 1, "title": 4})
    assert dialog.combos["end"].currentText() == "(none)"
    assert dialog.agenda is not None
    assert [s.end.isoformat() for s in dialog.agenda.slots[:2]] == ["10:00:00", "11:30:00"]


def test_a_file_that_cannot_be_read_says_so_and_imports_nothing(
    qtbot: QtBot, store: Store, conference_id: int, tmp_path: Path
) -> None:
    broken = tmp_path / "agenda.docx"
    broken.write_bytes(b"\x00" * 100)
    dialog = open_dialog(qtbot, store, conference_id)
    with qtbot.waitSignal(dialog.preview_ready, timeout=WAIT_MS):
        dialog.open_file(broken)
    assert dialog.summary.text().startswith("agenda.docx is not a Word document")
    assert not dialog.import_button.isEnabled() and dialog.preview_model.rowCount() == 0


def test_a_long_job_stops_at_its_next_step_when_cancelled(qtbot: QtBot) -> None:
    started, go_on = threading.Event(), threading.Event()

    def slow_parse(progress: Progress) -> str:
        started.set()
        go_on.wait(WAIT_MS / 1000)
        progress(1, 2)
        return "finished"

    job = BackgroundJob(slow_parse)
    finished: list[object] = []
    job.signals.finished.connect(lambda number, result: finished.append(result))
    job.signals.cancelled.connect(lambda number: finished.append("cancelled"))
    pool = QThreadPool()
    pool.start(job)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    job.cancel()
    go_on.set()
    qtbot.waitUntil(lambda: bool(finished), timeout=WAIT_MS)
    assert finished == ["cancelled"]
    pool.waitForDone()


def test_cancel_in_the_dialog(qtbot: QtBot, store: Store, conference_id: int) -> None:
    dialog = open_dialog(qtbot, store, conference_id)
    go_on = threading.Event()

    def slow_parse(progress: Progress) -> object:
        go_on.wait(WAIT_MS / 1000)
        progress(1, 2)
        return None

    dialog._start(slow_parse)
    assert dialog.progress_row.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: not dialog.progress_row.isVisible(), timeout=WAIT_MS)
    assert dialog.summary.text() == "Reading was cancelled."
