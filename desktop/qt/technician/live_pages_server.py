"""The live pages' server: HTTP and WebSocket on one port, on the GUI thread's event loop.

Nothing here waits: sockets are read when Qt says bytes arrived, answers are queued for
Qt to write, a WebSocket client that stops reading is dropped rather than waited for.
A request is read by desktop/web/http.py (why not QHttpServer: see there); a WebSocket
handshake is handed, unread, to QWebSocketServer. State is published as ready-made text,
one serialisation per page whatever the number of clients.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QTcpServer, QTcpSocket
from PySide6.QtWebSockets import QWebSocket, QWebSocketProtocol, QWebSocketServer

from desktop.web.control import (
    BoothSignal,
    Command,
    CommandError,
    booth_signal,
    command,
)
from desktop.web.http import (
    MAX_HEAD_BYTES,
    BadRequest,
    HttpRequest,
    RateLimiter,
    asset_for_path,
    error_response,
    json_response,
    presented_token,
    read_head,
    response,
    token_matches,
    with_body,
)

log = logging.getLogger(__name__)

PAGES = ("list", "timer", "booth", "control")
HANDSHAKE_TIMEOUT_S = 10.0  # a client that sends half a request is dropped after this
MAX_QUEUED_BYTES = 1 << 20  # a WebSocket client this far behind is dropped
CONTROLLER_SEEN_S = 300.0  # an HTTP controller counts as connected this long
MAX_CONNECTIONS = 2000  # every phone in the hall several times over
MAX_INCOMING_BYTES = 64 * 1024  # what a page or a controller ever sends is a few words
CLOSE_UNAUTHORIZED = 4401  # WebSocket close codes 4000-4999 are the application's
CLOSE_BAD_REQUEST = 4400


class Controller(Protocol):
    """Carries out commands through the desk; each returns None or one sentence why not."""

    def run(self, order: Command) -> str | None: ...

    def statement(self, attachment_id: int) -> tuple[str, str, bytes] | None: ...


@dataclass(frozen=True)
class Limits:
    """Rate limits per client address: any request, and commands (control, booth signal)."""

    requests_burst: float = 120
    requests_per_s: float = 60
    commands_burst: float = 10
    commands_per_s: float = 5


@dataclass
class _Pending:
    """A TCP connection whose request has not all arrived yet."""

    socket: QTcpSocket
    since: float
    address: str
    handlers: tuple[Callable[..., None], Callable[..., None]] | None = None


@dataclass
class _Client:
    socket: QWebSocket
    page: str
    address: str
    language: str = ""  # the page's language (?lang=), for a later look at who follows


def _address(host: QHostAddress) -> str:
    text = host.toString()
    return text.removeprefix("::ffff:")


class LiveServer(QObject):
    clients_changed = Signal()
    booth_signalled = Signal(str, str)  # signal value, booth language
    problem = Signal(str)

    def __init__(
        self,
        controller: Controller,
        token: str,
        limits: Limits | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.token = token
        self.set_limits(limits or Limits())
        self._tcp = QTcpServer(self)
        self._tcp.newConnection.connect(self._accept)
        self._ws = QWebSocketServer("Floordesk", QWebSocketServer.SslMode.NonSecureMode, self)
        self._ws.newConnection.connect(self._accept_websocket)
        self._pending: dict[int, _Pending] = {}
        self._clients: dict[int, _Client] = {}
        self._controllers_seen: dict[str, float] = {}
        self._published: dict[str, str] = {}  # page -> the last state sent, as text
        self._sweep = QTimer(self)
        self._sweep.setInterval(2000)
        self._sweep.timeout.connect(self._drop_stalled)
        self.state_for: Callable[[str], dict[str, Any] | None] = lambda _page: None

    def set_limits(self, limits: Limits) -> None:
        self.limits = limits
        self._requests = RateLimiter(limits.requests_burst, limits.requests_per_s)
        self._commands = RateLimiter(limits.commands_burst, limits.commands_per_s)

    # -- serving ----------------------------------------------------------------

    @property
    def serving(self) -> bool:
        return self._tcp.isListening()

    @property
    def port(self) -> int:
        return self._tcp.serverPort()

    def start(self, interface: str, port: int) -> str | None:
        """Listen; returns None, or one sentence saying why not."""
        if self.serving:
            return None
        address = (
            QHostAddress(interface) if interface else QHostAddress(QHostAddress.SpecialAddress.Any)
        )
        if address.isNull():
            return f"{interface!r} is not an IP address of this computer."
        if not self._tcp.listen(address, port):
            where = f"{interface or 'all interfaces'}:{port}"
            return f"Cannot serve on {where}: {self._tcp.errorString()}."
        self._sweep.start()
        return None

    def stop(self) -> None:
        """Stop serving and close every connection."""
        self._tcp.close()
        self._sweep.stop()
        for pending in list(self._pending.values()):
            pending.socket.abort()
        self._pending.clear()
        for client in list(self._clients.values()):
            client.socket.abort()
        self._clients.clear()
        self._controllers_seen.clear()
        self.clients_changed.emit()

    def counts(self) -> dict[str, int]:
        """How many of each kind are connected: phones (list), timers, booths, controllers."""
        found = dict.fromkeys(PAGES, 0)
        for client in self._clients.values():
            found[client.page] += 1
        now = time.monotonic()
        recent = {a for a, t in self._controllers_seen.items() if now - t < CONTROLLER_SEEN_S}
        websocket_controllers = {c.address for c in self._clients.values() if c.page == "control"}
        found["control"] += len(recent - websocket_controllers)
        return found

    # -- publishing ---------------------------------------------------------------

    def publish(self, page: str, state: dict[str, Any]) -> None:
        """Send a page's state to its clients, if it changed since the last time."""
        text = json.dumps({"type": "state", "state": state}, ensure_ascii=False)
        if self._published.get(page) == text:
            return
        self._published[page] = text
        for client in list(self._clients.values()):
            if client.page == page:
                self._send(client, text)

    def _send(self, client: _Client, text: str) -> None:
        socket = client.socket
        if socket.bytesToWrite() > MAX_QUEUED_BYTES:
            log.info("a %s page at %s stopped reading; dropped", client.page, client.address)
            socket.abort()
            return
        socket.sendTextMessage(text)

    # -- HTTP -----------------------------------------------------------------------

    def _accept(self) -> None:
        while self._tcp.hasPendingConnections():
            socket = self._tcp.nextPendingConnection()
            address = _address(socket.peerAddress())
            if not self._requests.allow(address, time.monotonic()):
                self._answer(socket, error_response(HTTPStatus.TOO_MANY_REQUESTS, _SLOW_DOWN))
                continue
            if len(self._pending) + len(self._clients) >= MAX_CONNECTIONS:
                self._answer(socket, error_response(HTTPStatus.SERVICE_UNAVAILABLE, _FULL))
                continue
            key = id(socket)

            def read(s: QTcpSocket = socket) -> None:
                self._read(s)

            def forget(k: int = key) -> None:
                self._forget(k)

            self._pending[key] = _Pending(socket, time.monotonic(), address, (read, forget))
            socket.readyRead.connect(read)
            socket.disconnected.connect(forget)

    def _forget(self, key: int) -> None:
        pending = self._pending.pop(key, None)
        if pending is not None:
            pending.socket.deleteLater()

    def _read(self, socket: QTcpSocket) -> None:
        pending = self._pending.get(id(socket))
        if pending is None:
            return
        # Peeked, not read: a WebSocket handshake goes to QWebSocketServer as it came.
        data = bytes(socket.peek(max(socket.bytesAvailable(), 1)).data())
        try:
            head = read_head(data)
            if head is None:
                return
            request, length = head
            if request.wants_websocket:
                self._pending.pop(id(socket), None)
                if pending.handlers is not None:
                    socket.readyRead.disconnect(pending.handlers[0])
                    socket.disconnected.disconnect(pending.handlers[1])
                self._ws.handleConnection(socket)
                return
            if len(data) < length:
                if length > MAX_HEAD_BYTES * 4:
                    raise BadRequest("The request is too large.")
                return
            request = with_body(request, data, length)
            socket.read(length)
            answer = self._respond(request, pending.address)
        except BadRequest as error:
            answer = error_response(error.status, str(error))
        except Exception:  # a bug: logged here, one sentence there
            log.exception("a live page's request failed")
            answer = error_response(HTTPStatus.INTERNAL_SERVER_ERROR, _OUR_FAULT)
        self._pending.pop(id(socket), None)
        self._answer(socket, answer)

    @staticmethod
    def _answer(socket: QTcpSocket, answer: bytes) -> None:
        socket.readAll()  # what was only peeked: unread input would make the close a reset
        socket.write(answer)
        socket.disconnectFromHost()  # after what was written has gone
        if socket.state() == QAbstractSocket.SocketState.UnconnectedState:
            socket.deleteLater()
        else:
            socket.disconnected.connect(socket.deleteLater)

    def _drop_stalled(self) -> None:
        now = time.monotonic()
        for key, pending in list(self._pending.items()):
            if now - pending.since > HANDSHAKE_TIMEOUT_S:
                self._pending.pop(key, None)
                self._answer(
                    pending.socket,
                    error_response(HTTPStatus.REQUEST_TIMEOUT, "The request took too long."),
                )

    def _respond(self, request: HttpRequest, address: str) -> bytes:
        path, method = request.path, request.method
        if method == "OPTIONS":
            return response(HTTPStatus.NO_CONTENT, headers={"Allow": "GET, HEAD, POST"})
        if path.startswith("/api/control/"):
            return self._control(request, address, path.removeprefix("/api/control/"))
        if path == "/api/booth/signal":
            if method != "POST":
                return _not_allowed("POST")
            if not self._commands.allow(address, time.monotonic()):
                return error_response(HTTPStatus.TOO_MANY_REQUESTS, _SLOW_DOWN)
            try:
                self._signal(booth_signal(request.json_body()))
            except CommandError as error:
                return error_response(HTTPStatus.BAD_REQUEST, str(error))
            return json_response(HTTPStatus.OK, {"ok": True})
        if method not in ("GET", "HEAD"):
            return _not_allowed("GET, HEAD")
        head_only = method == "HEAD"
        if path == "/api/state":
            page = request.query.get("page", "control")
            state = self.state_for(page) if page in PAGES else None
            if state is None:
                return error_response(
                    HTTPStatus.BAD_REQUEST, f"page must be one of {', '.join(PAGES)}."
                )
            return json_response(HTTPStatus.OK, state, head_only=head_only)
        if path.startswith("/api/statements/"):
            return self._statement(path.removeprefix("/api/statements/"), head_only)
        found = asset_for_path(path)
        if found is None:
            return error_response(HTTPStatus.NOT_FOUND, "There is nothing at this address.")
        content, content_type = found
        return response(HTTPStatus.OK, content, content_type, head_only=head_only)

    def _control(self, request: HttpRequest, address: str, action: str) -> bytes:
        if request.method != "POST":
            return _not_allowed("POST")
        if not token_matches(presented_token(request), self.token):
            return error_response(HTTPStatus.UNAUTHORIZED, _NO_TOKEN)
        if not self._commands.allow(address, time.monotonic()):
            return error_response(HTTPStatus.TOO_MANY_REQUESTS, _SLOW_DOWN)
        arguments: dict[str, Any] = {**request.query, **request.json_body()}
        arguments.pop("token", None)
        try:
            order = command(action, arguments)
        except CommandError as error:
            return error_response(HTTPStatus.BAD_REQUEST, str(error))
        self._controllers_seen[address] = time.monotonic()
        self.clients_changed.emit()
        refused = self.controller.run(order)
        if refused is not None:
            return error_response(HTTPStatus.CONFLICT, refused)
        return json_response(HTTPStatus.OK, {"ok": True, "state": self.state_for("control")})

    def _statement(self, reference: str, head_only: bool) -> bytes:
        if not reference.isdigit() or len(reference) > 12:
            return error_response(HTTPStatus.BAD_REQUEST, "A statement is named by its number.")
        found = self.controller.statement(int(reference))
        if found is None:
            return error_response(
                HTTPStatus.NOT_FOUND, "That statement is not one of the next speakers'."
            )
        filename, media_type, content = found
        safe = "".join(c for c in filename if c.isalnum() or c in "._- ")[:100] or "statement"
        return response(
            HTTPStatus.OK,
            content,
            media_type if "/" in media_type else "application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{safe}"'},
            head_only=head_only,
        )

    def _signal(self, signal: BoothSignal) -> None:
        self.booth_signalled.emit(signal.signal.value, signal.language)

    # -- WebSocket --------------------------------------------------------------------

    def _accept_websocket(self) -> None:
        while self._ws.hasPendingConnections():
            socket = self._ws.nextPendingConnection()
            url = socket.requestUrl()
            query = dict(
                (name, value)
                for name, value in (
                    item.split("=", 1) if "=" in item else (item, "")
                    for item in url.query().split("&")
                    if item
                )
            )
            page = query.get("page", "")
            address = _address(socket.peerAddress())
            if url.path() != "/ws" or page not in PAGES:
                self._refuse(socket, CLOSE_BAD_REQUEST, f"page must be one of {', '.join(PAGES)}.")
                continue
            if page == "control" and not token_matches(query.get("token"), self.token):
                self._refuse(socket, CLOSE_UNAUTHORIZED, _NO_TOKEN)
                continue
            socket.setMaxAllowedIncomingMessageSize(MAX_INCOMING_BYTES)
            socket.setMaxAllowedIncomingFrameSize(MAX_INCOMING_BYTES)
            client = _Client(socket, page, address, language=query.get("lang", "")[:2])
            key = id(socket)
            self._clients[key] = client
            socket.textMessageReceived.connect(lambda text, c=client: self._message(c, text))
            socket.disconnected.connect(lambda k=key: self._gone(k))
            state = self.state_for(page)
            if state is not None:
                text = json.dumps({"type": "state", "state": state}, ensure_ascii=False)
                self._published.setdefault(page, text)
                socket.sendTextMessage(text)
            self.clients_changed.emit()

    @staticmethod
    def _refuse(socket: QWebSocket, code: int, sentence: str) -> None:
        status = 401 if code == CLOSE_UNAUTHORIZED else 400
        socket.sendTextMessage(json.dumps({"type": "error", "status": status, "error": sentence}))
        socket.close(QWebSocketProtocol.CloseCode(code), sentence[:100])
        socket.disconnected.connect(socket.deleteLater)

    def _gone(self, key: int) -> None:
        client = self._clients.pop(key, None)
        if client is not None:
            client.socket.deleteLater()
            self.clients_changed.emit()

    def _message(self, client: _Client, text: str) -> None:
        try:
            answer = self._answer_message(client, text)
        except Exception:
            log.exception("a live page's message failed")
            answer = {"type": "error", "status": 500, "error": _OUR_FAULT}
        client.socket.sendTextMessage(json.dumps(answer, ensure_ascii=False))

    def _answer_message(self, client: _Client, text: str) -> dict[str, Any]:
        if not self._commands.allow(client.address, time.monotonic()):
            return {"type": "error", "status": 429, "error": _SLOW_DOWN}
        if len(text) > 4096:
            return {"type": "error", "status": 400, "error": "The message is too long."}
        try:
            message = json.loads(text)
        except json.JSONDecodeError:
            return {"type": "error", "status": 400, "error": "The message is not JSON."}
        if not isinstance(message, dict):
            return {"type": "error", "status": 400, "error": "The message must be a JSON object."}
        try:
            if client.page == "booth" and "signal" in message:
                self._signal(booth_signal(message))
                return {"type": "result", "ok": True, "signal": message["signal"]}
            if client.page != "control":
                return {"type": "error", "status": 400, "error": "This page only listens."}
            order = command(str(message.get("action", "")), message)
        except CommandError as error:
            return {"type": "error", "status": 400, "error": str(error)}
        refused = self.controller.run(order)
        if refused is not None:
            return {"type": "error", "status": 409, "error": refused, "action": order.action}
        return {"type": "result", "ok": True, "action": order.action}


_SLOW_DOWN = "Too many requests; slow down."
_FULL = "The desk serves as many pages as it can; try again in a moment."
_NO_TOKEN = "A valid token is needed (Authorization: Bearer <token>, shown at the desk)."
_OUR_FAULT = "The desk could not answer this request; it is in the desk's log."


def _not_allowed(allowed: str) -> bytes:
    return response(
        HTTPStatus.METHOD_NOT_ALLOWED,
        json.dumps({"error": f"Use {allowed} here.", "status": 405}).encode(),
        headers={"Allow": allowed},
    )
