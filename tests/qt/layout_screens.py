"""Screenshots of the first window on a laptop's and a desktop's screen, for people to
look at: ``python -m tests.qt.layout_screens [folder]``.

The demo loaded for today at 14:25 (Panel 2 under way, the morning on record), the
window at its first size on a 1366×768 and a 1920×1080 screen (a task bar of 40 pixels
taken off), each role, the statistics dock and the shortcut sheet. Each screen size runs
in a process of its own: the offscreen platform takes its screen from a file at start.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time as monotonic
from datetime import date, time
from pathlib import Path

SCREENS = {"1366x768": (1366, 768), "1920x1080": (1920, 1080)}
TASK_BAR = 40
ROLES = ("moderator", "rapporteur", "technician")


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (width, height) in SCREENS.items():
            config = Path(tmp) / f"{name}.json"
            screen = {"name": name, "x": 0, "y": 0, "width": width, "height": height}
            config.write_text(json.dumps({"screens": [screen | {"logicalDpi": 96, "dpr": 1}]}))
            environment = os.environ | {"QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
            command = [sys.executable, "-m", "tests.qt.layout_screens", "--screen", name]
            subprocess.run([*command, str(folder)], env=environment, check=True)
    print(f"screenshots in {folder}")


def shoot(name: str, folder: Path) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication
    from sqlalchemy.engine import URL

    from db.store import Store
    from desktop.demo import load_demo
    from desktop.domain.clock import FakeClock
    from desktop.domain.conference_time import from_local
    from desktop.qt.app import open_window
    from desktop.qt.shortcut_sheet import ShortcutSheet
    from desktop.qt.window_size import first_window_size
    from desktop.services.sound import open_chimes
    from desktop.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv)
    width, height = SCREENS[name]
    available = QRect(0, 0, width, height - TASK_BAR)
    day = date(2026, 12, 7)
    now = from_local(day, time(14, 25), "Europe/Vienna")

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(URL.create("sqlite", database=f"{tmp}/screens.sqlite"), station="hall")
        load_demo(store, first_day=day, with_record=True, now=now)
        settings = Settings(Path(tmp) / "floordesk.ini")
        clock = FakeClock(now)
        _desk, window = open_window(store, settings, clock, open_chimes(["--aout=adummy"]))
        window.resize(first_window_size(available))
        window.show()
        window.desk.follow_clock()
        for role in ROLES:
            window.apply_role(role)
            settle()
            window.tick()
            if role == "rapporteur":
                deadline = monotonic.monotonic() + 10
                while window.statistics.stats is None and monotonic.monotonic() < deadline:
                    app.processEvents()
                settle()
                window.statistics.grab().save(str(folder / f"{name}-statistics.png"))
            settle()
            window.grab().save(str(folder / f"{name}-{role}.png"))
        # The floor given; another slot looked at (the banner); the outputs and their
        # miniatures; the hall's display with and without a message.
        window.apply_role("moderator")
        window.desk.give_floor()
        clock.advance(95)
        window.desk.settle()
        window.tick()
        settle()
        window.grab().save(str(folder / f"{name}-moderator-speaking.png"))
        # Through an outage of the server: the red line above the floor (its words as
        # desktop/qt/outage.py gives them).
        window.local_banner.show_local("14:26:10", 3)
        settle()
        window.grab().save(str(folder / f"{name}-moderator-local.png"))
        window.local_banner.end()
        later = [s for s in window.desk.slots if s.starts_at > window.desk.live_slot.starts_at]
        if later:
            window.choose_slot(later[0].id)
            window.tick()
            settle()
            window.grab().save(str(folder / f"{name}-moderator-another-slot.png"))
            window.desk.show_live()
        window.apply_role("technician")
        window.dock_of(window.display_controls).raise_()  # the Outputs tab
        window.outputs.set_message("Please conclude")
        window.tick()
        settle()
        window.grab().save(str(folder / f"{name}-technician-outputs.png"))
        display = window.speaker_display
        display.show_windowed()
        display.resize(width, height)
        settle()
        display.refresh()
        display.grab().save(str(folder / f"{name}-display-message.png"))
        window.outputs.set_message(None)
        display.refresh()
        settle()
        display.grab().save(str(folder / f"{name}-display.png"))
        display.hide()
        sheet = ShortcutSheet(window.menuBar(), window, available=available)
        sheet.show()
        settle()
        sheet.grab().save(str(folder / f"{name}-shortcuts.png"))
        sheet.close()
        window.close()
        store.close()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--screen":
        shoot(sys.argv[2], Path(sys.argv[3]))
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots/layout"))
