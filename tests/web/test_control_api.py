"""The control API over real HTTP and WebSocket connections to a real window: commands
go through the desk (undoable, journaled), bad input gets one sentence and its status."""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
import websocket
from pytestqt.qtbot import QtBot

from desktop import settings as options
from desktop.domain.clock import FakeClock
from desktop.qt.technician.live_pages_server import Limits
from tests.web.conftest import QT_WEBSOCKET_DELETED, Answer, Served, in_thread

pytestmark = pytest.mark.qt_log_ignore(QT_WEBSOCKET_DELETED)


def assert_one_sentence(answer: Answer, status: int) -> None:
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"].startswith("application/json")
    error = answer.json()["error"]
    assert error.endswith((".", "?")) and "\n" not in error
    assert b"Traceback" not in answer.body and b'File "' not in answer.body


def test_give_the_floor_and_take_it_back_go_through_the_desk(served: Served) -> None:
    desk = served.window.desk
    assert desk.current is None
    next_one = desk.next_up[0]
    undo_steps = desk.undo_stack.count()
    answer = served.control("give-floor")
    assert answer.status == 200, answer.body
    assert desk.current is not None and desk.current.floor_request_id == next_one.id
    assert answer.json()["state"]["current"]["who"] == next_one.delegation
    # Undoable as F5 is, and in the journal every station reads.
    assert desk.undo_stack.count() == undo_steps + 1
    assert desk.undo_stack.undoText().startswith("Give the floor to")
    journal = desk.store.changes_since(0)
    assert journal[-1].action == "floor.give"
    desk.undo_stack.undo()
    desk.settle()
    assert desk.current is None

    assert served.control("give-floor").status == 200
    assert served.control("take-back").status == 200
    assert desk.current is None
    refused = served.control("take-back")
    assert_one_sentence(refused, 409)
    assert refused.json()["error"] == "Nobody has the floor."


def test_pause_nudge_message_blank_and_next_slot(served: Served, clock: FakeClock) -> None:
    desk, outputs = served.window.desk, served.window.outputs
    served.control("give-floor")
    assert served.control("pause").status == 200
    assert desk.current is not None and desk.current.is_paused
    assert served.control("pause").status == 200  # paused already: nothing more
    assert desk.current.is_paused
    assert served.control("resume").status == 200
    assert not desk.current.is_paused
    assert served.control("pause-or-resume").status == 200
    assert desk.current.is_paused
    served.control("pause-or-resume")

    before = desk.current.added_s
    assert served.control("add-time", "?seconds=30").status == 200
    assert desk.current.added_s == before + 30
    assert served.control("add-time", body={"seconds": -30}).status == 200
    assert desk.current.added_s == before
    assert served.control("add-time").status == 200  # the desk's nudge
    assert desk.current.added_s == before + 30
    assert desk.undo_stack.undoText() == f"Add 30 s for {desk.current.delegation}"

    assert served.control("message", body={"text": "Please  conclude"}).status == 200
    assert outputs.message == "Please conclude"
    assert served.control("clear-message").status == 200
    assert outputs.message is None
    assert served.control("blank").status == 200
    assert outputs.blank
    assert served.control("blank", "?on=false").status == 200
    assert not outputs.blank

    # The next slot cannot go live under a speaker's feet: the desk's own sentence.
    refused = served.control("next-slot")
    assert_one_sentence(refused, 409)
    assert "take it back first" in refused.json()["error"]
    live = desk.live_slot
    served.control("take-back")
    assert served.control("next-slot").status == 200
    assert desk.live_slot is not None and live is not None
    assert desk.live_slot.starts_at > live.starts_at
    # Kept for a restart, as a slot made live at the window is.
    assert served.window.settings.get(options.LIVE_SLOT) == desk.live_slot.id


def test_a_token_is_needed_and_checked(served: Served) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic x"}):
        answer = served.request("/api/control/give-floor", method="POST", headers=headers)
        assert_one_sentence(answer, 401)
    answer = served.request("/api/control/give-floor?token=nope", method="POST")
    assert_one_sentence(answer, 401)
    assert served.window.desk.current is None
    ok = served.request(f"/api/control/give-floor?token={served.token}", method="POST", body=b"")
    assert ok.status == 200
    ok = served.request(
        "/api/control/take-back", method="POST", headers={"X-Floordesk-Token": served.token}
    )
    assert ok.status == 200
    # The read-only state needs none.
    assert served.request("/api/state").status == 200


