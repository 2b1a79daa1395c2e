"""A corrupt or foreign database file: one clear sentence, the file untouched, and the
offer of a new database beside it."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from db.engine import SQLITE_MAGIC, NotAFloordeskDatabase
from db.store import Store
from desktop.qt.database_problem import (
    UnusableDatabaseDialog,
    offer_new_database,
    open_database,
)


def garbage(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(5000))


def empty(path: Path) -> None:
    path.write_bytes(b"")


def damaged(path: Path) -> None:
    path.write_bytes(SQLITE_MAGIC + random.Random(8).randbytes(8192))


def truncated(path: Path) -> None:
    Store.open(URL.create("sqlite", database=str(path))).close()
    for side in path.parent.glob(path.name + "-*"):
        side.unlink()
    path.write_bytes(path.read_bytes()[:1500])


def another_program(path: Path) -> None:
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
        raw.execute("INSERT INTO invoices (total) VALUES (12.5)")
    raw.close()


def newer_floordesk(path: Path) -> None:
    Store.open(URL.create("sqlite", database=str(path))).close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = 'f00d0042'")
    raw.close()


KINDS: dict[str, Callable[[Path], None]] = {
    "garbage bytes": garbage,
    "a zero-length file": empty,
    "an SQLite header on garbage": damaged,
    "a truncated Floordesk file": truncated,
    "a file of another program": another_program,
    "a newer Floordesk schema": newer_floordesk,
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", KINDS)
def test_an_unusable_file_is_named_left_untouched_and_a_new_one_offered(
    kind: str, tmp_path: Path
) -> None:
    path = tmp_path / "floordesk.sqlite"
    KINDS[kind](path)
    before = digest(path)
    offers: list[tuple[str, Path]] = []

    def offer(problem: str, fresh: Path) -> bool:
        offers.append((problem, fresh))
        return len(offers) > 1  # refused the first time, accepted the second

    url = URL.create("sqlite", database=str(path))
    with pytest.raises(NotAFloordeskDatabase):
        open_database(url, "test", offer)
    assert digest(path) == before
    store = open_database(url, "test", offer)
    try:
        assert digest(path) == before
        problem, fresh = offers[-1]
        assert problem.endswith(".") and "\n" not in problem and "Error" not in problem
        assert str(path) in problem
        assert fresh == tmp_path / "floordesk-new.sqlite"
        assert store.agenda.count_conferences() == 0
    finally:
        store.close()
    assert digest(path) == before


def test_the_dialog_offers_a_new_database(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = UnusableDatabaseDialog("x.sqlite is not a Floordesk database.", tmp_path / "n.sqlite")
    qtbot.addWidget(dialog)
    assert dialog.start_button.text() == "Start a new database"
    assert "left exactly as it is" in dialog.informativeText()

    def answer(button: str) -> None:
        shown = QApplication.activeModalWidget()
        assert isinstance(shown, UnusableDatabaseDialog)
        getattr(shown, button).click()

    QTimer.singleShot(0, lambda: answer("start_button"))
    assert offer_new_database("x.sqlite is empty.", tmp_path / "n.sqlite")
    QTimer.singleShot(0, lambda: answer("quit_button"))
    assert not offer_new_database("x.sqlite is empty.", tmp_path / "n.sqlite")
