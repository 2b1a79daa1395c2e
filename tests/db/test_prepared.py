"""Statements run by the driver (db/prepared.py) give what SQLAlchemy gives, on SQLite and
PostgreSQL: the same rows, the same conversions, the same errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError

from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, InterventionKind, RequestStatus
from db.models import Delegation, FloorRequest, JournalEntry
from db.prepared import Prepared
from db.store import Store

_LIST = (
    select(
        FloorRequest.id,
        FloorRequest.status,
        FloorRequest.kind,
        FloorRequest.received_at,
        FloorRequest.absent_since,
        Delegation.name.label("delegation_name"),
    )
    .join(Delegation, Delegation.id == FloorRequest.delegation_id)
    .where(FloorRequest.slot_id == bindparam("slot"))
    .order_by(FloorRequest.id)
)


def _slot_with_requests(store: Store, conference_id: int) -> int:
    slot = next(s for s in store.agenda.slots(conference_id) if s.kind.value == "panel")
    ids = [d.id for d in store.delegations.all()]
    at = slot.starts_at + timedelta(minutes=3)
    with store.transaction():
        store.speakers.add(slot.id, RequestDraft(ids[0]), at)
        question = RequestDraft(ids[1], kind=InterventionKind.QUESTION, channel=Channel.REMOTE)
        store.speakers.add(slot.id, question, at)
    return slot.id


def test_a_select_gives_the_rows_sqlalchemy_gives(store: Store, conference_id: int) -> None:
    slot_id = _slot_with_requests(store, conference_id)
    with store.reading() as session:
        db = session.connection()
        expected = [tuple(row) for row in db.execute(_LIST, {"slot": slot_id})]
        rows = Prepared(_LIST).all(db, slot=slot_id)
    assert [tuple(row) for row in rows] == expected
    assert rows[-1].kind is InterventionKind.QUESTION  # enums come back as members
    assert rows[-2].status is RequestStatus.WAITING
    assert rows[-2].received_at.tzinfo is UTC  # and times as aware ones
    assert rows[-2].absent_since is None
    assert rows[-2].delegation_name == expected[-2][-1]


def test_writes_take_the_columns_types_and_return_what_is_asked(
    store: Store, conference_id: int
) -> None:
    slot_id = _slot_with_requests(store, conference_id)
    first = store.speakers.requests(slot_id)[-1]
    absent = datetime(2026, 4, 20, 9, 30, tzinfo=UTC)
    mark = Prepared(
        update(FloorRequest)
        .where(FloorRequest.id == bindparam("request"))
        .values(status=RequestStatus.LATE, absent_since=bindparam("absent"))
    )
    append = Prepared(insert(JournalEntry).returning(JournalEntry.id))
    with store.transaction() as session:
        mark.run(session.connection(), request=first.id, absent=absent)
        number = append.scalar(
            session.connection(),
            recorded_at=absent,
            station="test",
            action="test.prepared",
            entity="floor_request",
            entity_id=first.id,
            details={"words": "Грамматика", "at": absent.isoformat()},
        )
    (request,) = store.speakers.requests(slot_id, (RequestStatus.LATE,))
    assert request.id == first.id  # the only late one
    assert request.status is RequestStatus.LATE
    assert request.absent_since == absent
    with store.reading() as session:
        entry = session.get(JournalEntry, number)
        assert entry is not None
        assert entry.details == {"words": "Грамматика", "at": absent.isoformat()}


def test_a_failing_statement_raises_sqlalchemys_error_and_the_transaction_is_undone(
    store: Store, conference_id: int
) -> None:
    slot_id = _slot_with_requests(store, conference_id)
    before = store.speakers.requests(slot_id)
    to_nowhere = Prepared(
        update(FloorRequest)
        .where(FloorRequest.id == bindparam("request"))
        .values(delegation_id=bindparam("delegation"))
    )

    def both() -> None:
        with store.transaction() as session:
            to_nowhere.run(session.connection(), request=before[0].id, delegation=None)
            to_nowhere.run(session.connection(), request=before[1].id, delegation=999_999)

    with pytest.raises(IntegrityError):
        both()
    assert store.speakers.requests(slot_id) == before


def test_an_insert_must_give_every_column_with_a_default(store: Store) -> None:
    """Defaults worked out in Python at each run are SQLAlchemy's to fill in; a prepared
    insert refuses to run without them rather than write NULL."""
    with store.reading() as session, pytest.raises(ValueError, match=r"missing: .*\bpinned\b"):
        Prepared(insert(FloorRequest)).run(session.connection(), slot_id=1)


def test_an_enumeration_is_read_from_its_table_of_values_and_refuses_an_unknown_one(
    store: Store, conference_id: int
) -> None:
    """Its few stored values are converted once (db.prepared._conversion): a null stays
    null, and a value no member has is refused as SQLAlchemy refuses it (LookupError)."""
    slot_id = _slot_with_requests(store, conference_id)
    kinds = select(FloorRequest.id, FloorRequest.kind, FloorRequest.channel).where(
        FloorRequest.slot_id == bindparam("slot")
    )
    with store.transaction() as session:
        db = session.connection()
        rows = Prepared(kinds).all(db, slot=slot_id)
        assert [tuple(row) for row in rows] == [
            tuple(r) for r in db.execute(kinds, {"slot": slot_id})
        ]
        assert rows[-1].kind is InterventionKind.QUESTION and rows[-1].channel is Channel.REMOTE
        db.exec_driver_sql(f"UPDATE floor_request SET kind = 'sermon' WHERE id = {rows[0].id}")
        with pytest.raises(LookupError):
            Prepared(kinds).all(db, slot=slot_id)
        with pytest.raises(LookupError):
            db.execute(kinds, {"slot": slot_id}).all()  # as SQLAlchemy's own reading
        session.rollback()
