"""Several stations on one database: how soon a change made at one shows at another, and
what an idle station costs.

Latency: a writer process adds requests to a panel (200, a random 100–250 ms apart, so
that no rhythm of the reader's lines up with them) and notes the moment each commit
returned; a real station (Desk and MainWindow, in a process of its own, looking at the
panel) notes the moment the request is in its list of speakers. Both read CLOCK_MONOTONIC,
which is the machine's, not the process's. p50 and p95 of the difference, on PostgreSQL
(when FLOORDESK_TEST_POSTGRES names a server) and on an SQLite file. The reference, in
the same run: a bare LISTEN/NOTIFY round trip between two psycopg connections.

Idle CPU: five stations with the window open on one database (the demo conference of
today, the slot of the hour live), nobody pressing a key; the CPU time each process takes over 10 s
after it settled, as a share of one core. The reference: a bare PySide6 QMainWindow.

    python -m tests.bench.station_sync [CHANGES]      # everything, one JSON line per database
    python -m tests.bench.station_sync --station SLOT FOLDER   (a station; internal)
    python -m tests.bench.station_sync --writer SLOT COUNT     (the writer; internal)

The children find the database's URL in FLOORDESK_BENCH_SYNC_URL.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy.engine import URL, make_url

from db.meeting.drafts import RequestDraft
from db.store import Store
from desktop.demo import ensure_delegations, load_demo
from tests.bench.databases import fresh_database

ROOT = Path(__file__).resolve().parents[2]
CHANGES = 200
IDLE_STATIONS = 5
IDLE_S = 10.0
SETTLE_S = 3.0
URL_VARIABLE = "FLOORDESK_BENCH_SYNC_URL"
WRITER = (sys.executable, "-m", "tests.bench.station_sync", "--writer")


# -- the two sides, each a process of its own ----------------------------------------------


def run_station(slot_id: int, folder: Path) -> None:
    """A station looking at the panel: prints 'ready', then 'shown <request id> <moment>'
    for every request the list shows; runs until stdin closes."""
    from PySide6.QtCore import QSocketNotifier

    from desktop.qt.app import application, open_window
    from desktop.settings import Settings

    app = application()
    store = Store.open(make_url(os.environ[URL_VARIABLE]), station=f"station-{os.getpid()}")
    settings = Settings(folder / f"station-{os.getpid()}.ini")
    _desk, window = open_window(store, settings)
    window.show()
    if slot_id:
        window.choose_slot(slot_id)
    model = window.speakers
    shown: set[int] = {r.id for r in model.rows_waiting()}

    def look() -> None:
        now = time.monotonic()
        for request in model.rows_waiting():
            if request.id not in shown:
                shown.add(request.id)
                print(f"shown {request.id} {now:.6f}", flush=True)

    # After the window's own slots (connected first): the list has the change by then.
    window.desk.changes.connect(lambda _changes: look())
    window.desk.changed_later.connect(look)
    stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    stdin.activated.connect(lambda: sys.stdin.readline() or app.quit())
    print("ready", flush=True)
    app.exec()
    window.close()
    store.close()


def run_writer(slot_id: int, count: int) -> None:
    """Adds ``count`` requests to the panel; prints 'committed <request id> <moment>'."""
    store = Store.open(make_url(os.environ[URL_VARIABLE]), station=f"writer-{os.getpid()}")
    delegations = [d.id for d in store.delegations.all()]
    chance = random.Random(18)
    try:
        for number in range(count):
            time.sleep(chance.uniform(0.1, 0.25))
            draft = RequestDraft(delegations[number % len(delegations)])
            request_id = store.speakers.add(slot_id, draft, datetime.now(UTC))
            print(f"committed {request_id} {time.monotonic():.6f}", flush=True)
    finally:
        store.close()


# -- the measurements ----------------------------------------------------------------------


def _environment(folder: Path, url: URL | None = None) -> dict[str, str]:
    """The children's own user folders (settings, recovery files), never the user's; the
    database's URL in the environment, not on a command line others can read."""
    environment = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    if url is not None:
        environment[URL_VARIABLE] = url.render_as_string(hide_password=False)
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        environment[name] = str(folder / name.lower())
    return environment


