"""Run by the crash test: the real workspace on a database, notes typed into it until
the process is killed. Prints one line per keystroke: ``typed ID START COUNT MONOTONIC``
(the intervention, where its text starts in TEXT, how much of it is typed, when).

    python -m tests.qt.notes_typist DATABASE
"""

from __future__ import annotations

import os
import sys
import time
from datetime import timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import URL

from db.store import Store
from desktop.demo import load_demo
from desktop.domain.clock import FakeClock
from desktop.domain.roles import Role
from desktop.qt.desk.desk import Desk
from desktop.qt.record.record_workspace import RecordWorkspace

TEXT = (
    "Stressed that parallel financial investigations must start on the first day. "
    "Recommended that financial intelligence units share typologies with labour "
    "inspectorates and that confiscated assets go to a fund for victims. "
) * 4
FIRST_PART = 30  # then the floor goes to the next speaker, and the notes follow
KEY_MS = 12


def main(path: str) -> None:
    app = QApplication(sys.argv[:1])
    store = Store.open(URL.create("sqlite", database=path), station="typist")
    conference_id = load_demo(store)
    panel = next(s for s in store.agenda.slots(conference_id) if s.kind.value == "panel")
    clock = FakeClock(panel.starts_at + timedelta(minutes=40))
    desk = Desk(store, clock)
    desk.open_conference(conference_id)
    desk.choose_slot(panel.id)
    desk.make_live(panel.id)
    # The rapporteur's desk beside the moderator's, on the same store.
    rapporteur = Desk(store, clock)
    rapporteur.set_role(Role.RAPPORTEUR)
    rapporteur.open_conference(conference_id)
    rapporteur.choose_slot(panel.id)
    rapporteur.make_live(panel.id)
    workspace = RecordWorkspace(rapporteur)
    workspace.set_role("rapporteur")
    workspace.show()
    desk.give_floor()
    desk.settle()
    rapporteur.settle()
    typed = {"count": 0, "start": 0}

    def key() -> None:
        if typed["start"] == 0 and typed["count"] == FIRST_PART:
            clock.advance(120)
            desk.give_floor()  # the workspace follows: the first notes are saved at once
            desk.settle()  # as the event loop would before the next keystroke
            rapporteur.settle()
            typed["start"], typed["count"] = FIRST_PART, 0
        position = typed["start"] + typed["count"]
        if position >= len(TEXT):
            return
        workspace.notes.moveCursor(workspace.notes.textCursor().MoveOperation.End)
        workspace.notes.insertPlainText(TEXT[position])
        typed["count"] += 1
        print(
            f"typed {workspace.shown_id} {typed['start']} {typed['count']} {time.monotonic()}",
            flush=True,
        )

    timer = QTimer()
    timer.setInterval(KEY_MS)
    timer.timeout.connect(key)
    timer.start()
    print("ready", flush=True)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
