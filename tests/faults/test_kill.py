"""SIGKILL at random moments of a scripted session; after each restart nothing committed
is missing, the journal agrees with the rows, and the countdown shows its true value.

``FLOORDESK_FUZZ=thorough`` kills more often. The kill points follow from the seed
(``FLOORDESK_KILL_SEED``), printed on failure.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select
from sqlalchemy.engine import URL

from db.models import FloorRequest, Intervention, JournalEntry
from db.store import Store
from desktop.demo import ensure_delegations, load_demo
from desktop.domain.clock import FakeClock
from desktop.domain.speaking_time import speaking_elapsed
from desktop.qt.desk.desk import Desk

pytestmark = pytest.mark.slow  # the real app in processes of its own

KILLS = 200 if os.environ.get("FLOORDESK_FUZZ") == "thorough" else 50
SEED = int(os.environ.get("FLOORDESK_KILL_SEED", "20260420"))
ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Floor:
    """What the log says about the current speaker: enough to know the true countdown."""

    id: int | None
    given: datetime
    pauses: list[list[datetime | None]] = field(default_factory=list)
    added: int = 0


@dataclass
class Truth:
    """Everything the killed sessions reported as committed."""

    requests: set[int] = field(default_factory=set)
    given: set[int] = field(default_factory=set)
    taken: set[int] = field(default_factory=set)
    notes: dict[int, str] = field(default_factory=dict)
    floor: Floor | None = None


def apply(floor: Floor | None, words: list[str]) -> Floor | None:
    """The current speaker after one logged change (``words`` without try/done)."""
    verb, at = words[0], datetime.fromisoformat(words[-1]) if words[0] != "note" else None
    if verb == "give":
        assert at is not None
        return Floor(int(words[1]) if len(words) == 3 else None, at)
    if verb == "take":
        return None
    if floor is None:
        return None
    copy = Floor(floor.id, floor.given, [list(p) for p in floor.pauses], floor.added)
    if verb == "pause":
        copy.pauses.append([at, None])
    elif verb == "resume":
        copy.pauses[-1][1] = max(at, copy.pauses[-1][0])  # type: ignore[arg-type,type-var]
    elif verb == "time":
        copy.added += int(words[2])
    return copy


def remaining(floor: Floor, limit_s: int, now: datetime) -> timedelta:
    from db.meeting.snapshots import PauseView

    pauses = [PauseView(start, end) for start, end in floor.pauses]  # type: ignore[arg-type]
    return timedelta(seconds=limit_s + floor.added) - speaking_elapsed(floor.given, pauses, now)


@pytest.fixture
def session_server() -> Iterator[subprocess.Popen[str]]:
    environment = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.scripted_session"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=ROOT,
    )
    yield server
    assert server.stdin is not None
    server.stdin.close()
    server.wait(timeout=30)
    if server.stdout is not None:
        server.stdout.close()


def run_until_killed(
    server: subprocess.Popen[str], line: str, log: Path, lines: int, rng: random.Random
) -> list[str]:
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write(line + "\n")
    server.stdin.flush()
    pid = int(server.stdout.readline().split()[1])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:  # until the session has logged ``lines`` lines
        if log.exists() and log.read_text().count("\n") >= lines:
            break
        time.sleep(0.002)
    time.sleep(rng.uniform(0, 0.02))  # and a little more: anywhere inside a change
    os.kill(pid, signal.SIGKILL)
    status = int(server.stdout.readline().split()[1])
    text = log.read_text()
    assert os.WIFSIGNALED(status), f"the session ended by itself: {text[-2000:]}"
    return text.splitlines()


def test_nothing_committed_is_lost_after_sigkill(
    tmp_path: Path, qtbot: QtBot, session_server: subprocess.Popen[str]
) -> None:
    path = tmp_path / "killed.sqlite"
    url = URL.create("sqlite", database=str(path))
    store = Store.open(url, station="setup")
    ensure_delegations(store)
    conference = load_demo(store)
    panel = next(s for s in store.agenda.slots(conference) if s.kind.value == "panel")
    store.close()
    rng = random.Random(SEED)
    truth = Truth()
    start = panel.starts_at + timedelta(minutes=5)
    started = time.monotonic()
    for kill in range(KILLS):
        log = tmp_path / f"session-{kill}.log"
        seed = SEED + kill
        lines = run_until_killed(
            session_server, f"{path} {seed} {start.isoformat()} {log}", log, rng.randint(1, 24), rng
        )
        context = f"kill {kill} (FLOORDESK_KILL_SEED={SEED}, session seed {seed})"
        assert not [x for x in lines if x.startswith("error")], context + str(lines[-3:])
        pending: list[str] | None = None
        for line in lines[1:]:
            kind, *words = line.split(" ")
            if kind == "try":
                pending = words
                continue
            pending = None
            record(truth, words)
        check_restart(url, panel.id, truth, pending, context, lines)
        last = max(
            (
                datetime.fromisoformat(x.split()[-1])
                for x in lines
                if x.startswith(("try", "start")) and not x.startswith("try note")
            ),
            default=start,
        )
        start = last + timedelta(minutes=1)
    print(
        f"{KILLS} kills in {time.monotonic() - started:.1f} s: {len(truth.requests)} requests, "
        f"{len(truth.given)} interventions, {len(truth.notes)} with notes"
    )


def record(truth: Truth, words: list[str]) -> None:
    verb = words[0]
    if verb == "add":
        truth.requests.add(int(words[1]))
    elif verb == "give":
        truth.given.add(int(words[1]))
    elif verb == "take":
        truth.taken.add(int(words[1]))
    elif verb == "note":
        truth.notes[int(words[1])] = " ".join(words[2:])
    if verb != "note":
        truth.floor = apply(truth.floor, words)


def check_restart(
    url: URL, slot_id: int, truth: Truth, pending: list[str] | None, context: str, log: list[str]
) -> None:
    store = Store.open(url, station="after-the-kill")
    try:
        with store.reading() as session:
            requests = set(session.scalars(select(FloorRequest.id)))
            interventions = {row.id: row for row in session.scalars(select(Intervention))}
            journal = list(session.scalars(select(JournalEntry).order_by(JournalEntry.id)))
            pauses = {i: len(row.pauses) for i, row in interventions.items()}
        assert truth.requests <= requests, context
        assert truth.given <= set(interventions), context
        for taken in truth.taken:
            assert interventions[taken].floor_taken_at is not None, context
        for intervention_id, notes in truth.notes.items():
            in_flight = pending and pending[0] == "note" and int(pending[1]) == intervention_id
            allowed = {notes, " ".join(pending[2:])} if in_flight and pending else {notes}
            assert interventions[intervention_id].notes in allowed, context
            truth.notes[intervention_id] = interventions[intervention_id].notes  # as it came out
        if pending and pending[0] == "note" and int(pending[1]) not in truth.notes:
            written = interventions[int(pending[1])].notes
            assert written in {"", " ".join(pending[2:])}, context
            truth.notes[int(pending[1])] = written
        check_journal(journal, requests, interventions, pauses, context)
        check_countdown(store, slot_id, truth, pending, context, log)
    finally:
        store.close()


def check_journal(
    journal: list[JournalEntry],
    requests: set[int],
    interventions: dict[int, Intervention],
    pauses: dict[int, int],
    context: str,
) -> None:
    ids = [entry.id for entry in journal]
    assert ids == sorted(set(ids)), context
    by_action: dict[tuple[str, int | None], list[JournalEntry]] = {}
    for entry in journal:
        by_action.setdefault((entry.action, entry.entity_id), []).append(entry)
    for request_id in requests:
        assert ("request.add", request_id) in by_action, f"{context}: request {request_id}"
    for intervention_id, row in interventions.items():
        assert ("floor.give", intervention_id) in by_action, context
        if row.floor_taken_at is not None:
            assert ("floor.take_back", intervention_id) in by_action, context
        assert len(by_action.get(("floor.pause", intervention_id), [])) == pauses[intervention_id]
        # The journal keeps the length of each save of the notes (not their text).
        notes = by_action.get(("record.notes", intervention_id), [])
        assert (notes[-1].details["chars"] if notes else 0) == len(row.notes), context


def check_countdown(
    store: Store,
    slot_id: int,
    truth: Truth,
    pending: list[str] | None,
    context: str,
    log: list[str],
) -> None:
    """The countdown after the restart, at a later clock, is the one the log implies."""
    stamps = [x.split()[-1] for x in log if x.startswith("try") and not x.startswith("try note")]
    now = datetime.fromisoformat(stamps[-1] if stamps else log[0].split()[1])
    now += timedelta(seconds=7)
    desk = Desk(store, FakeClock(now))
    try:
        desk.open_conference(None)
        desk.choose_slot(slot_id)
        desk.make_live(slot_id)  # found live already when someone has the floor
        shown = desk.current
        candidates = [truth.floor]
        if pending is not None and pending[0] not in {"add", "note"}:
            candidates.append(apply(truth.floor, pending))
        for floor in candidates:
            if floor is None or shown is None:
                if floor is None and shown is None:
                    truth.floor = floor
                    return
                continue
            if floor.id is not None and floor.id != shown.id:
                continue
            if floor.given != shown.floor_given_at:
                continue
            expected = remaining(floor, shown.limit_s, now)
            from desktop.domain.speaking_time import countdown

            actual = countdown(shown, now).remaining
            if abs(actual - expected) <= timedelta(milliseconds=1):
                truth.floor = Floor(shown.id, floor.given, floor.pauses, floor.added)
                if pending and pending[0] == "give":
                    truth.given.add(shown.id)
                return
        pytest.fail(f"{context}: countdown of {shown} is none of {candidates}")
    finally:
        desk.close()
