"""Stations on a network that fails: two F5 at two stations within 50 ms, and COMMITs whose
reply never comes back. On PostgreSQL behind a TCP proxy on loopback (tests/faults/
tcp_proxy.py); the two presses also on one SQLite file. The stations that press are
real windows in processes of their own (tests/faults/floor_station.py), as two laptops
are, F5 pressed on each as a key."""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.engine import URL

from db.floor.giving import FloorGiven
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import Channel
from db.models import FloorRequest, Intervention, JournalEntry
from db.one_speaker import given_elsewhere
from db.storage_fallback import ChangeHeld, ChangeRefused, StorageFallback
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.desk.desk import Desk
from tests.db.test_store import delegation_id
from tests.faults.tcp_proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]
TRIALS = 100


@pytest.fixture
def proxy(store: Store) -> Iterator[TcpProxy]:
    url = store.engine.url
    if url.get_backend_name() != "postgresql":
        pytest.skip("a network between the stations and their database server")
    with TcpProxy(url.host or "127.0.0.1", url.port or 5432) as running:
        yield running


def through(proxy: TcpProxy, store: Store) -> URL:
    return store.engine.url.set(host="127.0.0.1", port=proxy.port)


@pytest.fixture
def station(store: Store, proxy: TcpProxy, tmp_path: Path) -> Iterator[Store]:
    """A station whose database is behind the proxy, with the window's storage guard."""
    behind = Store.open(through(proxy, store), station="hall")
    fallback = StorageFallback(behind, tmp_path / "unsaved.pickle")
    yield behind
    fallback.close()
    behind.close()


def count(store: Store, *where: Any, of: Any = JournalEntry) -> int:
    with store.reading() as session:
        return int(session.scalar(select(func.count()).select_from(of).where(*where)) or 0)


def holding_the_floor(store: Store, slot_id: int) -> list[int]:
    with store.reading() as session:
        return list(
            session.scalars(
                select(Intervention.id).where(
                    Intervention.slot_id == slot_id,
                    Intervention.floor_taken_at.is_(None),
                    Intervention.merged_into_id.is_(None),
                )
            )
        )


# -- two presses at two stations -------------------------------------------------------


def _press_station(url: URL, name: str, slot_id: int, err: Path) -> subprocess.Popen[str]:
    with err.open("w") as stderr:  # the child keeps its own copy
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.faults.floor_station",
                url.render_as_string(hide_password=False),
                name,
                str(slot_id),
                str(err.with_suffix(".ini")),  # the window's settings
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env=dict(os.environ, PYTHONPATH=str(ROOT)),
            cwd=ROOT,
        )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready", err.read_text()
    return process


