"""A moderator working through an outage of the shared PostgreSQL server (issue 18).

Real windows on a real server, the server cut off by the TCP proxy on loopback
(tests/faults/tcp_proxy.py): the station's listener notices, the desk goes on on its
standby copy (db/standby_copy.py) with F5 and F8 pressed as keys; nothing reaches the
server meanwhile. When it answers again, the merge dialog is shown, and what it writes
is what happened, at the times it happened, once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import Change, SlotView
from db.models import AppliedChange, FloorRequest, Intervention, JournalEntry
from db.standby_copy import StandbyCopy, is_local_id
from db.steps import step
from db.storage_fallback import StorageFallback
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.kept_changes import take_at_start, waiting_sets
from desktop.qt.app import open_window
from desktop.qt.main_window import MainWindow
from desktop.qt.outage_merge_dialog import CONFLICT, OutageMergeDialog
from desktop.settings import Settings
from tests.db.test_store import delegation_id
from tests.faults.tcp_proxy import TcpProxy


@pytest.fixture
def proxy(store: Store) -> Iterator[TcpProxy]:
    url = store.engine.url
    if url.get_backend_name() != "postgresql":
        pytest.skip("an outage of the shared database server")
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as running:
        yield running


@pytest.fixture
def open_station(
    qtbot: QtBot, tmp_path: Path, clock: FakeClock
) -> Iterator[Callable[[Store], MainWindow]]:
    opened: list[tuple[MainWindow, Store]] = []

    def open_on(station: Store) -> MainWindow:
        settings = Settings(tmp_path / f"station-{len(opened)}.ini")
        _desk, window = open_window(station, settings, clock)
        qtbot.addWidget(window)
        window.show()
        opened.append((window, station))
        watch = window.station_sync.watch
        assert watch is not None
        qtbot.waitUntil(watch.listening.is_set, timeout=5000)  # type: ignore[attr-defined]
        guard = window.storage_guard
        assert guard is not None and guard.standby is not None
        qtbot.waitUntil(lambda: guard.standby is not None and guard.standby.ready, timeout=5000)
        return window

    yield open_on
    for window, station in opened:
        window.close()
        station.close()


def behind(proxy: TcpProxy, store: Store, name: str) -> Store:
    return Store.open(store.engine.url.set(host="127.0.0.1", port=proxy.port), station=name)


def on_the_panel(window: MainWindow, panel: SlotView) -> MainWindow:
    """The window showing the panel, live in the hall: where the moderator works."""
    window.choose_slot(panel.id)
    window.desk.make_live(panel.id)
    return window


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key)


def interventions(store: Store, slot_id: int) -> list[Intervention]:
    with store.reading() as session:
        return list(
            session.scalars(
                select(Intervention)
                .where(Intervention.slot_id == slot_id)
                .order_by(Intervention.floor_given_at, Intervention.id)
            )
        )


def count(store: Store, *where: Any, of: Any = JournalEntry) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(of).where(*where)) or 0)


def cut_off(qtbot: QtBot, proxy: TcpProxy, window: MainWindow) -> float:
    """The server gone for this station; returns when (monotonic) the desk went local."""
    proxy.refusing = True
    proxy.cut()
    guard = window.storage_guard
    assert guard is not None
    qtbot.waitUntil(lambda: guard.fallback.working_locally, timeout=3000)
    return time.monotonic()


def merge_dialog(qtbot: QtBot, window: MainWindow) -> OutageMergeDialog:
    outage = window.outage
    assert outage is not None
    qtbot.waitUntil(lambda: outage.dialog is not None and outage.dialog.isVisible(), timeout=10_000)
    assert outage.dialog is not None
    return outage.dialog


@pytest.mark.parametrize(
    "outage_s", [pytest.param(3, id="3s"), pytest.param(30, id="30s", marks=pytest.mark.slow)]
)
def test_the_moderator_works_through_an_outage_and_the_record_is_what_happened(
    qtbot: QtBot,
    store: Store,
    panel: SlotView,
    clock: FakeClock,
    proxy: TcpProxy,
    open_station: Callable[[Store], MainWindow],
    outage_s: int,
) -> None:
    moderator = open_station(behind(proxy, store, "moderator"))
    rapporteur = open_station(Store.open(store.engine.url, station="rapporteur"))
    given_seen: set[int] = set()

    def follow(changes: list[Change]) -> None:
        given_seen.update(c.entity_id for c in changes if c.action == Action.FLOOR_GIVE)  # type: ignore[misc]

    rapporteur.desk.changes.connect(follow)
    on_the_panel(moderator, panel)
    desk = moderator.desk
    malta = delegation_id(store, "Malta")
    journal_before = store.last_journal_id()

    went_local = cut_off(qtbot, proxy, moderator)
    banner = moderator.server_banner  # one banner says it all
    assert banner.isVisible() and "Working on this station's copy" in banner.text()
    assert not moderator.storage_banner.isVisible()  # type: ignore[attr-defined]
    presses: list[datetime] = []
    clock.advance(5)
    press(qtbot, moderator, Qt.Key.Key_F5)
    presses.append(clock.now())
    first = desk.current
    assert first is not None and is_local_id(first.id)
    clock.advance(40)
    press(qtbot, moderator, Qt.Key.Key_F5)  # the next speaker: the first one's floor ends
    presses.append(clock.now())
    second = desk.current
    assert second is not None and second.id != first.id
    clock.advance(30)
    press(qtbot, moderator, Qt.Key.Key_F8)
    presses.append(clock.now())
    assert desk.current is None
    clock.advance(5)
    added = desk.add_request(RequestDraft(malta), slot_id=panel.id)
    added_at = clock.now()
    assert added is not None and is_local_id(added)
    assert "4 changes made here, merged as you decide" in banner.text()
    # Above the floor too, where the moderator looks, not only in the status bar.
    local = moderator.local_banner
    assert local.isVisible() and "LOCAL" in local.text()
    assert "4 changes made here wait" in local.text()
    while time.monotonic() - went_local < outage_s:  # the outage lasts; the desk goes on
        qtbot.wait(250)
    assert store.last_journal_id() == journal_before  # nothing reached the server
    assert interventions(store, panel.id) == []

    clock.advance(600)  # the server answers ten minutes after the last press
    proxy.refusing = False
    dialog = merge_dialog(qtbot, moderator)
    assert dialog.ticked() == [True] * 4 and not any(dialog.conflicts)
    dialog.write_button.click()
    guard = moderator.storage_guard
    assert guard is not None
    qtbot.waitUntil(lambda: not guard.fallback.working_locally, timeout=3000)
    assert "4 changes made during the outage were written with their times" in dialog.outcome
    assert not moderator.local_banner.isVisible()

    record = interventions(store, panel.id)
    assert [(i.floor_given_at, i.floor_taken_at) for i in record] == [
        (presses[0], presses[1]),
        (presses[1], presses[2]),
    ]
    assert [i.floor_request_id for i in record] == [first.floor_request_id, second.floor_request_id]
    assert count(store, JournalEntry.action == Action.FLOOR_GIVE) == 2
    assert count(store, JournalEntry.action == Action.FLOOR_TAKE_BACK) == 2
    requests = count(store, FloorRequest.delegation_id == malta, of=FloorRequest)
    with store.reading() as session:
        malta_at = session.scalars(
            select(FloorRequest.received_at).where(
                FloorRequest.delegation_id == malta, FloorRequest.slot_id == panel.id
            )
        ).all()
    assert requests == 1 and list(malta_at) == [added_at]
    assert count(store, AppliedChange.station == "moderator", of=AppliedChange) >= 4
    # The moderator's desk shows the server's rows; the other station shows them too.
    qtbot.waitUntil(lambda: given_seen >= {i.id for i in record}, timeout=5000)
    assert desk.current is None
    assert not any(is_local_id(r.id) for r in moderator.speakers.rows_waiting())
    assert desk.journal_read_from < 1_000_000_000
    # The undo history is the one the merge wrote on the server: Ctrl+Z takes the last
    # change made during the outage back there.
    desk.undo_stack.undo()
    with store.reading() as session:
        status = session.scalar(
            select(FloorRequest.status).where(FloorRequest.delegation_id == malta)
        )
    assert status is not None and status.value == "withdrawn"


def test_a_floor_change_another_station_made_meanwhile_is_a_conflict_left_to_the_moderator(
    qtbot: QtBot,
    store: Store,
    panel: SlotView,
    clock: FakeClock,
    proxy: TcpProxy,
    open_station: Callable[[Store], MainWindow],
) -> None:
    moderator = open_station(behind(proxy, store, "moderator"))
    on_the_panel(moderator, panel)
    desk = moderator.desk
    malta = delegation_id(store, "Malta")
    cut_off(qtbot, proxy, moderator)
    clock.advance(5)
    press(qtbot, moderator, Qt.Key.Key_F5)  # here, on the copy
    clock.advance(5)
    desk.add_request(RequestDraft(malta), slot_id=panel.id)
    other = Store.open(store.engine.url, station="moderator-2")
    try:
        theirs = other.floor.give_floor(panel.id, clock.now(), expected=None)
    finally:
        other.close()

    proxy.refusing = False
    dialog = merge_dialog(qtbot, moderator)
    assert dialog.conflicts == [True, False] and dialog.ticked() == [False, True]
    assert dialog.model.item(0, 2).text() == CONFLICT
    assert dialog.elsewhere.rowCount() >= 1
    assert dialog.elsewhere.item(0, 1).text() == "moderator-2"
    dialog.write_button.click()
    guard = moderator.storage_guard
    assert guard is not None
    qtbot.waitUntil(lambda: not guard.fallback.working_locally, timeout=3000)
    assert "1 set aside in" in dialog.outcome
    aside = Path(dialog.outcome.split("set aside in ", 1)[1].rstrip("."))
    assert aside.exists() and "The floor given" in aside.with_suffix(".txt").read_text()
    # The other station's record stays as it was: its speaker, still speaking, alone.
    record = interventions(store, panel.id)
    assert [(i.id, i.floor_taken_at) for i in record] == [(theirs.intervention_id, None)]
    assert count(store, FloorRequest.delegation_id == malta, of=FloorRequest) == 1
    qtbot.waitUntil(
        lambda: desk.current is not None and desk.current.id == theirs.intervention_id,
        timeout=5000,
    )


def test_a_reply_lost_during_the_merge_writes_nothing_twice(
    store: Store, panel: SlotView, clock: FakeClock, proxy: TcpProxy, tmp_path: Path
) -> None:
    """The first COMMIT of the merge reaches the server and its reply is lost: the merge
    stops there; written again, that change is found by its key, and the later ones that
    name its rows get the server's ids."""
    station = behind(proxy, store, "moderator")
    fallback = StorageFallback(station, tmp_path / "unsaved.pickle")
    fallback.standby = StandbyCopy(station.engine)
    try:
        assert fallback.standby.refresh()
        conference = panel.conference_id
        proxy.refusing = True
        proxy.cut()
        assert fallback.go_local("The database server does not answer")
        history = station.history
        malta = delegation_id(store, "Malta")
        added = history.carry_out(
            conference,
            "Add Malta",
            step(Action.REQUEST_ADD, slot_id=panel.id, draft={"delegation_id": malta}),
            None,
            clock.now(),
        )
        clock.advance(10)
        given = history.carry_out(
            conference,
            "Give the floor to Malta",
            step(Action.FLOOR_GIVE, slot_id=panel.id, request_id=added.made, expected=None),
            None,
            clock.now(),
        )
        clock.advance(60)
        history.carry_out(
            conference,
            "Take the floor back",
            step(Action.FLOOR_TAKE_BACK, slot_id=panel.id, expected=given.made),
            None,
            clock.now(),
        )
        assert (
            fallback.waiting == 3
            and count(store, FloorRequest.delegation_id == malta, of=FloorRequest) == 0
        )
        proxy.refusing = False
        proxy.lose_commit_reply()
        assert not fallback.write_back()  # the reply lost: it waits, with its key
        assert proxy.commit_replies_lost == 1 and fallback.waiting == 3
        assert count(store, FloorRequest.delegation_id == malta, of=FloorRequest) == 1
        assert fallback.write_back()
        assert fallback.dropped == [] and not fallback.working_locally
        assert count(store, FloorRequest.delegation_id == malta, of=FloorRequest) == 1
        assert (
            count(
                store,
                JournalEntry.action == Action.REQUEST_ADD,
                JournalEntry.station == "moderator",
            )
            == 1
        )
        record = interventions(store, panel.id)
        assert len(record) == 1 and record[0].floor_taken_at is not None
        with store.reading() as session:
            request_id = session.scalar(
                select(FloorRequest.id).where(FloorRequest.delegation_id == malta)
            )
        assert record[0].floor_request_id == request_id and not is_local_id(request_id)
    finally:
        fallback.close()
        fallback.standby.close()
        station.close()


