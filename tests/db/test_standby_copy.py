"""The standby copy a station keeps of its server (db/standby_copy.py) and the map from the
ids made on it to the server's (db/local_ids.py)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db import standby_copy
from db.floor.giving import FloorGiven
from db.local_ids import IdMap, Made, floor_slots, local_ids_in
from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.models import AppliedChange, FloorRequest, JournalEntry
from db.standby_copy import LOCAL_BASE, LOCAL_TOP, StandbyCopy, is_local_id, local_base, make_copy
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.storage_guard import StorageGuard, storage_guard

L_REQUEST = local_base("floor_request") + 1
L_TALK = local_base("intervention") + 1


def test_local_ids_are_apart_from_the_servers_and_from_each_other() -> None:
    bases = {local_base(table) for table in ("floor_request", "intervention", "journal")}
    assert len(bases) == 3 and all(LOCAL_BASE <= base < LOCAL_TOP for base in bases)
    assert LOCAL_TOP < 2**31  # Qt's int signals and PostgreSQL's integer take them
    assert is_local_id(L_TALK) and not is_local_id(7) and not is_local_id(True)
    assert not is_local_id(str(L_TALK))


def test_the_map_comes_from_the_entries_each_change_wrote_here_and_there() -> None:
    ids = IdMap()
    ids.learn(
        [Made(Action.REQUEST_ADD, "floor_request", L_REQUEST, 5)],
        [Made(Action.REQUEST_ADD, "floor_request", 41, 5)],
    )
    # F5 on the copy ended the server's intervention 3 and made L_TALK; on the server, 3
    # and 12: the entry in the same place, of the same action and kind, is the same row.
    ids.learn(
        [
            Made(Action.FLOOR_TAKE_BACK, "intervention", 3, 5),
            Made(Action.FLOOR_GIVE, "intervention", L_TALK, 5),
        ],
        [
            Made(Action.FLOOR_TAKE_BACK, "intervention", 3, 5),
            Made(Action.FLOOR_GIVE, "intervention", 12, 5),
        ],
    )
    assert ids.server_id == {L_REQUEST: 41, L_TALK: 12}
    f8 = {"op": Action.FLOOR_TAKE_BACK, "slot_id": 5, "expected": L_TALK}
    undo = {"given": {"intervention_id": L_TALK, "request_id": L_REQUEST, "others": [L_TALK]}}
    assert ids.rewrite(f8) == {"op": Action.FLOOR_TAKE_BACK, "slot_id": 5, "expected": 12}
    assert ids.rewrite((5, undo)) == (
        5,
        {"given": {"intervention_id": 12, "request_id": 41, "others": [12]}},
    )
    given = FloorGiven(intervention_id=L_TALK, request_id=L_REQUEST, ended_intervention_id=3)
    assert ids.rewrite(given) == FloorGiven(12, 41, 3)
    assert local_ids_in(ids.rewrite(f8)) == set()
    unknown = local_base("intervention") + 2
    assert local_ids_in(ids.rewrite({"expected": unknown, "x": [1, 2]})) == {unknown}


def test_an_entry_only_one_side_wrote_is_passed_over() -> None:
    """On the copy, F5 ended a speaker and gave the floor; on the server nobody spoke."""
    ids = IdMap()
    ids.learn(
        [
            Made(Action.FLOOR_TAKE_BACK, "intervention", 3, 5),
            Made(Action.FLOOR_GIVE, "intervention", L_TALK, 5),
        ],
        [Made(Action.FLOOR_GIVE, "intervention", 12, 5)],
    )
    assert ids.server_id == {L_TALK: 12}


def test_entries_that_differ_teach_nothing() -> None:
    ids = IdMap()
    ids.learn(
        [Made(Action.FLOOR_GIVE, "intervention", L_TALK, 5)],
        [Made(Action.FLOOR_TAKE_BACK, "intervention", 9, 5)],
    )
    assert ids.server_id == {}


def test_the_floor_slots_of_some_entries() -> None:
    made = [
        Made(Action.FLOOR_GIVE, "intervention", 1, 5),
        Made(Action.REQUEST_ADD, "floor_request", 2, 6),
        Made(Action.FLOOR_PAUSE, "intervention", 1, None),
    ]
    assert floor_slots(made) == {5}


@dataclass(frozen=True)
class _Plain:
    request_id: int


def test_dataclasses_and_named_tuples_are_rewritten_as_they_are() -> None:
    ids = IdMap()
    ids.server_id[L_REQUEST] = 8
    assert ids.rewrite([_Plain(L_REQUEST)]) == [_Plain(8)]
    entry = Made(Action.REQUEST_ADD, "floor_request", L_REQUEST)
    assert ids.rewrite(entry) == entry  # entries are what was written, not arguments


def test_a_copy_holds_every_row_and_numbers_its_own_apart(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    copy = make_copy(store.engine)
    try:
        for table in (FloorRequest, JournalEntry):
            with store.engine.connect() as there, copy.connect() as here:
                counted = select(func.count()).select_from(table)
                assert here.scalar(counted) == there.scalar(counted)
        journal_before = store.last_journal_id()
        before = store.use_engine(copy)
        try:
            austria = store.delegations.all()[0].id
            added = store.speakers.add(panel.id, RequestDraft(austria), clock.now())
            given = store.floor.give_floor(panel.id, clock.now() + timedelta(seconds=5))
            assert added == local_base("floor_request") + 1
            assert given.intervention_id == local_base("intervention") + 1
            assert store.last_journal_id() > local_base("journal")
            assert store.record.search(panel.conference_id, "austria") is not None
        finally:
            store.use_engine(before)
        assert store.last_journal_id() == journal_before  # the server is untouched
    finally:
        copy.dispose()


def test_a_copy_leaves_out_what_grows_all_conference_and_is_not_read_there(
    store: Store, panel: SlotView, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the server's exactly-once keys; of the journal, its last entries only (the
    server's last one among them: where an outage begins)."""
    austria = store.delegations.all()[0].id
    for _ in range(3):
        store.speakers.add(panel.id, RequestDraft(austria), clock.now())
    monkeypatch.setattr(standby_copy, "JOURNAL_KEPT", 2)
    copy = make_copy(store.engine)
    try:
        with store.engine.connect() as there, copy.connect() as here:
            assert there.scalar(select(func.count()).select_from(AppliedChange)) >= 3
            assert here.scalar(select(func.count()).select_from(AppliedChange)) == 0
            newest = select(JournalEntry.id).order_by(JournalEntry.id.desc()).limit(2)
            assert list(here.scalars(newest)) == list(there.scalars(newest))
            assert here.scalar(select(func.count()).select_from(JournalEntry)) == 2
    finally:
        copy.dispose()


