"""When the database file cannot be used: say why in one sentence, leave the file as it is,
and offer to start a new database beside it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.engine import URL

from db.engine import NotAFloordeskDatabase, new_database_beside, sqlite_path
from db.store import Store

log = logging.getLogger(__name__)

# Asked with the sentence that says what is wrong and the new file's path: start it?
Offer = Callable[[str, Path], bool]


class UnusableDatabaseDialog(QMessageBox):
    """The problem in one sentence, the file left alone, and a way on."""

    def __init__(self, problem: str, fresh: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Floordesk")
        self.setIcon(QMessageBox.Icon.Warning)
        self.setText(problem)
        self.setInformativeText(
            f"The file is left exactly as it is. Floordesk can start a new database "
            f"beside it, in {fresh.name}."
        )
        self.start_button = self.addButton(
            "Start a new database", QMessageBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.start_button)

    def starts_new(self) -> bool:
        return self.clickedButton() is self.start_button


def offer_new_database(problem: str, fresh: Path) -> bool:
    dialog = UnusableDatabaseDialog(problem, fresh)
    dialog.exec()
    return dialog.starts_new()


def open_database(url: URL, station: str | None, offer: Offer = offer_new_database) -> Store:
    """The store on ``url``; when the file there is not a usable Floordesk database, the
    store on a new file beside it if the user wants one (else the error goes on up)."""
    try:
        return Store.open(url, station=station)
    except NotAFloordeskDatabase as error:
        path = sqlite_path(url)
        if path is None:
            raise
        fresh = new_database_beside(path)
        if not offer(str(error), fresh):
            raise
        log.info("%s; starting a new database in %s", error, fresh)
        return Store.open(URL.create("sqlite", database=str(fresh)), station=station)
