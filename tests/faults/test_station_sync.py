"""Stations on one PostgreSQL server, as the hall has them: real windows, a real server
(FLOORDESK_TEST_POSTGRES), faults made on it for real.

- A server frozen whole (SIGSTOP on the postmaster and every backend; the kernel still
  acknowledges every packet, so nothing but an answer that does not come tells): said in
  the window within two seconds, an F5 meanwhile refused at once, and the window's
  heartbeat (a 10 ms timer) never late by more than 100 ms — while the window is busy
  reading before the freeze is said (the countdown ticking, another slot chosen, what it
  shows read again).
- A server that ends the connections and takes no new ones: said, and once it takes
  them again, what another station changed meanwhile is shown.
- An entry committed late (two transactions, the higher id committed first): shown at
  every station, without anyone catching up by hand.
"""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.standby_copy import is_local_id
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.app import _report_bug, open_window
from desktop.qt.main_window import MainWindow
from desktop.settings import Settings

pytestmark = pytest.mark.skipif(
    not os.environ.get("FLOORDESK_TEST_POSTGRES"), reason="a PostgreSQL server to test on"
)

HEARTBEAT_MS = 10


def postgres_only(store: Store) -> None:
    if store.engine.url.get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL")


@pytest.fixture
def open_station(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> Iterator[Callable[[Store], MainWindow]]:
    opened: list[MainWindow] = []

    def open_on(store: Store) -> MainWindow:
        settings = Settings(tmp_path / f"station-{len(opened)}.ini")
        _desk, window = open_window(store, settings, clock)
        qtbot.addWidget(window)
        window.show()
        opened.append(window)
        watch = window.station_sync.watch
        assert watch is not None
        qtbot.waitUntil(watch.listening.is_set, timeout=5000)  # type: ignore[attr-defined]
        return window

    yield open_on
    for window in opened:
        window.close()


def shown_requests(window: MainWindow) -> set[int]:
    return {request.id for request in window.speakers.rows_waiting()}


def press_f5(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F5)


def add_request(store: Store, slot_id: int, clock: FakeClock, number: int = 0) -> int:
    delegation = store.delegations.all()[number]
    return store.speakers.add(slot_id, RequestDraft(delegation.id), clock.now())


# -- freezing the server -------------------------------------------------------------------


def _parent_of(pid: int) -> int:
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        return int(handle.read().rsplit(")", 1)[1].split()[1])


def server_processes(store: Store) -> list[int]:
    """The postmaster, then every process it started; skips where they cannot be stopped."""
    if not sys.platform.startswith("linux"):
        pytest.skip("finding the server's processes reads /proc")
    with store.engine.connect() as connection:
        backend = int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())
    try:
        postmaster = _parent_of(backend)
        os.kill(postmaster, 0)
    except (OSError, ValueError):
        pytest.skip("the PostgreSQL server is not on this machine, or not ours to stop")
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if _parent_of(int(entry.name)) == postmaster:
                    children.append(int(entry.name))
            except (OSError, ValueError):
                continue
    return [postmaster, *children]


THAW = """
import os, signal, sys, time
time.sleep(float(sys.argv[1]))
for pid in sys.argv[2:]:
    try:
        os.kill(int(pid), signal.SIGCONT)
    except ProcessLookupError:
        pass
"""


@contextmanager
def frozen(processes: list[int], at_most_s: float = 20.0) -> Iterator[None]:
    """The server stopped whole; thawed at the end, and by a process of its own after
    ``at_most_s`` whatever happens to this one (the server may be shared)."""
    thaw = [sys.executable, "-c", THAW, str(at_most_s), *map(str, processes)]
    watchdog = subprocess.Popen(thaw, start_new_session=True)
    for pid in processes:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in reversed(processes):
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                continue
        watchdog.kill()
        watchdog.wait()


class Heartbeat:
    """A 10 ms timer on the GUI thread: its largest lateness is the window's longest stall."""

    def __init__(self) -> None:
        self.beats: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(lambda: self.beats.append(time.monotonic()))

    def start(self) -> None:
        self.beats.clear()
        self.timer.start()

    def longest_gap_ms(self, since: float, until: float) -> float:
        moments = [since] + [b for b in self.beats if since <= b <= until] + [until]
        return max((b - a) * 1000 for a, b in itertools.pairwise(moments))


