"""Ask a running Floordesk window for its live pages, as a phone in the hall would.

    python3 packaging/smoke/live_pages_probe.py PORT

Waits for the port on 127.0.0.1, fetches each page, a script, the state as
JSON, and opens the live WebSocket until its first message. Standard library
only, so that it runs beside a frozen build or an installed package. Prints
one line per check; exits 1 at the first that fails.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import sys
import time
import urllib.request

HOST = "127.0.0.1"
PAGES = {
    "/": "text/html",
    "/list": "text/html",
    "/timer": "text/html",
    "/booth": "text/html",
    "/static/live.js": "javascript",
    "/api/state": "application/json",
}


def wait_for(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection((HOST, port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                message = f"nothing listens on {HOST}:{port} after {seconds:.0f} s"
                raise SystemExit(message) from None
            time.sleep(0.25)


def fetch(port: int, path: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=10) as answer:
        return answer.headers.get("Content-Type", ""), answer.read()


def first_websocket_message(port: int, path: str) -> str:
    """The opening handshake by hand (RFC 6455), then the first text frame."""
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((HOST, port), timeout=10) as connection:
        connection.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(4096)
            if not chunk:
                raise SystemExit("the WebSocket handshake was cut off")
            data += chunk
        head, _, data = data.partition(b"\r\n\r\n")
        status = head.split(b"\r\n", 1)[0].decode()
        if " 101 " not in status:
            raise SystemExit(f"WebSocket handshake answered {status!r}")
        while True:
            if len(data) >= 2:
                length = data[1] & 0x7F
                start = 2
                if length == 126:
                    length, start = int.from_bytes(data[2:4], "big"), 4
                elif length == 127:
                    length, start = int.from_bytes(data[2:10], "big"), 10
                if len(data) >= start + length:
                    return data[start : start + length].decode()
            chunk = connection.recv(65536)
            if not chunk:
                raise SystemExit("the WebSocket closed before its first message")
            data += chunk


def main(port: int) -> None:
    wait_for(port, 60)
    for path, wanted in PAGES.items():
        content_type, body = fetch(port, path)
        if wanted not in content_type or not body:
            raise SystemExit(f"{path}: {content_type!r}, {len(body)} bytes")
        print(f"{path}: {len(body)} bytes")
    state = json.loads(fetch(port, "/api/state")[1])
    if not state.get("conference"):
        raise SystemExit(f"/api/state names no conference: {state}")
    message = json.loads(first_websocket_message(port, "/ws?page=list&lang=en"))
    print(f"/ws: first message with {', '.join(sorted(message)[:4])}…")


if __name__ == "__main__":
    main(int(sys.argv[1]))
