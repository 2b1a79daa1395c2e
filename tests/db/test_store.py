"""The store's commands against a real SQLite file: the list, the floor, the journal."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db.errors import FloorConflict
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import Change, SlotView
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.domain.speaking_time import countdown


def delegation_id(store: Store, name: str) -> int:
    return next(d.id for d in store.delegations.all() if d.name == name)


def test_the_shipped_table_has_every_participating_state_and_partner(store: Store) -> None:
    delegations = store.delegations.all()
    groups = [d.group.value for d in delegations]
    assert groups.count("participating_state") == 57
    assert groups.count("partner_for_cooperation") == 11
    names = {d.name for d in delegations}
    assert {"Holy See", "Türkiye", "Czechia", "North Macedonia", "Russian Federation"} <= names
    assert {"United States of America", "Republic of Korea"} <= names
    seats = [d.seating_order for d in delegations]
    assert seats == sorted(seats) and len(set(seats)) == len(seats)


def test_adding_the_table_twice_adds_nothing(store: Store) -> None:
    from desktop.demo import ensure_delegations

    assert ensure_delegations(store) == 0


def test_the_demo_conference_is_shaped_like_an_alliance_conference(
    store: Store, conference_id: int
) -> None:
    conference = store.agenda.conference(conference_id)
    assert conference.time_zone == "Europe/Vienna"
    slots = store.agenda.slots(conference_id)
    kinds = [s.kind.value for s in slots]
    assert kinds.count("panel") == 3
    assert {"registration", "opening", "keynote", "break", "side_event", "closing"} <= set(kinds)
    panels = [s for s in slots if s.kind.value == "panel"]
    assert all(s.moderator and 3 <= len(s.panellists) <= 5 and s.topics for s in panels)
    requests = [r for s in slots for r in store.speakers.requests(s.id)]
    assert len(requests) >= 30
    late = [r for r in requests if r.status is RequestStatus.LATE]
    assert late and all(r.received_at > conference.request_deadline for r in late)  # type: ignore[operator]


def test_the_loop_add_give_take_back(store: Store, panel: SlotView, clock: FakeClock) -> None:
    changes: list[Change] = []
    store.subscribe(changes.extend)
    austria = delegation_id(store, "Austria")
    first = store.speakers.waiting(panel.id)[0]
    request_id = store.speakers.add(
        panel.id, RequestDraft(austria, InterventionKind.QUESTION), clock.now()
    )
    assert store.speakers.waiting(panel.id)[-1].id == request_id

    given = store.floor.give_floor(panel.id, clock.now())
    assert given.request_id == first.id and given.ended_intervention_id is None
    current = store.floor.current(panel.id)
    assert current is not None and current.limit_s == panel.limit_for(first.kind)

    clock.advance(200)
    ended = store.floor.take_floor_back(panel.id, clock.now())
    record = store.floor.interventions(panel.id)
    assert [i.id for i in record] == [ended]
    assert record[0].floor_taken_at - record[0].floor_given_at == timedelta(seconds=200)  # type: ignore[operator]
    assert store.floor.current(panel.id) is None
    assert [c.action for c in changes] == ["request.add", "floor.give", "floor.take_back"]
    journal = store.journal_since(0)
    assert journal[-1].action == "floor.take_back" and journal[-1].station == "test-station"


def test_giving_the_floor_ends_the_previous_speaker_at_the_same_instant(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    first = store.floor.give_floor(panel.id, clock.now())
    clock.advance(95)
    second = store.floor.give_floor(panel.id, clock.now())
    assert second.ended_intervention_id == first.intervention_id
    ended = store.floor.intervention(first.intervention_id)
    assert ended.floor_taken_at == clock.now()
    store.floor.undo_give_floor(second)
    assert store.floor.current(panel.id) == ended.__class__(
        **{**ended.__dict__, "floor_taken_at": None}
    )
    waiting = store.speakers.waiting(panel.id)
    assert waiting[0].id == second.request_id


def test_a_point_of_order_goes_to_the_top(store: Store, panel: SlotView, clock: FakeClock) -> None:
    request_id = store.speakers.add(
        panel.id,
        RequestDraft(delegation_id(store, "Malta"), InterventionKind.POINT_OF_ORDER),
        clock.now(),
    )
    assert store.speakers.waiting(panel.id)[0].id == request_id


def test_an_advance_request_after_the_deadline_waits_aside(store: Store, panel: SlotView) -> None:
    conference = store.agenda.conference(panel.conference_id)
    assert conference.request_deadline is not None
    request_id = store.speakers.add(
        panel.id,
        RequestDraft(delegation_id(store, "Malta"), source=RequestSource.ADVANCE_EMAIL),
        conference.request_deadline + timedelta(minutes=1),
    )
    assert request_id not in {r.id for r in store.speakers.waiting(panel.id)}
    late = store.speakers.requests(panel.id, (RequestStatus.LATE,))
    assert request_id in {r.id for r in late}


def test_a_manual_move_pins_the_request(store: Store, panel: SlotView) -> None:
    waiting = store.speakers.waiting(panel.id)
    old = store.speakers.move(waiting[-1].id, 0)
    assert old == len(waiting) - 1
    moved = store.speakers.waiting(panel.id)[0]
    assert moved.id == waiting[-1].id and moved.pinned


def test_pauses_and_nudges_are_stored(store: Store, panel: SlotView, clock: FakeClock) -> None:
    given = store.floor.give_floor(panel.id, clock.now())
    clock.advance(60)
    store.floor.pause(given.intervention_id, clock.now())
    with pytest.raises(FloorConflict):
        store.floor.pause(given.intervention_id, clock.now())
    clock.advance(45)
    store.floor.resume(given.intervention_id, clock.now())
    store.floor.add_time(given.intervention_id, 30)
    clock.advance(30)
    state = countdown(store.floor.intervention(given.intervention_id), clock.now())
    assert state.elapsed == timedelta(seconds=90)
    assert state.limit == timedelta(seconds=panel.limit_for(InterventionKind.STATEMENT) + 30)


def test_the_next_speaker_ends_a_paused_countdown_at_that_instant(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    paused = store.floor.give_floor(panel.id, clock.now())
    clock.advance(50)
    store.floor.pause(paused.intervention_id, clock.now())
    clock.advance(20)
    store.floor.give_floor(panel.id, clock.now())  # while the countdown stands still
    ended = store.floor.intervention(paused.intervention_id)
    assert ended.floor_taken_at == clock.now()
    assert [(p.paused_at, p.resumed_at) for p in ended.pauses] == [
        (clock.now() - timedelta(seconds=20), clock.now())
    ]
    assert countdown(ended, clock.now()).elapsed == timedelta(seconds=50)


def test_the_floor_and_the_list_survive_closing_the_database(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    url = store.engine.url
    given = store.floor.give_floor(panel.id, clock.now())
    waiting = [r.id for r in store.speakers.waiting(panel.id)]
    store.close()
    clock.advance(42.5)
    reopened = Store.open(url)
    try:
        current = reopened.floor.current(panel.id)
        assert current is not None and current.id == given.intervention_id
        assert countdown(current, clock.now()).elapsed == timedelta(seconds=42.5)
        assert [r.id for r in reopened.speakers.waiting(panel.id)] == waiting
    finally:
        reopened.close()


def test_an_empty_list_and_an_empty_floor_are_told_plainly(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    with pytest.raises(FloorConflict, match="Nobody has the floor"):
        store.floor.take_floor_back(panel.id, clock.now())
    for request in store.speakers.waiting(panel.id):
        store.speakers.set_status(request.id, RequestStatus.WITHDRAWN)
    with pytest.raises(FloorConflict, match="empty"):
        store.floor.give_floor(panel.id, clock.now())


def test_remote_requests_keep_their_channel(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    draft = RequestDraft(
        delegation_id(store, "Japan"), channel=Channel.REMOTE, source=RequestSource.ZOOM_HAND
    )
    request_id = store.speakers.add(panel.id, draft, clock.now())
    store.floor.give_floor(panel.id, clock.now(), request_id)
    current = store.floor.current(panel.id)
    assert current is not None and current.channel is Channel.REMOTE


def test_the_journal_cannot_be_rewritten(store: Store, panel: SlotView, clock: FakeClock) -> None:
    from db.models import JournalEntry
    from db.transactions import JournalIsAppendOnly

    store.floor.give_floor(panel.id, clock.now())
    last = store.last_journal_id()

    def rewrite() -> None:
        with store.transaction() as session:
            entry = session.get(JournalEntry, last)
            assert entry is not None
            entry.action = "nothing happened"

    def erase() -> None:
        with store.transaction() as session:
            session.delete(session.get(JournalEntry, last))

    with pytest.raises(JournalIsAppendOnly):
        rewrite()
    with pytest.raises(JournalIsAppendOnly):
        erase()
    assert store.journal_since(last - 1)[0].action == "floor.give"


def test_the_guard_is_asked_for_each_command_and_before_each_transaction(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    """The seam of db/guard.py: a command of a group reaches its guard by name, with its
    arguments; a transaction asks it first."""
    from collections.abc import Callable
    from typing import Any

    from db.guard import StoreCommand

    class Recorder:
        def __init__(self) -> None:
            self.commands: list[StoreCommand] = []
            self.transactions = 0

        def run_command(self, command: StoreCommand, method: Callable[..., Any]) -> Any:
            self.commands.append(command)
            return method(*command.args, **command.kwargs)

        def before_transaction(self) -> None:
            self.transactions += 1

    austria = delegation_id(store, "Austria")
    guard = Recorder()
    store.guard = guard
    draft = RequestDraft(austria)
    request_id = store.speakers.add(panel.id, draft, clock.now())
    assert guard.commands[0] == StoreCommand("speakers", "add", (panel.id, draft, clock.now()))
    assert guard.transactions == 1
    guard.commands.clear()
    store.floor.give_floor(panel.id, clock.now(), request_id)
    assert guard.commands[0] == StoreCommand(
        "floor", "give_floor", (panel.id, clock.now(), request_id)
    )
    assert guard.transactions == 2
    store.guard = None
    store.floor.take_floor_back(panel.id, clock.now())
    assert guard.transactions == 2
