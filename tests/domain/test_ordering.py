from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.meeting.ordering import Candidate, Ordered, Policy, Rule, order
from db.meeting.vocabulary import Channel, DelegationGroup, InterventionKind

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
HALL, REMOTE, VIDEO = Channel.HALL, Channel.REMOTE, Channel.VIDEO
PS = DelegationGroup.PARTICIPATING_STATE
PARTNER = DelegationGroup.PARTNER
IO = DelegationGroup.INTERNATIONAL_ORGANIZATION
CSO = DelegationGroup.CIVIL_SOCIETY
STATEMENT = InterventionKind.STATEMENT
POINT = InterventionKind.POINT_OF_ORDER
REPLY = InterventionKind.RIGHT_OF_REPLY


def cand(
    id: int,
    minute: int | None = None,
    *,
    kind: InterventionKind = STATEMENT,
    channel: Channel = HALL,
    group: DelegationGroup | None = PS,
    slot: bool = False,
    conference: bool = False,
    pinned: int | None = None,
) -> Candidate:
    """A speaker who asked for the floor ``minute`` minutes after nine (default: ``id``)."""
    return Candidate(
        id=id,
        received_at=T0 + timedelta(minutes=id if minute is None else minute),
        kind=kind,
        channel=channel,
        group=group,
        spoke_in_slot=slot,
        spoke_in_conference=conference,
        pinned_index=pinned,
    )


def ids(candidates: list[Candidate], *rules: Rule, closed: bool = False) -> list[int]:
    return list(order(candidates, Policy(rules), list_closed=closed).ids)


# --- each rule alone ---------------------------------------------------------------------


def test_order_of_request_earlier_first_then_lower_id() -> None:
    candidates = [cand(3, 5), cand(1, 7), cand(2, 5), cand(4, 1)]
    assert ids(candidates, Rule.ORDER_OF_REQUEST) == [4, 2, 3, 1]


def test_empty_policy_still_orders_by_request() -> None:
    assert ids([cand(2, 9), cand(1, 8)]) == [1, 2]


def test_empty_list() -> None:
    assert order([], Policy(), list_closed=False) == Ordered(ids=(), held=frozenset())


def test_group_precedence() -> None:
    candidates = [
        cand(1, group=None),
        cand(2, group=CSO),
        cand(3, group=DelegationGroup.OTHER),
        cand(4, group=IO),
        cand(5, group=PARTNER),
        cand(6, group=PS),
        cand(7, group=PARTNER),
    ]
    assert ids(candidates, Rule.GROUP_PRECEDENCE) == [6, 5, 7, 4, 2, 1, 3]


def test_not_yet_spoken_in_slot_first() -> None:
    candidates = [cand(1, slot=True), cand(2), cand(3, slot=True), cand(4)]
    assert ids(candidates, Rule.NOT_YET_SPOKEN_SLOT) == [2, 4, 1, 3]


def test_not_yet_spoken_at_conference_first() -> None:
    candidates = [cand(1, conference=True), cand(2), cand(3, slot=True)]
    assert ids(candidates, Rule.NOT_YET_SPOKEN_CONFERENCE) == [2, 3, 1]


def test_alternate_hall_and_remote_starts_with_first_channel() -> None:
    candidates = [cand(1, channel=REMOTE), cand(2), cand(3), cand(4, channel=REMOTE), cand(5)]
    assert ids(candidates, Rule.ALTERNATE_CHANNELS) == [1, 2, 4, 3, 5]


def test_alternate_uneven_three_hall_one_remote() -> None:
    candidates = [cand(1), cand(2), cand(3), cand(4, channel=REMOTE)]
    assert ids(candidates, Rule.ALTERNATE_CHANNELS) == [1, 4, 2, 3]


def test_alternate_counts_video_as_remote() -> None:
    candidates = [cand(1), cand(2), cand(3, channel=VIDEO), cand(4, channel=REMOTE)]
    assert ids(candidates, Rule.ALTERNATE_CHANNELS) == [1, 3, 2, 4]


def test_alternate_applies_after_the_sort_wherever_it_stands() -> None:
    candidates = [cand(1, group=CSO), cand(2, group=PS, channel=REMOTE), cand(3, group=PS)]
    expected = [2, 3, 1]  # sorted by group: 2 3 1; alternated from remote: 2 3 1
    assert ids(candidates, Rule.ALTERNATE_CHANNELS, Rule.GROUP_PRECEDENCE) == expected
    assert ids(candidates, Rule.GROUP_PRECEDENCE, Rule.ALTERNATE_CHANNELS) == expected
    candidates = [cand(1, group=PS), cand(2, group=PS), cand(3, group=CSO, channel=REMOTE)]
    assert ids(candidates, Rule.ALTERNATE_CHANNELS, Rule.GROUP_PRECEDENCE) == [1, 3, 2]


