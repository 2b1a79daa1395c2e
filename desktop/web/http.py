"""HTTP/1.1 as the live pages need it: a request read from bytes, an answer written as
bytes, a token checked, a flood slowed down, the shipped assets and nothing else served.

Why not QHttpServer: in PySide6 6.11 a Python route can only return a string (always
200, text/plain): a QHttpServerResponse cannot be returned (it is move-only and the
binding cannot copy it), the responder is not passed, and there is no missing handler.
A 400, a 401, a 429 or JSON with its type cannot be answered, so the server reads its
few requests itself (desktop/qt/technician/live_pages_server.py), on Qt's own sockets.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from http import HTTPStatus
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

MAX_HEAD_BYTES = 8 * 1024
MAX_BODY_BYTES = 16 * 1024
HEAD_END = b"\r\n\r\n"
METHODS = frozenset({"GET", "POST", "HEAD", "OPTIONS"})
_ASSET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*\.(html|js|css|json|svg|png|ico)$")
_TYPES = {
    "html": "text/html; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "svg": "image/svg+xml",
    "png": "image/png",
    "ico": "image/x-icon",
}
# The pages by their address; everything else they load sits under /static/.
PAGES = {"/": "index.html", "/list": "list.html", "/timer": "timer.html", "/booth": "booth.html"}


class BadRequest(Exception):
    """A request that cannot be read; the message is the one sentence the client gets."""

    def __init__(self, sentence: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(sentence)
        self.status = status


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]  # names in lower case
    body: bytes = b""

    @property
    def wants_websocket(self) -> bool:
        return "websocket" in self.headers.get("upgrade", "").lower()

    def json_body(self) -> dict[str, Any]:
        """The body as a JSON object ({} when there is none)."""
        if not self.body.strip():
            return {}
        try:
            value = json.loads(self.body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise BadRequest("The body is not JSON.") from None
        if not isinstance(value, dict):
            raise BadRequest("The body must be a JSON object.")
        return value


def read_head(data: bytes) -> tuple[HttpRequest, int] | None:
    """The request line and headers, once all arrived: (request without body, how long
    its body is). None while the head is still coming; BadRequest if it is not HTTP."""
    end = data.find(HEAD_END)
    if end < 0:
        if len(data) > MAX_HEAD_BYTES:
            raise BadRequest(
                "The request's headers are too long.", HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
            )
        return None
    if end > MAX_HEAD_BYTES:
        raise BadRequest(
            "The request's headers are too long.", HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
        )
    try:
        text = data[:end].decode("ascii")
    except UnicodeDecodeError:
        raise BadRequest("The request's headers are not plain ASCII.") from None
    line, *header_lines = text.split("\r\n")
    parts = line.split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise BadRequest("The request line is not HTTP/1.1.")
    method, target, _version = parts
    if method not in METHODS:
        raise BadRequest(f"{method[:20]} is not a method served here.", HTTPStatus.NOT_IMPLEMENTED)
    headers: dict[str, str] = {}
    for header in header_lines:
        name, colon, value = header.partition(":")
        if not colon or not name or name != name.strip():
            raise BadRequest("A header of the request is malformed.")
        headers[name.lower()] = value.strip()
    if not target.startswith("/"):
        raise BadRequest("The request's address must start with /.")
    split = urlsplit(target)
    try:
        query = dict(parse_qsl(split.query, keep_blank_values=True, strict_parsing=False))
    except ValueError:
        raise BadRequest("The request's query string is malformed.") from None
    length_text = headers.get("content-length", "0")
    if not length_text.isdigit():
        raise BadRequest("Content-Length is not a number.")
    length = int(length_text)
    if length > MAX_BODY_BYTES:
        raise BadRequest("The request's body is too large.", HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    if "transfer-encoding" in headers:
        raise BadRequest("Chunked bodies are not accepted; send Content-Length.")
    request = HttpRequest(method, unquote(split.path), query, headers)
    return request, end + len(HEAD_END) + length


def with_body(request: HttpRequest, data: bytes, length: int) -> HttpRequest:
    head_length = data.find(HEAD_END) + len(HEAD_END)
    return HttpRequest(
        request.method, request.path, request.query, request.headers, data[head_length:length]
    )


_SECURITY_HEADERS = (
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    (
        "Content-Security-Policy",
        "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
        "frame-ancestors 'none'",
    ),
)


def response(
    status: HTTPStatus,
    body: bytes = b"",
    content_type: str = "application/json; charset=utf-8",
    *,
    headers: Mapping[str, str] | None = None,
    head_only: bool = False,
) -> bytes:
    """A whole answer; the connection closes after it (clients here ask rarely)."""
    lines = [f"HTTP/1.1 {status.value} {status.phrase}"]
    lines.append(f"Content-Type: {content_type}")
    lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    lines.extend(f"{name}: {value}" for name, value in _SECURITY_HEADERS)
    lines.extend(f"{name}: {value}" for name, value in (headers or {}).items())
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    return head if head_only else head + body


def json_response(status: HTTPStatus, value: Any, **extra: Any) -> bytes:
    return response(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), **extra)


def error_response(status: HTTPStatus, sentence: str) -> bytes:
    """One sentence, as JSON ({"error": ...}): never a traceback."""
    return json_response(status, {"error": sentence, "status": status.value})


def presented_token(request: HttpRequest) -> str | None:
    """The token the client sent: Authorization: Bearer, X-Floordesk-Token or ?token=."""
    authorization = request.headers.get("authorization", "")
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("x-floordesk-token") or request.query.get("token") or None


def token_matches(presented: str | None, token: str) -> bool:
    if not presented or not token:
        return False
    return hmac.compare_digest(presented.encode("utf-8"), token.encode("utf-8"))


@cache
def asset_names() -> frozenset[str]:
    """The files shipped in resources/web: the only ones ever served."""
    folder = resources.files("resources").joinpath("web")
    return frozenset(
        entry.name
        for entry in folder.iterdir()
        if entry.is_file() and _ASSET_NAME.match(entry.name)
    )


def asset(name: str) -> tuple[bytes, str] | None:
    """(content, type) of a shipped asset by its bare name; None for anything else (a
    path, a dot-dot, a name not shipped)."""
    if name not in asset_names():
        return None
    content = resources.files("resources").joinpath("web").joinpath(name).read_bytes()
    return content, _TYPES[name.rsplit(".", 1)[1]]


def asset_for_path(path: str) -> tuple[bytes, str] | None:
    """The asset a GET path names: a page (/list) or /static/<name>."""
    if path in PAGES:
        return asset(PAGES[path])
    prefix = "/static/"
    if path.startswith(prefix):
        return asset(path[len(prefix) :])
    return None


@dataclass
class RateLimiter:
    """A token bucket per client address: ``burst`` at once, then ``per_second``."""

    burst: float
    per_second: float
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)

    def allow(self, address: str, now: float) -> bool:
        tokens, last = self._buckets.get(address, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.per_second)
        if tokens < 1:
            self._buckets[address] = (tokens, now)
            return False
        self._buckets[address] = (tokens - 1, now)
        if len(self._buckets) > 10_000:  # a scan of addresses must not grow this forever
            self._buckets.clear()
        return True
