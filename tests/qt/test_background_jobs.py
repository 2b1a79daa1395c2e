"""One mechanism for work off the window's thread (desktop/qt/background.py).

A job that stops at its own safe points returns what it did when stopped; the
requests import dialog runs on it: progress by signals, Stop keeps what was filed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QThreadPool
from pytestqt.qtbot import QtBot

import desktop.qt.imports.requests_import_dialog as requests_dialog
from desktop.agenda_import.model import Progress
from desktop.qt.background import BackgroundJob
from desktop.qt.main_window import MainWindow
from desktop.requests_import.outcome import ItemOutcome, Outcome

WAIT_MS = 10_000


def test_a_job_stopping_itself_returns_what_it_did(qtbot: QtBot) -> None:
    started, go_on = threading.Event(), threading.Event()

    def filing(progress: Progress, cancelled: Callable[[], bool]) -> list[int]:
        done: list[int] = []
        for number in range(1000):
            if cancelled():
                break
            done.append(number)
            progress(len(done), 1000)  # never raises: the work stops where it can
            started.set()
            go_on.wait(WAIT_MS / 1000)
        return done

    job = BackgroundJob.stopping_itself(filing)
    ended: list[object] = []
    job.signals.finished.connect(lambda number, result: ended.append(result))
    job.signals.cancelled.connect(lambda number: ended.append("cancelled"))
    pool = QThreadPool()
    pool.start(job)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    job.cancel()
    go_on.set()
    qtbot.waitUntil(lambda: bool(ended), timeout=WAIT_MS)
    assert ended == [[0]]
    pool.waitForDone()


def test_a_refusal_is_one_sentence_and_a_bug_goes_to_the_log(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    def refused(progress: Progress) -> None:
        raise LookupError("There is no such mailbox.")

    def broken(progress: Progress) -> None:
        raise ZeroDivisionError("a bug")

    said: list[str] = []
    pool = QThreadPool()
    for work in (refused, broken):
        job = BackgroundJob(work, refusals=(LookupError,), failure="The import failed.")
        job.signals.failed.connect(lambda number, sentence: said.append(sentence))
        with qtbot.waitSignal(job.signals.failed, timeout=WAIT_MS):
            pool.start(job)
    assert said == ["There is no such mailbox.", "The import failed."]
    pool.waitForDone()
    assert [r.exc_info is not None for r in caplog.records] == [True]  # the bug's traceback
    caplog.clear()


@pytest.mark.usefixtures("panel")
def test_stop_in_the_requests_dialog_keeps_what_was_filed(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    started, go_on = threading.Event(), threading.Event()

    def slow_import(*args: object, **kwargs: Any) -> list[ItemOutcome]:
        progress, cancelled = kwargs["progress"], kwargs["cancelled"]
        outcomes = []
        for number in range(3):
            if cancelled():
                break
            outcomes.append(ItemOutcome(f"requests.mbox #{number + 1}", Outcome.SKIPPED))
            progress(len(outcomes), 3)
            started.set()
            go_on.wait(WAIT_MS / 1000)
        return outcomes

    monkeypatch.setattr(requests_dialog, "import_source", slow_import)
    dialog = requests_dialog.RequestsImportDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.source.setText(str(tmp_path / "requests.mbox"))
    dialog.start(dry_run=False)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    assert dialog.cancel_button.text() == "Stop" and not dialog.import_button.isEnabled()
    dialog.cancel_button.click()  # Stop: the import ends after what it is filing
    go_on.set()
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Imported"), timeout=WAIT_MS)
    assert dialog.summary.text() == "Imported: 1 read: 1 skipped."
    qtbot.waitUntil(dialog.import_button.isEnabled, timeout=WAIT_MS)
    assert dialog.cancel_button.text() == "Close" and dialog.job is None
    dialog.done(0)
