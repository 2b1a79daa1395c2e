"""The status bar's two banners: changes the storage keeps waiting, a server that stops
answering. Made with the window, hidden (a banner made later, when the store came after
the window's first look, would make the status bar a pixel taller under the eyes); they
follow the storage guard (desktop/qt/storage_guard.py) and the station's sync
(desktop/qt/station_sync.py) once the store is there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QMainWindow

from desktop.domain.conference_time import hms

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk
    from desktop.qt.station_sync import StationSync
    from desktop.qt.storage_guard import StorageGuard


class _Banner(QLabel):
    """One sentence kept in view at the left of the status bar, hidden when there is none."""

    def __init__(self, window: QMainWindow, colours: str) -> None:
        super().__init__(window)
        self.setStyleSheet(f"{colours} font-weight: bold; padding: 2px 8px;")
        self.hide()
        window.statusBar().insertPermanentWidget(0, self, 1)
        self._window = window

    def _write(self, sentence: str) -> None:
        self.setText(sentence)
        self.setToolTip(sentence)

    def _say(self, sentence: str) -> None:
        """The sentence, shown; none: hidden."""
        self._write(sentence)
        self.setVisible(bool(sentence))


class StorageBanner(_Banner):
    """The storage guard's one sentence, kept in view while changes wait."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window, "background: #fef3c7; color: #92400e;")
        self.setWordWrap(False)

    def follow(self, guard: StorageGuard) -> None:
        guard.status.connect(self.show_sentence)
        guard.saved.connect(self.show_saved)
        if guard.waiting:
            self.show_sentence(guard.sentence())

    def show_sentence(self, sentence: str) -> None:
        self._say(sentence)
        self.setMinimumWidth(self.sizeHint().width())  # all of it: the rest may shrink

    def show_saved(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 8000)


class ServerBanner(_Banner):
    """The server's silence, in one sentence."""

    def __init__(self, window: QMainWindow, desk: Desk) -> None:
        super().__init__(window, "background: #fee2e2; color: #991b1b;")
        self._desk = desk

    def follow(self, sync: StationSync) -> None:
        sync.server_problem.connect(self.show_problem)

    def show_problem(self, sentence: str) -> None:
        if sentence:
            since = hms(self._desk.clock.now(), self._desk.zone)
            sentence = (
                f"{sentence} (since {since}): the desk shows what it last read, refuses to "
                "change the floor, and catches up once the server answers."
            )
        self._say(sentence)

    def show_local(self, sentence: str) -> None:
        """While the desk works on the station's copy (desktop/qt/outage.py): said so."""
        self._write(sentence)
