"""One speaker per slot, held by the schema (migration 0007): the index refuses a second
intervention holding the floor whatever path writes it, the refusal is one sentence at the
desk with nothing written, and a database that already had two is repaired on upgrade."""

from __future__ import annotations

import itertools
import threading
from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy import Connection, Executable, func, insert, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError

from db import migrate, one_speaker
from db.engine import open_engine
from db.errors import FloorConflict
from db.floor import giving as giving_the_floor
from db.floor.floor import Floor
from db.meeting import floor_rules
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.models import (
    AgendaSlot,
    Conference,
    FloorRequest,
    Intervention,
    InterventionPause,
    JournalEntry,
)
from db.store import Store
from desktop.domain.clock import FakeClock
from tests.db.test_floor_rules_sql import OnRecord

GIVEN = datetime(2026, 4, 20, 10, tzinfo=UTC)


def _intervention(slot_id: int, given_at: datetime, **values: object) -> dict[str, object]:
    return {
        "slot_id": slot_id,
        "channel": "hall",
        "kind": "statement",
        "floor_given_at": given_at,
        "limit_s": 180,
        **values,
    }


def _new(db: Connection, statement: Executable) -> int:
    """The id of the row an insert wrote."""
    found = db.scalar(statement)
    assert found is not None
    return int(found)


@pytest.mark.parametrize(("taken_back", "merged"), list(itertools.product([False, True], repeat=2)))
def test_the_index_refuses_a_second_speaker_exactly_as_the_rules_say(
    store: Store, panel: SlotView, taken_back: bool, merged: bool
) -> None:
    """floor_rules.holds_the_floor and the index's condition are one rule."""
    with store.engine.begin() as db:
        kept = _new(
            db,
            insert(Intervention)
            .values(_intervention(panel.id, GIVEN, floor_taken_at=GIVEN))
            .returning(Intervention.id),
        )
    shape = OnRecord(
        id=0,
        floor_given_at=GIVEN,
        floor_taken_at=GIVEN + timedelta(minutes=9) if taken_back else None,
        merged_into_id=kept if merged else None,
    )
    state = {"floor_taken_at": shape.floor_taken_at, "merged_into_id": shape.merged_into_id}
    refusals = []
    for minute in (1, 2):
        try:
            with store.engine.begin() as db:
                db.execute(
                    insert(Intervention).values(
                        _intervention(panel.id, GIVEN + timedelta(minutes=minute), **state)
                    )
                )
        except IntegrityError as refused:
            refusals.append(refused)
    assert bool(refusals) is floor_rules.holds_the_floor(shape)
    assert all(one_speaker.refused_by_the_index(r) for r in refusals)


