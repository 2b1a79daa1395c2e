"""Exactly-once writes (db/exactly_once.py): a store command sent again with its key is
made once, and returns what it returned the first time; a change kept in the recovery
file that was in fact written is not written again at the next start."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from db import exactly_once
from db.exactly_once import ChangeAlreadyMade
from db.floor.giving import FloorGiven
from db.guard import StoreCommand
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import Change, SlotView
from db.meeting.vocabulary import Channel, RequestStatus
from db.models import AppliedChange, FloorRequest, Intervention, JournalEntry
from db.storage_fallback import StorageFallback
from db.store import Store
from desktop.domain.clock import FakeClock
from tests.db.test_store import delegation_id


def sent_again(store: Store, command: StoreCommand) -> Any:
    """The command run as the guard and the write-back run it: by its key."""
    method = getattr(store.command_groups[command.group], command.method)
    return store.exactly_once(command, method)(*command.args, **command.kwargs)


def count(store: Store, *where: Any, of: Any = JournalEntry) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(of).where(*where)) or 0)


def test_a_command_sent_again_is_made_once_and_returns_what_it_returned(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    heard: list[list[Change]] = []
    store.subscribe(heard.append)
    draft = RequestDraft(delegation_id(store, "Malta"), channel=Channel.REMOTE)
    add = StoreCommand("speakers", "add", (panel.id, draft, clock.now()))
    request_id = sent_again(store, add)
    assert sent_again(store, add) == request_id
    assert count(store, FloorRequest.delegation_id == draft.delegation_id, of=FloorRequest) == 1
    assert count(store, JournalEntry.action == "request.add", JournalEntry.entity_id == request_id)
    assert count(store, JournalEntry.entity_id == request_id) == 1
    # The second time, the listeners hear the change again (a retry's station had not).
    assert [c.entity_id for c in heard[-1]] == [c.entity_id for c in heard[0]] == [request_id]

    give = StoreCommand("floor", "give_floor", (panel.id, clock.advance(5), request_id))
    given = sent_again(store, give)
    assert isinstance(given, FloorGiven) and given.request_id == request_id
    assert sent_again(store, give) == given
    assert count(store, Intervention.slot_id == panel.id, of=Intervention) == 1
    current = store.floor.current(panel.id)
    assert current is not None and current.id == given.intervention_id
    assert count(store, of=AppliedChange) >= 2


def test_a_command_whose_transaction_rolled_back_is_made_when_sent_again(
    store: Store, panel: SlotView, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sent before, it is looked up; not found, it is made."""
    draft = RequestDraft(delegation_id(store, "Malta"))
    add = StoreCommand("speakers", "add", (panel.id, draft, clock.now()))
    with monkeypatch.context() as patched:
        patched.setattr(exactly_once, "remember", _fails)
        with pytest.raises(RuntimeError, match="the line dropped"):
            sent_again(store, add)
    assert add.attempted
    assert count(store, FloorRequest.delegation_id == draft.delegation_id, of=FloorRequest) == 0
    request_id = sent_again(store, add)
    assert [r.id for r in store.speakers.requests_with_ids([request_id])] == [request_id]


def _fails(*_args: object) -> None:
    raise RuntimeError("the line dropped")


