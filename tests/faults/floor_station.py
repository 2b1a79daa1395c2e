"""A station that presses F5 when told, for tests/faults/test_floor_over_a_network.py.

    python -m tests.faults.floor_station <database URL> <station> <slot id>

Prints "ready" once its store is open; then reads lines "<delay ms> <expected id|none>",
waits the delay, gives the floor in the slot to the next speaker as a desk does (with
who it saw speaking) and prints "given <intervention id> <ms>" or "refused <ms> <the
sentence>", the milliseconds the press took. An empty line ends it.
"""

from __future__ import annotations

import sys
import time
from datetime import UTC, datetime

from sqlalchemy.engine import make_url

from db.errors import FloorConflict
from db.store import Store


def main(url: str, station: str, slot_id: int) -> int:
    store = Store.open(make_url(url), station=station)
    try:
        print("ready", flush=True)
        for line in sys.stdin:
            if not line.strip():
                break
            delay_ms, seen = line.split()
            expected = None if seen == "none" else int(seen)
            time.sleep(int(delay_ms) / 1000)  # the operator's hand, not a test's wait
            pressed = time.perf_counter()
            try:
                given = store.floor.give_floor(slot_id, datetime.now(UTC), expected=expected)
            except FloorConflict as refusal:
                took = (time.perf_counter() - pressed) * 1000
                print(f"refused {took:.1f} {refusal}", flush=True)
            else:
                took = (time.perf_counter() - pressed) * 1000
                print(f"given {given.intervention_id} {took:.1f}", flush=True)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    url, station, slot_id = sys.argv[1:]
    sys.exit(main(url, station, int(slot_id)))
