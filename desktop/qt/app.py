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
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from db.first_look import FirstLook
from desktop import settings as options
from desktop.domain.agenda_clock import slot_at
from desktop.domain.clock import Clock, SystemClock
from desktop.logs import log_file
from desktop.qt.desk.desk import Desk
from desktop.qt.main_window import MainWindow
from desktop.services.sound import Chimes, LateChimes
from desktop.services.video import LateVideo, VideoPlayer
from desktop.settings import Settings
from desktop.station import Station, claim_station

# The store, SQLAlchemy and what works on them are imported where they are used: a
# station restarted on its SQLite file paints its first look before they are loaded
# (db/first_look.py), some 300 ms sooner.
if TYPE_CHECKING:
    from db.store import Store

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
    _watch_storage(window, store)
    _where_it_left_off(desk, window, settings)
    _follow_the_store(window, store)
    return desk, window


def open_first_look(
    first_look: FirstLook,
    settings: Settings,
    clock: Clock | None = None,
    chimes: Chimes | None = None,
    video: VideoPlayer | None = None,
) -> tuple[Desk, MainWindow]:
    """The desk and its window on the first look at the station's file (db/first_look.py),
    back where this station left off: the store takes its place once they are painted
    (``take_the_store``)."""
    # The first look reads like the store for what the first frame shows (db/first_look.py).
    desk = Desk(cast("Store", first_look), clock or SystemClock())
    window = MainWindow(desk, settings, chimes, video)
    _where_it_left_off(desk, window, settings)
    return desk, window


def take_the_store(window: MainWindow, store: Store) -> None:
    """The store in the place of the first look the window was opened on: every view reads
    it again (the same rows, and those the first look left empty), and the window follows
    it from now on as when opened on it."""
    _watch_storage(window, store)
    window.desk.take_the_store(store)
    window.show_where()
    _follow_the_store(window, store)


def _watch_storage(window: MainWindow, store: Store) -> None:
    """The store's guard keeps the desk going while the database cannot be written; the
    window shows its sentence (desktop/qt/storage_guard.py, db/storage_fallback.py)."""
    from desktop.qt.storage_guard import storage_guard

    window.storage_banner.follow(storage_guard(store))


def _where_it_left_off(desk: Desk, window: MainWindow, settings: Settings) -> None:
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


def _follow_the_store(window: MainWindow, store: Store) -> None:
    from desktop.qt.kept_changes_dialog import offer_kept_changes
    from desktop.qt.outage import Outage
    from desktop.qt.storage_guard import storage_guard

    sync = window.follow_other_stations()
    # Changes kept when Floordesk last closed: listed beside the desk, written only when
    # the moderator says so (never replayed silently).
    window.storage_guard = storage_guard(store)
    window.kept_dialogs = offer_kept_changes(window.storage_guard, window.desk, window)
    # Through an outage of the server: on the station's copy, then the merge, as decided.
    window.outage = Outage(window.storage_guard, window, sync, window)


# What waits for the first frame starts by then at the latest: a window not painted
# (started minimised) does not wait for its store or its first cue.
AT_THE_LATEST_MS = 1000


