"""The database wakes the stations: a NOTIFY sent at commit (PostgreSQL), an SQLite file's
data version; a listener that notices the server lost. Real databases, no mocks."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.store import Store
from db.sync.file_watch import FileWatch
from db.sync.server_watch import ServerWatch
from db.sync.wake import CHANNEL

MOMENT = datetime(2026, 4, 20, 9, tzinfo=UTC)


def postgres_only(store: Store) -> None:
    if store.engine.url.get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL")


def add_request(store: Store, slot_id: int) -> int:
    delegation = store.delegations.all()[0]
    return store.speakers.add(slot_id, RequestDraft(delegation.id), MOMENT)


def add_and_change_ones_mind(store: Store, slot_id: int) -> None:
    with store.transaction():
        add_request(store, slot_id)
        raise RuntimeError("changed my mind")


class Wakes:
    """What a watcher told, from its thread."""

    def __init__(self) -> None:
        self.changes = 0
        self.health: list[str] = []
        self.changed = threading.Event()
        self.told = threading.Event()

    def on_change(self) -> None:
        self.changes += 1
        self.changed.set()

    def on_health(self, sentence: str) -> None:
        self.health.append(sentence)
        self.told.set()


def test_the_notification_comes_at_commit_and_never_for_a_rollback(
    store: Store, panel: SlotView
) -> None:
    postgres_only(store)
    import psycopg

    url = store.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with store.transaction():
            add_request(store, panel.id)
            assert list(listener.notifies(timeout=0.3)) == []  # not before the commit
        assert len(list(listener.notifies(timeout=2, stop_after=1))) == 1
        with pytest.raises(RuntimeError, match="changed my mind"):
            add_and_change_ones_mind(store, panel.id)
        assert list(listener.notifies(timeout=0.5)) == []


def test_an_sqlite_file_wakes_its_watcher_when_another_connection_commits(
    store: Store, panel: SlotView
) -> None:
    path = store.engine.url.database
    if store.engine.url.get_backend_name() != "sqlite" or path is None:
        pytest.skip("an SQLite file")
    from pathlib import Path

    wakes = Wakes()
    watch = FileWatch(Path(path), wakes.on_change).start()
    try:
        assert wakes.changed.wait(2)  # the first look: whatever came before it is read
        wakes.changed.clear()
        time.sleep(0.3)
        assert not wakes.changed.is_set(), "nothing changed: no wake-up"
        other = Store.open(store.engine.url, station="second")
        try:
            add_request(other, panel.id)
        finally:
            other.close()
        assert wakes.changed.wait(2)
    finally:
        watch.stop()


def test_the_listener_wakes_on_another_stations_change(store: Store, panel: SlotView) -> None:
    postgres_only(store)
    wakes = Wakes()
    watch = ServerWatch(store.engine, wakes.on_change, wakes.on_health).start()
    try:
        assert watch.listening.wait(5)
        assert wakes.changed.wait(2)  # once on listening: what came before is read
        wakes.changed.clear()
        other = Store.open(store.engine.url, station="second")
        try:
            add_request(other, panel.id)
        finally:
            other.close()
        assert wakes.changed.wait(2)
        assert wakes.health == []
    finally:
        watch.stop()


def test_a_listener_whose_backend_ended_listens_again_without_a_word(store: Store) -> None:
    """One backend ended (by a DBA, a pooler) is no lost server: the listener connects
    again at once, says nothing, and wakes the station for what it may have missed."""
    postgres_only(store)
    wakes = Wakes()
    watch = ServerWatch(store.engine, wakes.on_change, wakes.on_health).start()
    try:
        assert watch.listening.wait(5)
        assert wakes.changed.wait(2)
        wakes.changed.clear()
        first = watch.backend_pid
        admin = create_engine(store.engine.url)  # not the store's own connections
        try:
            with admin.connect() as connection:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
        finally:
            admin.dispose()
        assert wakes.changed.wait(3)
        assert watch.listening.is_set() and watch.backend_pid != first
        assert wakes.health == [] and not watch.gate.closed_because
    finally:
        watch.stop()