@pytest.mark.slow
def test_two_stations_pressing_f5_within_50_ms_leave_one_speaker_and_tell_the_other(
    store: Store, panel: SlotView, clock: FakeClock, tmp_path: Path
) -> None:
    """100 trials, the second press 0–50 ms after the first (either station first), both
    made on the same picture of who speaks (each window shows the last trial's speaker
    first): one is given, the other window refused in the floor's one sentence naming who
    was given the floor, in its status bar; never two speakers."""
    url = store.engine.url
    proxy = None
    if url.get_backend_name() == "postgresql":
        proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
        proxy.delay_s = 0.0
        url = through(proxy, store)
    delegations = [d.id for d in store.delegations.all()]
    with store.transaction():
        for number in range(TRIALS + 10):
            store.speakers.add(panel.id, RequestDraft(delegations[number % 57]), clock.now())
    errors = [tmp_path / f"desk-{n}.err" for n in (1, 2)]
    stations = [_press_station(url, f"desk-{n}", panel.id, errors[n - 1]) for n in (1, 2)]
    draw = random.Random(18)
    given_ms: list[float] = []
    refused_ms: list[float] = []
    try:
        for trial in range(TRIALS):
            seen = store.floor.current(panel.id)
            for process in stations:
                _tell(process, f"see {seen.id if seen else 'none'}")
            assert [_reply(process) for process in stations] == [["seen"]] * 2, trial
            later = draw.randint(0, 50)
            delays = (0, later) if draw.random() < 0.5 else (later, 0)
            for process, delay in zip(stations, delays, strict=True):
                _tell(process, f"press {delay}")
            replies = [_reply(process) for process in stations]
            given = [r for r in replies if r[0] == "given"]
            refused = [r for r in replies if r[0] == "refused"]
            assert len(given) == len(refused) == 1, (trial, replies)
            speaking = holding_the_floor(store, panel.id)
            assert speaking == [int(given[0][1])], (trial, replies)
            winner = store.floor.intervention(speaking[0])
            assert refused[0][2] == given_elsewhere(winner.delegation), (trial, replies)
            given_ms.append(float(given[0][2]))
            refused_ms.append(float(refused[0][1]))
    finally:
        for process in stations:
            assert process.stdin is not None
            process.stdin.write("\n")
            process.stdin.close()
        for process in stations:
            process.wait(timeout=30)
            assert process.stdout is not None
            process.stdout.close()
        if proxy is not None:
            proxy.close()
    for process, err in zip(stations, errors, strict=True):
        assert process.returncode == 0, err.read_text()
    print(
        f"{TRIALS} trials on {store.engine.dialect.name}: F5 given in "
        f"{statistics.median(given_ms):.1f} ms (max {max(given_ms):.1f}), refused in "
        f"{statistics.median(refused_ms):.1f} ms (max {max(refused_ms):.1f})"
    )


def _tell(process: subprocess.Popen[str], line: str) -> None:
    assert process.stdin is not None
    process.stdin.write(f"{line}\n")
    process.stdin.flush()


def _reply(process: subprocess.Popen[str]) -> list[str]:
    """["given", id, ms] or ["refused", ms, sentence]."""
    assert process.stdout is not None
    line = process.stdout.readline().rstrip("\n")
    assert line, "the station stopped"
    return line.split(" ", 2)


# -- a COMMIT whose reply is lost --------------------------------------------------------


def test_a_list_change_whose_commit_reply_is_lost_is_made_once(
    store: Store, station: Store, proxy: TcpProxy, panel: SlotView, clock: FakeClock
) -> None:
    """The reply lost, the connection cut: the change is sent again at once with its key,
    found made, and the station gets the request's id — one request on the list."""
    malta = delegation_id(store, "Malta")
    proxy.lose_commit_reply()
    request_id = station.speakers.add(
        panel.id, RequestDraft(malta, channel=Channel.REMOTE), clock.now()
    )
    assert proxy.commit_replies_lost == 1
    assert station.guard is not None and station.guard.waiting == 0  # type: ignore[attr-defined]
    assert count(store, FloorRequest.delegation_id == malta, of=FloorRequest) == 1
    assert count(store, JournalEntry.entity_id == request_id, JournalEntry.action == "request.add")
    assert count(store, JournalEntry.action == "request.add", JournalEntry.station == "hall") == 1


def test_f5_whose_commit_reply_is_lost_gives_the_floor_once(
    store: Store, station: Store, proxy: TcpProxy, panel: SlotView, clock: FakeClock
) -> None:
    """Not given and taken back in the same instant, not given twice: one intervention,
    still speaking, and the station gets what giving the floor returned."""
    proxy.lose_commit_reply()
    given = station.floor.give_floor(panel.id, clock.now(), expected=None)
    assert proxy.commit_replies_lost == 1
    assert isinstance(given, FloorGiven)
    assert holding_the_floor(store, panel.id) == [given.intervention_id]
    assert count(store, Intervention.slot_id == panel.id, of=Intervention) == 1
    assert count(store, JournalEntry.action == "floor.give") == 1
    assert count(store, JournalEntry.action == "floor.take_back") == 0


