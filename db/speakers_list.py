"""The list of speakers: requests for the floor and their order.

Every command is one transaction with its journal entry. Times are passed in by
the caller (from its clock), so a test with a fake clock and the desk give the
same record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from db.agenda import Agenda
from db.errors import FloorConflict, UnknownRecord
from db.models import Conference, Delegation, FloorRequest, Person
from db.views import FloorRequestView
from db.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus

if TYPE_CHECKING:
    from db.store import Store


@dataclass(frozen=True)
class RequestDraft:
    delegation_id: int | None
    kind: InterventionKind = InterventionKind.STATEMENT
    channel: Channel = Channel.HALL
    source: RequestSource = RequestSource.HALL
    speaker: str = ""
    speaker_function: str = ""
    note: str = ""
    sender_email: str | None = None
    limit_s: int | None = None

    def __post_init__(self) -> None:
        # Values that crossed Qt (combo box data) come back as plain strings.
        object.__setattr__(self, "kind", InterventionKind(self.kind))
        object.__setattr__(self, "channel", Channel(self.channel))
        object.__setattr__(self, "source", RequestSource(self.source))


def request_view(row: FloorRequest) -> FloorRequestView:
    delegation = row.delegation
    return FloorRequestView(
        id=row.id,
        slot_id=row.slot_id,
        delegation_id=row.delegation_id,
        delegation=delegation.name if delegation else "",
        nameplate=delegation.nameplate if delegation else "",
        group=delegation.group if delegation else None,
        speaker=row.person.name if row.person else "",
        speaker_function=row.person.function if row.person else "",
        source=row.source,
        kind=row.kind,
        channel=row.channel,
        status=row.status,
        received_at=row.received_at,
        position=row.position,
        pinned=row.pinned,
        limit_s=row.limit_s,
        note=row.note,
    )


# Requests that a closed list still takes.
LIST_CLOSED_EXCEPTIONS = frozenset(
    {InterventionKind.POINT_OF_ORDER, InterventionKind.RIGHT_OF_REPLY}
)
MAX_LIMIT_S = 3600

_REQUEST_LOAD = (selectinload(FloorRequest.delegation), selectinload(FloorRequest.person))


def waiting_in_order(slot_id: int) -> Select[FloorRequest]:
    """The query for a slot's waiting requests, first to speak first."""
    return (
        select(FloorRequest)
        .where(FloorRequest.slot_id == slot_id, FloorRequest.status == RequestStatus.WAITING)
        .order_by(FloorRequest.position, FloorRequest.received_at, FloorRequest.id)
    )


