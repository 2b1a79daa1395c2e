"""A moderator's session run by script, for the kill test (tests/faults/test_kill.py).

    python -m tests.faults.scripted_session serve

Imports the application once, then reads lines ``<database> <seed> <start> <log>``
on stdin; for each it forks a child that opens the real Store and the real Desk on
the database and runs a session there, writing to ``<log>`` (flushed, line by line)
every change *before* it is tried (``try ...``) and once it is committed
(``done ...``). The server prints ``pid <n>`` for the child and ``exit <status>``
when it is gone, so the test can kill the child with SIGKILL at any moment while
each run costs a fork, not a Python start.
"""

from __future__ import annotations

import os
import random
import sys
import traceback
from datetime import datetime
from typing import TextIO

from sqlalchemy.engine import URL

from db.meeting.drafts import RequestDraft
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.domain.roles import Role
from desktop.qt.desk.desk import Desk


def run_session(database: str, seed: int, start: datetime, log: TextIO) -> None:
    """Changes at random, as a moderator and a rapporteur would make them, until killed."""
    from PySide6.QtCore import QCoreApplication

    _app = QCoreApplication([])
    rng = random.Random(seed)
    clock = FakeClock(start)
    store = Store.open(URL.create("sqlite", database=database), station=f"kill-{seed}")
    desk = Desk(store, clock)
    desk.open_conference(None)
    panel = next(s for s in desk.slots if s.kind.value == "panel")
    desk.choose_slot(panel.id)
    desk.make_live(panel.id)  # the panel is the one in the hall
    delegations = [d.id for d in store.delegations.all()]
    problems: list[str] = []
    desk.problem.connect(problems.append)
    rapporteur = Desk(store, clock)  # the notes: the rapporteur's desk on the same store
    rapporteur.set_role(Role.RAPPORTEUR)
    rapporteur.problem.connect(problems.append)

    def say(line: str) -> None:
        log.write(line + "\n")
        log.flush()

    say(f"start {clock.now().isoformat()}")
    for number in range(100_000):
        clock.advance(rng.uniform(0.5, 40))
        at = clock.now().isoformat()
        current = desk.current
        choice = rng.random()
        anyone_waiting = bool(store.speakers.waiting(panel.id))
        if choice < 0.35 or (current is None and not anyone_waiting):
            delegation = rng.choice(delegations)
            say(f"try add {delegation} {at}")
            request_id = desk.add_request(RequestDraft(delegation))
            say(f"done add {request_id} {at}")
        elif anyone_waiting and (current is None or choice < 0.5):
            say(f"try give {at}")
            desk.give_floor()
            assert desk.current is not None, problems
            say(f"done give {desk.current.id} {at}")
        elif choice < 0.6:
            say(f"try take {current.id} {at}")
            desk.take_floor_back()
            say(f"done take {current.id} {at}")
        elif choice < 0.75:
            verb = "resume" if current.is_paused else "pause"
            say(f"try {verb} {current.id} {at}")
            desk.pause_or_resume()
            say(f"done {verb} {current.id} {at}")
        elif choice < 0.85:
            say(f"try time {current.id} 30 {at}")
            desk.add_time(30)
            say(f"done time {current.id} 30 {at}")
        else:
            notes = f"note {seed}-{number}"
            say(f"try note {current.id} {notes}")
            rapporteur.save_notes(current.id, notes)
            say(f"done note {current.id} {notes}")
        assert not problems, problems


def serve() -> None:
    for line in sys.stdin:
        database, seed, start, log_path = line.split()
        pid = os.fork()
        if pid == 0:
            status = 1
            with open(log_path, "w", encoding="utf-8") as log:
                try:
                    run_session(database, int(seed), datetime.fromisoformat(start), log)
                except BaseException:
                    log.write("error " + traceback.format_exc().replace("\n", " | ") + "\n")
                finally:
                    log.flush()
                    os._exit(status)
        print(f"pid {pid}", flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"exit {status}", flush=True)


if __name__ == "__main__":
    serve()