def test_a_path_that_forgets_the_speaker_is_refused_in_one_sentence(
    store: Store, panel: SlotView, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug: taking back an F8 reopens the floor while someone else speaks. The schema
    refuses it; the desk hears who has the floor, and nothing is written."""
    first = store.floor.give_floor(panel.id, clock.now())
    store.floor.take_floor_back(panel.id, clock.advance(60))
    second = store.floor.give_floor(panel.id, clock.advance(5))
    speaker = store.floor.current(panel.id)
    assert speaker is not None and speaker.id == second.intervention_id
    before = store.last_journal_id()
    monkeypatch.setattr(Floor, "_current_row", staticmethod(lambda _session, _slot: None))
    with pytest.raises(FloorConflict) as refusal:
        store.floor.reopen_floor(first.intervention_id)
    assert str(refusal.value) == (
        f"{speaker.delegation} was just given the floor at another station; press again to move on."
    )
    monkeypatch.undo()
    assert store.floor.current(panel.id) == speaker
    assert store.floor.intervention(first.intervention_id).floor_taken_at is not None
    assert store.last_journal_id() == before


def test_two_presses_without_the_slot_lock_still_leave_one_speaker(
    store: Store, panel: SlotView, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lock gone (a bug) and no expectation: the index alone decides, and the loser is
    told in the floor's sentence. On PostgreSQL (an SQLite file lets one writer in)."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("two writers at once: a database server")
    monkeypatch.setattr(giving_the_floor, "hold_the_slot", lambda _session, _slot: None)
    monkeypatch.setattr(giving_the_floor._HOLD_THE_SLOT, "run", lambda *_a, **_k: None)
    # Two requests a round: presses that do not meet (one thread late on a busy machine)
    # give the floor twice, to the next speaker and the one after.
    delegations = [d.id for d in store.delegations.all()]
    with store.transaction():
        for number in range(20):
            draft = RequestDraft(delegations[number % len(delegations)])
            store.speakers.add(panel.id, draft, clock.now())
    stations = [Store.open(store.engine.url, station=f"desk-{n}") for n in range(2)]
    refusals: list[str] = []
    try:
        for _round in range(10):

            def press(station: Store, start: threading.Barrier) -> None:
                start.wait()
                try:
                    station.floor.give_floor(panel.id, clock.now())
                except FloorConflict as refused:
                    refusals.append(str(refused))

            start = threading.Barrier(2)
            threads = [threading.Thread(target=press, args=(s, start)) for s in stations]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            with store.reading() as session:
                holding = session.scalar(
                    select(func.count()).where(
                        Intervention.slot_id == panel.id,
                        Intervention.floor_taken_at.is_(None),
                        Intervention.merged_into_id.is_(None),
                    )
                )
            assert holding == 1
            store.floor.take_floor_back(panel.id, clock.advance(30))
    finally:
        for station in stations:
            station.close()
    assert refusals, "the presses never met: the index was not tried"
    assert all(
        r.endswith("was just given the floor at another station; press again to move on.")
        for r in refusals
    )


def test_merging_the_speaker_into_the_one_before_hands_on_the_floor(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    """The one merged away lets go of the floor before the one kept takes it (the index
    would refuse the other order)."""
    first = store.floor.give_floor(panel.id, clock.now())
    second = store.floor.give_floor(panel.id, clock.advance(40))
    store.record.merge(first.intervention_id, second.intervention_id)
    current = store.floor.current(panel.id)
    assert current is not None and current.id == first.intervention_id
    store.floor.undo_give_floor(store.floor.give_floor(panel.id, clock.advance(10)))
    assert store.floor.current(panel.id) == current


def test_an_upgrade_closes_all_but_the_latest_speaker_and_journals_it(store_url: URL) -> None:
    """A database from before 0007 where two presses at once left three interventions
    holding the floor in one slot (and a pause running): the one given the floor last keeps
    it, the others end when the next speaker began, as giving the floor would have done."""
    engine = open_engine(store_url)
    config = migrate._config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0006")
    with engine.begin() as db:
        conference = _new(
            db,
            insert(Conference)
            .values(
                title="Alliance",
                venue="Hofburg",
                time_zone="Europe/Vienna",
                starts_on=GIVEN.date(),
                ends_on=GIVEN.date(),
                created_at=GIVEN,
            )
            .returning(Conference.id),
        )
        slot = _new(
            db,
            insert(AgendaSlot)
            .values(
                conference_id=conference,
                kind="panel",
                title="Panel 1",
                starts_at=GIVEN,
                ends_at=GIVEN + timedelta(hours=1),
            )
            .returning(AgendaSlot.id),
        )
        request = _new(
            db,
            insert(FloorRequest)
            .values(
                slot_id=slot,
                source="hall",
                kind="statement",
                channel="hall",
                status="speaking",
                received_at=GIVEN,
                position=1,
            )
            .returning(FloorRequest.id),
        )
        minute = timedelta(minutes=1)
        ids = [
            _new(db, insert(Intervention).values(row).returning(Intervention.id))
            for row in (
                _intervention(slot, GIVEN, floor_request_id=request),
                _intervention(slot, GIVEN + minute, floor_taken_at=GIVEN + 2 * minute),
                _intervention(slot, GIVEN + 3 * minute),
                _intervention(slot, GIVEN + 4 * minute),
            )
        ]
        db.execute(
            insert(InterventionPause).values(intervention_id=ids[2], paused_at=GIVEN + 3.5 * minute)
        )
    engine.dispose()

    store = Store.open(store_url, station="after")
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        record = {i.id: i for i in store.floor.interventions(slot)}
        assert record[ids[0]].floor_taken_at == GIVEN + minute  # when the next began
        assert record[ids[2]].floor_taken_at == GIVEN + 4 * minute
        assert record[ids[2]].pauses[-1].resumed_at == GIVEN + 4 * minute
        current = store.floor.current(slot)
        assert current is not None and current.id == ids[3]
        assert store.speakers.requests_with_ids([request])[0].status.value == "spoken"
        with store.reading() as session:
            repairs = session.scalars(
                select(JournalEntry).where(JournalEntry.station == "migration 0007")
            ).all()
        assert [(e.action, e.entity_id) for e in repairs] == [
            ("record.taken_back", ids[0]),
            ("record.taken_back", ids[2]),
        ]
        assert repairs[0].details["at"] == (GIVEN + minute).isoformat()
        history = store.record.history(ids[0])
        assert history[-1].text.startswith("Floor closed afterwards")
    finally:
        store.close()


@pytest.mark.parametrize("dialect_name", ["sqlite", "postgresql"])
def test_the_models_index_is_partial_on_both_backends(dialect_name: str) -> None:
    """Its PostgreSQL condition is given when a server is opened (db.models.on_postgresql),
    not at import: the schema the models describe is the same on both backends then."""
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.schema import CreateIndex

    from db.models import ONE_SPEAKER, on_postgresql

    on_postgresql()  # as db.engine.open_engine does for a server
    dialect = (sqlite if dialect_name == "sqlite" else postgresql).dialect()
    made = str(CreateIndex(ONE_SPEAKER).compile(dialect=dialect))
    assert made.endswith("WHERE floor_taken_at IS NULL AND merged_into_id IS NULL")
