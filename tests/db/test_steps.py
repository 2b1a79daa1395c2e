"""Steps carried out by the undo history (db/steps.py, db/undo_history.py): the change, its
journal entries and its undo step in one transaction, as one command of the store."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from db.agenda.drafts import draft_from_plain, plain_draft
from db.agenda.removed import plain_removed, removed_from_plain
from db.guard import StoreCommand
from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import RequestStatus
from db.models import Attachment, UndoStep
from db.steps import OPS, step
from db.storage_fallback import StorageFallback
from db.store import Store
from desktop.domain.clock import FakeClock


def refuse_undo_rows(store: Store, event: str) -> None:
    """The undo history's table refuses ``event`` (INSERT, UPDATE), on the real database."""
    with store.engine.begin() as connection:
        if store.engine.dialect.name == "sqlite":
            connection.exec_driver_sql(
                f"CREATE TRIGGER refuse_{event.lower()} BEFORE {event} ON undo_step "
                "BEGIN SELECT RAISE(ABORT, 'no room for the undo step'); END"
            )
        else:
            connection.exec_driver_sql(
                "CREATE OR REPLACE FUNCTION refuse_undo() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'no room for the undo step'; END $$ LANGUAGE plpgsql"
            )
            connection.exec_driver_sql(
                f"CREATE TRIGGER refuse_{event.lower()} BEFORE {event} ON undo_step "
                "FOR EACH ROW EXECUTE FUNCTION refuse_undo()"
            )


def adding(store: Store, panel: SlotView, clock: FakeClock) -> dict[str, object]:
    austria = store.delegations.all()[0].id
    return step(
        Action.REQUEST_ADD, slot_id=panel.id, draft=asdict(RequestDraft(austria)), at=clock.now()
    )


