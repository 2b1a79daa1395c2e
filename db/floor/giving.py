"""Giving the floor in a handful of prepared statements: the moderator's busiest key.

The statements are built once, with bound parameters, so that SQLAlchemy compiles
and caches them once; no ORM objects are loaded. ``Floor.give_floor`` (db/floor/floor.py)
calls this. Who speaks next and who has the floor are the rules of db/meeting/floor_rules.py,
restated here in SQL so that the next speaker is found among 500 by the list's index;
tests/db/test_floor_rules_sql.py holds the statements to the rules.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, bindparam, case, insert, or_, select, update
from sqlalchemy.orm import Session

from db import one_speaker
from db.errors import FloorConflict, UnknownRecord
from db.floor.interventions import HOLDS_THE_FLOOR, LATEST_FIRST
from db.meeting.actions import Action
from db.meeting.floor_rules import speaking_limit
from db.meeting.folding import fold_words
from db.meeting.vocabulary import InterventionKind, RequestStatus
from db.models import (
    WAITING_ORDER,
    AgendaSlot,
    Delegation,
    FloorRequest,
    Intervention,
    InterventionPause,
    Person,
    RecordWords,
)
from db.prepared import Prepared

if TYPE_CHECKING:
    from db.transactions import Transactions


@dataclass(frozen=True)
class FloorGiven:
    """What give_floor did, so that it can be undone exactly."""

    intervention_id: int
    request_id: int | None
    ended_intervention_id: int | None


# The request with the names the record's search needs (one statement, not two).
_REQUEST = select(
    FloorRequest.id,
    FloorRequest.slot_id,
    FloorRequest.status,
    FloorRequest.kind,
    FloorRequest.channel,
    FloorRequest.limit_s,
    FloorRequest.video_path,
    FloorRequest.delegation_id,
    FloorRequest.person_id,
    Delegation.name.label("delegation_name"),
    Delegation.nameplate.label("nameplate"),
    Person.name.label("person_name"),
).select_from(
    FloorRequest.__table__.outerjoin(
        Delegation.__table__, Delegation.id == FloorRequest.delegation_id
    ).outerjoin(Person.__table__, Person.id == FloorRequest.person_id)
)
# Whether the countdown of the one who has the floor is paused.
_PAUSED = (
    select(InterventionPause.id)
    .where(
        InterventionPause.intervention_id == Intervention.id,
        InterventionPause.resumed_at.is_(None),
    )
    .exists()
)
# The slot, with whoever has the floor in it (if anyone), in one statement.
_SLOT = Prepared(
    select(
        AgendaSlot.conference_id,
        AgendaSlot.list_closed_at,
        AgendaSlot.limit_panellist_s,
        AgendaSlot.limit_statement_s,
        AgendaSlot.limit_question_s,
        AgendaSlot.limit_point_of_order_s,
        AgendaSlot.limit_right_of_reply_s,
        Intervention.id.label("current_id"),
        Intervention.floor_given_at.label("current_given_at"),
        Intervention.floor_request_id.label("current_request_id"),
        _PAUSED.label("current_paused"),
    )
    .select_from(
        AgendaSlot.__table__.outerjoin(
            Intervention.__table__,
            and_(Intervention.slot_id == AgendaSlot.id, HOLDS_THE_FLOOR),
        )
    )
    .where(AgendaSlot.id == bindparam("slot"))
    .order_by(*LATEST_FIRST)
    .limit(1)
)
_IN_THE_LIST = (
    _REQUEST.where(
        FloorRequest.slot_id == bindparam("slot"), FloorRequest.status == RequestStatus.WAITING
    )
    .order_by(*WAITING_ORDER)
    .limit(1)
)
# floor_rules.next_speakers: the first waiting request that is present; while the list is
# open, rights of reply wait unless the moderator moved them by hand (pinned).
_PRESENT = _IN_THE_LIST.where(FloorRequest.absent_since.is_(None))
_WAITING = Prepared(_IN_THE_LIST)
_NEXT_ONCE_CLOSED = Prepared(_PRESENT)
_NEXT_WHILE_OPEN = Prepared(
    _PRESENT.where(
        or_(FloorRequest.kind != InterventionKind.RIGHT_OF_REPLY, FloorRequest.pinned.is_(True))
    )
)
_CHOSEN = Prepared(_REQUEST.where(FloorRequest.id == bindparam("request")))
_AT = bindparam("at", type_=InterventionPause.paused_at.type)
_END_PAUSE = Prepared(
    update(InterventionPause)
    .where(
        InterventionPause.intervention_id == bindparam("intervention"),
        InterventionPause.resumed_at.is_(None),
    )
    .values(
        resumed_at=case((InterventionPause.paused_at > _AT, InterventionPause.paused_at), else_=_AT)
    )
)
_END = Prepared(
    update(Intervention)
    .where(Intervention.id == bindparam("intervention"))
    .values(floor_taken_at=bindparam("taken_at", type_=Intervention.floor_given_at.type))
)
_SET_STATUS = Prepared(
    update(FloorRequest)
    .where(FloorRequest.id == bindparam("request"))
    .values(status=bindparam("new_status", type_=FloorRequest.status.type))
)
_TO_SPEAKER = Prepared(
    update(FloorRequest)
    .where(FloorRequest.id == bindparam("request"))
    .values(status=RequestStatus.SPEAKING, absent_since=None)  # called by name: here
)
_OPEN = Prepared(insert(Intervention).returning(Intervention.id))
# Taken first, before anything is read: the slot's row is written to itself, so two
# stations pressing F5 at once take turns (a row lock on PostgreSQL, the write lock on
# SQLite), and the second reads what the first did.
_HOLD_THE_SLOT = Prepared(
    update(AgendaSlot)
    .where(AgendaSlot.id == bindparam("slot"))
    .values(list_closed_at=AgendaSlot.list_closed_at)
)


class _Anyone:
    """No expectation of who has the floor (an undo, a script): whoever it is."""


ANYONE = _Anyone()
Expected = int | None | _Anyone
_SEARCHABLE = Prepared(insert(RecordWords))


def give_floor(
    store: Transactions,
    session: Session,
    slot_id: int,
    at: datetime,
    request_id: int | None,
    expected: Expected = ANYONE,
) -> FloorGiven:
    """Inside a transaction: end whoever has the floor and open the next intervention.

    ``expected``: the intervention the station saw holding the floor (None: nobody).
    If another station changed the floor meanwhile, nothing is done: the moderator sees
    the new speaker first, and a second press moves on (no speaker is cut off by a press
    meant for the one before)."""
    db = session.connection()
    hold_the_slot(session, slot_id)
    slot = _SLOT.first(db, slot=slot_id)
    if slot is None:
        raise UnknownRecord(f"There is no agenda slot {slot_id}.")
    check_expected(slot.current_id, expected, session)
    request = _the_request(session, slot, slot_id, request_id)
    ended = (
        _Current(
            slot.current_id,
            slot.current_given_at,
            slot.current_request_id,
            bool(slot.current_paused),
        )
        if slot.current_id is not None
        else None
    )
    if ended is not None:
        _end(store, session, ended, slot_id, at)
    _TO_SPEAKER.run(db, request=request.id)
    limit = speaking_limit(request, _SlotLimits(slot))
    intervention_id: int = _OPEN.scalar(
        db,
        slot_id=slot_id,
        floor_request_id=request.id,
        delegation_id=request.delegation_id,
        person_id=request.person_id,
        channel=request.channel,
        kind=request.kind,
        floor_given_at=at,
        limit_s=limit,
        added_s=0,
        notes="",
        recommendation=False,
        follow_up=False,
        internal_notes="",
        # A video statement's record names the file that was played.
        video_file=PurePath(request.video_path).name[:255] if request.video_path else None,
    )
    # Found by the record's search from the start, by delegation and speaker (what
    # record_search.index_intervention writes for a new intervention).
    names = (request.delegation_name, request.nameplate, request.person_name)
    _SEARCHABLE.run(
        db,
        intervention_id=intervention_id,
        conference_id=slot.conference_id,
        delegation=fold_words(" ".join(name for name in names if name)),
        tags="",
        notes="",
    )
    store.journal(
        session,
        Action.FLOOR_GIVE,
        "intervention",
        intervention_id,
        slot_id=slot_id,
        request_id=request.id,
        at=at,
        limit_s=limit,
    )
    return FloorGiven(intervention_id, request.id, ended.id if ended else None)


class _SlotLimits(Mapping[InterventionKind, int]):
    """The speaking times of the slot's row as read by _SLOT, by kind (read when asked)."""

    def __init__(self, slot: Any) -> None:
        self._slot = slot

    def __getitem__(self, kind: InterventionKind) -> int:
        return int(getattr(self._slot, f"limit_{kind.value}_s"))

    def __iter__(self) -> Iterator[InterventionKind]:
        return iter(InterventionKind)

    def __len__(self) -> int:
        return len(InterventionKind)