def test_malformed_commands_get_a_400_with_one_sentence(served: Served) -> None:
    bearer = {"Authorization": f"Bearer {served.token}"}
    cases: list[tuple[str, bytes]] = [
        ("/api/control/dance", b""),
        ("/api/control/add-time?seconds=abc", b""),
        ("/api/control/add-time?seconds=0", b""),
        ("/api/control/add-time?seconds=100000", b""),
        ("/api/control/add-time", b'{"seconds": 1.5}'),
        ("/api/control/add-time", b'{"seconds": true}'),
        ("/api/control/message", b""),
        ("/api/control/message", json.dumps({"text": "x" * 500}).encode()),
        ("/api/control/message", json.dumps({"text": "a\x00b"}).encode()),
        ("/api/control/message", b'{"text": "hi", "pinned": "maybe"}'),
        ("/api/control/blank?on=perhaps", b""),
        ("/api/control/give-floor", b"{not json"),
        ("/api/control/give-floor", b"[1, 2]"),
        ("/api/control/give-floor", b"\xff\xfe"),
        ("/api/booth/signal", b'{"signal": "louder", "language": "fr"}'),
        ("/api/booth/signal", b'{"signal": "slower", "language": "xx"}'),
        ("/api/state?page=secret", b""),
        ("/api/statements/abc", b""),
    ]
    for path, body in cases:
        method = "GET" if path.startswith(("/api/state", "/api/statements")) else "POST"
        answer = served.request(path, method=method, body=body or None, headers=bearer)
        assert_one_sentence(answer, 400)
    assert served.window.desk.current is None


def test_no_path_outside_the_served_assets_can_be_read(served: Served) -> None:
    def raw(path: str) -> bytes:
        with socket.create_connection(("127.0.0.1", served.live.server.port), timeout=5) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            return b"".join(iter(lambda: s.recv(65536), b""))

    for path in (
        "/static/../../pyproject.toml",
        "/static/..%2f..%2fpyproject.toml",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static//etc/passwd",
        "/static/usual_languages.json/../i18n.json",
        "/static/../web/list.html",
        "/../../../../etc/passwd",
        "/static/__init__.py",
        "/static/.hidden",
        "/etc/passwd",
    ):
        answer = in_thread(served.qtbot, lambda p=path: raw(p))  # type: ignore[misc]
        assert answer.startswith(b"HTTP/1.1 404 "), (path, answer[:80])
        assert b"root:" not in answer and b"[project]" not in answer
    assert served.request("/static/list.js").status == 200
    assert served.request("/list").headers["Content-Type"].startswith("text/html")


def test_malformed_http_gets_a_4xx_and_never_a_traceback(served: Served) -> None:
    port = served.live.server.port

    def send(data: bytes) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            s.sendall(data)
            return b"".join(iter(lambda: s.recv(65536), b""))

    cases = [
        (b"HELLO\r\n\r\n", b"400"),
        (b"GET /list\r\n\r\n", b"400"),
        (b"GET /list HTTP/1.1\r\nBroken header\r\n\r\n", b"400"),
        (b"GET list HTTP/1.1\r\n\r\n", b"400"),
        (b"BREW /list HTTP/1.1\r\n\r\n", b"501"),
        (b"GET /list HTTP/1.1\r\nX: " + b"a" * 9000 + b"\r\n\r\n", b"431"),
        (b"POST /api/booth/signal HTTP/1.1\r\nContent-Length: 99999\r\n\r\n", b"413"),
        (b"POST /api/booth/signal HTTP/1.1\r\nContent-Length: -1\r\n\r\n", b"400"),
        (b"POST /api/booth/signal HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", b"400"),
        (b"GET /l\xc3\xa9 HTTP/1.1\r\n\r\n", b"400"),
        (b"DELETE /list HTTP/1.1\r\n\r\n", b"501"),
        (b"GET /api/control/give-floor HTTP/1.1\r\n\r\n", b"405"),
    ]
    for data, status in cases:
        answer = in_thread(served.qtbot, lambda d=data: send(d))  # type: ignore[misc]
        assert answer.split(b" ", 2)[1] == status, (data[:40], answer[:60])
        assert b"Traceback" not in answer
        body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
        assert body["error"].endswith(".")