def _start_station(url: URL, slot_id: int, folder: Path) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "tests.bench.station_sync", "--station"]
    process = subprocess.Popen(
        [*command, str(slot_id), str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_environment(folder, url),
        cwd=ROOT,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if line.strip() != "ready":
        process.kill()
        raise RuntimeError(f"the station did not start: {line!r}")
    return process


def _stop(process: subprocess.Popen[str]) -> str:
    try:  # closes its stdin: the station quits
        out, _err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _err = process.communicate()
    return out or ""


def _prepare(url: URL, *, today: bool) -> int:
    """The demo conference; returns its first panel's id."""
    from desktop.domain.conference_time import today as local_today

    store = Store.open(url, station="bench")
    try:
        ensure_delegations(store)
        conference_id = load_demo(store, first_day=local_today() if today else None)
        slots = store.agenda.slots(conference_id)
        return next(s.id for s in slots if s.kind.value == "panel")
    finally:
        store.close()


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def measure_latency(url: URL, folder: Path, changes: int = CHANGES) -> dict[str, float]:
    slot_id = _prepare(url, today=False)
    station = _start_station(url, slot_id, folder)
    try:
        writer = subprocess.run(
            [*WRITER, str(slot_id), str(changes)],
            capture_output=True,
            text=True,
            env=_environment(folder, url),
            cwd=ROOT,
            check=True,
        )
        time.sleep(2.5)  # the last change reaches the station (the old poll: within 1 s)
    finally:
        out = _stop(station)
    committed = _moments(writer.stdout, "committed")
    shown = _moments(out, "shown")
    delays = [(shown[i] - at) * 1000 for i, at in committed.items() if i in shown]
    return {
        "changes": len(committed),
        "shown": len(delays),
        "p50_ms": statistics.median(delays),
        "p95_ms": _p(delays, 0.95),
        "max_ms": max(delays),
    }


def _moments(text: str, word: str) -> dict[int, float]:
    found = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == word:
            found[int(parts[1])] = float(parts[2])
    return found


def measure_notify_round_trip(url: URL, rounds: int = CHANGES) -> dict[str, float]:
    """The floor under any station's latency: NOTIFY committed on one psycopg connection,
    received on another (in a thread, as a station's listener would)."""
    import psycopg

    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    received: list[float] = []
    listening = threading.Event()

    def listen() -> None:
        with psycopg.connect(conninfo, autocommit=True) as connection:
            connection.execute("LISTEN floordesk_bench")
            listening.set()
            for _note in connection.notifies(stop_after=rounds, timeout=60):
                received.append(time.monotonic())

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    listening.wait(10)
    sent: list[float] = []
    with psycopg.connect(conninfo) as connection:
        for _ in range(rounds):
            connection.execute("SELECT pg_notify('floordesk_bench', '')")
            connection.commit()
            sent.append(time.monotonic())
            time.sleep(0.005)
    thread.join(30)
    delays = [(r - s) * 1000 for s, r in zip(sent, received, strict=False)]
    return {"p50_ms": statistics.median(delays), "p95_ms": _p(delays, 0.95)}


BARE_WINDOW = """
import sys
from PySide6.QtCore import QSocketNotifier
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
window.show()
stdin = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
stdin.activated.connect(lambda: sys.stdin.readline() or app.quit())
print("ready", flush=True)
app.exec()
"""


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _idle_share(processes: list[subprocess.Popen[str]], seconds: float) -> list[float]:
    """Each process's CPU time over ``seconds``, as a share of one core (in %)."""
    time.sleep(SETTLE_S)
    before = [_cpu_seconds(p.pid) for p in processes]
    began = time.monotonic()
    time.sleep(seconds)
    elapsed = time.monotonic() - began
    after = [_cpu_seconds(p.pid) for p in processes]
    return [(b - a) / elapsed * 100 for a, b in zip(before, after, strict=True)]


def measure_idle(url: URL, folder: Path, stations: int = IDLE_STATIONS) -> dict[str, float]:
    _prepare(url, today=True)
    started = [_start_station(url, 0, folder) for _ in range(stations)]
    try:
        shares = _idle_share(started, IDLE_S)
    finally:
        for process in started:
            _stop(process)
    bare = subprocess.Popen(
        [sys.executable, "-c", BARE_WINDOW],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_environment(folder),
    )
    assert bare.stdout is not None
    bare.stdout.readline()
    try:
        (reference,) = _idle_share([bare], IDLE_S)
    finally:
        _stop(bare)
    return {"mean_pct": statistics.mean(shares), "max_pct": max(shares), "bare_pct": reference}


@contextmanager
def _database(kind: str, folder: Path) -> Iterator[URL]:
    """A fresh database: an SQLite file, or one on the PostgreSQL server under test."""
    server = os.environ["FLOORDESK_TEST_POSTGRES"] if kind == "postgresql" else None
    with fresh_database(folder, server) as url:
        yield url


def measure(changes: int = CHANGES) -> list[dict[str, Any]]:
    kinds = ["postgresql", "sqlite"] if os.environ.get("FLOORDESK_TEST_POSTGRES") else ["sqlite"]
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="floordesk-bench-sync-") as name:
        folder = Path(name)
        for kind in kinds:
            with _database(kind, folder) as url:
                run: dict[str, Any] = {"database": kind}
                run["latency"] = measure_latency(url, folder, changes)
                if kind == "postgresql":
                    run["notify"] = measure_notify_round_trip(url, changes)
            with _database(kind, folder) as url:
                run["idle"] = measure_idle(url, folder)
            runs.append(run)
    return runs


def main() -> None:
    if sys.argv[1:2] == ["--station"]:
        run_station(int(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["--writer"]:
        run_writer(int(sys.argv[2]), int(sys.argv[3]))
    else:
        changes = int(sys.argv[1]) if len(sys.argv) > 1 else CHANGES
        for run in measure(changes):
            print(json.dumps(run), flush=True)


if __name__ == "__main__":
    main()
