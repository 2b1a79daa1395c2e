"""Bounded waits on a database server that stopped answering.

A server frozen (its processes stopped, a host hung) still has its kernel acknowledge
every packet: TCP keepalives succeed, sent data is acknowledged, and PostgreSQL's own
timeouts never fire, since the server that would fire them is the one stopped. A query
waits for its answer for as long as the freeze lasts. Only a client that knows the
server is gone can end the wait: the station's listener (db/sync/server_watch.py), which
asks the server every half second, closes this gate when it does not answer.

While the gate is closed, every connection of the engine is cut (a query waiting on one
ends at once with an error, which the desk says in one sentence) and no new one is
tried: the engine's connections fail at once with "the server does not answer" instead
of waiting for ``connect_timeout`` at each action of the desk. The gate opens again as
soon as the listener reaches the server.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

_GATES: weakref.WeakKeyDictionary[Engine, ServerGate] = weakref.WeakKeyDictionary()


class ServerGate:
    def __init__(self) -> None:
        self.closed_because = ""  # one sentence while closed
        self._connections: weakref.WeakSet[Any] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._local = threading.local()  # the listener's own attempts pass while closed

    @classmethod
    def of(cls, engine: Engine) -> ServerGate:
        """The gate of ``engine`` (made with it, before its first connection, so that it
        knows every connection the engine makes)."""
        gate = _GATES.get(engine)
        if gate is None:
            gate = _GATES[engine] = cls()
            event.listen(engine, "connect", gate._remember)
            event.listen(engine, "do_connect", gate._refuse_while_closed)
        return gate

    def close(self, sentence: str) -> None:
        """The server does not answer: cut what waits on it, refuse new connections."""
        with self._lock:
            self.closed_because = sentence
            connections = list(self._connections)
        for connection in connections:
            _cut(connection)

    def open(self) -> None:
        with self._lock:
            self.closed_because = ""

    @contextmanager
    def letting_through(self) -> Iterator[None]:
        """This thread's connections are tried even while the gate is closed."""
        self._local.through = True
        try:
            yield
        finally:
            self._local.through = False

    def _remember(self, dbapi_connection: Any, _record: Any) -> None:
        with self._lock:
            self._connections.add(dbapi_connection)

    def _refuse_while_closed(self, _dialect: Any, _record: Any, _args: Any, _params: Any) -> Any:
        if self.closed_because and not getattr(self._local, "through", False):
            import psycopg

            raise psycopg.OperationalError(f"{self.closed_because}.")
        return None  # connect as usual


def _cut(connection: Any) -> None:
    """End every wait on ``connection``'s socket: shut down in both directions, a recv
    blocked in another thread returns at once, and the driver raises there."""
    try:
        fileno = connection.pgconn.socket
    except Exception:  # closed already
        return
    try:
        duplicate = socket.socket(fileno=os.dup(fileno))
    except OSError:
        return
    try:
        duplicate.shutdown(socket.SHUT_RDWR)
    except OSError as error:  # not connected any more
        log.debug("cutting a connection: %s", error)
    finally:
        duplicate.close()