def test_quitting_with_changes_made_during_the_outage_says_so_and_the_next_start_asks(
    qtbot: QtBot,
    store: Store,
    panel: SlotView,
    clock: FakeClock,
    proxy: TcpProxy,
    open_station: Callable[[Store], MainWindow],
) -> None:
    """Nothing made on the copy is lost or replayed silently: quitting asks, the changes
    are kept in the recovery file, and at the next start they wait for a decision; written
    then, the rows made on the copy get the server's ids."""
    station = behind(proxy, store, "moderator")
    moderator = open_station(station)
    on_the_panel(moderator, panel)
    cut_off(qtbot, proxy, moderator)
    clock.advance(5)
    press(qtbot, moderator, Qt.Key.Key_F5)
    given_at = clock.now()
    clock.advance(20)
    press(qtbot, moderator, Qt.Key.Key_F8)
    guard = moderator.storage_guard
    assert guard is not None
    server = guard.fallback.server
    moderator.close()
    question = moderator.quit_question
    assert question.isVisible() and "not written to the database yet" in question.text()
    quit_button = next(b for b in question.buttons() if b.text().startswith("Quit"))
    quit_button.click()
    qtbot.waitUntil(lambda: not moderator.isVisible(), timeout=3000)
    server.dispose()  # the store's engine is the copy's now: the server's is let go here
    assert interventions(store, panel.id) == []
    assert take_at_start(guard.recovery) is not None  # as at the next start
    (kept,) = waiting_sets(guard.recovery)
    shown = [change for change in kept.changes() if change.shown]
    assert [change.when for change in shown] == [given_at, given_at + timedelta(seconds=20)]
    proxy.refusing = False
    # "Write them to the database" at the next start (desktop/qt/kept_changes_dialog.py).
    again = StorageFallback(store, guard.recovery.with_name("next-start.pickle"))
    try:
        again.held = list(kept.commands)
        assert again.write_back() and again.dropped == []
    finally:
        again.close()
    record = interventions(store, panel.id)
    assert [(i.floor_given_at, i.floor_taken_at) for i in record] == [
        (given_at, given_at + timedelta(seconds=20))
    ]