def test_a_flood_is_rate_limited(served: Served) -> None:
    server = served.live.server
    server.set_limits(Limits(10_000, 10_000, commands_burst=5, commands_per_s=1))
    statuses = [served.control("blank").status for _ in range(8)]
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429] * 3
    assert_one_sentence(served.control("blank"), 429)
    server.set_limits(Limits(requests_burst=3, requests_per_s=0.5))
    statuses = [served.request("/api/state").status for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]


def test_the_websocket_streams_the_state_and_takes_commands(served: Served) -> None:
    desk = served.window.desk
    url = f"ws://127.0.0.1:{served.live.server.port}/ws?page=control&token={served.token}"
    connection = in_thread(served.qtbot, lambda: websocket.create_connection(url, timeout=5))

    def receive() -> dict[str, Any]:
        return json.loads(in_thread(served.qtbot, connection.recv))  # type: ignore[no-any-return]

    try:
        first = receive()
        assert first["type"] == "state" and first["state"]["current"] is None
        in_thread(served.qtbot, lambda: connection.send(json.dumps({"action": "give-floor"})))
        seen = [receive(), receive()]
        kinds = {m["type"] for m in seen}
        assert kinds == {"state", "result"}, seen
        state = next(m for m in seen if m["type"] == "state")["state"]
        assert desk.current is not None
        assert state["current"]["who"] == desk.current.delegation
        for bad, status in (
            ("{oops", 400),
            ("[1]", 400),
            (json.dumps({"action": "fly"}), 400),
            (json.dumps({"action": "add-time", "seconds": "x"}), 400),
            (json.dumps({"action": "next-slot"}), 409),
        ):
            in_thread(served.qtbot, lambda b=bad: connection.send(b))  # type: ignore[misc]
            answer = receive()
            while answer["type"] == "state":
                answer = receive()
            assert answer["type"] == "error" and answer["status"] == status, answer
            assert answer["error"].endswith(".")
    finally:
        in_thread(served.qtbot, connection.close)


def test_a_websocket_without_the_token_or_page_is_refused(served: Served, qtbot: QtBot) -> None:
    port = served.live.server.port
    for query, status in (
        ("page=control", 401),
        ("page=control&token=bad", 401),
        ("page=secrets", 400),
        ("", 400),
    ):
        url = f"ws://127.0.0.1:{port}/ws?{query}"
        connection = in_thread(qtbot, lambda u=url: websocket.create_connection(u, timeout=5))  # type: ignore[misc]
        answer = json.loads(in_thread(qtbot, connection.recv))
        assert answer == {"type": "error", "status": status, "error": answer["error"]}
        in_thread(qtbot, connection.close)
    # A page that only listens says so when it is sent a command.
    url = f"ws://127.0.0.1:{port}/ws?page=list"
    phone = in_thread(qtbot, lambda: websocket.create_connection(url, timeout=5))
    assert json.loads(in_thread(qtbot, phone.recv))["type"] == "state"
    in_thread(qtbot, lambda: phone.send(json.dumps({"action": "give-floor"})))
    answer = json.loads(in_thread(qtbot, phone.recv))
    assert answer["status"] == 400
    assert served.window.desk.current is None
    in_thread(qtbot, phone.close)


def test_the_desk_says_what_is_connected(served: Served, qtbot: QtBot) -> None:
    from desktop.qt.technician.live_pages import connected_words

    port = served.live.server.port
    opened = []
    for page in ("list", "list", "list", "booth", "booth"):
        url = f"ws://127.0.0.1:{port}/ws?page={page}"
        opened.append(in_thread(qtbot, lambda u=url: websocket.create_connection(u, timeout=5)))  # type: ignore[misc]
    served.control("blank")
    qtbot.waitUntil(lambda: served.live.counts()["list"] == 3)
    assert connected_words(served.live.counts()) == "3 phones, 2 booths, 1 controller"
    for connection in opened:
        in_thread(qtbot, connection.close)
    qtbot.waitUntil(lambda: served.live.counts()["list"] == 0)
    served.window.live_pages.serve_action.trigger()  # Display ▸ Serve: stops serving
    assert not served.live.server.serving
    assert served.live.counts() == {"list": 0, "timer": 0, "booth": 0, "control": 0}


