"""The store's fast SQL holds to the rules of the floor (db/meeting/floor_rules.py).

Giving the floor finds the next speaker and whoever has the floor with statements of its
own (db/floor/giving.py), and the readings of the list and of the record with
others; over generated lists (kinds, statuses, not present, open or closed, places by
hand, merged interventions, at most one holding the floor as the schema allows) they pick
exactly what the pure rules pick. With
FLOORDESK_TEST_POSTGRES set, on PostgreSQL as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from db.agenda.drafts import SlotDraft
from db.errors import FloorConflict
from db.meeting.drafts import RequestDraft
from db.meeting.floor_rules import (
    has_the_floor,
    holds_the_floor,
    list_key,
    next_speakers,
    speaking_limit,
)
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus, SlotKind
from db.models import AgendaSlot, FloorRequest, Intervention
from db.store import Store
from desktop.domain.speaking_time import speaking_elapsed
from tests.db.test_store import delegation_id

START = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)
# A different speaking time for every kind: a limit taken from the wrong kind shows.
LIMITS = {
    InterventionKind.PANELLIST: 420,
    InterventionKind.STATEMENT: 180,
    InterventionKind.QUESTION: 90,
    InterventionKind.POINT_OF_ORDER: 60,
    InterventionKind.RIGHT_OF_REPLY: 120,
}


@dataclass(frozen=True)
class RequestShape:
    kind: InterventionKind
    status: RequestStatus
    absent: bool
    pinned: bool
    position: int  # few values: places shared, so that the later keys decide
    received_s: int
    limit_s: int | None


@dataclass(frozen=True)
class InterventionShape:
    given_s: int
    lasted_s: int | None  # None: the floor not taken back
    merged_into: int | None  # index of another generated intervention


@dataclass(frozen=True)
class OnRecord:
    id: int
    floor_given_at: datetime
    floor_taken_at: datetime | None
    merged_into_id: int | None


_REQUESTS = st.lists(
    st.builds(
        RequestShape,
        kind=st.sampled_from(InterventionKind),
        status=st.one_of(st.just(RequestStatus.WAITING), st.sampled_from(RequestStatus)),
        absent=st.booleans(),
        pinned=st.booleans(),
        position=st.integers(-2, 3),
        received_s=st.integers(0, 3),
        limit_s=st.one_of(st.none(), st.integers(1, 900)),
    ),
    max_size=8,
)
_INTERVENTIONS = st.lists(
    st.builds(
        InterventionShape,
        given_s=st.integers(0, 5),
        lasted_s=st.one_of(st.none(), st.integers(0, 200)),
        merged_into=st.one_of(st.none(), st.integers(0, 3)),
    ),
    max_size=4,
)


@pytest.fixture
def conference(store: Store) -> int:
    day = START.date()
    return store.agenda.create_conference(title="Rules of the floor", starts_on=day, ends_on=day)


def _slot_with(
    store: Store,
    conference: int,
    requests: list[RequestShape],
    interventions: list[InterventionShape],
    list_closed: bool,
) -> int:
    slot_id = store.agenda.add_slot(
        conference,
        SlotDraft(
            kind=SlotKind.PANEL,
            title="Panel",
            starts_at=START,
            ends_at=START + timedelta(minutes=90),
            limits=dict(LIMITS),
        ),
    )
    austria = delegation_id(store, "Austria")
    with store.transaction() as session:
        slot = session.get(AgendaSlot, slot_id)
        assert slot is not None
        slot.list_closed_at = START if list_closed else None
        for asked in requests:
            session.add(
                FloorRequest(
                    slot_id=slot_id,
                    delegation_id=austria,
                    source=RequestSource.HALL,
                    kind=asked.kind,
                    channel=Channel.HALL,
                    status=asked.status,
                    received_at=START + timedelta(seconds=asked.received_s),
                    position=asked.position,
                    pinned=asked.pinned,
                    limit_s=asked.limit_s,
                    absent_since=START if asked.absent else None,
                )
            )
        rows = []
        for shape in interventions:
            given_at = START + timedelta(minutes=shape.given_s)
            row = Intervention(
                slot_id=slot_id,
                delegation_id=austria,
                channel=Channel.HALL,
                kind=InterventionKind.STATEMENT,
                floor_given_at=given_at,
                floor_taken_at=given_at + timedelta(seconds=shape.lasted_s or 0),
                limit_s=180,
            )
            session.add(row)
            rows.append(row)
        session.flush()
        for row, shape in zip(rows, interventions, strict=True):
            into = shape.merged_into
            if into is not None and into < len(rows) and rows[into] is not row:
                row.merged_into_id = rows[into].id
        session.flush()
        # One speaker per slot (the schema's index, migration 0007): of those left open, the
        # one given the floor last holds it, the others were taken back at once; one merged
        # away may stay open (it holds nothing).
        left_open = [r for r, s in zip(rows, interventions, strict=True) if s.lasted_s is None]
        holder = max(
            (r for r in left_open if r.merged_into_id is None),
            key=lambda r: (r.floor_given_at, r.id),
            default=None,
        )
        for row in left_open:
            if row is holder or row.merged_into_id is not None:
                row.floor_taken_at = None
    return slot_id


def _on_record(store: Store, slot_id: int) -> list[OnRecord]:
    with store.reading() as session:
        rows = session.execute(
            select(
                Intervention.id,
                Intervention.floor_given_at,
                Intervention.floor_taken_at,
                Intervention.merged_into_id,
            ).where(Intervention.slot_id == slot_id)
        )
        return [OnRecord(*row) for row in rows]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(requests=_REQUESTS, interventions=_INTERVENTIONS, list_closed=st.booleans())
def test_the_sql_picks_what_the_rules_pick(
    store: Store,
    conference: int,
    requests: list[RequestShape],
    interventions: list[InterventionShape],
    list_closed: bool,
) -> None:
    """F5 until the list has nobody left to call: at every press the statements of
    giving the floor and the store's readings agree with the rules."""
    slot_id = _slot_with(store, conference, requests, interventions, list_closed)
    slot = store.agenda.slot(slot_id)
    at = START + timedelta(hours=1)
    for _press in range(len(requests) + 1):
        in_order = sorted(store.speakers.requests(slot_id), key=list_key)
        # The list's order (WAITING_ORDER) is the rules' list_key.
        assert [r.id for r in store.speakers.waiting(slot_id)] == [
            r.id for r in in_order if r.status is RequestStatus.WAITING
        ]
        expected = next_speakers(in_order, list_closed=list_closed, count=3)
        assert store.speakers.upcoming(slot_id, 3) == expected

        before = _on_record(store, slot_id)
        holder = has_the_floor(before)
        current = store.floor.current(slot_id)
        assert (current.id if current else None) == (holder.id if holder else None)

        at += timedelta(minutes=1)
        if not expected:
            with pytest.raises(FloorConflict):
                store.floor.give_floor(slot_id, at)
            assert _on_record(store, slot_id) == before
            return
        done = store.floor.give_floor(slot_id, at)
        assert done.request_id == expected[0].id
        assert done.ended_intervention_id == (holder.id if holder else None)
        given_to = store.floor.intervention(done.intervention_id)
        assert given_to.limit_s == speaking_limit(expected[0], slot.limits)

        after = _on_record(store, slot_id)
        assert has_the_floor(after) == next(i for i in after if i.id == done.intervention_id)
        holding = {i.id for i in before if holds_the_floor(i)} - {done.ended_intervention_id}
        assert {i.id for i in after if holds_the_floor(i)} == holding | {done.intervention_id}
        now = store.floor.current(slot_id)
        assert now is not None and now.id == done.intervention_id
    pytest.fail("F5 called more speakers than were on the list")


