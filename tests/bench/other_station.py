"""Another station writing to the same SQLite file once a second, for the benchmarks.

    python -m tests.bench.other_station <database> <slot id>

Adds a remote request to the slot's list every second (as a second desk taking requests
from Zoom would) until its standard input closes; prints one line per commit.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import timedelta

from sqlalchemy.engine import URL

from db.meeting.vocabulary import Channel, RequestSource
from db.speakers.speakers_list import RequestDraft
from db.store import Store


def main(database: str, slot_id: int) -> int:
    store = Store.open(URL.create("sqlite", database=database), station="other-station")
    stop = threading.Event()
    # The bench closes our standard input when it is done.
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    try:
        delegations = [d.id for d in store.delegations.all()]
        moment = store.agenda.slot(slot_id).starts_at
        number = 0
        next_write = time.monotonic()
        while not stop.wait(max(0.0, next_write - time.monotonic())):
            number += 1
            moment += timedelta(seconds=1)
            draft = RequestDraft(
                delegations[(number * 11) % len(delegations)],
                channel=Channel.REMOTE,
                source=RequestSource.ZOOM_CHAT,
            )
            print(store.speakers.add(slot_id, draft, moment), flush=True)
            next_write += 1.0
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    database, slot_id = sys.argv[1:]
    sys.exit(main(database, int(slot_id)))