def test_the_window_makes_the_copy_again_in_a_worker_after_the_journal_moved(
    qtbot: QtBot, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    """Off the window's thread, at most every few seconds; prints how long one copy of the
    demo conference takes."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("a standby copy is kept of a server")
    guard: StorageGuard = storage_guard(store)
    try:
        standby = guard.standby
        assert standby is not None
        threads: list[int] = []
        original = standby.refresh

        def refresh() -> bool:
            threads.append(threading.get_ident())
            return original()

        standby.refresh = refresh  # type: ignore[method-assign]
        qtbot.waitUntil(lambda: standby.ready and not guard._refreshing, timeout=5000)
        before = len(threads)  # the first one, made at start
        store.speakers.add(panel.id, RequestDraft(store.delegations.all()[0].id), clock.now())
        qtbot.waitUntil(lambda: len(threads) > before and not guard._refreshing, timeout=5000)
        assert threading.get_ident() not in threads
        copy = standby.take()
        assert copy is not None
        with copy.connect() as connection:  # the copy has the request added
            assert connection.scalar(select(func.max(JournalEntry.id))) == store.last_journal_id()
        copy.dispose()
        timings = []
        for _ in range(5):
            assert standby.refresh()
            timings.append(standby.last_refresh_s)
        print(f"one standby copy of the demo conference: {min(timings) * 1000:.0f} ms (best of 5)")
    finally:
        guard.close()


def test_a_copy_kept_by_nobody_is_closed() -> None:
    from sqlalchemy import create_engine

    server = create_engine("sqlite://")
    standby = StandbyCopy(server)
    standby.close()
    assert standby.take() is None and not standby.ready


def test_a_servers_copy_is_made_by_a_process_of_its_own_which_is_replaced_if_it_dies(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    """Not on this process's interpreter (db/standby_copier.py): the window's thread does
    not wait for its lock while the copy is made. The rows are the server's all the same,
    and a copier killed (out of memory, say) is started again by the next copy."""
    if store.engine.dialect.name != "postgresql":
        pytest.skip("a standby copy is kept of a server")
    import multiprocessing
    import os
    import signal

    from db import standby_copier

    store.speakers.add(panel.id, RequestDraft(store.delegations.all()[0].id), clock.now())
    standby = StandbyCopy(store.engine, make=standby_copier.made_by_the_copier)
    try:
        assert standby.refresh()
        copiers = multiprocessing.active_children()
        assert copiers and all(c.pid != os.getpid() for c in copiers)
        copy = standby.take()
        assert copy is not None
        with store.engine.connect() as there, copy.connect() as here:
            for table in (FloorRequest, JournalEntry):
                counted = select(func.count()).select_from(table)
                assert here.scalar(counted) == there.scalar(counted)
            assert here.scalar(select(func.max(JournalEntry.id))) == store.last_journal_id()
        copy.dispose()
        for copier in copiers:
            os.kill(copier.pid, signal.SIGKILL)  # type: ignore[arg-type]
            copier.join(5)
        # The one being asked when it died fails in one sentence; the next is made again.
        failed = not standby.refresh()
        assert standby.refresh(), "a new copier after the first died"
        assert failed or standby.ready
        assert standby_copier.WAIT_S >= 5  # longer than the server's own statement timeout
    finally:
        standby.close()


def test_a_copier_that_cannot_reach_the_server_says_why_in_one_line(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("a standby copy is kept of a server")
    from sqlalchemy import create_engine

    from db.standby_copier import CopyFailed, made_by_the_copier

    nowhere = store.engine.url.set(host="127.0.0.1", port=9)  # nothing listens: refused
    with pytest.raises(CopyFailed) as failed:
        made_by_the_copier(create_engine(nowhere))
    assert str(failed.value) and "\n" not in str(failed.value)
    standby = StandbyCopy(create_engine(nowhere), make=made_by_the_copier)
    try:
        assert not standby.refresh() and not standby.ready  # nothing to go on with yet
    finally:
        standby.close()
