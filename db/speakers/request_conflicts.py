"""A change to a request made on an old picture of it: refused, in one sentence.

Each station changes a request (moves it, withdraws it, undoes its addition) as it saw
it. Another station may have changed it meanwhile — given it the floor, withdrawn it,
moved it. The change then no longer applies: it is refused inside the transaction that
would have made it, after the request's row is read there, and the request stays as it
is. Silently doing it anyway made a withdrawn request of one that had spoken (its
intervention still in the record), or undid another station's move.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from db.errors import FloorConflict
from db.meeting.vocabulary import RequestStatus
from db.models import FloorRequest

_NOW = {
    RequestStatus.SPEAKING: "was given the floor",
    RequestStatus.SPOKEN: "has spoken",
    RequestStatus.WITHDRAWN: "was withdrawn",
    RequestStatus.REJECTED: "was turned down",
    RequestStatus.WAITING: "was put on the list",
    RequestStatus.LATE: "was set aside as late",
    RequestStatus.REVIEW: "was sent for review",
}
STAYS = "the request stays as it is."


class RequestChanged(FloorConflict):
    """The request was changed at another station since this one saw it."""


def hold(session: Session, request_id: int) -> None:
    """Inside a transaction, before the request is read: its row written to itself, so
    that two stations changing it at once take turns and the second reads what the first
    did (a row lock on PostgreSQL, the write lock on SQLite, as for the floor)."""
    session.execute(
        update(FloorRequest)
        .where(FloorRequest.id == request_id)
        .values(status=FloorRequest.status)
        .execution_options(synchronize_session=False)
    )


def name_of(row: FloorRequest) -> str:
    delegation = row.delegation
    if delegation is not None:
        return delegation.name
    if row.person is not None:
        return row.person.name
    return "The request"


def check_status(row: FloorRequest, expected: RequestStatus | None) -> None:
    """Refuse when the request is not in the state the station saw (``expected``; None:
    any state but one that has had the floor — that request's status is the record's)."""
    now = row.status
    if expected is None:
        if now not in (RequestStatus.SPEAKING, RequestStatus.SPOKEN):
            return
    elif now is expected:
        return
    raise RequestChanged(f"{name_of(row)} {_NOW[now]} at another station meanwhile; {STAYS}")


def check_place(row: FloorRequest, seen_index: int | None, index_now: int) -> None:
    """Refuse a move made on a list that has changed under it (``seen_index``: where the
    station showed the request; None: not known, as in an undo kept from before)."""
    if seen_index is None or seen_index == index_now:
        return
    raise RequestChanged(
        f"The list changed at another station meanwhile: {name_of(row)} is now "
        f"{_ordinal(index_now + 1)}, not {_ordinal(seen_index + 1)}; {STAYS}"
    )


def _ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
