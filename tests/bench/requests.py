"""The list of speakers at size: importing 1,000 e-mailed requests, giving the floor with
500 waiting and adding a request to them, measured in the real window.

    python -m tests.bench.requests
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest
from sqlalchemy.engine import URL

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import Change
from db.meeting.vocabulary import InterventionKind
from db.store import Store
from desktop.demo import load_demo
from desktop.domain.clock import FakeClock
from desktop.qt.app import application, keep_startup_objects, open_window
from desktop.qt.desk.desk import Desk
from desktop.qt.imports.requests_import_dialog import RequestsImportDialog
from desktop.qt.main_window import MainWindow
from desktop.settings import Settings
from tests.bench.databases import fresh_database
from tests.requests_import import mails

PANELS = ("Panel 1", "Panel 2", "Panel 3")


def write_mbox(path: Path, count: int, names: list[str]) -> None:
    messages = []
    for i in range(count):
        name = names[i % len(names)]
        panel = PANELS[i % len(PANELS)]
        body = (
            f"Dear colleagues,\n\nThe delegation of {name} would like to take the floor in "
            f"{panel}.\n\nSpeaker: Delegate {i}, Counsellor\n\nWith best regards\nThe Mission"
        )
        messages.append(mails.plain(body, message_id=f"<bench-{i}@example.org>"))
    path.write_bytes(mails.mbox(*messages))


def measure_mbox_import(count: int = 1000) -> dict[str, float]:
    """Wall and CPU time of the import in the dialog, the longest GUI-thread stall
    meanwhile (and how much of it the GUI thread spent working rather than waiting for
    a processor), and the highest value the progress bar showed."""
    app = application()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = Store.open(URL.create("sqlite", database=str(folder / "bench.sqlite")))
        load_demo(store)
        names = [d.name for d in store.delegations.all()]
        box = folder / "requests.mbox"
        write_mbox(box, count, names)
        clock = FakeClock(store.agenda.slots(store.agenda.conferences()[-1].id)[0].starts_at)
        desk, window = open_window(store, Settings(folder / "bench.ini"), clock)
        window.show()
        keep_startup_objects()  # as the app does once its window is up
        opening = time.perf_counter()
        dialog = RequestsImportDialog(desk, window)  # loads the language models
        dialog.show()
        opening = time.perf_counter() - opening
        dialog.source.setText(str(box))
        app.processEvents()

        gaps: list[tuple[float, float]] = []  # (wall ms, the GUI thread's own CPU ms)
        progress_seen: list[int] = []
        beat = QElapsedTimer()
        heartbeat = QTimer()
        heartbeat.setInterval(5)
        gui_cpu = [time.thread_time()]

        def on_beat() -> None:
            spent, gui_cpu[0] = time.thread_time() - gui_cpu[0], time.thread_time()
            gaps.append((beat.restart(), spent * 1000))
            progress_seen.append(dialog.progress.value())

        heartbeat.timeout.connect(on_beat)
        beat.start()
        heartbeat.start()
        # The reference: the same heartbeat for a second with nothing to do (what the
        # machine's load alone does to it).
        idle_until = time.perf_counter() + 1.0
        while time.perf_counter() < idle_until:
            app.processEvents()
            time.sleep(0.001)
        idle = max((gap for gap, _cpu in gaps), default=0.0)
        gaps.clear()
        progress_seen.clear()
        beat.restart()
        start, cpu = time.perf_counter(), time.process_time()
        gui_cpu[0] = time.thread_time()
        dialog.start(dry_run=False)
        while not dialog.summary.text().startswith(("Imported", "The import")):
            app.processEvents()
            time.sleep(0.001)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
        heartbeat.stop()
        imported = len(dialog.outcomes)
        dialog.done(0)
        window.close()
        store.close()
    longest = max(gaps, default=(0.0, 0.0))
    return {
        "seconds": elapsed,
        "cpu_seconds": cpu,  # all threads: on a busy machine, what the import itself cost
        "max_stall_ms": longest[0],
        "max_stall_gui_cpu_ms": longest[1],  # of which the window's own work
        "messages": float(imported),
        "progress_max": float(max(progress_seen) if progress_seen else 0),
        "progress_steps": float(len(set(progress_seen))),
        "idle_stall_ms": idle,
        "dialog_open_ms": opening * 1000,
    }


@contextmanager
def _window_with_waiting(
    waiting: int, *, other_station: bool = False, server: str | None = None
) -> Iterator[tuple[Desk, MainWindow, FakeClock, list[int]]]:
    """The moderator's window on a panel with ``waiting`` requests on its list; with
    ``other_station``, another process adds a request to that list once a second (the
    window catches up with it as the database wakes it, as with a second desk). On an
    SQLite file, or on a database of its own on the PostgreSQL ``server``, where the
    window keeps a standby copy as a station does (db/standby_copy.py)."""
    app = application()
    with tempfile.TemporaryDirectory() as name, fresh_database(Path(name), server) as url:
        folder = Path(name)
        store = Store.open(url)
        conference_id = load_demo(store)
        panel = next(s for s in store.agenda.slots(conference_id) if s.kind.value == "panel")
        ids = [d.id for d in store.delegations.all()]
        clock = FakeClock(panel.starts_at + timedelta(minutes=5))
        with store.transaction():
            for i in range(waiting):
                store.speakers.add(panel.id, RequestDraft(ids[i % len(ids)]), clock.now())
        desk, window = open_window(store, Settings(folder / "bench.ini"), clock)
        window.resize(1600, 1000)
        window.show()
        window.choose_slot(panel.id)
        app.processEvents()
        keep_startup_objects()  # as the app does once its window is up
        other = None
        if other_station:
            other = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.bench.other_station",
                    str(panel.id),
                ],
                env=dict(os.environ, FLOORDESK_DB=url.render_as_string(hide_password=False)),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert other.stdout is not None
            other.stdout.readline()  # its first request is committed: it is under way
        try:
            yield desk, window, clock, ids
        finally:
            if other is not None:
                assert other.stdin is not None and other.stdout is not None
                other.stdin.close()
                written = 1 + len(other.stdout.read().split())
                if other.wait(30) != 0:
                    raise RuntimeError("the other station failed")
                window.setProperty("other_station_writes", written)
            window.close()
            store.close()


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def measure_give_floor(
    waiting: int = 500, presses: int = 500, *, other_station: bool = True, server: str | None = None
) -> dict[str, float]:
    """F5 on a slot with ``waiting`` requests: from the key press to the change committed
    and the list repainted. Then the desk's later moment, when the other views (record,
    countdown, nameplates, speaker display) follow: measured apart, as the GUI thread's
    time for their updates (their painting follows in the event loop). Between presses
    the window finishes painting, as it does between a moderator's presses.

    With ``other_station``, a second process adds a request to the same list once a
    second meanwhile: its commits can hold SQLite's write lock when F5 commits, and the
    window's catch-up with them (measured apart: a key pressed meanwhile waits for it)."""
    times: list[float] = []
    cpu: list[float] = []  # the GUI thread's own time: what a busy machine cannot inflate
    later: list[float] = []
    catch_ups: list[float] = []
    with _window_with_waiting(waiting + presses, other_station=other_station, server=server) as (
        desk,
        window,
        clock,
        _ids,
    ):
        # The journal is read in a worker (desktop/qt/station_sync.py); the window's own
        # part of a catch-up is taking what was read, on its thread: timed here.
        take_caught_up = desk.take_caught_up

        def timed_take(changes: list[Change]) -> int:
            start = time.perf_counter()
            found = take_caught_up(changes)
            if found:
                catch_ups.append((time.perf_counter() - start) * 1000)
            return found

        desk.take_caught_up = timed_take  # type: ignore[method-assign]
        view = window.speakers_view
        for _ in range(presses):
            clock.advance(120)
            start, start_cpu = time.perf_counter(), time.thread_time()
            QTest.keyClick(window, Qt.Key.Key_F5)
            view.viewport().repaint()
            times.append((time.perf_counter() - start) * 1000)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            start = time.perf_counter()
            desk.settle()
            later.append((time.perf_counter() - start) * 1000)
            QTest.qWait(30)
    return {
        "later_p50_ms": statistics.median(later),
        "later_p99_ms": _p99(later),
        "p50_ms": statistics.median(times),
        "p99_ms": _p99(times),
        "cpu_p50_ms": statistics.median(cpu),
        "cpu_p99_ms": _p99(cpu),
        "waiting": float(waiting),
        "presses": float(len(times)),
        "other_station_writes": float(window.property("other_station_writes") or 0),
        "catch_ups": float(len(catch_ups)),
        "catch_up_p50_ms": statistics.median(catch_ups) if catch_ups else 0.0,
        "catch_up_max_ms": max(catch_ups, default=0.0),
    }


def measure_add_request(waiting: int = 500, adds: int = 60) -> dict[str, float]:
    """A delegation added to a list of ``waiting`` (a nameplate clicked, or a name typed):
    from the click to the request stored, ordered, on the undo stack and the list
    repainted. One add in six is a point of order, which goes to the top and moves
    everyone down."""
    times: list[float] = []
    with _window_with_waiting(waiting) as (desk, window, clock, ids):
        view = window.speakers_view
        for number in range(adds):
            clock.advance(20)
            urgent = number % 6 == 5
            draft = RequestDraft(
                ids[(number * 7) % len(ids)],
                kind=InterventionKind.POINT_OF_ORDER if urgent else InterventionKind.STATEMENT,
            )
            start = time.perf_counter()
            desk.add_request(draft)
            view.viewport().repaint()
            times.append((time.perf_counter() - start) * 1000)
            desk.settle()
            QTest.qWait(30)
    return {"p50_ms": statistics.median(times), "p99_ms": _p99(times), "waiting": float(waiting)}


if __name__ == "__main__":
    print(measure_mbox_import())
    print(measure_give_floor())
    print(measure_add_request())
