"""The list of speakers: requests for the floor and their order.

Every command is one transaction with its journal entry. Times are passed in by
the caller (from its clock), so a test with a fake clock and the desk give the
same record.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.agenda.agenda import Agenda
from db.errors import FloorConflict, UnknownRecord, found
from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.floor_rules import LIST_CLOSED_EXCEPTIONS
from db.meeting.ordering import Policy
from db.meeting.rows import request_view_of
from db.meeting.snapshots import FloorRequestView
from db.meeting.vocabulary import InterventionKind, RequestSource, RequestStatus
from db.models import (
    Conference,
    Delegation,
    FloorRequest,
    Person,
)
from db.people.persons import find_or_add_person
from db.speakers.list_order import put_in_order
from db.speakers.list_reading import (
    next_of,
    places_query,
    requests_query,
    waiting_in_order,
)
from db.speakers.request_conflicts import check_place, check_status, hold

if TYPE_CHECKING:
    from db.transactions import Transactions


MAX_LIMIT_S = 3600

_WAITING = (RequestStatus.WAITING,)
# How far past the next speakers ``upcoming`` reads at first: rights of reply held while
# the list is open sit at its end, so the next few are nearly always among the first rows.
_LOOK_PAST = 12


class SpeakersList:
    def __init__(self, store: Transactions) -> None:
        self._store = store

    # -- reading -------------------------------------------------------------

    def waiting(self, slot_id: int) -> list[FloorRequestView]:
        """The requests waiting for the floor, in the order they will get it."""
        return self.requests(slot_id, (RequestStatus.WAITING,))

    def upcoming(self, slot_id: int, count: int) -> list[FloorRequestView]:
        """The next ``count`` speakers, first first: those F5 would call in turn
        (floor_rules.next_speakers), for the desk and the hall screen.

        The head of the list is read first, with whether the list is closed, in one
        statement; the rest of the list only if so many at its head are rights of reply
        that wait for the list to close."""
        if count <= 0:
            return []
        window = count + _LOOK_PAST
        with self._store.reading() as session:
            db = session.connection()
            head = requests_query(_WAITING, present_only=True, limited=True, with_list_closed=True)
            rows = db.execute(head, {"slot": slot_id, "limit": window}).all()
            found = next_of(rows, count)
            if len(found) < count and len(rows) == window:
                whole = requests_query(
                    _WAITING, present_only=True, limited=False, with_list_closed=True
                )
                found = next_of(db.execute(whole, {"slot": slot_id}).all(), count)
            return found

    def requests(
        self,
        slot_id: int,
        statuses: tuple[RequestStatus, ...] | None = None,
        *,
        present_only: bool = False,
        limit: int | None = None,
    ) -> list[FloorRequestView]:
        """The slot's requests in list order, read as plain rows (no ORM objects: a list
        of 500 is read in a few milliseconds)."""
        query = requests_query(statuses, present_only=present_only, limited=limit is not None)
        with self._store.reading() as session:
            rows = session.connection().execute(query, {"slot": slot_id, "limit": limit})
            return [request_view_of(row) for row in rows]

    def places(self, slot_id: int, statuses: tuple[RequestStatus, ...]) -> list[tuple[int, int]]:
        """The ids and places of the slot's requests in list order, without the rest of
        each row: with ``requests_with_ids``, what a view needs to follow a change to a
        few requests without reading all 500 again."""
        with self._store.reading() as session:
            rows = session.connection().execute(places_query(statuses), {"slot": slot_id})
            return [(request_id, position) for request_id, position in rows]

    def requests_with_ids(self, ids: Collection[int]) -> list[FloorRequestView]:
        if not ids:
            return []
        query = requests_query(None, present_only=False, limited=False, by_id=True)
        with self._store.reading() as session:
            rows = session.connection().execute(query, {"ids": list(ids)})
            return [request_view_of(row) for row in rows]

    # -- changing ------------------------------------------------------------

    def add(self, slot_id: int, draft: RequestDraft, received_at: datetime) -> int:
        """Put a request on the slot's list (or aside, if it came after the deadline)."""
        with self._store.transaction() as session:
            slot = Agenda.bare_slot(session, slot_id)
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
            self.reorder_at_end(slot_id)
            self._store.journal(
                session,
                Action.REQUEST_ADD,
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
            slot = Agenda.bare_slot(session, slot_id)
            if slot.list_closed_at is not None:
                raise FloorConflict("The list of speakers is already closed.")
            slot.list_closed_at = at
            put_in_order(session, slot)
            self._store.journal(session, Action.LIST_CLOSE, "agenda_slot", slot_id, at=at)

    def reopen_list(self, slot_id: int) -> None:
        with self._store.transaction() as session:
            slot = Agenda.bare_slot(session, slot_id)
            if slot.list_closed_at is None:
                raise FloorConflict("The list of speakers is open.")
            before = slot.list_closed_at
            slot.list_closed_at = None
            put_in_order(session, slot)
            self._store.journal(
                session, Action.LIST_REOPEN, "agenda_slot", slot_id, closed_at=before
            )

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
                Action.REQUEST_LIMIT,
                "floor_request",
                row.id,
                slot_id=row.slot_id,
                before=before,
                after=seconds,
            )
            return before

    def set_status(
        self, request_id: int, status: RequestStatus, *, expected: RequestStatus | None = None
    ) -> None:
        """Withdraw, restore, accept a late request... (the undo of an add is a withdrawal).

        ``expected``: the status the station saw; if another station changed it since (gave
        it the floor, withdrew it), nothing is done (db/speakers/request_conflicts.py). A request
        that has had the floor is never set by hand."""
        with self._store.transaction() as session:
            hold(session, request_id)
            row = self.request_row(session, request_id)
            if status is RequestStatus.SPEAKING:
                raise FloorConflict("The floor is given and taken back, not set by hand.")
            check_status(row, expected)
            before = row.status
            row.status = status
            if status is RequestStatus.WAITING:
                row.absent_since = None
                session.flush()
                put_in_order(session, Agenda.bare_slot(session, row.slot_id))
            self._store.journal(
                session,
                Action.REQUEST_STATUS,
                "floor_request",
                row.id,
                slot_id=row.slot_id,
                before=before,
                after=status,
            )

    def move(self, request_id: int, index: int, *, seen_index: int | None = None) -> int:
        """Put a waiting request at ``index`` of its list; returns the index it had.

        A moved request is pinned: ordering rules leave it where the moderator put it.
        ``seen_index``: where the station showed it; if the request or the list changed at
        another station since, nothing is done (db/speakers/request_conflicts.py).
        """
        with self._store.transaction() as session:
            hold(session, request_id)
            row = self.request_row(session, request_id)
            check_status(row, RequestStatus.WAITING)
            waiting = list(session.scalars(waiting_in_order(row.slot_id)))
            old_index = waiting.index(row)
            check_place(row, seen_index, old_index)
            waiting.pop(old_index)
            index = max(0, min(index, len(waiting)))
            waiting.insert(index, row)
            for position, request in enumerate(waiting):
                request.position = position
            row.pinned = True
            session.flush()
            put_in_order(session, Agenda.bare_slot(session, row.slot_id))
            self._store.journal(
                session,
                Action.REQUEST_MOVE,
                "floor_request",
                row.id,
                slot_id=row.slot_id,
                before=old_index,
                after=index,
            )
            return old_index

    def set_absent(self, request_id: int, at: datetime | None) -> datetime | None:
        """ "Not present" (``at``) or back (None): skipped when called, keeping its place.

        Returns the value it had, for undo.
        """
        with self._store.transaction() as session:
            row = self.request_row(session, request_id)
            if row.status is not RequestStatus.WAITING:
                raise FloorConflict("Only a request on the list of speakers can be marked absent.")
            before = row.absent_since
            row.absent_since = at
            self._store.journal(
                session,
                Action.REQUEST_ABSENT if at else Action.REQUEST_PRESENT,
                "floor_request",
                row.id,
                slot_id=row.slot_id,
                before=before,
                after=at,
            )
            return before

    def set_pinned(self, request_id: int, pinned: bool) -> bool:
        """Pin a request where it stands, or give it back to the ordering rules."""
        with self._store.transaction() as session:
            row = self.request_row(session, request_id)
            before = row.pinned
            row.pinned = pinned
            session.flush()
            put_in_order(session, Agenda.bare_slot(session, row.slot_id))
            self._store.journal(
                session,
                Action.REQUEST_PIN,
                "floor_request",
                row.id,
                slot_id=row.slot_id,
                after=pinned,
            )
            return before

    def policy(self, slot_id: int) -> Policy:
        with self._store.reading() as session:
            return Policy.from_json(Agenda.bare_slot(session, slot_id).ordering_policy)

    def set_policy(self, slot_id: int, policy: Policy) -> Policy:
        """The moderator's ordering rules for the slot; orders the list anew, returns the old."""
        with self._store.transaction() as session:
            slot = Agenda.bare_slot(session, slot_id)
            before = Policy.from_json(slot.ordering_policy)
            slot.ordering_policy = policy.to_json()
            session.flush()
            put_in_order(session, slot)
            self._store.journal(
                session,
                Action.LIST_POLICY,
                "agenda_slot",
                slot_id,
                before=before.to_json(),
                after=policy.to_json(),
            )
            return before

    def reorder_at_end(self, slot_id: int) -> None:
        """Order the slot's list once when the transaction ends (an import adds many)."""
        self._store.at_end(
            ("reorder", slot_id),
            lambda session: put_in_order(session, Agenda.bare_slot(session, slot_id)),
        )

    def withdraw_if_waiting(self, session: Session, request_id: int) -> None:
        """Inside a transaction: the request leaves the list (undoing what created it)."""
        request = session.get(FloorRequest, request_id)
        if request is None or request.status not in (RequestStatus.WAITING, RequestStatus.LATE):
            return
        before = request.status
        request.status = RequestStatus.WITHDRAWN
        self._store.journal(
            session,
            Action.REQUEST_STATUS,
            "floor_request",
            request.id,
            slot_id=request.slot_id,
            before=before,
            after=RequestStatus.WITHDRAWN,
        )

    @staticmethod
    def request_row(session: Session, request_id: int) -> FloorRequest:
        return found(session, FloorRequest, request_id, "floor request")

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
        return find_or_add_person(
            session,
            draft.speaker.strip(),
            draft.delegation_id,
            function=draft.speaker_function,
            email=draft.sender_email,
        )
