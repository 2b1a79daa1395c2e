"""A crash while notes are typed: everything typed more than a second before it is kept.

A real workspace in a subprocess types notes (the real widget, its real timer, the
real store) and is killed with SIGKILL; the database is then opened again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from db.store import Store
from tests.qt.notes_typist import TEXT

pytestmark = pytest.mark.slow  # the real app in processes of its own

TYPING_S = 2.2


def test_notes_typed_a_second_before_a_crash_survive_it(tmp_path: Path) -> None:
    database = tmp_path / "crash.sqlite"
    root = Path(__file__).resolve().parents[2]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    lines: list[str] = []
    with subprocess.Popen(
        [sys.executable, "-m", "tests.qt.notes_typist", str(database)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
        env=environment,
    ) as typist:
        assert typist.stdout is not None
        started: float | None = None
        try:
            while True:
                line = typist.stdout.readline()
                assert line, "the typist stopped before it was killed"
                lines.append(line)
                if line.startswith("typed") and started is None:
                    started = time.monotonic()
                if started is not None and time.monotonic() - started >= TYPING_S:
                    break
            typist.send_signal(signal.SIGKILL)
            killed_at = time.monotonic()
            typist.wait(timeout=10)
            lines.extend(typist.stdout.read().splitlines())
        finally:
            if typist.poll() is None:
                typist.kill()
                typist.wait()
    assert typist.returncode == -signal.SIGKILL

    # What each intervention held a second before the kill (the last keystroke by then).
    must_have: dict[int, tuple[int, int]] = {}
    typed_in: dict[int, tuple[int, int]] = {}
    for line in lines:
        if not line.startswith("typed"):
            continue
        _, ident, start, count, moment = line.split()
        typed_in[int(ident)] = (int(start), int(count))
        if float(moment) <= killed_at - 1.0:
            must_have[int(ident)] = (int(start), int(count))
    assert len(must_have) == 2, "typing went on in two interventions for over a second"

    store = Store.open(URL.create("sqlite", database=str(database)))
    try:
        for ident, (start, count) in must_have.items():
            notes = store.floor.intervention(ident).notes
            assert notes.startswith(TEXT[start : start + count])
            assert TEXT[start : start + typed_in[ident][1]].startswith(notes)
    finally:
        store.close()