# -- the disagreements of issue 16, one test each --------------------------------------


def _empty_slot(store: Store, conference: int) -> int:
    return _slot_with(store, conference, [], [], list_closed=False)


def _add(store: Store, slot_id: int, name: str, minute: int, **draft: object) -> int:
    return store.speakers.add(
        slot_id,
        RequestDraft(delegation_id=delegation_id(store, name), **draft),  # type: ignore[arg-type]
        START + timedelta(minutes=minute),
    )


def test_a_right_of_reply_alone_on_an_open_list_is_not_next(store: Store, conference: int) -> None:
    """The desk and the hall screen announced it while F5 refused it."""
    slot_id = _empty_slot(store, conference)
    reply = _add(store, slot_id, "Malta", 1, kind=InterventionKind.RIGHT_OF_REPLY)
    assert store.speakers.upcoming(slot_id, 3) == []
    with pytest.raises(FloorConflict, match="right of reply"):
        store.floor.give_floor(slot_id, START + timedelta(minutes=2))
    store.speakers.close_list(slot_id, START + timedelta(minutes=3))
    assert [r.id for r in store.speakers.upcoming(slot_id, 3)] == [reply]
    assert store.floor.give_floor(slot_id, START + timedelta(minutes=4)).request_id == reply


def test_a_right_of_reply_moved_by_hand_is_next_on_an_open_list(
    store: Store, conference: int
) -> None:
    slot_id = _empty_slot(store, conference)
    statement = _add(store, slot_id, "Austria", 1)
    reply = _add(store, slot_id, "Malta", 2, kind=InterventionKind.RIGHT_OF_REPLY)
    assert [r.id for r in store.speakers.upcoming(slot_id, 3)] == [statement]
    store.speakers.move(reply, 0)
    assert [r.id for r in store.speakers.upcoming(slot_id, 3)] == [reply, statement]
    assert store.floor.give_floor(slot_id, START + timedelta(minutes=3)).request_id == reply


