"""Benchmarks, reported as numbers (never asserted): ``make bench``.

Each line: what was measured, the median of several runs, and the spread.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy.engine import URL

from db.speakers_list import RequestDraft
from db.store import Store
from desktop.demo import ensure_delegations, load_demo


def measure(label: str, run: Callable[[], object], repeat: int = 5, unit: str = "ms") -> None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"{label:<58} {median:9.1f} {unit}  (min {min(times):.1f}, max {max(times):.1f})")


def fresh_store(folder: Path) -> Store:
    path = folder / f"bench-{time.perf_counter_ns()}.sqlite"
    return Store.open(URL.create("sqlite", database=str(path)), station="bench")


def main() -> None:
    print(f"Floordesk benchmarks — Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)

        measure("create an empty database and migrate it", lambda: fresh_store(folder).close())

        def demo() -> None:
            store = fresh_store(folder)
            load_demo(store)
            store.close()

        measure("migrate + delegations table + demo conference", demo)

        store = fresh_store(folder)
        ensure_delegations(store)
        conference_id = load_demo(store)
        panel = next(s for s in store.agenda.slots(conference_id) if s.kind.value == "panel")
        delegations = [d.id for d in store.delegations.all()]
        moment = datetime(2026, 4, 20, 9, tzinfo=UTC)

        def add_500() -> None:
            for i in range(500):
                store.speakers.add(
                    panel.id, RequestDraft(delegations[i % len(delegations)]), moment
                )

        measure("add 500 floor requests (one transaction each)", add_500, repeat=1)
        measure(
            "read a list of speakers of 500+ requests", lambda: store.speakers.waiting(panel.id)
        )

        def floor_cycles() -> None:
            nonlocal moment
            for _ in range(100):
                store.floor.give_floor(panel.id, moment)
                moment += timedelta(seconds=170)
                store.floor.take_floor_back(panel.id, moment)

        measure("100 give-floor / take-back cycles", floor_cycles, repeat=3)
        measure(
            "read the record of a slot (300 interventions)",
            lambda: store.floor.interventions(panel.id),
        )
        store.close()

    smoke = []
    for _ in range(3):
        result = subprocess.run(
            [sys.executable, "-m", "desktop", "--smoke-test"],
            capture_output=True,
            text=True,
            check=True,
        )
        smoke.append(float(result.stdout.split()[-2]))
    print(
        f"{'process start to first frame (--smoke-test)':<58} {statistics.median(smoke):9.1f} ms"
        f"  (min {min(smoke):.1f}, max {max(smoke):.1f})"
    )


if __name__ == "__main__":
    main()
