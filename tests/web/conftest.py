"""The live pages served by a real window on loopback, and clients that talk to it.

The server runs on the GUI thread's event loop, so every client (urllib, a WebSocket,
chromium through chromedriver) runs on a worker thread while the test waits with
qtbot.waitUntil: the loop keeps turning and the server answers, as in the hall.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from pytestqt.qtbot import QtBot

from desktop.qt.main_window import MainWindow
from desktop.qt.technician.live_pages import LivePages
from desktop.qt.technician.live_pages_server import Limits
from tests.qt.conftest import open_desk, settings, window  # noqa: F401

T = TypeVar("T")
# Qt's own words when a QWebSocket is deleted after its client left (QWebSocketPrivate
# disconnects its QTcpSocket with a wildcard, which PySide's wrapper watches): not ours.
QT_WEBSOCKET_DELETED = "wildcard call disconnects from destroyed signal of QTcpSocket"


def in_thread(qtbot: QtBot, work: Callable[[], T], timeout_ms: int = 20_000) -> T:
    """Run a blocking client call on a thread while the event loop turns; its result."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as error:  # handed back to the test below
            box["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=timeout_ms)
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Served:
    window: MainWindow
    live: LivePages
    qtbot: QtBot

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.live.server.port}"

    @property
    def token(self) -> str:
        return self.live.token

    def request(
        self,
        path: str,
        *,
        method: str = "GET",
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        def call() -> Answer:
            request = urllib.request.Request(
                self.base + path, data=body, method=method, headers=headers or {}
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as answer:
                    return Answer(answer.status, dict(answer.headers), answer.read())
            except urllib.error.HTTPError as error:
                with error:
                    return Answer(error.code, dict(error.headers), error.read())

        return in_thread(self.qtbot, call)

    def control(self, action: str, query: str = "", body: Any = None) -> Answer:
        data = json.dumps(body).encode() if body is not None else b""
        return self.request(
            f"/api/control/{action}{query}",
            method="POST",
            body=data,
            headers={"Authorization": f"Bearer {self.token}"},
        )


@pytest.fixture
def served(window: MainWindow, qtbot: QtBot) -> Iterator[Served]:  # noqa: F811
    live = window.live_pages
    # The tests' clients all come from 127.0.0.1: the flood test lowers its own limits.
    live.server.set_limits(Limits(10_000, 10_000, 10_000, 10_000))
    assert live.start("127.0.0.1", 0) is None
    yield Served(window, live, qtbot)
    live.stop()


CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Debian's chromium, headless, driven by its chromium-driver through selenium."""
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium and chromium-driver are not installed (apt-get install them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--window-size=1280,900",
        "--lang=en-GB",
    ):
        options.add_argument(argument)
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")  # chromium refuses to run as root otherwise
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    yield driver
    driver.quit()