def hold_the_slot(session: Session, slot_id: int) -> None:
    """The slot's floor is this transaction's until it ends (see _HOLD_THE_SLOT)."""
    _HOLD_THE_SLOT.run(session.connection(), slot=slot_id)
    one_speaker.holding(session, slot_id)


def check_expected(current_id: int | None, expected: Expected, session: Session) -> None:
    """Refuse a floor change made on an old picture of who has the floor."""
    if isinstance(expected, _Anyone) or expected == current_id:
        return
    if current_id is None:
        raise FloorConflict("The floor was just taken back at another station; nobody has it now.")
    who = session.scalar(
        select(Delegation.name)
        .join(Intervention, Intervention.delegation_id == Delegation.id)
        .where(Intervention.id == current_id)
    )
    raise FloorConflict(one_speaker.given_elsewhere(who))


@dataclass(frozen=True)
class _Current:
    id: int
    floor_given_at: datetime
    floor_request_id: int | None
    paused: bool


def _the_request(session: Session, slot: Any, slot_id: int, request_id: int | None) -> Any:
    db = session.connection()
    if request_id is None:
        query = _NEXT_WHILE_OPEN if slot.list_closed_at is None else _NEXT_ONCE_CLOSED
        request = query.first(db, slot=slot_id)
        if request is not None:
            return request
        if _WAITING.first(db, slot=slot_id) is not None:
            raise FloorConflict(
                "Everyone left on the list is marked not present, or is a right "
                "of reply waiting for the list to close."
            )
        raise FloorConflict("The list of speakers is empty.")
    request = _CHOSEN.first(db, request=request_id)
    if request is None:
        raise UnknownRecord(f"There is no floor request {request_id}.")
    if request.slot_id != slot_id:
        raise FloorConflict("That request is for another slot.")
    if request.status is not RequestStatus.WAITING:
        raise FloorConflict("That request is not on the list of speakers.")
    return request


def _end(
    store: Transactions, session: Session, ended: _Current, slot_id: int, at: datetime
) -> None:
    """Floor.take_floor_back's work, in plain statements."""
    db = session.connection()
    at = max(at, ended.floor_given_at)
    if ended.paused:
        _END_PAUSE.run(db, intervention=ended.id, at=at)
    _END.run(db, intervention=ended.id, taken_at=at)
    if ended.floor_request_id is not None:
        _SET_STATUS.run(db, request=ended.floor_request_id, new_status=RequestStatus.SPOKEN)
    store.journal(session, Action.FLOOR_TAKE_BACK, "intervention", ended.id, slot_id=slot_id, at=at)