# --- rules combined ----------------------------------------------------------------------


def test_precedence_order_of_the_rules_matters() -> None:
    candidates = [
        cand(1, group=PS, slot=True),
        cand(2, group=CSO),
        cand(3, group=PS),
        cand(4, group=CSO, slot=True),
    ]
    by_group = ids(candidates, Rule.GROUP_PRECEDENCE, Rule.NOT_YET_SPOKEN_SLOT)
    by_spoken = ids(candidates, Rule.NOT_YET_SPOKEN_SLOT, Rule.GROUP_PRECEDENCE)
    assert by_group == [3, 1, 2, 4]
    assert by_spoken == [3, 2, 1, 4]


def test_order_of_request_listed_first_overrides_the_later_rules() -> None:
    candidates = [cand(1, group=CSO), cand(2, group=PS)]
    assert ids(candidates, Rule.ORDER_OF_REQUEST, Rule.GROUP_PRECEDENCE) == [1, 2]
    assert ids(candidates, Rule.GROUP_PRECEDENCE, Rule.ORDER_OF_REQUEST) == [2, 1]


# --- fixed rules -------------------------------------------------------------------------


def test_points_of_order_on_top_in_order_of_request() -> None:
    candidates = [cand(1, group=PS), cand(2, kind=POINT, group=CSO), cand(3, 0, kind=POINT)]
    assert ids(candidates, Rule.GROUP_PRECEDENCE) == [3, 2, 1]


def test_point_of_order_above_pinned_ones() -> None:
    candidates = [cand(1, pinned=0), cand(2), cand(3, kind=POINT)]
    assert ids(candidates) == [3, 1, 2]


def test_pinned_point_of_order_still_goes_on_top() -> None:
    candidates = [cand(1), cand(2), cand(3, kind=POINT, pinned=2)]
    assert ids(candidates) == [3, 1, 2]


def test_right_of_reply_held_while_the_list_is_open() -> None:
    candidates = [cand(1, kind=REPLY), cand(2), cand(3, kind=REPLY, minute=0), cand(4)]
    result = order(candidates, Policy(), list_closed=False)
    assert result.ids == (2, 4, 3, 1)
    assert result.held == {1, 3}


def test_right_of_reply_released_at_the_end_when_closed() -> None:
    candidates = [cand(1, kind=REPLY, group=PS), cand(2, group=CSO), cand(3, kind=REPLY, minute=0)]
    result = order(candidates, Policy((Rule.GROUP_PRECEDENCE,)), list_closed=True)
    assert result.ids == (2, 3, 1)
    assert result.held == frozenset()


def test_pinned_keeps_its_index_when_new_requests_arrive() -> None:
    candidates = [cand(1), cand(2), cand(3), cand(4)]
    policy = Policy()
    assert order(candidates, policy, list_closed=False).ids == (1, 2, 3, 4)
    # the moderator moves 4 to the second place
    moved = [*candidates[:3], candidates[3]._replace(pinned_index=1)]
    assert order(moved, policy, list_closed=False).ids == (1, 4, 2, 3)
    # an earlier-received request comes in: the others move down, 4 stays second
    arrived = [*moved, cand(5, minute=-10)]
    assert order(arrived, policy, list_closed=False).ids == (5, 4, 1, 2, 3)


def test_pinned_beyond_the_end_is_clamped() -> None:
    candidates = [cand(1, pinned=99), cand(2), cand(3)]
    assert ids(candidates) == [2, 3, 1]
    assert ids([cand(1, pinned=-3), cand(2)]) == [1, 2]


def test_several_pinned_placed_in_ascending_index() -> None:
    candidates = [cand(1, pinned=3), cand(2, pinned=0), cand(3), cand(4), cand(5, pinned=7)]
    assert ids(candidates) == [2, 3, 4, 1, 5]


def test_pinned_right_of_reply_stays_where_put_and_is_not_held() -> None:
    candidates = [cand(1), cand(2), cand(3, kind=REPLY, pinned=0), cand(4, kind=REPLY)]
    result = order(candidates, Policy(), list_closed=False)
    assert result.ids == (3, 1, 2, 4)
    assert result.held == {4}


# --- policy ------------------------------------------------------------------------------