def test_a_change_is_not_made_when_its_undo_step_cannot_be_written(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    requests = store.speakers.requests(panel.id)
    last = store.last_journal_id()
    refuse_undo_rows(store, "INSERT")
    with pytest.raises(DBAPIError, match="no room for the undo step"):
        store.history.carry_out(
            panel.conference_id, "Add Austria", adding(store, panel, clock), None, clock.now()
        )
    assert store.speakers.requests(panel.id) == requests  # the request went with it
    assert store.last_journal_id() == last  # and its journal entry
    assert store.history.steps(panel.conference_id) == []


def test_an_undo_is_not_made_when_its_step_cannot_be_marked(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    carried = store.history.carry_out(
        panel.conference_id, "Add Austria", adding(store, panel, clock), None, clock.now()
    )
    assert carried.sequence is not None and carried.undo is not None
    added = carried.made
    last = store.last_journal_id()
    refuse_undo_rows(store, "UPDATE")
    with pytest.raises(DBAPIError, match="no room for the undo step"):
        store.history.undo(carried.sequence, carried.redo, carried.undo, clock.now())
    waiting = [r.id for r in store.speakers.waiting(panel.id)]
    assert added in waiting and store.last_journal_id() == last
    assert [s.undone for s in store.history.steps(panel.conference_id)] == [False]


def test_a_step_carried_out_is_kept_with_what_undoes_it(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    carried = store.history.carry_out(
        panel.conference_id, "Add Austria", adding(store, panel, clock), None, clock.now()
    )
    (saved,) = store.history.steps(panel.conference_id)
    assert (saved.sequence, saved.label, saved.undone) == (carried.sequence, "Add Austria", False)
    # Made again, the request is put back, not added a second time.
    assert saved.redo == step(
        Action.REQUEST_STATUS, request_id=carried.made, status=RequestStatus.WAITING
    )
    assert saved.undo == step(
        Action.REQUEST_STATUS, request_id=carried.made, status=RequestStatus.WITHDRAWN
    )
    undone = store.history.undo(saved.sequence, saved.redo, saved.undo, clock.now())
    assert carried.made not in [r.id for r in store.speakers.waiting(panel.id)]
    assert [s.undone for s in store.history.steps(panel.conference_id)] == [True]
    store.history.redo(saved.sequence, undone.redo, undone.undo, clock.now())
    assert carried.made in [r.id for r in store.speakers.waiting(panel.id)]


def test_a_change_without_an_undo_keeps_no_step_and_ends_the_undone_branch(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    first = store.history.carry_out(
        panel.conference_id, "Add", adding(store, panel, clock), None, clock.now()
    )
    assert first.sequence is not None and first.undo is not None
    store.history.undo(first.sequence, first.redo, first.undo, clock.now())
    current = store.floor.current(panel.id)
    store.history.carry_out(
        panel.conference_id, "Give", step(Action.FLOOR_GIVE, slot_id=panel.id), None, clock.now()
    )  # its undo is worked out: kept
    given = store.floor.current(panel.id)
    assert given is not None and given != current
    assert [s.label for s in store.history.steps(panel.conference_id)] == ["Give"]  # "Add" gone
    paused = store.history.carry_out(
        panel.conference_id,
        "Pause",
        step(Action.FLOOR_PAUSE, intervention_id=given.id, at=clock.now()),
        None,
        clock.now(),
    )
    assert paused.sequence is None and paused.undo is None
    assert len(store.history.steps(panel.conference_id)) == 1


def test_a_deleted_slot_comes_back_whole_from_its_saved_step_after_a_restart(
    store: Store, store_url: URL, panel: SlotView, clock: FakeClock
) -> None:
    first = store.speakers.waiting(panel.id)[0]
    with store.transaction() as session:
        session.add(
            Attachment(
                floor_request_id=first.id,
                filename="statement.pdf",
                media_type="application/pdf",
                sha256="0" * 64,
                content=b"%PDF-1.7 \x00\xff",
                added_at=clock.now(),
            )
        )
    store.speakers.close_list(panel.id, clock.now())
    before = store.agenda.slot(panel.id)
    requests = store.speakers.requests(panel.id)
    delete = step(Action.SLOT_DELETE, slot_id=panel.id)
    store.history.carry_out(panel.conference_id, "Delete the slot", delete, None, clock.now())
    assert panel.id not in [s.id for s in store.agenda.slots(panel.conference_id)]

    again = Store.open(store_url, station=store.station)  # Floordesk started again
    try:
        (saved,) = again.history.steps(panel.conference_id)
        assert saved.undo["op"] == Action.SLOT_RESTORE
        undone = again.history.undo(saved.sequence, saved.redo, saved.undo, clock.now())
        assert again.agenda.slot(panel.id) == before
        assert again.speakers.requests(panel.id) == requests
        with again.reading() as session:
            content = session.scalar(
                select(Attachment.content).where(Attachment.floor_request_id == first.id)
            )
        assert content == b"%PDF-1.7 \x00\xff"
        assert undone.redo == delete  # deleted again under the id it came back with
    finally:
        again.close()


def test_drafts_and_removed_slots_are_kept_as_json_and_read_back_equal(
    store: Store, panel: SlotView
) -> None:
    draft = store.agenda.slot_draft(panel.id)
    assert draft_from_plain(plain_draft(draft)) == draft
    removed = store.agenda.remove_slot(panel.id, with_requests=True)
    plain = plain_removed(removed)
    assert removed_from_plain(plain) == removed
    with store.transaction() as session:  # the undo history's JSON column takes it
        session.add(
            UndoStep(
                station="json",
                sequence=1,
                label="",
                command={"undo": plain},
                undone=False,
                recorded_at=panel.starts_at,
            )
        )


def test_every_op_is_a_journal_action() -> None:
    assert all(op in Action.__members__.values() for op in OPS)


def test_the_guard_decides_on_the_steps_subject(
    store: Store, panel: SlotView, clock: FakeClock, tmp_path: Path
) -> None:
    """A floor step is the floor's, though the undo history carries it out: refused, not
    held, on a server during an outage (db/storage_fallback.py); a list step may wait."""
    fallback = StorageFallback(store, tmp_path / "unsaved.pickle")
    try:
        on_a_server = store.engine.dialect.name == "postgresql"
        give = step(Action.FLOOR_GIVE, slot_id=panel.id)
        add = step(Action.REQUEST_STATUS, request_id=1, status=RequestStatus.WAITING)
        ungive = step(Action.FLOOR_UNDO_GIVE, given={})
        now = clock.now()
        carry_give = StoreCommand("history", "carry_out", (1, "Give", give, None, now))
        carry_add = StoreCommand("history", "carry_out", (1, "Add", add, None, now))
        undo_give = StoreCommand("history", "undo", (3, give, ungive, now))
        redo_give = StoreCommand("history", "redo", (3, give, ungive, now))
        undo_add = StoreCommand("history", "undo", (4, add, add, now))
        assert fallback.holds(carry_give) is not on_a_server
        assert fallback.holds(undo_give) is not on_a_server
        assert fallback.holds(redo_give) is not on_a_server
        assert fallback.holds(carry_add) and fallback.holds(undo_add)
        assert fallback.holds(StoreCommand("history", "relabel", (3, "Give")))
    finally:
        fallback.close()
