"""The window through an outage of the shared server: on the station's copy, then the merge.

The store's guard (desktop/qt/storage_guard.py) switches the store to its standby copy
when the server stops answering; here the desk follows: it reads the copy's journal
from the copy's own place (the copy numbers its entries apart from the server's), the
red banner of the lost server gives way to the guard's ("working on this station's
copy"), and F5, F8, the countdown and the list go on. When the server answers again,
what the other stations changed meanwhile is read in a worker and the moderator is
shown both (desktop/qt/outage_merge_dialog.py); once decided, the desk follows the
server's journal again from where it left it, and every view reads the server again.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget
from sqlalchemy.exc import SQLAlchemyError

from db.outage_merge import changed_elsewhere
from db.standby_copy import local_base
from db.sync.journal_cursor import JournalCursor
from desktop.domain.conference_time import hms
from desktop.qt.background import BackgroundJob
from desktop.qt.outage_merge_dialog import OutageMergeDialog

if TYPE_CHECKING:
    from desktop.qt.banners import ServerBanner, StorageBanner
    from desktop.qt.desk.desk import Desk
    from desktop.qt.local_banner import LocalBanner
    from desktop.qt.station_sync import StationSync
    from desktop.qt.storage_guard import StorageGuard

log = logging.getLogger(__name__)


class OutageWindow(Protocol):
    """What the outage needs of the main window (declared here, so that this module does
    not import the window): its desk and its banners."""

    desk: Desk
    local_banner: LocalBanner
    server_banner: ServerBanner
    storage_banner: StorageBanner


class Outage(QObject):
    def __init__(
        self, guard: StorageGuard, window: OutageWindow, sync: StationSync, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self._parent = parent  # where the merge dialog opens
        self.guard, self.window, self.desk = guard, window, window.desk
        self.dialog: OutageMergeDialog | None = None
        self._server_cursor: JournalCursor | None = None
        self._reading: BackgroundJob | None = None
        desk = self.desk
        guard.since_text = lambda moment: hms(moment, desk.zone)
        guard.fallback.now = desk.clock.now
        guard.working_locally.connect(self._working_locally)
        guard.merge_wanted.connect(self.offer_merge)
        guard.status.connect(self._say_where)  # after the storage banner's own slot
        self.sync = sync
        sync.server_problem.connect(self._server_health)
        if guard.fallback.working_locally:  # another window on this store went first
            self._working_locally(True)

    def _server_health(self, sentence: str) -> None:
        self.guard.server_health(sentence)
        self._say_where()

    def _say_where(self, _sentence: str = "") -> None:
        """One banner while the desk works on its copy: the server's, once it says the
        server is lost, with what goes on here (the guard's own gives way to it); and the
        red line above the floor, where the moderator looks."""
        if not self.guard.fallback.working_locally:
            self.window.local_banner.end()
            return
        self.window.local_banner.show_local(self.guard.local_since(), self.guard.local_changes())
        banner = self.window.server_banner
        if banner.isVisible():
            banner.show_local(self.guard.local_sentence())
            self.window.storage_banner.hide()

    def _working_locally(self, local: bool) -> None:
        desk = self.desk
        self._say_where()
        if local:
            if self._server_cursor is None:
                self._server_cursor = desk.follow_journal(JournalCursor(local_base("journal")))
            return
        if self._server_cursor is not None:
            desk.follow_journal(self._server_cursor)
            self._server_cursor = None
            desk.read_everything_again()  # the server's rows now, the merged ones with them
            self.sync.wake()

    def offer_merge(self) -> None:
        """Read what the other stations changed meanwhile (off this thread), then show it
        with what was done here."""
        if self._reading is not None or (self.dialog is not None and self.dialog.isVisible()):
            return
        fallback = self.guard.fallback
        server, after, station = fallback.server, fallback.outage_from, fallback.store.station
        job = BackgroundJob(
            lambda _progress: changed_elsewhere(server, after, station),
            refusals=(SQLAlchemyError, OSError),
            failure="Reading the other stations' changes failed (details in the log).",
        )
        job.signals.finished.connect(self._show)
        job.signals.failed.connect(self._not_read)
        self._reading = job
        from desktop.qt.station_sync import sync_pool

        sync_pool().start(job)

    def _show(self, _number: int, elsewhere: Any) -> None:
        self._reading = None
        if not self.guard.fallback.working_locally or not self.guard.fallback.waiting:
            return
        self.dialog = OutageMergeDialog(self.guard, self.desk, list(elsewhere), self._parent)
        # Beside the desk, not in its way: the server may come back in the middle of a
        # speech, and F5, F8 and the countdown go on on the copy until the moderator has
        # a moment to decide (what is made meanwhile joins the list).
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog = self.dialog
        self.guard.status.connect(dialog.follow_held)
        dialog.finished.connect(lambda _result: self.guard.status.disconnect(dialog.follow_held))
        dialog.show()

    def _not_read(self, _number: int, sentence: str) -> None:
        self._reading = None  # the server went again: asked again when it is back
        log.info("cannot read the other stations' changes: %s", sentence)
