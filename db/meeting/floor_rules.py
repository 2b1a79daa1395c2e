"""The rules of the floor, written once: who has it, who speaks next and with which time.

Pure, like db/meeting/ordering.py: no SQL session, no Qt. The store, the item models, the desk
and the hall screen call these; where a fast SQL statement restates a rule (giving the
floor, db/floor/giving.py; whoever has the floor, db/floor/interventions.py), a
property test (tests/db/test_floor_rules_sql.py) holds it to the version here.

- Who speaks next: the first request on the list (in its order, ``list_key``) that is
  waiting and present. While the list is open a right of reply waits for it to close,
  unless the moderator moved it by hand (pinned). A point of order needs no rule of its
  own here: the ordering puts it at the top of the list.
- With which time: the request's own speaking time, else the slot's for its kind.
- Who has the floor: the slot's intervention whose floor was not taken back and that
  was not merged into another (a merged one lives on in the one kept); should there be
  several, the one given the floor last.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Protocol, TypeVar

from db.meeting.vocabulary import InterventionKind, RequestStatus


class Request(Protocol):
    """What the rules need of a floor request (FloorRequestView has it)."""

    @property
    def id(self) -> int: ...
    @property
    def kind(self) -> InterventionKind: ...
    @property
    def status(self) -> RequestStatus: ...
    @property
    def position(self) -> int: ...
    @property
    def received_at(self) -> datetime: ...
    @property
    def pinned(self) -> bool: ...
    @property
    def absent_since(self) -> datetime | None: ...
    @property
    def limit_s(self) -> int | None: ...


class OnTheRecord(Protocol):
    """What the rules need of an intervention."""

    @property
    def id(self) -> int: ...
    @property
    def floor_given_at(self) -> datetime: ...
    @property
    def floor_taken_at(self) -> datetime | None: ...
    @property
    def merged_into_id(self) -> int | None: ...


# Requests that a closed list still takes: a closed list is closed to everything else.
LIST_CLOSED_EXCEPTIONS = frozenset(
    {InterventionKind.POINT_OF_ORDER, InterventionKind.RIGHT_OF_REPLY}
)

RequestT = TypeVar("RequestT", bound=Request)
InterventionT = TypeVar("InterventionT", bound=OnTheRecord)


def list_key(request: Request) -> tuple[int, datetime, int]:
    """The list's order: place, then order of request, then the lower id (WAITING_ORDER)."""
    return (request.position, request.received_at, request.id)


def waits_for_the_close(request: Request, *, list_closed: bool) -> bool:
    """A right of reply, not moved by hand, while the list is open: it is not called yet."""
    return (
        not list_closed and request.kind is InterventionKind.RIGHT_OF_REPLY and not request.pinned
    )


def may_be_called(request: Request, *, list_closed: bool) -> bool:
    """Whether the request can get the floor now, wherever it stands on the list."""
    return (
        request.status is RequestStatus.WAITING
        and request.absent_since is None
        and not waits_for_the_close(request, list_closed=list_closed)
    )


def next_speakers(
    requests: Iterable[RequestT], *, list_closed: bool, count: int = 1
) -> list[RequestT]:
    """The next ``count`` speakers, first first, from ``requests`` in the list's order
    (``list_key``; requests that are not waiting may be among them, they are skipped).

    Stops reading ``requests`` as soon as it has ``count``: a list of 500 held by a view
    is not walked to find the first three.
    """
    found: list[RequestT] = []
    if count <= 0:
        return found
    for request in requests:
        if may_be_called(request, list_closed=list_closed):
            found.append(request)
            if len(found) == count:
                break
    return found


def speaking_limit(request: Request, limits: Mapping[InterventionKind, int]) -> int:
    """The speaking time the request gets: its own, else the slot's for its kind."""
    own = request.limit_s
    return own if own is not None else limits[request.kind]


def holds_the_floor(intervention: OnTheRecord) -> bool:
    return intervention.floor_taken_at is None and intervention.merged_into_id is None


def has_the_floor(interventions: Iterable[InterventionT]) -> InterventionT | None:
    """Whoever has the floor among a slot's interventions, if anyone."""
    holding = [i for i in interventions if holds_the_floor(i)]
    return max(holding, key=lambda i: (i.floor_given_at, i.id), default=None)
