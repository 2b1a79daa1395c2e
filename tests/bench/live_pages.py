"""The desk under 300 WebSocket clients on loopback: F5 on a panel, with the live pages
served and nobody connected, then with 300 clients following (250 phones on the list,
30 timers, 15 booths, 5 controllers) in a process of their own, as phones would be.

Reported: give the floor, key to repaint (p50/p99); the same until every view and every
page followed (the desk's later moment, which serialises and queues the pages); the
longest stall of the GUI thread (a 2 ms timer's largest lateness); and F5 to a phone's
message (p50/p99 over every phone and press).

    python -m tests.bench.live_pages [clients] [presses]
    python -m tests.bench.live_pages --clients N PORT ARRIVALS_FILE   (the clients' side)
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PAGES_MIX = (("list", 250), ("timer", 30), ("booth", 15), ("control", 5))


def _mix(clients: int) -> list[str]:
    pages = [page for page, count in PAGES_MIX for _ in range(count)]
    return (pages * (clients // len(pages) + 1))[:clients]


def run_clients(clients: int, port: int, token: str, arrivals_file: Path) -> None:
    """The phones' side: connect them all, say 'ready', note when each message arrives
    until stdin closes, then write the arrival times of the list pages."""
    import websocket

    arrivals: list[list[float]] = []
    sockets = []
    for page in _mix(clients):
        query = f"page={page}" + (f"&token={token}" if page == "control" else "")
        url = f"ws://127.0.0.1:{port}/ws?{query}"
        # Text checked by json.loads: the pure-Python UTF-8 check would be the bottleneck.
        sockets.append((page, websocket.create_connection(url, skip_utf8_validation=True)))
    stop = threading.Event()

    def follow(connection: Any, seen: list[float]) -> None:
        connection.settimeout(0.5)
        while not stop.is_set():
            try:
                connection.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except (websocket.WebSocketException, OSError):
                return
            seen.append(time.time())

    threads = []
    for page, connection in sockets:
        seen: list[float] = []
        if page == "list":
            arrivals.append(seen)
        thread = threading.Thread(target=follow, args=(connection, seen), daemon=True)
        thread.start()
        threads.append(thread)
    print("ready", flush=True)
    sys.stdin.read()  # until the desk's side is done
    stop.set()
    for thread in threads:
        thread.join(2)
    for _page, connection in sockets:
        connection.shutdown()  # no closing handshake: 300 phones leave at once
    arrivals_file.write_text(json.dumps(arrivals))


def _p(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else 0.0


def measure(clients: int, presses: int) -> dict[str, float]:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from desktop.qt.technician.live_pages_server import Limits
    from tests.bench.requests import _window_with_waiting

    with _window_with_waiting(presses + 20) as (desk, window, clock, _ids):
        live = window.live_pages
        live.server.set_limits(Limits(100_000, 100_000, 100_000, 100_000))
        assert live.start("127.0.0.1", 0) is None
        process = None
        arrivals_file = Path(f"/tmp/floordesk-bench-arrivals-{os.getpid()}.json")
        if clients:
            process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "tests.bench.live_pages", "--clients", str(clients)),
                    *(str(live.server.port), live.token, str(arrivals_file)),
                ],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            ready = threading.Event()
            assert process.stdout is not None
            out = process.stdout
            threading.Thread(target=lambda: out.readline() and ready.set(), daemon=True).start()
            deadline = time.monotonic() + 120
            while not ready.is_set() and time.monotonic() < deadline:
                QTest.qWait(20)
            QTest.qWait(500)
            assert sum(live.counts().values()) == clients, live.counts()

        ticks: list[float] = []
        watch = QTimer()
        watch.setTimerType(Qt.TimerType.PreciseTimer)
        watch.setInterval(2)
        watch.timeout.connect(lambda: ticks.append(time.perf_counter()))
        watch.start()
        repaint: list[float] = []
        followed: list[float] = []
        pressed_at: list[float] = []
        view = window.speakers_view
        for _ in range(presses):
            clock.advance(20)
            pressed_at.append(time.time())
            start = time.perf_counter()
            QTest.keyClick(window, Qt.Key.Key_F5)
            view.viewport().repaint()
            repaint.append((time.perf_counter() - start) * 1000)
            desk.settle()
            followed.append((time.perf_counter() - start) * 1000)
            QTest.qWait(120)
        watch.stop()
        gaps = [(b - a) * 1000 - 2 for a, b in itertools.pairwise(ticks)]
        phone_ms: list[float] = []
        if process is not None:
            assert process.stdin is not None
            process.stdin.close()
            deadline = time.monotonic() + 60
            while process.poll() is None and time.monotonic() < deadline:
                QTest.qWait(20)  # the desk goes on serving while the phones leave
            arrivals = json.loads(arrivals_file.read_text())
            arrivals_file.unlink()
            for seen in arrivals:
                for press in pressed_at:
                    after = [t for t in seen if t >= press]
                    if after:
                        phone_ms.append((after[0] - press) * 1000)
        live.stop()
    return {
        "clients": clients,
        "repaint_p50_ms": statistics.median(repaint),
        "repaint_p99_ms": _p(repaint, 0.99),
        "followed_p99_ms": _p(followed, 0.99),
        "max_stall_ms": max(gaps) if gaps else 0.0,
        "phone_p50_ms": statistics.median(phone_ms) if phone_ms else 0.0,
        "phone_p99_ms": _p(phone_ms, 0.99),
    }


def main() -> None:
    if sys.argv[1:2] == ["--clients"]:
        clients, port, token, arrivals = sys.argv[2:6]
        run_clients(int(clients), int(port), token, Path(arrivals))
        return
    from desktop.qt.app import application

    application()
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    presses = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    for count in (0, clients):
        print(json.dumps(measure(count, presses)), flush=True)


if __name__ == "__main__":
    main()