def test_a_held_change_that_was_committed_is_not_written_again(
    store: Store, station: Store, proxy: TcpProxy, panel: SlotView, clock: FakeClock
) -> None:
    """The reply lost and the server gone at that moment: the change waits (it might not
    have been made); once the server is back, its key finds it made, and it is not
    written a second time."""
    malta = delegation_id(store, "Malta")
    fallback = station.guard
    assert isinstance(fallback, StorageFallback)
    proxy.lose_commit_reply(then_refuse=True)
    with pytest.raises(ChangeHeld, match="1 change waits"):
        station.speakers.add(panel.id, RequestDraft(malta), clock.now())
    assert fallback.waiting == 1
    assert count(store, FloorRequest.delegation_id == malta, of=FloorRequest) == 1  # it was
    assert not fallback.write_back()  # the server still away
    proxy.refusing = False
    saved: list[str] = []
    fallback._saved = saved.append
    assert fallback.write_back()
    assert saved == ["The database can be written again; 1 waiting change was saved."]
    assert count(store, FloorRequest.delegation_id == malta, of=FloorRequest) == 1
    assert count(store, JournalEntry.action == "request.add", JournalEntry.station == "hall") == 1


def test_f5_in_doubt_while_the_server_is_gone_is_said_so_and_never_replayed(
    store: Store, station: Store, proxy: TcpProxy, panel: SlotView, clock: FakeClock
) -> None:
    """The floor's changes are not held on a server (a late F5 would rewrite the hall's
    past): the moderator is told the floor may have changed, and the database says."""
    proxy.lose_commit_reply(then_refuse=True)
    with pytest.raises(ChangeRefused, match="connection was lost just as the floor changed"):
        station.floor.give_floor(panel.id, clock.now(), expected=None)
    proxy.refusing = False
    assert station.guard is not None and station.guard.write_back()  # type: ignore[attr-defined]
    assert len(holding_the_floor(store, panel.id)) == 1
    assert count(store, JournalEntry.action == "floor.give") == 1
    current = station.floor.current(panel.id)
    assert current is not None and current.id == holding_the_floor(store, panel.id)[0]


def test_f5_on_a_slow_line_cut_while_it_writes_gives_the_floor_once(
    store: Store,
    station: Store,
    proxy: TcpProxy,
    panel: SlotView,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Every message 10 ms late, and every connection cut 40 ms into the press (in a
    statement or at the COMMIT): sent again at once, the floor is given, once."""
    station.floor.current(panel.id)  # connected before the line slows down
    proxy.delay_s = 0.01
    cutter = threading.Timer(0.04, proxy.cut)
    cutter.start()
    try:
        given = station.floor.give_floor(panel.id, clock.now(), expected=None)
    finally:
        cutter.join()
    proxy.delay_s = 0.0
    assert "connection lost during floor.give_floor: sent again" in caplog.text
    assert holding_the_floor(store, panel.id) == [given.intervention_id]
    assert count(store, JournalEntry.action == "floor.give") == 1


def test_the_desk_undoes_an_f5_whose_reply_was_lost(
    qtbot: QtBot, store: Store, station: Store, proxy: TcpProxy, panel: SlotView, clock: FakeClock
) -> None:
    """What the retry returns is what giving the floor returned: the desk shows the
    speaker, its undo step is right, and Ctrl+Z takes that F5 back."""
    desk = Desk(station, clock)
    try:
        desk.open_conference(panel.conference_id)
        desk.choose_slot(panel.id)
        desk.make_live(panel.id)
        problems: list[str] = []
        desk.problem.connect(problems.append)
        proxy.lose_commit_reply()
        desk.give_floor()
        assert proxy.commit_replies_lost == 1 and problems == []
        speaking = holding_the_floor(store, panel.id)
        assert len(speaking) == 1
        assert desk.current is not None and desk.current.id == speaking[0]
        assert desk.undo_stack.count() == 1
        desk.undo_stack.undo()
        assert problems == []
        assert holding_the_floor(store, panel.id) == []
        assert count(store, Intervention.slot_id == panel.id, of=Intervention) == 0
    finally:
        desk.close()