def test_the_next_speakers_time_is_theirs_not_that_of_an_absent_one_before_them(
    store: Store, conference: int
) -> None:
    """The desk showed the speaking time of a request marked not present at the head."""
    slot_id = _empty_slot(store, conference)
    absent = _add(store, slot_id, "Austria", 1, limit_s=600)
    present = _add(store, slot_id, "Malta", 2, kind=InterventionKind.QUESTION)
    store.speakers.set_absent(absent, START + timedelta(minutes=3))
    slot = store.agenda.slot(slot_id)
    upcoming = store.speakers.upcoming(slot_id, 3)
    assert [r.id for r in upcoming] == [present]
    assert speaking_limit(upcoming[0], slot.limits) == LIMITS[InterventionKind.QUESTION]
    done = store.floor.give_floor(slot_id, START + timedelta(minutes=4))
    assert done.request_id == present
    assert store.floor.intervention(done.intervention_id).limit_s == 90


def _merged_while_running(store: Store, conference: int) -> tuple[int, int, int]:
    """Austria has the floor, it is taken back, Malta is given it by mistake (Austria
    goes on), and the rapporteur merges the running Malta into Austria."""
    slot_id = _empty_slot(store, conference)
    _add(store, slot_id, "Austria", 1)
    _add(store, slot_id, "Malta", 2)
    _add(store, slot_id, "Japan", 3)
    first = store.floor.give_floor(slot_id, START + timedelta(minutes=10)).intervention_id
    store.floor.take_floor_back(slot_id, START + timedelta(minutes=12))
    second = store.floor.give_floor(slot_id, START + timedelta(minutes=12, seconds=5))
    store.record.merge(first, second.intervention_id)
    return slot_id, first, second.intervention_id


def _holding(store: Store, slot_id: int) -> list[int]:
    return [i.id for i in _on_record(store, slot_id) if holds_the_floor(i)]


def test_merging_the_running_intervention_hands_the_floor_to_the_one_kept(
    store: Store, conference: int
) -> None:
    slot_id, kept, merged = _merged_while_running(store, conference)
    assert _holding(store, slot_id) == [kept]
    current = store.floor.current(slot_id)
    assert current is not None and current.id == kept
    assert not any(i.id == merged and i.floor_taken_at is None for i in _on_record(store, slot_id))
    # Austria's countdown runs on with the time of both: 2 min, then 55 s since 12:05.
    now = START + timedelta(minutes=13)
    assert speaking_elapsed(current.floor_given_at, current.pauses, now) == timedelta(
        minutes=2, seconds=55
    )


def test_after_merging_a_running_intervention_f5_leaves_exactly_one_open(
    store: Store, conference: int
) -> None:
    """The kept intervention stayed open for ever: F5 ended the merged one instead."""
    slot_id, kept, _merged = _merged_while_running(store, conference)
    at = START + timedelta(minutes=14)
    done = store.floor.give_floor(slot_id, at)
    assert done.ended_intervention_id == kept
    assert _holding(store, slot_id) == [done.intervention_id]
    assert store.floor.intervention(kept).floor_taken_at == at
    statuses = {r.delegation: r.status for r in store.speakers.requests(slot_id)}
    assert statuses["Austria"] is RequestStatus.SPOKEN
    assert statuses["Malta"] is RequestStatus.SPOKEN


def test_after_merging_a_running_intervention_f8_leaves_nobody_with_the_floor(
    store: Store, conference: int
) -> None:
    slot_id, kept, _merged = _merged_while_running(store, conference)
    assert store.floor.take_floor_back(slot_id, START + timedelta(minutes=14)) == kept
    assert _holding(store, slot_id) == []
    assert store.floor.current(slot_id) is None
    with pytest.raises(FloorConflict, match="Nobody has the floor"):
        store.floor.take_floor_back(slot_id, START + timedelta(minutes=15))


def test_an_open_intervention_merged_away_earlier_never_holds_the_floor(
    store: Store, conference: int
) -> None:
    """A database written before the merge handed the floor on: the merged one is still
    open there, and F5 must end the one kept, not it."""
    slot_id, kept, merged = _merged_while_running(store, conference)
    with store.transaction() as session:
        row = session.get(Intervention, merged)
        assert row is not None
        row.floor_taken_at = None
    assert store.floor.current(slot_id) is not None
    done = store.floor.give_floor(slot_id, START + timedelta(minutes=14))
    assert done.ended_intervention_id == kept
    assert _holding(store, slot_id) == [done.intervention_id]


def test_the_next_speaker_behind_many_rights_of_reply_held_is_found(
    store: Store, conference: int
) -> None:
    """The store reads the head of the list first: past it, the rest is read."""
    replies = [
        RequestShape(
            InterventionKind.RIGHT_OF_REPLY, RequestStatus.WAITING, False, False, i, 0, None
        )
        for i in range(30)
    ]
    last = RequestShape(InterventionKind.QUESTION, RequestStatus.WAITING, False, False, 30, 0, None)
    slot_id = _slot_with(store, conference, [*replies, last], [], list_closed=False)
    upcoming = store.speakers.upcoming(slot_id, 3)
    assert [(r.kind, r.position) for r in upcoming] == [(InterventionKind.QUESTION, 30)]
    assert store.floor.give_floor(slot_id, START).request_id == upcoming[0].id