def test_every_command_of_a_group_carries_a_key_of_its_own(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    austria = delegation_id(store, "Austria")
    before = count(store, of=AppliedChange)
    store.speakers.add(panel.id, RequestDraft(austria), clock.now())
    store.speakers.add(panel.id, RequestDraft(austria), clock.now())
    store.floor.current(panel.id)  # a reading writes nothing
    assert count(store, of=AppliedChange) == before + 2


def test_what_commands_return_is_kept_as_it_was(store: Store, panel: SlotView) -> None:
    """Values, views (dataclasses with times, enums, tuples), the floor's FloorGiven."""
    requests = store.speakers.requests(panel.id)
    for value in (
        None,
        3,
        "Holy See",
        [1, None],
        (1, "a"),
        {"kind": RequestStatus.WAITING},
        datetime(2026, 4, 20, 9, tzinfo=UTC),
        FloorGiven(4, None, 2),
        requests,
        store.agenda.slot(panel.id),
    ):
        assert exactly_once.decode(exactly_once.encode(value)) == value
    made = exactly_once.AlreadyApplied(None, [])
    with pytest.raises(ChangeAlreadyMade, match="saved already"):
        exactly_once.returned_value(made)
    # Outside the form (or outside the db package): not kept, and not imported on reading.
    with pytest.raises(exactly_once._NotKept):
        exactly_once.encode({1, 2})
    with pytest.raises(exactly_once._NotKept):
        exactly_once.decode({"dataclass": "os:system", "fields": {}})


def test_a_change_written_just_before_floordesk_stopped_is_not_written_again(
    store: Store, panel: SlotView, clock: FakeClock, tmp_path: Path
) -> None:
    """Killed between writing a waiting change and crossing it off the recovery file: at
    the next start the change is found by its key, and the list keeps one request."""
    draft = RequestDraft(delegation_id(store, "Iceland"))
    add = StoreCommand("speakers", "add", (panel.id, draft, clock.now()))
    request_id = sent_again(store, add)
    recovery = tmp_path / "unsaved.pickle"
    recovery.write_bytes(pickle.dumps([add]))
    saved: list[str] = []
    fallback = StorageFallback(store, recovery, saved=saved.append)
    try:
        assert fallback.recovered() == 1
        assert fallback.write_back()
    finally:
        fallback.close()
    assert saved == ["The database can be written again; 1 waiting change was saved."]
    iceland = FloorRequest.delegation_id == draft.delegation_id
    assert count(store, iceland, FloorRequest.status == RequestStatus.WAITING, of=FloorRequest) == 1
    assert count(store, JournalEntry.entity_id == request_id) == 1
    assert not recovery.exists()


def test_a_change_kept_by_an_older_floordesk_gets_a_key(
    store: Store, panel: SlotView, clock: FakeClock, tmp_path: Path
) -> None:
    draft = RequestDraft(delegation_id(store, "Iceland"))
    old = StoreCommand("speakers", "add", (panel.id, draft, clock.now()))
    del old.__dict__["key"]  # as pickled before changes had keys
    recovery = tmp_path / "unsaved.pickle"
    recovery.write_bytes(pickle.dumps([old]))
    fallback = StorageFallback(store, recovery)
    try:
        assert fallback.recovered() == 1
        assert len(fallback.held[0].key) == 32
        assert fallback.write_back()
    finally:
        fallback.close()
    assert count(store, FloorRequest.delegation_id == draft.delegation_id, of=FloorRequest) == 1


def test_the_keys_of_changes_a_week_old_are_forgotten_the_newer_kept(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    draft = RequestDraft(delegation_id(store, "Malta"))
    add = StoreCommand("speakers", "add", (panel.id, draft, clock.now()))
    request_id = sent_again(store, add)
    with store.reading() as session:
        made_at = session.scalar(
            select(AppliedChange.applied_at).where(AppliedChange.key == add.key)
        )
        # The store's database may hold keys made before (its template, copied per test).
        first = session.scalar(select(func.min(AppliedChange.applied_at)))
    assert made_at is not None and first is not None
    keys = count(store, of=AppliedChange)
    within = first + exactly_once.KEYS_KEPT_FOR - timedelta(minutes=1)
    assert exactly_once.forget_old_keys(store.engine, within) == 0
    assert sent_again(store, add) == request_id  # still known: not made twice
    past = made_at + exactly_once.KEYS_KEPT_FOR + timedelta(minutes=1)
    assert exactly_once.forget_old_keys(store.engine, past) == keys
    assert count(store, of=AppliedChange) == 0
    assert [r.id for r in store.speakers.requests_with_ids([request_id])] == [request_id]
