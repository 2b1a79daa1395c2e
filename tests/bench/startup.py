"""Start-up on a conference with 2,000 interventions, against a bare PySide6 window.

Both are measured the same way in the same run: from the process's start (as the
kernel counts it) to the first frame rendered, and the child's peak resident memory.

Both run with their bytecode written once beforehand (into a cache folder of the run's
own, PYTHONPYCACHEPREFIX), as an installed app has it: a wheel or the .deb carries it,
and a checkout writes it at the first start. A machine that sets PYTHONDONTWRITEBYTECODE
compiles Floordesk's 300 modules at every start instead: measured apart, as it comes.

    python -m tests.bench.startup
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import URL

from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus
from db.models import FloorRequest, Intervention
from db.store import Store
from desktop.demo import ensure_delegations, load_demo

# The bare reference: a QMainWindow, shown, one frame grabbed, the age printed the way
# the app's smoke test does (desktop.qt.app.process_age_ms, copied so as not to import it).
BARE_WINDOW = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

def age_ms():
    with open("/proc/self/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    with open("/proc/uptime", encoding="ascii") as handle:
        uptime = float(handle.read().split()[0])
    return (uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")) * 1000

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1280, 800)
window.show()
frames = []

def first_frame():
    window.grab()
    frames.append(age_ms())
    app.quit()

QTimer.singleShot(0, first_frame)
app.exec()
print(f"first frame after {frames[0]:.0f} ms")
"""


def build_database(path: Path, interventions: int = 2000) -> None:
    """The demo conference with ``interventions`` given and ended over its talking slots.

    Written as rows in one transaction (the store's commands would take a minute of
    the bench's five): the start-up reads them the same way either way.
    """
    store = Store.open(URL.create("sqlite", database=str(path)), station="bench")
    try:
        ensure_delegations(store)
        conference_id = load_demo(store)
        talking = [s for s in store.agenda.slots(conference_id) if s.kind.has_speakers]
        delegations = [d.id for d in store.delegations.all()]
        with store.transaction() as session:
            for number in range(interventions):
                slot = talking[number % len(talking)]
                given = slot.starts_at + timedelta(seconds=3 * (number // len(talking)))
                request = FloorRequest(
                    slot_id=slot.id,
                    delegation_id=delegations[number % len(delegations)],
                    source=RequestSource.HALL,
                    kind=InterventionKind.STATEMENT,
                    channel=Channel.HALL,
                    status=RequestStatus.SPOKEN,
                    received_at=given,
                    position=number,
                )
                session.add(request)
                session.add(
                    Intervention(
                        slot_id=slot.id,
                        floor_request=request,
                        delegation_id=request.delegation_id,
                        channel=Channel.HALL,
                        kind=InterventionKind.STATEMENT,
                        floor_given_at=given,
                        floor_taken_at=given + timedelta(seconds=2),
                        limit_s=180,
                        notes=f"Intervention {number}: on victim identification.",
                    )
                )
            store.journal(session, "bench.build", "conference", conference_id, count=interventions)
    finally:
        store.close()


def vlc_plugins_cache() -> bool:
    """Whether VLC's plugins cache is there (Debian's libvlc-bin makes it): without it,
    libvlc opens its 400 plugins at start, a third of a second and some 45 MB."""
    return any(Path("/usr/lib").glob("*/vlc/plugins/plugins.dat")) or any(
        Path("/usr/lib").glob("vlc/plugins/plugins.dat")
    )


# The child's own peak resident memory, said at its exit (Linux: VmHWM). Not the
# rusage the parent gets: its ru_maxrss counts the parent's memory, copied at the fork
# until the exec (a bench that had grown to 260 MB saw every child, even the bare window,
# at 264 MB).
PEAK_AT_EXIT = """
import atexit, sys

def _peak():
    with open("/proc/self/status", encoding="ascii") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM"))
    print(f"peak memory {kib} kB", file=sys.stderr, flush=True)

atexit.register(_peak)
"""


def app_command(*arguments: str) -> list[str]:
    """``python -m desktop ...``, saying its peak memory at exit."""
    run = "import runpy; runpy.run_module('desktop', run_name='__main__', alter_sys=True)"
    return [sys.executable, "-c", PEAK_AT_EXIT + run, *arguments]


def bare_command() -> list[str]:
    return [sys.executable, "-c", PEAK_AT_EXIT + BARE_WINDOW]


def run_child(
    command: list[str], env: dict[str, str] | None = None
) -> tuple[float, float, float | None]:
    """(first frame in ms, peak resident memory in MB, the store in place in ms) of one child
    process; the last None when the window was opened on the store (no first look)."""
    child = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert child.stdout is not None and child.stderr is not None
    out = child.stdout.read()
    err = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stdout.close()
    child.stderr.close()
    if child.returncode != 0 or "first frame after" not in out:
        raise RuntimeError(
            f"{command[-1]} failed (status {child.returncode}): {err.strip()[-300:]}"
        )
    said = [line.split()[2] for line in err.splitlines() if line.startswith("peak memory ")]
    peak_kib = float(said[-1]) if said else usage.ru_maxrss  # KiB on Linux
    times = {line.rsplit(" after ", 1)[0]: float(line.split()[-2]) for line in out.splitlines()}
    return times["first frame"], peak_kib / 1024, times.get("store in place")


def measure_startup(runs: int = 3) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as name:
        database = Path(name) / "2000.sqlite"
        build_database(database)
        app = app_command("--db", str(database), "--smoke-test")
        # The same file named by a URL: no first look, the window opened on the store, as
        # every start was before the first look (db/first_look.py).
        on_the_store = app_command("--db", f"sqlite:///{database}", "--smoke-test")
        bare = bare_command()
        as_found = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        compiled = dict(as_found, PYTHONPYCACHEPREFIX=str(Path(name) / "bytecode"))
        compiled.pop("PYTHONDONTWRITEBYTECODE", None)
        run_child(app, compiled)  # writes the bytecode, discarded
        run_child(bare, compiled)
        app_runs, bare_runs, rss, bare_rss, uncompiled = [], [], [], [], []
        in_place: list[float] = []
        store_first: list[float] = []
        for _ in range(runs):  # interleaved: a load on the machine hits all alike
            ms, peak, ready = run_child(app, compiled)
            app_runs.append(ms)
            rss.append(peak)
            in_place.append(ready if ready is not None else ms)
            ms, peak, _ready = run_child(bare, compiled)
            bare_runs.append(ms)
            bare_rss.append(peak)
            ms, peak, _ready = run_child(on_the_store, compiled)
            store_first.append(ms)
            rss.append(peak)
            uncompiled.append(run_child(app, as_found)[0])
    app_ms, bare_ms = statistics.median(app_runs), statistics.median(bare_runs)
    return {
        "app_ms": app_ms,
        "bare_ms": bare_ms,
        "ratio": app_ms / bare_ms,
        "in_place_ms": statistics.median(in_place),
        "on_the_store_ms": statistics.median(store_first),
        "peak_rss_mb": max(rss),
        "bare_peak_rss_mb": max(bare_rss),
        "as_found_ms": statistics.median(uncompiled),
        "as_found_ratio": statistics.median(uncompiled) / bare_ms,
    }


if __name__ == "__main__":
    print(measure_startup())