def test_policy_json_round_trip() -> None:
    policy = Policy((Rule.GROUP_PRECEDENCE, Rule.ALTERNATE_CHANNELS, Rule.NOT_YET_SPOKEN_SLOT))
    data = policy.to_json()
    assert data == {
        "rules": ["group_precedence", "alternate_channels", "not_yet_spoken_slot"],
        "version": 1,
    }
    assert Policy.from_json(data) == policy
    assert Policy.from_json(Policy().to_json()) == Policy()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (None, Policy()),
        ([], Policy()),
        ({}, Policy()),
        ({"rules": []}, Policy()),
        ({"rules": None}, Policy()),
        ({"rules": "group_precedence"}, Policy()),
        ("garbage", Policy()),
        (42, Policy()),
        (
            {"rules": ["bogus", 3, "group_precedence", "group_precedence"]},
            Policy((Rule.GROUP_PRECEDENCE,)),
        ),
        (["not_yet_spoken_slot", None], Policy((Rule.NOT_YET_SPOKEN_SLOT,))),
        ({"rules": ["order_of_request"], "version": 99}, Policy()),
    ],
)
def test_policy_from_json_is_tolerant(data: object, expected: Policy) -> None:
    assert Policy.from_json(data) == expected


def test_describe() -> None:
    assert Policy().describe() == "Order of request"
    assert Policy(()).describe() == "Order of request"
    assert Policy((Rule.GROUP_PRECEDENCE,)).describe() == (
        "Participating States first, then Partners, organizations, civil society → Order of request"
    )
    assert (
        Policy((Rule.ORDER_OF_REQUEST, Rule.ALTERNATE_CHANNELS)).describe()
        == "Order of request → Alternate hall and remote"
    )


def test_rule_labels() -> None:
    assert Rule.NOT_YET_SPOKEN_SLOT.label == "Not yet spoken in this slot first"
    assert Rule.NOT_YET_SPOKEN_CONFERENCE.label == "Not yet spoken at this conference first"
    assert Rule.ALTERNATE_CHANNELS.label == "Alternate hall and remote"
    assert all(rule.label for rule in Rule)


# --- speed and properties ----------------------------------------------------------------


def test_five_hundred_candidates_with_every_rule() -> None:
    """Correctness at size (its speed is a benchmark in tests/bench, not an assertion)."""
    kinds = list(InterventionKind)
    channels = list(Channel)
    groups = [*DelegationGroup, None]
    candidates = [
        cand(
            i,
            (i * 7919) % 500,
            kind=kinds[i % len(kinds)],
            channel=channels[i % 3],
            group=groups[i % len(groups)],
            slot=i % 4 == 0,
            conference=i % 3 == 0,
            pinned=(i * 31) % 600 if i % 50 == 0 else None,
        )
        for i in range(500)
    ]
    policy = Policy(tuple(reversed(Rule)))  # every rule in play, order of request last
    ordered = order(candidates, policy, list_closed=False)
    assert sorted(ordered.ids) == list(range(500))
    points = {c.id for c in candidates if c.kind is InterventionKind.POINT_OF_ORDER}
    assert set(ordered.ids[: len(points)]) == points


candidate_lists = st.lists(
    st.builds(
        Candidate,
        id=st.integers(0, 10_000),
        received_at=st.integers(0, 60).map(lambda m: T0 + timedelta(minutes=m)),
        kind=st.sampled_from(InterventionKind),
        channel=st.sampled_from(Channel),
        group=st.one_of(st.none(), st.sampled_from(DelegationGroup)),
        spoke_in_slot=st.booleans(),
        spoke_in_conference=st.booleans(),
        pinned_index=st.one_of(st.none(), st.integers(-2, 30)),
    ),
    max_size=25,
    unique_by=lambda c: c.id,
)


@settings(max_examples=200, deadline=None)
@given(
    candidates=candidate_lists,
    rules=st.lists(st.sampled_from(Rule), unique=True).map(tuple),
    closed=st.booleans(),
)
def test_properties(candidates: list[Candidate], rules: tuple[Rule, ...], closed: bool) -> None:
    result = order(candidates, Policy(rules), list_closed=closed)
    assert sorted(result.ids) == sorted(c.id for c in candidates)
    by_id = {c.id: c for c in candidates}
    points = sum(c.kind is POINT for c in candidates)
    assert all(by_id[i].kind is POINT for i in result.ids[:points])
    replies = {c.id for c in candidates if c.kind is REPLY}
    assert result.held <= replies
    if closed:
        assert not result.held
    assert order(list(reversed(candidates)), Policy(rules), list_closed=closed) == result