@pytest.mark.qt_no_exception_capture
@pytest.mark.postgres_server_alone  # every other test on the server would freeze with it
def test_a_frozen_server_is_said_in_two_seconds_and_the_window_never_stalls(
    qtbot: QtBot,
    store: Store,
    panel: SlotView,
    clock: FakeClock,
    open_station: Callable[[Store], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    postgres_only(store)
    window = open_station(store)
    # As the app does: a view's reading that fails is one sentence, not a crash.
    monkeypatch.setattr(sys, "excepthook", _report_bug(window))
    window.choose_slot(panel.id)
    window.desk.make_live(panel.id)
    press_f5(qtbot, window)
    assert window.desk.current is not None  # someone speaks: the countdown runs
    guard = window.storage_guard
    assert guard is not None and guard.standby is not None
    standby = guard.standby  # the station's copy has it (desktop/qt/outage.py)
    qtbot.waitUntil(lambda: standby.journal_id >= store.last_journal_id(), timeout=5000)
    processes = server_processes(store)
    heartbeat = Heartbeat()
    heartbeat.start()
    qtbot.wait(200)
    other_slot = next(s for s in window.desk.slots if s.id != panel.id)
    with frozen(processes):
        began = time.monotonic()
        # Busy before the freeze is known: each of these reads on the window's thread,
        # from the window's own event loop (a failed reading is said by the excepthook).
        busy_at = itertools.count(30, 150)
        for action in (
            lambda: clock.advance(1),  # the countdown ticks on (the window's Ticker)
            lambda: window.choose_slot(other_slot.id),  # a selection: its list read
            window.desk.see_again,  # a refresh: the floor and the journal read again
            lambda: window.choose_slot(panel.id),
            window.tick,
        ):
            QTimer.singleShot(next(busy_at), action)
        qtbot.waitUntil(window.server_banner.isVisible, timeout=3000)
        noticed_s = time.monotonic() - began
        clock.advance(1)
        pressed = time.monotonic()
        press_f5(qtbot, window)  # the next speaker, while the server is gone
        press_ms = (time.monotonic() - pressed) * 1000
        speaking = window.desk.current
        qtbot.wait(2500)  # frozen a while longer: the safety poll, the listener's retries
        ended = time.monotonic()
    heartbeat.timer.stop()
    stall_ms = heartbeat.longest_gap_ms(began, ended)
    print(f"noticed after {noticed_s:.2f} s; F5 {press_ms:.0f} ms; longest stall {stall_ms:.0f} ms")
    assert noticed_s <= 2.0
    assert "does not answer" in window.server_banner.text()
    assert "Working on this station's copy" in window.server_banner.text()
    # The floor is given on the station's copy at once (issue 18's outage policy: the
    # moderator works on; what is written is decided when the server answers).
    assert press_ms <= 100 and speaking is not None and is_local_id(speaking.id)
    assert stall_ms <= 100
    qtbot.waitUntil(lambda: not window.server_banner.isVisible(), timeout=10_000)
    outage = window.outage
    assert outage is not None
    qtbot.waitUntil(lambda: outage.dialog is not None and outage.dialog.isVisible(), timeout=5000)
    assert outage.dialog is not None
    outage.dialog.write_button.click()
    qtbot.waitUntil(lambda: not guard.fallback.working_locally, timeout=3000)
    other = Store.open(store.engine.url, station="second")
    try:
        request_id = add_request(other, panel.id, clock, 3)
    finally:
        other.close()
    qtbot.waitUntil(lambda: request_id in shown_requests(window), timeout=3000)


def test_a_server_that_takes_no_connections_is_said_and_missed_changes_follow(
    qtbot: QtBot,
    store: Store,
    store_url: URL,
    panel: SlotView,
    clock: FakeClock,
    open_station: Callable[[Store], MainWindow],
) -> None:
    postgres_only(store)
    window = open_station(store)
    window.choose_slot(panel.id)
    server = make_url(os.environ["FLOORDESK_TEST_POSTGRES"]).set(drivername="postgresql+psycopg")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")  # not on the database changed
    database = store_url.database
    writer = Store.open(store_url, station="second")
    delegation = writer.delegations.all()[5].id
    with writer.engine.connect() as connection:  # its one connection, kept in its pool
        writer_pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    try:
        with admin.connect() as connection:
            # As a server stopping does, for this station: every connection ended, no new
            # one taken. The other station's stays, to go on working meanwhile.
            connection.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false'))
            connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :database AND pid <> :writer"
                ),
                {"database": database, "writer": writer_pid},
            )
        began = time.monotonic()
        qtbot.waitUntil(window.server_banner.isVisible, timeout=3000)
        assert time.monotonic() - began <= 2.0
        assert "cannot be reached" in window.server_banner.text()
        # Another station, connected before, goes on meanwhile.
        request_id = writer.speakers.add(panel.id, RequestDraft(delegation), clock.now())
        qtbot.wait(500)
        assert request_id not in shown_requests(window)
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true'))
        qtbot.waitUntil(lambda: not window.server_banner.isVisible(), timeout=5000)
        qtbot.waitUntil(lambda: request_id in shown_requests(window), timeout=3000)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true'))
        writer.close()
        admin.dispose()


def test_an_entry_committed_late_is_shown_at_every_station(
    qtbot: QtBot,
    store: Store,
    panel: SlotView,
    clock: FakeClock,
    open_station: Callable[[Store], MainWindow],
) -> None:
    postgres_only(store)
    second_store = Store.open(store.engine.url, station="rapporteur")
    late = Store.open(store.engine.url, station="moderator-2")
    early = Store.open(store.engine.url, station="technician")
    try:
        windows = [open_station(store), open_station(second_store)]
        for window in windows:
            window.choose_slot(panel.id)
        assert windows[0].desk.conference is not None
        keynote = next(
            s
            for s in store.agenda.slots(windows[0].desk.conference.id)
            if s.kind.value == "keynote"
        )
        with late.transaction():
            late_id = add_request(late, panel.id, clock, 1)  # its journal id comes first
            early_id = add_request(early, panel.id, clock, 2)  # the next id, committed now
            qtbot.waitUntil(
                lambda: all(early_id in shown_requests(w) for w in windows), timeout=3000
            )
            assert all(late_id not in shown_requests(w) for w in windows)
            add_request(early, keynote.id, clock, 4)  # more news above the gap
            qtbot.wait(300)
        qtbot.waitUntil(lambda: all(late_id in shown_requests(w) for w in windows), timeout=3000)
        for window in windows:  # nothing left waiting below what was seen
            assert window.desk.journal_read_from == store.last_journal_id()
    finally:
        for opened in (second_store, late, early):
            opened.close()
