"""In which order the speakers on a slot's list get the floor.

The moderator composes a policy for each slot from a few rules, in the order of
precedence they choose (see ``Rule``). Whatever the policy, some rules always hold:

- A point of order goes to the top of the list (several: in order of request).
- A right of reply waits until the list is closed. While the list is open, rights of
  reply come after everyone else and are reported as *held*; once it is closed they
  still come after everyone else, in order of request, but are no longer held.
- A manual move stays where it was put: a speaker with a ``pinned_index`` is placed at
  that index (counted below the points of order, clamped to the end of the list) and
  the others flow around it. Several: placed in ascending ``pinned_index``. A moved
  right of reply stays where it was put and is not held; a moved point of order still
  goes to the top.

Order of request (earlier request first, then the lower id) always breaks the last tie,
whether or not the moderator listed it. Alternating hall and remote is not a sort key:
it re-arranges the list after all the other rules have sorted it, wherever it stands
in the policy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple

from db.meeting.vocabulary import Channel, DelegationGroup, InterventionKind

POLICY_VERSION = 1


class Rule(StrEnum):
    ORDER_OF_REQUEST = "order_of_request"
    GROUP_PRECEDENCE = "group_precedence"
    NOT_YET_SPOKEN_SLOT = "not_yet_spoken_slot"
    NOT_YET_SPOKEN_CONFERENCE = "not_yet_spoken_conference"
    ALTERNATE_CHANNELS = "alternate_channels"

    @property
    def label(self) -> str:
        return _RULE_LABELS[self]


_RULE_LABELS = {
    Rule.ORDER_OF_REQUEST: "Order of request",
    Rule.GROUP_PRECEDENCE: (
        "Participating States first, then Partners, organizations, civil society"
    ),
    Rule.NOT_YET_SPOKEN_SLOT: "Not yet spoken in this slot first",
    Rule.NOT_YET_SPOKEN_CONFERENCE: "Not yet spoken at this conference first",
    Rule.ALTERNATE_CHANNELS: "Alternate hall and remote",
}

_GROUP_RANK: dict[DelegationGroup | None, int] = {
    DelegationGroup.PARTICIPATING_STATE: 0,
    DelegationGroup.PARTNER: 1,
    DelegationGroup.INTERNATIONAL_ORGANIZATION: 2,
    DelegationGroup.CIVIL_SOCIETY: 3,
    DelegationGroup.OTHER: 4,
    None: 4,  # unknown delegation: with "other"
}


@dataclass(frozen=True)
class Policy:
    """The moderator's rules for a slot, most important first."""

    rules: tuple[Rule, ...] = (Rule.ORDER_OF_REQUEST,)

    def to_json(self) -> dict[str, Any]:
        return {"rules": [rule.value for rule in self.rules], "version": POLICY_VERSION}

    @classmethod
    def from_json(cls, data: object) -> Policy:
        """The stored policy; anything unreadable is skipped, nothing left: the default."""
        raw: object = data.get("rules") if isinstance(data, dict) else data
        if not isinstance(raw, list | tuple):
            return cls()
        rules: list[Rule] = []
        for item in raw:
            if not isinstance(item, str):
                continue
            try:
                rule = Rule(item)
            except ValueError:
                continue
            if rule not in rules:
                rules.append(rule)
        return cls(tuple(rules)) if rules else cls()

    def describe(self) -> str:
        """One line for the UI, e.g. "Not yet spoken in this slot first → Order of request"."""
        rules = list(dict.fromkeys(self.rules))
        if Rule.ORDER_OF_REQUEST not in rules:
            rules.append(Rule.ORDER_OF_REQUEST)
        return " → ".join(rule.label for rule in rules)


class Candidate(NamedTuple):
    """A speaker waiting for the floor, as far as ordering is concerned. (A named tuple:
    a list of 1,000 is ordered again at every change to it, and a frozen dataclass takes
    a few times as long to make.)"""

    id: int
    received_at: datetime
    kind: InterventionKind
    channel: Channel
    group: DelegationGroup | None
    spoke_in_slot: bool = False
    spoke_in_conference: bool = False
    pinned_index: int | None = None  # where the moderator moved it by hand


@dataclass(frozen=True)
class Ordered:
    ids: tuple[int, ...]  # the order in which they will get the floor
    held: frozenset[int]  # rights of reply waiting for the list to close


def order(candidates: Sequence[Candidate], policy: Policy, *, list_closed: bool) -> Ordered:
    """The list of speakers in the order they get the floor under ``policy``."""
    points: list[Candidate] = []
    replies: list[Candidate] = []
    pinned: list[Candidate] = []
    others: list[Candidate] = []
    for candidate in candidates:
        if candidate.kind is InterventionKind.POINT_OF_ORDER:
            points.append(candidate)
        elif candidate.pinned_index is not None:
            pinned.append(candidate)
        elif candidate.kind is InterventionKind.RIGHT_OF_REPLY:
            replies.append(candidate)
        else:
            others.append(candidate)

    points.sort(key=_request_key)
    replies.sort(key=_request_key)
    _sort_by_rules(others, policy.rules)
    if Rule.ALTERNATE_CHANNELS in policy.rules:
        others = _alternate(others)

    body = others + replies
    pinned.sort(key=lambda c: (c.pinned_index, *_request_key(c)))
    for candidate in pinned:
        index = candidate.pinned_index or 0
        body.insert(min(max(index, 0), len(body)), candidate)

    held = frozenset() if list_closed else frozenset(c.id for c in replies)
    return Ordered(ids=tuple(c.id for c in points + body), held=held)


def _request_key(candidate: Candidate) -> tuple[datetime, int]:
    return (candidate.received_at, candidate.id)


_RULE_KEYS: dict[Rule, Callable[[Candidate], int]] = {
    Rule.GROUP_PRECEDENCE: lambda c: _GROUP_RANK[c.group],
    Rule.NOT_YET_SPOKEN_SLOT: lambda c: c.spoke_in_slot,
    Rule.NOT_YET_SPOKEN_CONFERENCE: lambda c: c.spoke_in_conference,
}


def _sort_by_rules(candidates: list[Candidate], rules: tuple[Rule, ...]) -> None:
    """Sort in place by the rules that sort (all but alternation), order of request last.

    Stable sorts from the least important rule up give the same order as one composite
    key; rules listed after order of request can no longer change anything.
    """
    keys: list[Callable[[Candidate], int]] = []
    for rule in dict.fromkeys(rules):
        if rule is Rule.ORDER_OF_REQUEST:
            break
        if rule in _RULE_KEYS:
            keys.append(_RULE_KEYS[rule])
    candidates.sort(key=_request_key)
    for key in reversed(keys):
        candidates.sort(key=key)


def _is_hall(candidate: Candidate) -> bool:
    return candidate.channel is Channel.HALL  # remote and video both count as remote


def _alternate(ordered: list[Candidate]) -> list[Candidate]:
    """Hall and remote in turn, starting with the first one's channel, each in its order."""
    if not ordered:
        return ordered
    first = _is_hall(ordered[0])
    same = [c for c in ordered if _is_hall(c) == first]
    other = [c for c in ordered if _is_hall(c) != first]
    result: list[Candidate] = []
    for a, b in zip(same, other, strict=False):
        result += (a, b)
    n = min(len(same), len(other))
    result += same[n:] + other[n:]
    return result
