"""Another station writing to the same database once a second, for the benchmarks.

    FLOORDESK_DB=<SQLite file or database URL> python -m tests.bench.other_station <slot id>

(The database in the environment, as the app takes it: a URL is not put on a command
line that others can read.)

Adds a remote request to the slot's list every second (as a second desk taking requests
from Zoom would) until its standard input closes; prints one line per commit.
"""

from __future__ import annotations

import sys
import threading
import time
from datetime import timedelta

from db.engine import resolve_url
from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, RequestSource
from db.store import Store


def main(slot_id: int) -> int:
    store = Store.open(resolve_url(None), station="other-station")
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
    sys.exit(main(int(sys.argv[1])))