def test_a_booth_signal_over_http_and_a_statement_only_while_it_is_the_booths(
    served: Served,
) -> None:
    from datetime import UTC, datetime

    from db.models import Attachment

    window, desk = served.window, served.window.desk
    answer = served.request(
        "/api/booth/signal",
        method="POST",
        body=json.dumps({"signal": "no-sound", "language": "de"}).encode(),
    )
    assert answer.status == 200
    assert window.booth_banner.isVisible()
    assert "German booth (DE): No sound from the floor" in window.booth_banner.text.text()

    waiting = desk.store.speakers.waiting(desk.live_slot.id if desk.live_slot else 0)
    shown, hidden = desk.next_up[1], waiting[-1]
    ids = []
    with desk.store.transaction() as session:
        for request in (shown, hidden):
            attachment = Attachment(
                floor_request_id=request.id,
                filename="../../etc/statement.pdf",
                media_type="application/pdf",
                sha256="0" * 64,
                content=b"%PDF-1.4 statement",
                added_at=datetime.now(UTC),
            )
            session.add(attachment)
            session.flush()
            ids.append(attachment.id)
    assert served.control("give-floor").status == 200  # ``shown`` is next now
    booth = served.request("/api/state?page=booth").json()
    files = [s for entry in booth["next"] for s in entry["statements"]]
    assert [f["id"] for f in files] == [ids[0]] and files[0]["text"] is None
    answer = served.request(f"/api/statements/{ids[0]}")
    assert answer.status == 200 and answer.body == b"%PDF-1.4 statement"
    assert answer.headers["Content-Type"] == "application/pdf"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="....etcstatement.pdf"'
    # A statement of someone far down the list (or any other file) is not served.
    assert_one_sentence(served.request(f"/api/statements/{ids[1]}"), 404)
    assert_one_sentence(served.request("/api/statements/999999"), 404)


def test_a_request_left_half_sent_is_dropped(served: Served, qtbot: QtBot) -> None:
    import desktop.qt.technician.live_pages_server as server_module

    port = served.live.server.port
    with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
        slow.sendall(b"GET /list HTTP/1.1\r\nHost: x\r\n")  # and never the blank line
        pending = served.live.server._pending
        qtbot.waitUntil(
            lambda: len(pending) == 1 and next(iter(pending.values())).socket.bytesAvailable() > 0
        )
        original = server_module.HANDSHAKE_TIMEOUT_S
        server_module.HANDSHAKE_TIMEOUT_S = 0.0
        try:
            served.live.server._drop_stalled()
        finally:
            server_module.HANDSHAKE_TIMEOUT_S = original
        answer = in_thread(qtbot, lambda: b"".join(iter(lambda: slow.recv(65536), b"")))
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert not served.live.server._pending


def test_a_control_request_is_seen_by_every_station(served: Served, clock: FakeClock) -> None:
    from db.store import Store
    from desktop.qt.desk.desk import Desk

    desk = served.window.desk
    # The rapporteur's station: its own connection to the same database.
    station = Store.open(desk.store.engine.url, station="rapporteur")
    other = Desk(station, clock)
    other.open_conference(desk.conference.id if desk.conference else None)
    try:
        assert other.current is None
        assert served.control("give-floor").status == 200
        assert other.catch_up() >= 1
        other.settle()
        assert other.current is not None and desk.current is not None
        assert other.current.id == desk.current.id
        assert served.control("add-time", "?seconds=-30").status == 200
        other.catch_up()
        assert other.current.added_s == -30
        assert [c.action for c in station.changes_since(0)][-2:] == [
            "floor.give",
            "floor.add_time",
        ]
    finally:
        other.close()
        station.close()
