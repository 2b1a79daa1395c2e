"""A long day: an 8-hour conference day replayed on a fake clock at full speed, in the real
window — memory growth and give-the-floor latency at the end of the day against its start.

Runs in a process of its own (``python -m tests.bench.long_day``, printing one JSON
object) so that the memory measured is the day's alone.
"""

from __future__ import annotations

import gc
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy.engine import URL

from db.meeting.drafts import RequestDraft
from db.store import Store
from desktop.demo import ensure_delegations, load_demo
from desktop.domain.clock import FakeClock
from desktop.domain.roles import Role
from desktop.qt.app import application, open_window
from desktop.qt.desk.desk import Desk
from desktop.services.sound import open_chimes
from desktop.settings import Settings

SAMPLE = 20  # gives at each end of the day compared
WARM_UP = 5  # the first gives fill caches: left out of the start


def resident_mb() -> float:
    gc.collect()
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def replay_day(hours: float = 8.0, step_s: int = 30, seed: int = 8) -> dict[str, float]:
    app = application()
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = Store.open(URL.create("sqlite", database=str(folder / "day.sqlite")), station="day")
        ensure_delegations(store)
        conference_id = load_demo(store)
        slots = store.agenda.slots(conference_id)
        first_day = slots[0].starts_at.date()
        delegations = [d.id for d in store.delegations.all()]
        clock = FakeClock(slots[0].starts_at)
        # The real libvlc chimes, on an audio output that needs no sound card.
        chimes = open_chimes(["--aout=adummy"])
        desk, window = open_window(store, Settings(folder / "day.ini"), clock, chimes)
        window.resize(1600, 1000)
        window.show()
        desk.follow_clock()
        rapporteur = Desk(store, clock)
        rapporteur.set_role(Role.RAPPORTEUR)
        app.processEvents()
        end = clock.now() + timedelta(hours=hours)
        gives: list[float] = []
        memory_after_warm_up = 0.0
        started = time.perf_counter()
        steps = 0
        while clock.now() < end:
            clock.advance(step_s)
            steps += 1
            window.tick()
            app.processEvents()
            slot = desk.slot
            if slot is None or not slot.kind.has_speakers or clock.now() >= slot.ends_at:
                if desk.current is not None:
                    desk.take_floor_back()
                continue
            if slot.ends_at - clock.now() < timedelta(minutes=4):
                if desk.current is not None:  # the slot ends: the floor back, the clock moves on
                    desk.take_floor_back()
                continue
            if steps % max(1, 180 // step_s):  # someone new has the floor every 3 minutes
                if desk.current is not None and rng.random() < 0.05:
                    desk.pause_or_resume()
                continue
            for _ in range(rng.randint(1, 2)):
                desk.add_request(RequestDraft(rng.choice(delegations)))
            if desk.current is not None and desk.current.is_paused:
                desk.pause_or_resume()
            if desk.current is not None:  # the rapporteur's, at a desk of that role
                rapporteur.save_notes(
                    desk.current.id, f"Notes at {clock.now():%H:%M}: {rng.random()}"
                )
            before = time.perf_counter()
            QTest.keyClick(window, Qt.Key.Key_F5)
            window.speakers_view.viewport().repaint()
            gives.append((time.perf_counter() - before) * 1000)
            if len(gives) == WARM_UP + SAMPLE:
                memory_after_warm_up = resident_mb()
        memory_at_end = resident_mb()
        wall_s = time.perf_counter() - started
        interventions = sum(len(store.floor.interventions(s.id)) for s in slots)
        window.close()
        store.close()
    start_ms = statistics.median(gives[WARM_UP : WARM_UP + SAMPLE])
    end_ms = statistics.median(gives[-SAMPLE:])
    return {
        "hours": hours,
        "day": float(first_day.toordinal()),
        "interventions": float(interventions),
        "memory_growth_mb": memory_at_end - memory_after_warm_up,
        "give_floor_start_ms": start_ms,
        "give_floor_end_ms": end_ms,
        "give_floor_ratio": end_ms / start_ms,
        "wall_s": wall_s,
    }


if __name__ == "__main__":
    step = int(sys.argv[1]) if len(sys.argv) > 1 else 30  # simulated seconds per tick
    print(json.dumps(replay_day(step_s=step)))
