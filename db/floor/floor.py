"""The floor: giving it, pausing the countdown, taking it back, undoing that.

Every command is one transaction with its journal entry. Times are passed in by
the caller (from its clock), so the same command gives the same record in a
test with a fake clock and at the desk.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.errors import FloorConflict, UnknownRecord
from db.floor import giving, interventions
from db.floor.giving import FloorGiven
from db.meeting.actions import Action
from db.meeting.snapshots import InterventionView
from db.meeting.vocabulary import RequestStatus
from db.models import Intervention, InterventionPause
from db.record.record import Record

if TYPE_CHECKING:
    from db.transactions import Transactions


_INTERVENTION_LOAD = (
    selectinload(Intervention.delegation),
    selectinload(Intervention.person),
    selectinload(Intervention.pauses),
)


class Floor:
    def __init__(self, store: Transactions, *, record: Record) -> None:
        self._store = store
        self._record = record

    # -- reading -------------------------------------------------------------

    def interventions(self, slot_id: int) -> list[InterventionView]:
        """The slot's record so far, in the order the floor was given."""
        with self._store.reading() as session:
            return interventions.read(session.connection(), interventions.OF_SLOT, slot=slot_id)

    def interventions_with_ids(self, ids: Iterable[int]) -> list[InterventionView]:
        """These interventions (those that still exist), in the order the floor was given."""
        with self._store.reading() as session:
            return interventions.read(session.connection(), interventions.WITH_IDS, ids=list(ids))

    def current(self, slot_id: int) -> InterventionView | None:
        """Whoever has the floor in the slot now, if anyone."""
        with self._store.reading() as session:
            rows = interventions.read(
                session.connection(), interventions.CURRENT_OF_SLOT, slot=slot_id
            )
            return rows[0] if rows else None

    def slots_with_the_floor(self, slot_ids: Iterable[int]) -> set[int]:
        """Of these slots, those where someone has the floor now (one query for a whole
        agenda, where ``current`` would take one a slot)."""
        with self._store.reading() as session:
            found = session.execute(
                interventions.SLOTS_WITH_THE_FLOOR, {"slots": list(slot_ids)}
            ).scalars()
            return set(found)

    def intervention(self, intervention_id: int) -> InterventionView:
        """This intervention, also when it was merged into another."""
        with self._store.reading() as session:
            found = interventions.read(
                session.connection(), interventions.BY_ID, id=intervention_id
            )
        if not found:
            raise UnknownRecord(f"There is no intervention {intervention_id}.")
        return found[0]

    # -- the list of speakers --------------------------------------------------

    # -- the floor -------------------------------------------------------------

    def give_floor(
        self,
        slot_id: int,
        at: datetime,
        request_id: int | None = None,
        *,
        expected: giving.Expected = giving.ANYONE,
    ) -> FloorGiven:
        """Give the floor to a request (by default the first on the list).

        Whoever still has the floor in the slot loses it at the same instant.
        """
        with self._store.transaction() as session:
            return giving.give_floor(self._store, session, slot_id, at, request_id, expected)

    def take_floor_back(
        self,
        slot_id: int,
        at: datetime,
        *,
        expected: giving.Expected = giving.ANYONE,
    ) -> int:
        """End the current intervention in the slot; returns its id. ``expected``: as
        for give_floor — an F8 meant for a speaker another station already replaced
        does not end the new one."""
        with self._store.transaction() as session:
            giving.hold_the_slot(session, slot_id)
            row = self._current_row(session, slot_id)
            giving.check_expected(row.id if row else None, expected, session)
            if row is None:
                raise FloorConflict("Nobody has the floor.")
            self._end(session, row, at)
            return row.id

    def pause(self, intervention_id: int, at: datetime) -> None:
        with self._store.transaction() as session:
            row = self._intervention_row(session, intervention_id)
            if row.floor_taken_at is not None:
                raise FloorConflict("That intervention has ended.")
            if row.pauses and row.pauses[-1].resumed_at is None:
                raise FloorConflict("The countdown is already paused.")
            row.pauses.append(InterventionPause(paused_at=at))
            self._store.journal(
                session, Action.FLOOR_PAUSE, "intervention", row.id, slot_id=row.slot_id, at=at
            )

    def resume(self, intervention_id: int, at: datetime) -> None:
        with self._store.transaction() as session:
            row = self._intervention_row(session, intervention_id)
            if not row.pauses or row.pauses[-1].resumed_at is not None:
                raise FloorConflict("The countdown is not paused.")
            row.pauses[-1].resumed_at = max(at, row.pauses[-1].paused_at)
            self._store.journal(
                session, Action.FLOOR_RESUME, "intervention", row.id, slot_id=row.slot_id, at=at
            )

    def add_time(self, intervention_id: int, seconds: int) -> None:
        """Give (or, with a negative number, take) speaking time to the current speaker."""
        with self._store.transaction() as session:
            row = self._intervention_row(session, intervention_id)
            row.added_s = max(row.added_s + seconds, -row.limit_s)
            self._store.journal(
                session,
                Action.FLOOR_ADD_TIME,
                "intervention",
                row.id,
                slot_id=row.slot_id,
                seconds=seconds,
            )

    def set_notes(self, intervention_id: int, notes: str, *, based_on: str | None = None) -> bool:
        """The rapporteur's notes on an intervention (kept here for older callers)."""
        return bool(self._record.set_notes(intervention_id, notes, based_on=based_on))

    # -- undo ------------------------------------------------------------------

    def undo_give_floor(self, given: FloorGiven) -> None:
        """Take back a give_floor as if it never happened: the record row goes."""
        with self._store.transaction() as session:
            row = self._intervention_row(session, given.intervention_id)
            giving.hold_the_slot(session, row.slot_id)
            if row.floor_taken_at is not None:
                raise FloorConflict("That intervention has ended; take that back first.")
            if row.floor_request is not None:
                row.floor_request.status = RequestStatus.WAITING
            slot_id = row.slot_id
            session.delete(row)
            # Gone before the one it ended holds the floor again (one speaker per slot,
            # db/models.py): a flush would write the update first.
            session.flush()
            if given.ended_intervention_id is not None:
                self._reopen(session, self._intervention_row(session, given.ended_intervention_id))
            self._store.journal(
                session,
                Action.FLOOR_UNDO_GIVE,
                "intervention",
                given.intervention_id,
                slot_id=slot_id,
                reopened=given.ended_intervention_id,
            )

    def reopen_floor(self, intervention_id: int) -> None:
        """Undo a take-back: the speaker has the floor again, the clock as if never stopped."""
        with self._store.transaction() as session:
            row = self._intervention_row(session, intervention_id)
            giving.hold_the_slot(session, row.slot_id)
            current = self._current_row(session, row.slot_id)
            if current is not None and current.id != row.id:
                raise FloorConflict("Someone else has the floor now.")
            self._reopen(session, row)
            self._store.journal(
                session, Action.FLOOR_REOPEN, "intervention", row.id, slot_id=row.slot_id
            )

    # -- inside a transaction --------------------------------------------------

    def _end(self, session: Session, row: Intervention, at: datetime) -> None:
        at = max(at, row.floor_given_at)
        if row.pauses and row.pauses[-1].resumed_at is None:
            row.pauses[-1].resumed_at = max(at, row.pauses[-1].paused_at)
        row.floor_taken_at = at
        if row.floor_request is not None:
            row.floor_request.status = RequestStatus.SPOKEN
        self._store.journal(
            session, Action.FLOOR_TAKE_BACK, "intervention", row.id, slot_id=row.slot_id, at=at
        )

    def _reopen(self, session: Session, row: Intervention) -> None:
        row.floor_taken_at = None
        if row.floor_request is not None:
            row.floor_request.status = RequestStatus.SPEAKING

    @staticmethod
    def _current_row(session: Session, slot_id: int) -> Intervention | None:
        return session.scalars(
            select(Intervention)
            .where(Intervention.slot_id == slot_id, interventions.HOLDS_THE_FLOOR)
            .options(*_INTERVENTION_LOAD)
            .order_by(*interventions.LATEST_FIRST)
            .limit(1)
        ).first()

    @staticmethod
    def _intervention_row(session: Session, intervention_id: int) -> Intervention:
        row = session.scalars(
            select(Intervention)
            .where(Intervention.id == intervention_id)
            .options(*_INTERVENTION_LOAD)
        ).one_or_none()
        if row is None:
            raise UnknownRecord(f"There is no intervention {intervention_id}.")
        return row