def test_a_conflict_the_moderator_ticks_is_refused_in_one_sentence_if_it_no_longer_applies(
    qtbot: QtBot,
    store: Store,
    panel: SlotView,
    clock: FakeClock,
    proxy: TcpProxy,
    open_station: Callable[[Store], MainWindow],
) -> None:
    moderator = open_station(behind(proxy, store, "moderator"))
    on_the_panel(moderator, panel)
    cut_off(qtbot, proxy, moderator)
    clock.advance(5)
    press(qtbot, moderator, Qt.Key.Key_F5)
    other = Store.open(store.engine.url, station="moderator-2")
    try:
        theirs = other.floor.give_floor(panel.id, clock.now(), expected=None)
    finally:
        other.close()
    proxy.refusing = False
    dialog = merge_dialog(qtbot, moderator)
    dialog.tick(0)  # the moderator decides to try it
    dialog.write_button.click()
    guard = moderator.storage_guard
    assert guard is not None
    qtbot.waitUntil(lambda: not guard.fallback.working_locally, timeout=3000)
    assert "Not written, it no longer applied:" in dialog.outcome
    assert "0 changes made during the outage were written" in dialog.outcome
    record = interventions(store, panel.id)
    assert [(i.id, i.floor_taken_at) for i in record] == [(theirs.intervention_id, None)]


