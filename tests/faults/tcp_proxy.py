"""A TCP proxy on loopback in front of the test's PostgreSQL server, with faults.

    with TcpProxy("127.0.0.1", 5432) as proxy:
        url = server_url.set(host="127.0.0.1", port=proxy.port)
        proxy.delay_s = 0.005          # every chunk waits, both ways (a slow network)
        proxy.lose_commit_reply()      # the next COMMIT reaches the server; its reply
                                       # is swallowed and the connection cut (with
                                       # then_refuse=True, the server is gone from then)
        proxy.refusing = True          # new connections are closed at once (server gone)
        proxy.cut()                    # every open connection is closed now

Two threads per connection pump the bytes, one each way. A COMMIT is the simple query
psycopg sends for it (a 'Q' message with the text COMMIT); once it is seen with the fault
armed, the server's reply is read and thrown away, so the transaction is committed when
the connection is cut and the client cannot know it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from types import TracebackType

_COMMIT = b"Q\x00\x00\x00\x0bCOMMIT\x00"  # type, length 4 + 7, text with its NUL


class _Link:
    """One client's connection and the proxy's to the server."""

    def __init__(self, client: socket.socket, server: socket.socket) -> None:
        self.client = client
        self.server = server
        self.deaf = threading.Event()  # the server's next reply is swallowed, then the cut
        self.then_refuse = False

    def close(self) -> None:
        for end in (self.client, self.server):
            with contextlib.suppress(OSError):  # closed already
                end.shutdown(socket.SHUT_RDWR)
            end.close()


class TcpProxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.delay_s = 0.0
        self.refusing = False
        self.commit_replies_lost = 0  # how many COMMIT replies were swallowed
        self._armed: list[bool] = []  # one per COMMIT reply to lose: refuse from then on?
        self._lock = threading.Lock()
        self._links: list[_Link] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._closed = False
        self._accepting = threading.Thread(target=self._accept, name="proxy-accept", daemon=True)
        self._accepting.start()

    # -- faults -------------------------------------------------------------------------

    def lose_commit_reply(self, *, then_refuse: bool = False) -> None:
        """The next COMMIT reaches the server; its reply never comes back. ``then_refuse``:
        the server is gone from that moment (new connections are refused)."""
        with self._lock:
            self._armed.append(then_refuse)

    def cut(self) -> None:
        """Close every open connection now (the cable pulled)."""
        with self._lock:
            links, self._links = self._links, []
        for link in links:
            link.close()

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._links)

    # -- the proxy ----------------------------------------------------------------------

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self._listener.close()
        self.cut()
        self._accepting.join(timeout=5)

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return  # closed
            if self.refusing:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            for end in (client, server):
                end.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            link = _Link(client, server)
            with self._lock:
                self._links.append(link)
            for pump in (self._to_server, self._to_client):
                threading.Thread(target=pump, args=(link,), name="proxy-pump", daemon=True).start()

    def _to_server(self, link: _Link) -> None:
        tail = b""
        try:
            while chunk := link.client.recv(65536):
                seen = tail + chunk
                if _COMMIT in seen and self._armed:
                    armed = self._take_a_commit()
                    if armed is not None:
                        link.then_refuse = armed
                        link.deaf.set()
                tail = seen[-len(_COMMIT) :]
                self._wait()
                link.server.sendall(chunk)
        except OSError:
            pass
        self._drop(link)

    def _to_client(self, link: _Link) -> None:
        try:
            while chunk := link.server.recv(65536):
                if link.deaf.is_set():
                    # The COMMIT's reply (CommandComplete, ReadyForQuery): the server has
                    # committed; the client never hears of it.
                    with self._lock:
                        self.commit_replies_lost += 1
                        self.refusing = self.refusing or link.then_refuse
                    break
                self._wait()
                link.client.sendall(chunk)
        except OSError:
            pass
        self._drop(link)

    def _take_a_commit(self) -> bool | None:
        with self._lock:
            return self._armed.pop(0) if self._armed else None

    def _wait(self) -> None:
        if self.delay_s > 0:
            time.sleep(self.delay_s)

    def _drop(self, link: _Link) -> None:
        with self._lock:
            if link in self._links:
                self._links.remove(link)
        link.close()
