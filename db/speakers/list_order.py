"""The order of a list of speakers: the slot's ordering rules applied to its waiting
requests, in the transaction that changed the list (db/meeting/ordering.py holds the
rules; this reads the rows they need and writes the places that change)."""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from db.meeting.ordering import Candidate, Policy, Rule, order
from db.meeting.vocabulary import InterventionKind, RequestStatus
from db.models import WAITING_ORDER, AgendaSlot, Delegation, FloorRequest, Intervention
from db.prepared import Prepared

_SET_PLACE = (
    update(FloorRequest)
    .where(FloorRequest.id == bindparam("request"))
    .values(position=bindparam("place"))
)

# What ordering reads of a list's waiting requests. Run at every change to the list while
# the station holds the file's write lock (SQLite), which another station waits for: run
# by the driver (db/prepared.py), without SQLAlchemy's result objects.
_ORDERING_ROWS = Prepared(
    select(
        FloorRequest.id,
        FloorRequest.received_at,
        FloorRequest.kind,
        FloorRequest.channel,
        FloorRequest.pinned,
        FloorRequest.position,
        FloorRequest.delegation_id,
        Delegation.group,
    )
    .outerjoin(Delegation, Delegation.id == FloorRequest.delegation_id)
    .where(
        FloorRequest.slot_id == bindparam("slot"),
        FloorRequest.status == bindparam("waiting"),
    )
    .order_by(*WAITING_ORDER)
)


def put_in_order(session: Session, slot: AgendaSlot) -> None:
    """Apply the slot's ordering rules to its waiting requests (manual moves stay put).

    Reads plain rows and writes only the positions that change.
    """
    session.flush()
    rows = _ORDERING_ROWS.all(session.connection(), slot=slot.id, waiting=RequestStatus.WAITING)
    if not rows:
        return
    policy = Policy.from_json(slot.ordering_policy)
    spoke_here: set[int | None] = set()
    if Rule.NOT_YET_SPOKEN_SLOT in policy.rules:
        spoke_here = set(
            session.scalars(
                select(Intervention.delegation_id).where(
                    Intervention.slot_id == slot.id, Intervention.delegation_id.is_not(None)
                )
            )
        )
    spoke_anywhere: set[int | None] = set()
    if Rule.NOT_YET_SPOKEN_CONFERENCE in policy.rules:
        spoke_anywhere = set(
            session.scalars(
                select(Intervention.delegation_id)
                .join(AgendaSlot, AgendaSlot.id == Intervention.slot_id)
                .where(
                    AgendaSlot.conference_id == slot.conference_id,
                    Intervention.delegation_id.is_not(None),
                )
            )
        )
    candidates = []
    positions = {}
    points_above = 0
    # Unpacked, not read by name: a row's attributes cost a microsecond each, and a
    # list of 500 is ordered again at every change to it.
    for index, (
        request_id,
        received_at,
        kind,
        channel,
        pinned,
        position,
        delegation_id,
        group,
    ) in enumerate(rows):
        if kind is InterventionKind.POINT_OF_ORDER:
            points_above += 1
        positions[request_id] = position
        candidates.append(
            Candidate(
                id=request_id,
                received_at=received_at,
                kind=kind,
                channel=channel,
                group=group,
                spoke_in_slot=delegation_id in spoke_here,
                spoke_in_conference=delegation_id in spoke_anywhere,
                pinned_index=index - points_above if pinned else None,
            )
        )
    ordered = order(candidates, policy, list_closed=slot.list_closed_at is not None)
    changed = [
        {"request": request_id, "place": position}
        for position, request_id in enumerate(ordered.ids)
        if positions[request_id] != position
    ]
    if changed:
        # One statement run for every row (executemany): a point of order moves 500.
        session.connection().execute(_SET_PLACE, changed)
        for request in session.identity_map.values():
            if isinstance(request, FloorRequest) and request.id in positions:
                session.expire(request, ["position"])
