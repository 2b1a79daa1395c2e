"""The rules of the floor on their own, without a database (db/meeting/floor_rules.py)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from db.meeting.floor_rules import (
    has_the_floor,
    list_key,
    next_speakers,
    speaking_limit,
    waits_for_the_close,
)
from db.meeting.snapshots import FloorRequestView
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus

T0 = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)
LIMITS = {
    InterventionKind.PANELLIST: 420,
    InterventionKind.STATEMENT: 180,
    InterventionKind.QUESTION: 90,
    InterventionKind.POINT_OF_ORDER: 60,
    InterventionKind.RIGHT_OF_REPLY: 120,
}


def request(
    id: int,
    kind: InterventionKind = InterventionKind.STATEMENT,
    *,
    status: RequestStatus = RequestStatus.WAITING,
    absent: bool = False,
    pinned: bool = False,
    limit_s: int | None = None,
) -> FloorRequestView:
    return FloorRequestView(
        id=id,
        slot_id=1,
        delegation_id=id,
        delegation=f"Delegation {id}",
        nameplate=f"D{id}",
        group=None,
        speaker="",
        speaker_function="",
        source=RequestSource.HALL,
        kind=kind,
        channel=Channel.HALL,
        status=status,
        received_at=T0 + timedelta(seconds=id),
        position=id,
        pinned=pinned,
        limit_s=limit_s,
        note="",
        absent_since=T0 if absent else None,
    )


def ids(requests: list[FloorRequestView]) -> list[int]:
    return [r.id for r in requests]


def test_the_first_present_waiting_request_is_next() -> None:
    waiting = [
        request(1, absent=True),
        request(2, status=RequestStatus.LATE),
        request(3),
        request(4, InterventionKind.QUESTION),
    ]
    assert ids(next_speakers(waiting, list_closed=False)) == [3]
    assert ids(next_speakers(waiting, list_closed=False, count=3)) == [3, 4]
    assert next_speakers(waiting, list_closed=False, count=0) == []


def test_a_right_of_reply_waits_for_the_list_to_close_unless_moved_by_hand() -> None:
    reply = request(1, InterventionKind.RIGHT_OF_REPLY)
    assert waits_for_the_close(reply, list_closed=False)
    assert not waits_for_the_close(reply, list_closed=True)
    assert next_speakers([reply], list_closed=False) == []
    assert next_speakers([reply], list_closed=True) == [reply]
    moved = request(2, InterventionKind.RIGHT_OF_REPLY, pinned=True)
    assert not waits_for_the_close(moved, list_closed=False)
    assert next_speakers([reply, moved, request(3)], list_closed=False, count=3) == [
        moved,
        request(3),
    ]


def test_a_point_of_order_is_next_where_the_ordering_put_it() -> None:
    point = request(0, InterventionKind.POINT_OF_ORDER)
    assert next_speakers([point, request(1)], list_closed=False) == [point]
    absent_point = request(0, InterventionKind.POINT_OF_ORDER, absent=True)
    assert next_speakers([absent_point, request(1)], list_closed=True) == [request(1)]


def test_the_list_is_read_only_as_far_as_needed() -> None:
    read: list[int] = []

    def the_list() -> Iterator[FloorRequestView]:
        for number in range(1, 501):
            read.append(number)
            yield request(number, absent=number == 1)

    assert ids(next_speakers(the_list(), list_closed=False, count=2)) == [2, 3]
    assert read == [1, 2, 3]


def test_the_lists_order_is_place_then_order_of_request_then_id() -> None:
    a = request(5)
    b = replace(a, id=6)
    c = replace(a, id=2, received_at=T0)
    assert sorted([b, a, c, request(9)], key=list_key) == [c, a, b, request(9)]


def test_the_speaking_time_is_the_requests_own_else_the_slots_for_its_kind() -> None:
    assert speaking_limit(request(1, InterventionKind.QUESTION), LIMITS) == 90
    assert speaking_limit(request(1, InterventionKind.QUESTION, limit_s=45), LIMITS) == 45


@dataclass(frozen=True)
class OnRecord:
    id: int
    floor_given_at: datetime
    floor_taken_at: datetime | None = None
    merged_into_id: int | None = None


def test_who_has_the_floor() -> None:
    ended = OnRecord(1, T0, T0 + timedelta(minutes=3))
    assert has_the_floor([ended]) is None
    kept = OnRecord(2, T0 + timedelta(minutes=4))
    merged = OnRecord(3, T0 + timedelta(minutes=6), merged_into_id=2)
    assert has_the_floor([ended, kept, merged]) == kept
    later = OnRecord(4, T0 + timedelta(minutes=8))
    assert has_the_floor([later, kept, merged]) == later
    assert has_the_floor([]) is None
