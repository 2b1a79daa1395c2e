"""The store's guard without a window (db/storage_fallback.py): the disk fills up, the
store carries on with a copy in memory, and the changes reach the file once it can."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from db.errors import FloorConflict
from db.guard import StoreCommand
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.storage_fallback import ChangeRefused, StorageFallback
from db.store import Store
from desktop.domain.clock import FakeClock
from tests.faults.test_storage_faults import storage_fails


@pytest.fixture
def file_store(store: Store) -> Store:
    if store.engine.url.get_backend_name() != "sqlite":
        pytest.skip("a fault of an SQLite file")
    return store


def on_the_file(db_path: Path) -> Store:
    return Store.open(URL.create("sqlite", database=str(db_path)), station="check")


def test_the_changes_wait_on_a_copy_and_reach_the_file(
    file_store: Store, panel: SlotView, db_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    store = file_store
    said: list[str] = []
    fallback = StorageFallback(store, tmp_path / "unsaved.pickle", status=said.append)
    austria = store.delegations.all()[0].id
    with storage_fails(store.engine, db_path, "disk full"):
        added = store.speakers.add(panel.id, RequestDraft(austria), clock.now())
        assert fallback.stand_in is not None and fallback.waiting == 1
        assert any(r.id == added for r in store.speakers.requests(panel.id))  # on the copy
        assert said[-1].startswith("The disk is full: Floordesk carries on in memory")
        assert not fallback.write_back() and fallback.recovery.exists()
    assert fallback.write_back()
    assert said[-1] == "" and fallback.stand_in is None and not fallback.recovery.exists()
    check = on_the_file(db_path)
    try:
        assert any(r.id == added for r in check.speakers.requests(panel.id))
    finally:
        check.close()
    fallback.close()
    assert store.guard is None


def test_an_import_in_the_background_is_refused_while_on_the_copy_not_lost(
    file_store: Store, panel: SlotView, db_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """A change from another thread would be made on the copy and never written: it is
    refused in one sentence; the window's own changes are held as before."""
    store = file_store
    fallback = StorageFallback(store, tmp_path / "unsaved.pickle")
    austria = store.delegations.all()[0].id
    outcome: list[object] = []

    def import_one() -> None:
        try:
            outcome.append(store.speakers.add(panel.id, RequestDraft(austria), clock.now()))
        except FloorConflict as refusal:
            outcome.append(refusal)

    with storage_fails(store.engine, db_path, "disk full"):
        store.speakers.add(panel.id, RequestDraft(austria), clock.now())
        assert fallback.stand_in is not None
        worker = threading.Thread(target=import_one)
        worker.start()
        worker.join()
        [refusal] = outcome
        assert isinstance(refusal, ChangeRefused)
        assert str(refusal).startswith("The disk is full: nothing is imported meanwhile")
        assert fallback.waiting == 1
    assert fallback.write_back()
    fallback.close()


class FloorNotHeld(StorageFallback):
    """A guard that keeps the list's changes but refuses the floor's while the storage
    fails (the decision db/storage_fallback.py leaves to ``holds``)."""

    def holds(self, command: StoreCommand) -> bool:
        return command.group != "floor"


def test_a_guard_may_refuse_changes_instead_of_holding_them(
    file_store: Store, panel: SlotView, db_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    store = file_store
    fallback = FloorNotHeld(store, tmp_path / "unsaved.pickle")
    austria = store.delegations.all()[0].id
    with storage_fails(store.engine, db_path, "read-only"):
        with pytest.raises(ChangeRefused, match="read-only: the floor was not changed"):
            store.floor.give_floor(panel.id, clock.now())
        assert fallback.waiting == 0 and store.floor.current(panel.id) is None
        added = store.speakers.add(panel.id, RequestDraft(austria), clock.now())
        assert fallback.waiting == 1
        with pytest.raises(FloorConflict, match="not changed"):  # on the copy too
            store.floor.give_floor(panel.id, clock.now())
        assert store.floor.current(panel.id) is None and fallback.waiting == 1
    assert fallback.write_back()
    check = on_the_file(db_path)
    try:
        assert any(r.id == added for r in check.speakers.requests(panel.id))
        assert check.floor.current(panel.id) is None
    finally:
        check.close()
    fallback.close()


def test_on_a_server_the_floor_is_refused_not_held_during_an_outage(
    store: Store, tmp_path: Path
) -> None:
    """Held and replayed when the server is back, an F5 would happen minutes late with
    its old time; the list's changes may wait. An SQLite file keeps everything (on its
    copy in memory, this station's own truth)."""
    fallback = StorageFallback(store, tmp_path / "unsaved.pickle")
    try:
        on_a_server = store.engine.dialect.name == "postgresql"
        assert fallback.holds(StoreCommand("floor", "give_floor", ())) is not on_a_server
        assert fallback.holds(StoreCommand("floor", "take_floor_back", ())) is not on_a_server
        assert fallback.holds(StoreCommand("speakers", "add", ()))
    finally:
        fallback.close()
