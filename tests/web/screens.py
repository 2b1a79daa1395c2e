"""Screenshots of the live pages in headless chromium, for people to look at:
``python -m tests.web.screens [folder]``.

The demo loaded for today at 14:25, Panel 2 live with a speaker on the floor, a written
statement sent by the next speaker; the phone page at 390×844 in English and in Russian,
the timer page at 1920×1080 (running, then with a message), the booth page at 1366×900,
the desk's Live pages pane with its QR code, and the hall's display between speakers with
the live list's QR code. Chromium runs on a thread while the
window's event loop serves it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PHONE = (390, 844)


def main(folder: Path) -> None:
    from PySide6.QtWidgets import QApplication
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from sqlalchemy.engine import URL

    from db.models import Attachment
    from db.store import Store
    from desktop.demo import load_demo
    from desktop.domain.clock import FakeClock
    from desktop.domain.conference_time import from_local
    from desktop.qt.app import open_window
    from desktop.services.sound import open_chimes
    from desktop.settings import Settings

    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    day = date(2026, 12, 7)
    now = from_local(day, time(14, 25), "Europe/Vienna")

    def in_thread(work: Callable[[], Any]) -> Any:
        box: dict[str, Any] = {}
        thread = threading.Thread(target=lambda: box.setdefault("value", work()), daemon=True)
        thread.start()
        while thread.is_alive():
            app.processEvents()
            thread.join(0.005)
        return box.get("value")

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--disable-gpu", "--no-sandbox", "--hide-scrollbars"):
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "chromedriver")

    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(URL.create("sqlite", database=f"{tmp}/screens.sqlite"), station="hall")
        load_demo(store, first_day=day, with_record=True, now=now)
        settings = Settings(Path(tmp) / "floordesk.ini")
        desk, window = open_window(store, settings, FakeClock(now), open_chimes(["--aout=adummy"]))
        window.show()
        desk.follow_clock()
        window.apply_role("technician")
        desk.give_floor()
        desk.settle()
        second = desk.next_up[0]
        with store.transaction() as session:
            session.add(
                Attachment(
                    floor_request_id=second.id,
                    filename="statement-en.txt",
                    media_type="text/plain",
                    sha256="0" * 64,
                    content=STATEMENT.encode(),
                    added_at=datetime.now(UTC),
                )
            )
        desk.settle()
        live = window.live_pages
        assert live.start("127.0.0.1", 0) is None
        base = f"http://127.0.0.1:{live.server.port}"
        driver = in_thread(lambda: webdriver.Chrome(options=options, service=service))

        def shoot(path: str, name: str, size: tuple[int, int], mobile: bool = False) -> None:
            width, height = size
            metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
            in_thread(lambda: driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics))
            in_thread(lambda: driver.get(base + path))
            for _ in range(200):
                if in_thread(lambda: driver.execute_script("return document.body.dataset.updated")):
                    break
            in_thread(lambda: driver.save_screenshot(str(folder / name)))
            print(folder / name)

        try:
            shoot("/list?lang=en", "phone-en-390x844.png", PHONE, mobile=True)
            shoot("/list?lang=ru", "phone-ru-390x844.png", PHONE, mobile=True)
            shoot("/timer", "timer-1920x1080.png", (1920, 1080))
            window.show_conclude()
            shoot("/timer", "timer-message-1920x1080.png", (1920, 1080))
            window.outputs.set_message(None)
            shoot("/booth?lang=fr", "booth-fr-1366x900.png", (1366, 900))
            # Between speakers, the hall's display with the live list's QR code.
            desk.take_floor_back()
            desk.settle()
            window.display_qr.action.setChecked(True)
            display = window.speaker_display
            display.resize(1920, 1080)
            display.show()
            for _ in range(5):
                app.processEvents()
            display.grab().save(str(folder / "display-qr-1920x1080.png"))
            print(folder / "display-qr-1920x1080.png")
            pane = window.findChild(type(window.dock_of(window.zoom)), "dock-Live pages")
            if pane is not None:
                for _ in range(5):
                    app.processEvents()
                pane.grab().save(str(folder / "desk-live-pages-pane.png"))
                print(folder / "desk-live-pages-pane.png")
        finally:
            in_thread(driver.quit)
            live.stop()
            window.close()
            store.close()


STATEMENT = (
    "Mr Chair,\n\nThe Delegation aligns itself with the statement of the European Union. "
    "Trafficking in human beings is a grave violation of human rights; we welcome the "
    "Alliance's focus on technology-facilitated trafficking and on the protection of "
    "victims.\n\nI thank you."
)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.gettempdir()) / "live-pages")
