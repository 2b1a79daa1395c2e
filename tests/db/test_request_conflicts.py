"""A move, a withdrawal or an undo made on an old picture of a request is refused in one
sentence, checked in the transaction that would make it; the request stays as it is."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import func, select

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import RequestStatus
from db.models import JournalEntry
from db.speakers.request_conflicts import RequestChanged
from db.store import Store
from desktop.domain.clock import FakeClock


@pytest.fixture
def other(store: Store) -> Iterator[Store]:
    """Another station on the same database, with its own connections."""
    station = Store.open(store.engine.url, station="second-row")
    yield station
    station.close()


def waiting_ids(store: Store, panel: SlotView) -> list[int]:
    return [r.id for r in store.speakers.waiting(panel.id)]


def status(store: Store, request_id: int) -> RequestStatus:
    return store.speakers.requests_with_ids([request_id])[0].status


def journal_length(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count(JournalEntry.id))) or 0


def test_a_withdrawal_of_a_request_given_the_floor_elsewhere_is_refused(
    store: Store, other: Store, panel: SlotView, clock: FakeClock
) -> None:
    first = waiting_ids(store, panel)[0]
    other.floor.give_floor(panel.id, clock.now(), first)  # meanwhile, at the other station
    written = journal_length(store)
    with pytest.raises(RequestChanged) as refusal:
        store.speakers.set_status(first, RequestStatus.WITHDRAWN, expected=RequestStatus.WAITING)
    sentence = str(refusal.value)
    assert "was given the floor at another station meanwhile" in sentence
    assert sentence.endswith("the request stays as it is.") and sentence.count(".") == 1
    assert status(store, first) is RequestStatus.SPEAKING
    assert journal_length(store) == written


def test_a_withdrawal_of_a_request_withdrawn_elsewhere_is_refused(
    store: Store, other: Store, panel: SlotView
) -> None:
    first = waiting_ids(store, panel)[0]
    other.speakers.set_status(first, RequestStatus.WITHDRAWN, expected=RequestStatus.WAITING)
    with pytest.raises(RequestChanged, match="was withdrawn at another station"):
        store.speakers.set_status(first, RequestStatus.WITHDRAWN, expected=RequestStatus.WAITING)


def test_an_undo_of_an_addition_that_has_since_spoken_is_refused(
    store: Store, other: Store, panel: SlotView, clock: FakeClock
) -> None:
    """The undo of an addition withdraws the request; once it has had the floor (given at
    another station), the request keeps its status and its intervention keeps its own —
    even for an undo step kept from before steps said what they expected."""
    austria = next(d.id for d in store.delegations.all() if d.name == "Austria")
    added = store.speakers.add(panel.id, RequestDraft(austria), clock.now())
    other.floor.give_floor(panel.id, clock.now(), added)
    other.floor.take_floor_back(panel.id, clock.advance(60))
    with pytest.raises(RequestChanged, match=r"^Austria has spoken at another station"):
        store.speakers.set_status(added, RequestStatus.WITHDRAWN)
    assert status(store, added) is RequestStatus.SPOKEN
    assert [i.delegation for i in store.floor.interventions(panel.id)] == ["Austria"]


def test_a_move_on_a_list_changed_elsewhere_is_refused(
    store: Store, other: Store, panel: SlotView
) -> None:
    ids = waiting_ids(store, panel)
    assert len(ids) >= 3
    last = ids[-1]
    other.speakers.move(last, 0, seen_index=len(ids) - 1)  # moved to the top there
    with pytest.raises(RequestChanged) as refusal:
        store.speakers.move(last, 1, seen_index=len(ids) - 1)  # as this station saw it
    assert "is now 1st, not" in str(refusal.value)
    assert waiting_ids(store, panel)[0] == last
    store.speakers.move(last, 1, seen_index=0)  # on the list as it is now: moved
    assert waiting_ids(store, panel)[1] == last


def test_a_move_of_a_request_withdrawn_elsewhere_is_refused(
    store: Store, other: Store, panel: SlotView
) -> None:
    first = waiting_ids(store, panel)[0]
    other.speakers.set_status(first, RequestStatus.WITHDRAWN)
    with pytest.raises(RequestChanged, match="was withdrawn at another station"):
        store.speakers.move(first, 2, seen_index=0)
    assert status(store, first) is RequestStatus.WITHDRAWN


def at_once(stations: list[Store], change: Callable[[Store], object]) -> list[str]:
    start = threading.Barrier(len(stations))
    outcomes: list[str] = []

    def run(station: Store) -> None:
        start.wait()
        try:
            change(station)
            outcomes.append("done")
        except RequestChanged as refusal:
            outcomes.append(str(refusal))

    threads = [threading.Thread(target=run, args=(s,)) for s in stations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_stations_changing_one_request_at_once_take_turns(
    store: Store, panel: SlotView
) -> None:
    """The check and the change are one transaction holding the request's row: of two
    withdrawals (or two moves) made at once on the same picture, one is refused."""
    stations = [Store.open(store.engine.url, station=f"desk-{n}") for n in range(2)]
    try:
        for _round in range(6):
            ids = waiting_ids(store, panel)
            withdrawn = at_once(
                stations,
                lambda s, r=ids[0]: s.speakers.set_status(
                    r, RequestStatus.WITHDRAWN, expected=RequestStatus.WAITING
                ),
            )
            assert withdrawn.count("done") == 1, withdrawn
            ids = waiting_ids(store, panel)
            last, seen = ids[-1], len(ids) - 1
            moved = at_once(
                stations, lambda s, r=last, at=seen: s.speakers.move(r, 0, seen_index=at)
            )
            assert moved.count("done") == 1, moved
    finally:
        for station in stations:
            station.close()
