"""Starting the window: the database, the first-run demo offer, the smoke test."""

from __future__ import annotations

import gc
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.exc import DBAPIError, OperationalError

from db.engine import DatabaseUnavailable, NotAFloordeskDatabase, resolve_url
from db.storage_fallback import storage_problem
from db.store import Store
from desktop import settings as options
from desktop.demo import ensure_delegations, load_demo
from desktop.domain.agenda_clock import slot_at
from desktop.domain.clock import Clock, SystemClock
from desktop.domain.conference_time import today
from desktop.logs import log_file
from desktop.qt.database_problem import open_database
from desktop.qt.desk.desk import Desk
from desktop.qt.kept_changes_dialog import offer_kept_changes
from desktop.qt.main_window import MainWindow
from desktop.qt.outage import Outage
from desktop.qt.storage_guard import storage_guard, watch_storage
from desktop.services.db_password import with_stored_password
from desktop.services.sound import Chimes, LateChimes
from desktop.services.video import LateVideo, VideoPlayer
from desktop.settings import Settings
from desktop.station import claim_station

log = logging.getLogger(__name__)


def process_age_ms() -> float:
    """Milliseconds since this process started (from the kernel where it tells)."""
    try:
        import os

        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])
        ticks = os.sysconf("SC_CLK_TCK")
        with open("/proc/uptime", encoding="ascii") as handle:
            uptime = float(handle.read().split()[0])
        return (uptime - start_ticks / ticks) * 1000
    except (OSError, ValueError, IndexError):
        return (time.perf_counter() - _IMPORTED_AT) * 1000 + _IMPORT_OFFSET_MS


_IMPORTED_AT = time.perf_counter()
_IMPORT_OFFSET_MS = time.process_time() * 1000


def application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Floordesk")
    app.setOrganizationName("Floordesk")
    app.setDesktopFileName("floordesk")
    return app


def open_window(
    store: Store,
    settings: Settings,
    clock: Clock | None = None,
    chimes: Chimes | None = None,
    video: VideoPlayer | None = None,
) -> tuple[Desk, MainWindow]:
    """The desk and its window on ``store``, back where this station left off."""
    desk = Desk(store, clock or SystemClock())
    window = MainWindow(desk, settings, chimes, video)
    # The store's guard keeps the desk going while the database cannot be written; the
    # window shows its sentence (desktop/qt/storage_guard.py, db/storage_fallback.py).
    window.storage_banner = watch_storage(store, window)
    # Before the conference opens: when not following the clock, its first tick must not
    # make the slot of the hour live (and read its list and record) in place of the one
    # made live by hand.
    desk.follows_clock = settings.get(options.FOLLOW_CLOCK)
    desk.open_conference(settings.get(options.LAST_CONFERENCE) or None)
    slots = desk.slots
    # Shown: the slot this station looked at last, chosen before the live one is set: the
    # views of the live slot (the nameplates' marks) then take its list and record from
    # the views that show it, and following the clock does not show the slot of the hour
    # first (its list and record read for nothing).
    last_slot = settings.get(options.LAST_SLOT)
    shown_last = any(s.id == last_slot for s in slots)
    if shown_last:
        window.choose_slot(last_slot)
    # Live: where someone has the floor (open_conference found it), else the slot of the
    # hour when following the clock, else the one made live by hand.
    if desk.live_slot is None:
        if desk.follows_clock:
            desk.check_clock()
        else:
            made_live = settings.get(options.LIVE_SLOT)
            if any(s.id == made_live for s in slots):
                desk.make_live(made_live)
    if not shown_last:
        if desk.live_slot is not None:
            window.choose_slot(desk.live_slot.id)
        else:
            now_on = slot_at(slots, desk.clock.now())
            if now_on is not None:
                window.choose_slot(now_on.id)
    if desk.conference:
        settings.set(options.LAST_CONFERENCE, desk.conference.id)
    # Changes kept when Floordesk last closed: listed beside the desk, written only when
    # the moderator says so (never replayed silently).
    window.storage_guard = storage_guard(store)
    window.kept_dialogs = offer_kept_changes(window.storage_guard, desk, window)
    # Through an outage of the server: on the station's copy, then the merge, as decided.
    window.outage = Outage(window.storage_guard, window, window)
    return desk, window


LIBVLC_AT_THE_LATEST_MS = 1000