class SpeakersList:
    def __init__(self, store: Store) -> None:
        self._store = store

    # -- reading -------------------------------------------------------------

    def waiting(self, slot_id: int) -> list[FloorRequestView]:
        """The requests waiting for the floor, in the order they will get it."""
        return self.requests(slot_id, (RequestStatus.WAITING,))

    def requests(
        self, slot_id: int, statuses: tuple[RequestStatus, ...] | None = None
    ) -> list[FloorRequestView]:
        with self._store.reading() as session:
            query = select(FloorRequest).where(FloorRequest.slot_id == slot_id)
            if statuses is not None:
                query = query.where(FloorRequest.status.in_(statuses))
            rows = session.scalars(
                query.options(*_REQUEST_LOAD).order_by(
                    FloorRequest.position, FloorRequest.received_at, FloorRequest.id
                )
            )
            return [request_view(row) for row in rows]

    # -- changing ------------------------------------------------------------

    def add(self, slot_id: int, draft: RequestDraft, received_at: datetime) -> int:
        """Put a request on the slot's list (or aside, if it came after the deadline)."""
        with self._store.transaction() as session:
            slot = Agenda.slot_row(session, slot_id)
            conference = session.get(Conference, slot.conference_id)
            assert conference is not None
            status = RequestStatus.WAITING
            deadline = conference.request_deadline
            if (
                draft.source is RequestSource.ADVANCE_EMAIL
                and deadline is not None
                and received_at > deadline
            ):
                status = RequestStatus.LATE
            if (
                slot.list_closed_at is not None
                and draft.kind not in LIST_CLOSED_EXCEPTIONS
                and draft.source is not RequestSource.ADVANCE_EMAIL
            ):
                raise FloorConflict(
                    "The list of speakers is closed; reopen it to add a request "
                    "(points of order and rights of reply are still taken)."
                )
            if draft.delegation_id is None:
                status = RequestStatus.REVIEW
            elif session.get(Delegation, draft.delegation_id) is None:
                raise UnknownRecord(f"There is no delegation {draft.delegation_id}.")
            row = FloorRequest(
                slot_id=slot_id,
                delegation_id=draft.delegation_id,
                person=self.person_for(session, draft),
                source=draft.source,
                kind=draft.kind,
                channel=draft.channel,
                status=status,
                received_at=received_at,
                position=self._new_position(session, slot_id, draft.kind),
                pinned=False,
                limit_s=draft.limit_s,
                note=draft.note,
                sender_email=draft.sender_email,
            )
            session.add(row)
            session.flush()
            self._store.journal(
                session,
                "request.add",
                "floor_request",
                row.id,
                slot_id=slot_id,
                delegation_id=draft.delegation_id,
                kind=draft.kind,
                channel=draft.channel,
                source=draft.source,
                status=status,
            )
            return row.id

    def close_list(self, slot_id: int, at: datetime) -> None:
        """No more requests join the list (points of order and rights of reply still do)."""
        with self._store.transaction() as session:
            slot = Agenda.slot_row(session, slot_id)
            if slot.list_closed_at is not None:
                raise FloorConflict("The list of speakers is already closed.")
            slot.list_closed_at = at
            self._store.journal(session, "list.close", "agenda_slot", slot_id, at=at)

    def reopen_list(self, slot_id: int) -> None:
        with self._store.transaction() as session:
            slot = Agenda.slot_row(session, slot_id)
            if slot.list_closed_at is None:
                raise FloorConflict("The list of speakers is open.")
            before = slot.list_closed_at
            slot.list_closed_at = None
            self._store.journal(session, "list.reopen", "agenda_slot", slot_id, closed_at=before)

    def set_limit(self, request_id: int, seconds: int | None) -> int | None:
        """This request's own speaking time (None: the slot's limit for its kind).

        Returns the value it had, for undo.
        """
        if seconds is not None and not 0 < seconds <= MAX_LIMIT_S:
            raise FloorConflict("A speaking time is between one second and one hour.")
        with self._store.transaction() as session:
            row = self.request_row(session, request_id)
            before = row.limit_s
            row.limit_s = seconds
            self._store.journal(
                session,
                "request.limit",
                "floor_request",
                row.id,
                slot_id=row.slot_id,
                before=before,
                after=seconds,
            )
            return before

    def set_status(self, request_id: int, status: RequestStatus) -> None:
        """Withdraw, restore, accept a late request... (the undo of an add is a withdrawal)."""
        with self._store.transaction() as session:
            row = self.request_row(session, request_id)
            if row.status is RequestStatus.SPEAKING or status is RequestStatus.SPEAKING:
                raise FloorConflict("The floor is given and taken back, not set by hand.")
            before = row.status
            row.status = status
            self._store.journal(
                session,
                "request.status",
                "floor_request",
                row.id,
                slot_id=row.slot_id,
                before=before,
                after=status,
            )

    def move(self, request_id: int, index: int) -> int:
        """Put a waiting request at ``index`` of its list; returns the index it had.

        A moved request is pinned: ordering rules leave it where the moderator put it.
        """
        with self._store.transaction() as session:
            row = self.request_row(session, request_id)
            if row.status is not RequestStatus.WAITING:
                raise FloorConflict("Only a request on the list of speakers can be moved.")
            waiting = list(session.scalars(waiting_in_order(row.slot_id)))
            old_index = waiting.index(row)
            waiting.pop(old_index)
            index = max(0, min(index, len(waiting)))
            waiting.insert(index, row)
            for position, request in enumerate(waiting):
                request.position = position
            row.pinned = True
            self._store.journal(
                session,
                "request.move",
                "floor_request",
                row.id,
                slot_id=row.slot_id,
                before=old_index,
                after=index,
            )
            return old_index

    @staticmethod
    def request_row(session: Session, request_id: int) -> FloorRequest:
        row = session.get(FloorRequest, request_id)
        if row is None:
            raise UnknownRecord(f"There is no floor request {request_id}.")
        return row

    @staticmethod
    def _new_position(session: Session, slot_id: int, kind: InterventionKind) -> int:
        positions = select(FloorRequest.position).where(FloorRequest.slot_id == slot_id)
        if kind is InterventionKind.POINT_OF_ORDER:
            # A point of order interrupts: it goes to the top of the list.
            lowest = session.scalar(select(func.min(positions.subquery().c.position)))
            return (lowest if lowest is not None else 1) - 1
        highest = session.scalar(select(func.max(positions.subquery().c.position)))
        return (highest if highest is not None else -1) + 1

    @staticmethod
    def person_for(session: Session, draft: RequestDraft) -> Person | None:
        if not draft.speaker.strip():
            return None
        existing = session.scalars(
            select(Person).where(
                Person.name == draft.speaker.strip(), Person.delegation_id == draft.delegation_id
            )
        ).first()
        if existing is not None:
            return existing
        return Person(
            name=draft.speaker.strip(),
            function=draft.speaker_function,
            delegation_id=draft.delegation_id,
            email=draft.sender_email,
        )