def test_the_merge_waits_beside_the_desk_which_goes_on_meanwhile(
    qtbot: QtBot,
    store: Store,
    panel: SlotView,
    clock: FakeClock,
    proxy: TcpProxy,
    open_station: Callable[[Store], MainWindow],
) -> None:
    """The server may come back in the middle of a speech: the decision waits beside the
    desk, which keeps the keys (F8 still ends the speech, on the copy), and what is made
    meanwhile joins the list to decide; nothing reaches the server before the decision."""
    moderator = open_station(behind(proxy, store, "moderator"))
    on_the_panel(moderator, panel)
    desk = moderator.desk
    journal_before = store.last_journal_id()
    cut_off(qtbot, proxy, moderator)
    clock.advance(5)
    press(qtbot, moderator, Qt.Key.Key_F5)
    given_at = clock.now()
    proxy.refusing = False
    dialog = merge_dialog(qtbot, moderator)
    assert not dialog.isModal() and dialog.model.rowCount() == 1
    assert dialog.windowModality() == Qt.WindowModality.NonModal
    clock.advance(20)
    press(qtbot, moderator, Qt.Key.Key_F8)  # the speech ends while the question waits
    assert desk.current is None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=3000)
    assert dialog.ticked() == [True, True]
    assert store.last_journal_id() == journal_before  # nothing written before the decision
    dialog.write_button.click()
    guard = moderator.storage_guard
    assert guard is not None
    qtbot.waitUntil(lambda: not guard.fallback.working_locally, timeout=3000)
    record = interventions(store, panel.id)
    assert [(i.floor_given_at, i.floor_taken_at) for i in record] == [
        (given_at, given_at + timedelta(seconds=20))
    ]