class _FirstPaint(QObject):
    """Calls ``then`` once, after the first paint of the widget it watches."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget, self._then = widget, then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self._then)  # once this paint is done
        return False


def open_libvlc_after_first_paint(window: MainWindow, chimes: LateChimes, video: LateVideo) -> None:
    """Start opening the chimes and the video player once the list of speakers has been
    painted the first time: libvlc's start (python-vlc is Python code, sharing the
    interpreter) no longer holds the first frame up (some 30 ms). They are ready a few
    tens of milliseconds later; a cue or a video asked for sooner waits for them."""

    def start() -> None:
        chimes.start()  # each once
        video.start()

    _FirstPaint(window.speakers_view.viewport(), start)
    # A window not painted by then (started minimised) does not wait for its first cue.
    QTimer.singleShot(LIBVLC_AT_THE_LATEST_MS, window, start)


def keep_startup_objects() -> None:
    """What start-up made (modules, Qt's wrappers, the database mappings: some 150,000
    objects) lives as long as the window. Moved out of the cyclic collector's sight, a
    full collection no longer walks them all: it took 100 ms, at whatever key press
    happened to start it. (Freed by their reference counts as before.) The collector,
    off while they were made (desktop.cli), is on again from here."""
    gc.freeze()
    gc.enable()


def run_window(db_option: str | None, *, station: str | None, smoke_test: bool) -> int:
    app = application()
    if smoke_test:
        return _smoke_test(db_option, station)
    settings = Settings()
    # Its own id (made at the first start, kept in the settings); the host name labels it.
    identity = claim_station(settings, station)
    try:
        # The password, if any, from the keyring (never from the command line).
        store = open_database(with_stored_password(resolve_url(db_option)), identity.id)
    except NotAFloordeskDatabase as error:  # already shown, with the offer of a new one
        print(f"floordesk: {error}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as error:
        print(f"floordesk: {error}", file=sys.stderr)
        QMessageBox.critical(None, "Floordesk", str(error))
        return 2
    identity.take_up(store)
    ensure_delegations(store)
    if store.agenda.count_conferences() == 0 and _offer_demo():
        demo = load_demo(store, first_day=today(), with_record=True)
        settings.set(options.LAST_CONFERENCE, demo)
    chimes, video = LateChimes(), LateVideo()
    _desk, window = open_window(store, settings, chimes=chimes, video=video)
    sys.excepthook = _report_bug(window)
    open_libvlc_after_first_paint(window, chimes, video)
    window.show()
    keep_startup_objects()
    try:
        return app.exec()
    finally:
        store.close()
        identity.release()


def _report_bug(window: MainWindow) -> Callable[..., None]:
    """A bug in a slot must not take the session down: log it, say so, go on."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if isinstance(error, OperationalError):
            # A view reading while the server or the file is away is no bug: one sentence,
            # the views keep what they last read, the next change or catch-up reads again.
            log.info("a reading failed: %s", error.orig or error)
            problem = storage_problem(error)
            if "unable to open" in str(error.orig or error).lower():
                problem = "The database file cannot be opened"
            window.show_problem(
                f"{problem}: the desk shows what it last read and reads again when it answers."
            )
            return
        if isinstance(error, DBAPIError) and getattr(error.orig, "sqlstate", None) == "42501":
            # The station's database user may not make this change (README: the database
            # roles): a setup to correct, not a bug.
            log.info("refused by the database: %s", error.orig)
            window.show_problem(
                "The database refused the change: this station's database user may not make "
                "it (its role's grants, see the README)."
            )
            return
        log.error("unexpected error", exc_info=(kind, error, trace))
        window.show_problem(f"Internal error ({kind.__name__}); details in {log_file()}")

    return hook


def _offer_demo() -> bool:
    answer = QMessageBox.question(
        None,
        "Floordesk",
        "There is no conference in this database yet.\n\n"
        "Load the demo conference (two days shaped like an Alliance conference, "
        "with advance requests for the floor), starting today?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def _smoke_test(db_option: str | None, station: str | None) -> int:
    """Open the window on the demo data, render one frame, print the time to it."""
    with tempfile.TemporaryDirectory(prefix="floordesk-smoke-") as folder:
        url = db_option or str(Path(folder) / "smoke.sqlite")
        try:
            store = Store.open(
                with_stored_password(resolve_url(url)), station=station or "smoke-test"
            )
        except DatabaseUnavailable as error:
            print(f"floordesk: {error}", file=sys.stderr)
            return 2
        try:
            ensure_delegations(store)
            if store.agenda.count_conferences() == 0:
                load_demo(store)
            settings = Settings(Path(folder) / "smoke.ini")
            # As after a restart in the middle of a session: this station looked at the
            # first slot with a list of speakers, made live by hand.
            conferences = store.agenda.conferences()
            slots = store.agenda.slots(conferences[-1].id) if conferences else []
            talking = [s for s in slots if s.kind.has_speakers]
            if talking:
                settings.set(options.LAST_SLOT, talking[0].id)
                settings.set(options.LIVE_SLOT, talking[0].id)
                settings.set(options.FOLLOW_CLOCK, False)
            chimes, video = LateChimes(), LateVideo()
            _desk, window = open_window(store, settings, chimes=chimes, video=video)
            open_libvlc_after_first_paint(window, chimes, video)
            window.show()
            keep_startup_objects()  # as the window's start does
            frames: list[float] = []

            def first_frame() -> None:
                window.grab()  # forces a full render of the window
                frames.append(process_age_ms())
                application().quit()

            QTimer.singleShot(0, first_frame)
            application().exec()
            # As in the window's start, libvlc opens once the first frame is painted: it
            # is waited for here, so that what the process holds includes it.
            chimes.start()
            video.start()
            chimes.opened()
            video.opened()
            window.close()
        finally:
            store.close()
    print(f"first frame after {frames[0]:.0f} ms")
    return 0
