"""A station's real window that presses F5 when told, for
tests/faults/test_floor_over_a_network.py.

    python -m tests.faults.floor_station <database URL> <station> <slot id> <settings file>

Opens the window as the app does (offscreen), with the slot live, and prints "ready".
Then reads lines:

- "see <intervention id|none>": lets the window catch up (its own sync: NOTIFY on
  PostgreSQL, the file's data version on SQLite) until it shows that intervention
  speaking, and prints "seen"; or "stale <what it shows>" after 10 s.
- "press <delay ms>": waits the delay (the operator's hand: the window does nothing
  meanwhile, so both presses are made on the picture it showed), presses F5 on the
  window as a key, and prints "given <intervention id> <ms>" or "refused <ms> <the
  status bar's sentence>", the milliseconds the press took.

An empty line closes the window and ends it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QDeadlineTimer, QEventLoop, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import make_url

from db.store import Store
from desktop.domain.clock import SystemClock
from desktop.qt.app import application, open_window
from desktop.qt.main_window import MainWindow
from desktop.settings import Settings

SEE_WITHIN_S = 10.0


def _shown(window: MainWindow) -> str:
    current = window.desk.current
    return str(current.id) if current is not None else "none"


def _until(app: QApplication, done: Callable[[], bool], within_s: float) -> bool:
    deadline = time.monotonic() + within_s
    while not done():
        if time.monotonic() > deadline:
            return False
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, QDeadlineTimer(20))
        if not done():
            time.sleep(0.002)  # no busy loop while the sync's worker reads
    return True


def _showing(window: MainWindow, intervention: str) -> Callable[[], bool]:
    return lambda: _shown(window) == intervention


def _press(window: MainWindow) -> str:
    desk = window.desk
    problems: list[str] = []
    desk.problem.connect(problems.append)
    before = desk.undo_stack.index()
    pressed = time.perf_counter()
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F5)
    took = (time.perf_counter() - pressed) * 1000
    desk.problem.disconnect(problems.append)
    if desk.undo_stack.index() > before and not problems:
        return f"given {_shown(window)} {took:.1f}"
    return f"refused {took:.1f} {window.statusBar().currentMessage()}"


def main(url: str, station: str, slot_id: int, settings_file: str) -> int:
    app = application()
    store = Store.open(make_url(url), station=station)
    try:
        _desk, window = open_window(store, Settings(Path(settings_file)), SystemClock())
        window.show()
        window.choose_slot(slot_id)
        window.desk.make_live(slot_id)
        window.activateWindow()
        if not _until(app, lambda: QApplication.activeWindow() is window, SEE_WITHIN_S):
            print("the window never became active", flush=True)
            return 1
        print("ready", flush=True)
        for line in sys.stdin:
            if not line.strip():
                break
            command, argument = line.split()
            if command == "see":
                seen = _until(app, _showing(window, argument), SEE_WITHIN_S)
                print("seen" if seen else f"stale {_shown(window)}", flush=True)
            elif command == "press":
                time.sleep(int(argument) / 1000)  # the operator's hand, not a test's wait
                print(_press(window), flush=True)
        window.close()
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    url, station, slot_id, settings_file = sys.argv[1:]
    sys.exit(main(url, station, int(slot_id), settings_file))
