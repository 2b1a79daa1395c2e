"""The station's import limits (desktop.settings) reach the window's imports and the
command line: a limit lowered in the settings refuses what the default would read."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from db.store import Store
from desktop.agenda_import import UnreadableFile, read_agenda
from desktop.agenda_import.limits import DEFAULT_LIMITS
from desktop.qt.imports.agenda_import_dialog import AgendaImportDialog
from desktop.qt.imports.requests_import_dialog import RequestsImportDialog
from desktop.qt.main_window import MainWindow
from desktop.requests_import.outcome import Outcome
from desktop.settings import (
    MAIL_MAX_MESSAGE_BYTES,
    MAX_JSON_BYTES,
    Settings,
    station_limits,
)
from tests.qt.conftest import open_desk, settings, window  # noqa: F401  (the window's fixtures)
from tests.requests_import import mails

# About 6 kB: far below the default's 40 MB, above the 4 kB set below.
LONG_REQUEST = mails.plain("Malta asks for the floor in Panel 1.\n\n" + "Regards.\n" * 600)


def preview(qtbot: QtBot, desk_window: MainWindow, source: Path) -> list[tuple[Outcome, str]]:
    dialog = RequestsImportDialog(desk_window.desk, desk_window)  # as the menu opens it
    qtbot.addWidget(dialog)
    dialog.source.setText(str(source))
    dialog.start(dry_run=True)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Preview —"), timeout=20000)
    outcomes = [(o.outcome, o.reason) for o in dialog.outcomes]
    dialog.done(0)
    return outcomes


def test_the_windows_import_takes_the_stations_limit(
    qtbot: QtBot,
    window: MainWindow,  # noqa: F811
    settings: Settings,  # noqa: F811
    tmp_path: Path,
) -> None:
    message = tmp_path / "request.eml"
    message.write_bytes(LONG_REQUEST)
    [(read, _)] = preview(qtbot, window, message)
    assert read is not Outcome.ERROR  # the default reads it (a review entry here)

    settings.set(MAIL_MAX_MESSAGE_BYTES, 4096)
    [(refused, reason)] = preview(qtbot, window, message)
    assert refused is Outcome.ERROR
    assert "4 kB" in reason


def test_the_agenda_dialog_takes_the_stations_limit(
    qtbot: QtBot,
    store: Store,
    conference_id: int,
    settings: Settings,  # noqa: F811
    tmp_path: Path,
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Workshop\n7 November 2025\n9:00 - 10:00 Opening\n", encoding="utf-8")

    def read_in_dialog() -> str:
        dialog = AgendaImportDialog(store, conference_id, limits=station_limits(_Owner(settings)))
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.preview_ready, timeout=20000):
            dialog.open_file(note)
        return dialog.summary.text()

    assert "1 slot" in read_in_dialog()
    settings.set(MAX_JSON_BYTES, 16)
    assert "more than the 16 bytes" in read_in_dialog()
    with pytest.raises(UnreadableFile, match="more than the 16 bytes"):
        read_agenda(note, limits=station_limits(settings))


def test_no_settings_file_keeps_the_defaults(tmp_path: Path) -> None:
    assert station_limits(Settings(tmp_path / "none.ini")) == DEFAULT_LIMITS


class _Owner:
    """A window holding the station's settings, as the main window does."""

    def __init__(self, settings: Settings) -> None:  # noqa: F811  (not the fixture)
        self.settings = settings
