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

The window's thread cannot wait even that second (its countdown and keys would stop). Its
waits are *bounded* (:meth:`ServerGate.bound_waits_of_this_thread`): every wait of that
thread on the server is known to the gate while it lasts (the engine's connections are
psycopg connections that tell the gate when they wait), and the listener,
told at once, asks the server itself if such a wait lasts; a server that answers neither
within a few tens of milliseconds is *suspected*: the window's waits are cut, and the
window's new ones fail at once, until the server answers the listener again. A wait that
is only slow, on a server that answers, is left to finish. Other threads (the sync's
readings, the imports) wait as before, until the gate closes.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event

log = logging.getLogger(__name__)

_GATES: weakref.WeakKeyDictionary[Engine, ServerGate] = weakref.WeakKeyDictionary()


def _nobody() -> None:
    """Nobody to tell that a bounded wait began (no listener yet)."""


class ServerGate:
    def __init__(self) -> None:
        self.closed_because = ""  # one sentence while closed
        self.suspected = ""  # one sentence while the window's waits are cut (see above)
        self._connections: weakref.WeakSet[Any] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._local = threading.local()  # the listener's own attempts pass while closed
        self._bounded: set[int] = set()  # the threads whose waits are bounded
        # The bounded waits under way: thread, how to end its wait, since when.
        self._waits: dict[int, tuple[Callable[[], None], float]] = {}
        self._wait_began: Callable[[], None] = _nobody

    @classmethod
    def of(cls, engine: Engine) -> ServerGate:
        """The gate of ``engine`` (made with it, before its first connection, so that it
        knows every connection the engine makes)."""
        gate = _GATES.get(engine)
        if gate is None:
            gate = _GATES[engine] = cls()
            event.listen(engine, "connect", gate._remember)
            event.listen(engine, "do_connect", gate._refuse_while_closed)
            event.listen(engine, "do_connect", gate._connect_told)
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
            self.closed_because = self.suspected = ""

    # -- the window's waits ------------------------------------------------------------

    def bound_waits_of_this_thread(self) -> None:
        """This thread (the window's) never waits on a server that does not answer for
        longer than the listener takes to suspect it (db/sync/server_watch.py)."""
        with self._lock:
            self._bounded.add(threading.get_ident())

    def when_a_bounded_wait_begins(self, tell: Callable[[], None]) -> None:
        """``tell`` (called on the waiting thread, quickly) wakes the listener."""
        self._wait_began = tell

    def oldest_bounded_wait(self) -> float | None:
        """Since when (``time.monotonic``) the oldest bounded wait under way waits."""
        with self._lock:
            return min((since for _end, since in self._waits.values()), default=None)

    def suspect(self, sentence: str) -> None:
        """A bounded wait went unanswered and so did the listener: the window's waits are
        cut now, its next ones fail at once, until :meth:`clear_suspicion`."""
        with self._lock:
            self.suspected = sentence
            waiting = [end for end, _since in self._waits.values()]
        for end in waiting:
            end()

    def clear_suspicion(self) -> None:
        with self._lock:
            self.suspected = ""

    @contextmanager
    def waiting_on(self, connection: Any) -> Iterator[None]:
        """Around each wait of ``connection`` on the server: known while it lasts if this
        thread's waits are bounded; cut at once (it fails as a lost connection) while the
        server is suspected."""
        with self._bounded_wait(lambda: _cut(connection)) as bounded:
            if bounded is False:
                _cut(connection)
            yield

    @contextmanager
    def _bounded_wait(self, end: Callable[[], None]) -> Iterator[bool | None]:
        """A wait of this thread, ``end`` ending it: None if this thread's waits are not
        bounded, False if the server is suspected (the wait must not begin), else True
        while it is known to the gate."""
        thread = threading.get_ident()
        with self._lock:
            bounded = thread in self._bounded
            refused = bounded and bool(self.suspected or self.closed_because)
            if bounded and not refused:
                self._waits[thread] = (end, time.monotonic())
        if not bounded or refused:
            yield None if not bounded else False
            return
        self._wait_began()
        try:
            yield True
        finally:
            with self._lock:
                self._waits.pop(thread, None)

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
        if self.suspected and threading.get_ident() in self._bounded:
            import psycopg  # a connection is not tried on the window's thread meanwhile

            raise psycopg.OperationalError(f"{self.suspected}.")
        return None  # connect as usual

    def _connect_told(self, _dialect: Any, _record: Any, args: Any, params: Any) -> Any:
        """The driver's connection, made as the dialect makes it, telling this gate when
        it waits on the server."""
        told = _told_connection_class()
        if threading.get_ident() in self._bounded:
            connection = self._connect_bounded(lambda: told.connect(*args, **params))
        else:
            connection = told.connect(*args, **params)
        connection.gate = self
        return connection

    def _connect_bounded(self, connect: Callable[[], Any]) -> Any:
        """A connection made for a bounded thread: made in a thread of its own (a server
        that froze lets the connection's making wait ``connect_timeout``), while this one
        waits as a bounded wait; cut, it stops waiting, and the connection, if it is ever
        made, is closed."""
        settled = threading.Event()
        outcome: list[Any] = []  # what the making gave, unless the wait ended before
        abandoned: list[bool] = []
        lock = threading.Lock()

        def make() -> None:
            try:
                made: Any = connect()
            except Exception as error:  # the driver's: raised on the waiting thread
                made = error
            with lock:
                kept = not abandoned
                if kept:
                    outcome.append(made)
            settled.set()
            if not kept and not isinstance(made, Exception):
                made.close()

        with self._bounded_wait(settled.set) as bounded:
            if bounded is not False:  # else suspected meanwhile: not tried
                threading.Thread(target=make, name="floordesk-connect", daemon=True).start()
                settled.wait()
        with lock:
            if outcome:
                if isinstance(outcome[0], Exception):
                    raise outcome[0]
                return outcome[0]
            abandoned.append(True)  # made later, it is closed
        import psycopg

        sentence = self.suspected or self.closed_because or "The database server does not answer"
        raise psycopg.OperationalError(f"{sentence}.")


_TOLD: Any = None


def _told_connection_class() -> Any:
    """psycopg's connection, each wait on the server announced to the engine's gate (made
    when first needed: psycopg is only there where PostgreSQL is used)."""
    global _TOLD
    if _TOLD is None:
        import psycopg

        class ToldConnection(psycopg.Connection[Any]):
            gate: ServerGate | None = None

            def wait(self, *args: Any, **kwargs: Any) -> Any:
                # Every wait of psycopg's on the server goes through here (a query, its
                # results, a commit, the pool's ping); the connection's making does not.
                gate = self.gate
                if gate is None:
                    return super().wait(*args, **kwargs)
                with gate.waiting_on(self):
                    return super().wait(*args, **kwargs)

        _TOLD = ToldConnection
    return _TOLD


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
