"""Two stations give the floor at the same instant, from their own connections: the
database takes them in turn, and the second, which expected nobody, is refused."""

from __future__ import annotations

import threading

from sqlalchemy import select

from db.errors import FloorConflict
from db.meeting.snapshots import SlotView
from db.models import Intervention
from db.store import Store
from desktop.domain.clock import FakeClock


def test_two_presses_at_once_give_the_floor_once(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    stations = [Store.open(store.engine.url, station=f"desk-{n}") for n in range(2)]
    start = threading.Barrier(len(stations))
    outcomes: list[str] = []

    def press(station: Store) -> None:
        start.wait()
        try:
            station.floor.give_floor(panel.id, clock.now(), expected=None)
            outcomes.append("given")
        except FloorConflict as refusal:
            outcomes.append(str(refusal))

    try:
        for _round in range(5):  # and again, with someone speaking: expected is stale
            threads = [threading.Thread(target=press, args=(s,)) for s in stations]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            with store.reading() as session:
                speaking = session.scalars(
                    select(Intervention.id).where(Intervention.floor_taken_at.is_(None))
                ).all()
            assert len(speaking) == 1, "the hall sees one speaker"
            store.floor.take_floor_back(panel.id, clock.advance(20))
    finally:
        for station in stations:
            station.close()
    assert outcomes.count("given") == 5
    assert all("another station" in o for o in outcomes if o != "given")
