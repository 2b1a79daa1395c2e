"""Another station on the same SQLite file, for tests/faults/test_two_processes.py.

    python -m tests.faults.other_station <database> <station> <slot id> <count>

Adds ``count`` requests to the slot, giving the floor after every fifth, and prints
each committed request id. Any error is printed and the exit status is 1.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import URL

from db.meeting.drafts import RequestDraft
from db.store import Store


def main(database: str, station: str, slot_id: int, count: int) -> int:
    store = Store.open(URL.create("sqlite", database=database), station=station)
    try:
        delegations = [d.id for d in store.delegations.all()]
        moment = datetime(2026, 4, 20, 9, tzinfo=UTC)
        for number in range(count):
            moment += timedelta(seconds=5)
            draft = RequestDraft(delegations[(number * 7) % len(delegations)])
            print(store.speakers.add(slot_id, draft, moment), flush=True)
            if number % 5 == 4:
                store.floor.give_floor(slot_id, moment)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    database, station, slot_id, count = sys.argv[1:]
    sys.exit(main(database, station, int(slot_id), int(count)))