class _FirstPaint(QObject):
    """Calls ``then`` once: after the first paint of the widget it watches, or after
    AT_THE_LATEST_MS, whichever comes first."""

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = then
        widget.installEventFilter(self)
        QTimer.singleShot(AT_THE_LATEST_MS, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self._widget.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # once this paint is done
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


def after_first_paint(window: MainWindow, then: Callable[[], None]) -> None:
    """``then`` once the list of speakers has been painted the first time."""
    _FirstPaint(window.speakers_view.viewport(), then)


def open_libvlc(chimes: LateChimes, video: LateVideo) -> None:
    """Start opening the chimes and the video player (after the first frame): libvlc's
    start (python-vlc is Python code, sharing the interpreter) no longer holds the first
    frame up (some 30 ms). They are ready a few tens of milliseconds later; a cue or a
    video asked for sooner waits for them."""
    chimes.start()  # each once
    video.start()


def keep_startup_objects() -> None:
    """What start-up made (modules, Qt's wrappers, the database mappings: some 150,000
    objects) lives as long as the window. Moved out of the cyclic collector's sight, a
    full collection no longer walks them all: it took 100 ms, at whatever key press
    happened to start it. (Freed by their reference counts as before.) The collector,
    off while they were made (desktop.cli), is on again from here."""
    gc.freeze()
    gc.enable()


def run_window(
    db_option: str | None,
    *,
    station: str | None,
    smoke_test: bool,
    first_look: FirstLook | None = None,
) -> int:
    """The window on the station's database; ``first_look``, when the database is a file
    it can look at before the store is loaded (db/first_look.py), is painted first."""
    app = application()
    if smoke_test:
        return _smoke_test(db_option, station, first_look)
    settings = Settings()
    # Its own id (made at the first start, kept in the settings); the host name labels it.
    identity = claim_station(settings, station)
    chimes, video = LateChimes(), LateVideo()
    if first_look is not None:
        first_look.label, first_look.station = identity.label, identity.id
        _desk, window = open_first_look(first_look, settings, chimes=chimes, video=video)
        sys.excepthook = _report_bug(window)

        def the_store() -> None:
            store = _open_store(db_option, identity)
            if store is None:
                window.close()
                app.exit(2)
                return
            take_the_store(window, store)
            open_libvlc(chimes, video)
            keep_startup_objects()

        after_first_paint(window, the_store)
    else:
        store = _open_store(db_option, identity)
        if store is None:
            return 2
        if store.agenda.count_conferences() == 0 and _offer_demo():
            from desktop.demo import load_demo
            from desktop.domain.conference_time import today

            demo = load_demo(store, first_day=today(), with_record=True)
            settings.set(options.LAST_CONFERENCE, demo)
        _desk, window = open_window(store, settings, chimes=chimes, video=video)
        sys.excepthook = _report_bug(window)
        after_first_paint(window, lambda: open_libvlc(chimes, video))
    window.show()
    if first_look is None:
        keep_startup_objects()  # else once the store is in place
    try:
        return app.exec()
    finally:
        window.desk.store.close()  # the store, or the first look still
        identity.release()


def _open_store(db_option: str | None, identity: Station) -> Store | None:
    """The station's store, opened (created, upgraded) with its delegations; None, and
    said, when it cannot be."""
    from db.engine import DatabaseUnavailable, NotAFloordeskDatabase, resolve_url
    from desktop.demo import ensure_delegations
    from desktop.qt.database_problem import open_database
    from desktop.services.db_password import with_stored_password

    try:
        # The password, if any, from the keyring (never from the command line).
        store = open_database(with_stored_password(resolve_url(db_option)), identity.id)
    except NotAFloordeskDatabase as error:  # already shown, with the offer of a new one
        print(f"floordesk: {error}", file=sys.stderr)
        return None
    except DatabaseUnavailable as error:
        print(f"floordesk: {error}", file=sys.stderr)
        QMessageBox.critical(None, "Floordesk", str(error))
        return None
    identity.take_up(store)
    ensure_delegations(store)
    return store


def _report_bug(window: MainWindow) -> Callable[..., None]:
    """A bug in a slot must not take the session down: log it, say so, go on."""

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        from sqlalchemy.exc import DBAPIError, OperationalError

        from db.storage_fallback import storage_problem

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


def _smoke_test(db_option: str | None, station: str | None, first_look: FirstLook | None) -> int:
    """Open the window on the demo data, render one frame, print the time to it; opened on
    a first look, the time the store took its place too."""
    with tempfile.TemporaryDirectory(prefix="floordesk-smoke-") as folder:
        url = db_option or str(Path(folder) / "smoke.sqlite")
        settings = Settings(Path(folder) / "smoke.ini")
        chimes, video = LateChimes(), LateVideo()
        if first_look is not None:
            first_look.label = first_look.station = station or "smoke-test"
            _as_after_a_restart(first_look, settings)
            _desk, window = open_first_look(first_look, settings, chimes=chimes, video=video)
        else:
            store = _smoke_store(url, station)
            if store is None:
                return 2
            _as_after_a_restart(store, settings)
            _desk, window = open_window(store, settings, chimes=chimes, video=video)
            keep_startup_objects()  # as the window's start does
        window.show()
        frames: list[float] = []
        in_place: list[float] = []

        def first_frame() -> None:
            window.grab()  # forces a full render of the window
            frames.append(process_age_ms())
            if first_look is not None:  # as the window's start does after its first frame
                store = _smoke_store(url, station)
                if store is None:
                    application().exit(2)
                    return
                take_the_store(window, store)
                keep_startup_objects()
                window.grab()
                in_place.append(process_age_ms())
            application().quit()

        QTimer.singleShot(0, first_frame)
        failed = application().exec()
        try:
            if failed:
                return failed
            # As in the window's start, libvlc opens once the first frame is painted: it
            # is waited for here, so that what the process holds includes it.
            open_libvlc(chimes, video)
            chimes.opened()
            video.opened()
            window.close()
        finally:
            window.desk.store.close()
    print(f"first frame after {frames[0]:.0f} ms")
    if in_place:
        print(f"store in place after {in_place[0]:.0f} ms")
    return 0


def _smoke_store(url: str, station: str | None) -> Store | None:
    """The smoke test's store, with the demo conference if it has none."""
    from db.engine import DatabaseUnavailable, resolve_url
    from db.store import Store
    from desktop.demo import ensure_delegations, load_demo
    from desktop.services.db_password import with_stored_password

    try:
        store = Store.open(with_stored_password(resolve_url(url)), station=station or "smoke-test")
    except DatabaseUnavailable as error:
        print(f"floordesk: {error}", file=sys.stderr)
        return None
    ensure_delegations(store)
    if store.agenda.count_conferences() == 0:
        load_demo(store)
    return store


def _as_after_a_restart(look: Store | FirstLook, settings: Settings) -> None:
    """As after a restart in the middle of a session: this station looked at the first
    slot with a list of speakers, made live by hand."""
    conferences = look.agenda.conferences()
    slots = look.agenda.slots(conferences[-1].id) if conferences else []
    talking = [s for s in slots if s.kind.has_speakers]
    if talking:
        settings.set(options.LAST_SLOT, talking[0].id)
        settings.set(options.LIVE_SLOT, talking[0].id)
        settings.set(options.FOLLOW_CLOCK, False)
