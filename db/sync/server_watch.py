"""A station's listener on a PostgreSQL server: woken by the journal's NOTIFY, and the
first to know when the server stops answering.

One connection of its own (taken from the store's engine, so it is made exactly as the
store's are, then detached from the pool), in a thread, ``LISTEN`` on the journal's
channel. Between notifications it asks ``SELECT 1`` every :data:`PING_EVERY_S`. An
answer later than :data:`ANSWER_WITHIN_S` (a frozen server, a network that swallows
packets), or a connection lost that cannot be made again (a server stopped; a backend
ended alone is only replaced), closes the engine's gate (db/sync/server_gate.py) and is said
in one sentence: within two seconds in every case.
It then tries to reach the server again every :data:`RETRY_EVERY_S` (each attempt
bounded by ``connect_timeout``), and once it does, opens the gate, says so ("") and
wakes the station, which reads what it missed. All waits here use ``select`` with a
timeout on libpq's socket: nothing in this thread can hang.

The window's thread waits on the server for far less (db/sync/server_gate.py): the gate
wakes this thread whenever that thread begins a wait. One that lasts
:data:`ASK_AFTER_S` has the server asked at once (unless it answered that recently), and
a server that leaves that question unanswered for :data:`SUSPECT_AFTER_S` while the
window waits is suspected: the window's waits are cut, so its heartbeat is never late by
more than about a tenth of a second. The next answer ends the suspicion; the verdict
"does not answer" is still :data:`ANSWER_WITHIN_S`'s.
"""

from __future__ import annotations

import logging
import select
import socket
import threading
import time
from typing import Any

from sqlalchemy import Engine

from db.sync.server_gate import ServerGate
from db.sync.wake import CHANNEL, OnChange, OnHealth

log = logging.getLogger(__name__)

PING_EVERY_S = 0.5
ANSWER_WITHIN_S = 1.0
RETRY_EVERY_S = 0.5
# A wait of the window's this long has the server asked at once; the question unanswered
# this long while the window waits, the window's waits are cut. Together under 0.1 s.
ASK_AFTER_S = 0.01
SUSPECT_AFTER_S = 0.04


class _Lost(Exception):
    """The server does not answer: said at once (trying to connect would take too long)."""


class _Broken(Exception):
    """The listener's connection is gone (its backend ended, the server restarted): said
    only if no new one can be made at once (db/sync/server_watch.py's loop)."""


class ServerWatch:
    def __init__(self, engine: Engine, on_change: OnChange, on_health: OnHealth) -> None:
        self.engine = engine
        self.gate = ServerGate.of(engine)
        self._on_change = on_change
        self._on_health = on_health
        self._stop = threading.Event()
        self.listening = threading.Event()  # set while connected (for tests)
        self.lost = ""  # the sentence said, while the server is lost
        self.backend_pid = 0  # the server's process serving the listener
        url = engine.url
        self._where = f"{url.host or 'localhost'}:{url.port or 5432}"
        self._thread = threading.Thread(
            target=self._run, name="floordesk-server-watch", daemon=True
        )
        # A bounded wait begun on the window's thread wakes this one (db/sync/server_gate.py).
        self._woken_by, self._wake_up = socket.socketpair()
        for end in (self._woken_by, self._wake_up):
            end.setblocking(False)
        self.gate.when_a_bounded_wait_begins(self._wake_listener)

    def start(self) -> ServerWatch:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._wake_listener()  # out of its select at once

    def _wake_listener(self) -> None:
        try:
            self._wake_up.send(b"w")
        except OSError:  # woken already (the buffer is full), or closed
            return

    # -- the thread ------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            connection = self._connect()
            if connection is None:
                self._stop.wait(RETRY_EVERY_S)
                continue
            try:
                self._listen(connection)
            except _Lost as lost:
                self._say_lost(str(lost))
            except Exception as error:  # the connection broke: said if none can be made again
                log.info("the listener's connection failed: %s", error)
            finally:
                self.listening.clear()
                _close(connection)
        for end in (self._woken_by, self._wake_up):
            end.close()

    def _connect(self) -> Any:
        """A psycopg connection made by the engine, detached from its pool, listening;
        None if none is made."""
        driver: Any = None
        try:
            with self.gate.letting_through():
                pooled = self.engine.raw_connection()
            driver = pooled.driver_connection
            pooled.detach()  # the listener's own from now on
            driver.autocommit = True
            driver.execute(f"LISTEN {CHANNEL}")
            self.backend_pid = driver.info.backend_pid
        except Exception as error:  # the pool's or the driver's: not reached (or refused)
            log.info("cannot listen on the database server: %s", error)
            if driver is not None:
                _close(driver)
            self._say_lost(f"The database server {self._where} cannot be reached")
            return None
        return driver

    def _listen(self, driver: Any) -> None:
        from psycopg import pq

        pgconn = driver.pgconn
        self.listening.set()
        if self.lost:
            self.lost = ""
            self.gate.open()
            log.info("the database server %s answers again", self._where)
            self._tell_health("")
        self.gate.clear_suspicion()  # it answered the connection just made
        self._wake()  # whatever was committed before LISTEN (or during an outage)
        sent_at: float | None = None  # a ping waiting for its answer
        answered_at = time.monotonic()
        next_ping = answered_at + PING_EVERY_S
        while not self._stop.is_set():
            now = time.monotonic()
            waiting_since = self.gate.oldest_bounded_wait()  # the window's, if it waits
            if sent_at is not None:
                deadline = sent_at + ANSWER_WITHIN_S
                if waiting_since is not None and not self.gate.suspected:
                    deadline = min(deadline, sent_at + SUSPECT_AFTER_S)
            else:
                deadline = next_ping
                if waiting_since is not None:
                    deadline = min(deadline, max(waiting_since, answered_at) + ASK_AFTER_S)
            readable, _, _ = select.select(
                [pgconn.socket, self._woken_by], [], [], max(0.0, deadline - now)
            )
            if self._woken_by in readable:
                _drain(self._woken_by)
            if pgconn.socket in readable:
                pgconn.consume_input()
                woken = False
                while pgconn.notifies() is not None:
                    woken = True
                if sent_at is not None and not pgconn.is_busy():
                    self._take_answer(pgconn)
                    sent_at, answered_at = None, time.monotonic()
                    next_ping = answered_at + PING_EVERY_S
                    if self.gate.suspected:
                        self.gate.clear_suspicion()
                if woken:
                    self._wake()
                if pgconn.status != pq.ConnStatus.OK:
                    raise _Broken("the listener's connection was closed")
            now = time.monotonic()
            if sent_at is not None and now - sent_at > ANSWER_WITHIN_S:
                raise _Lost(f"The database server {self._where} does not answer")
            waiting_since = self.gate.oldest_bounded_wait()
            unanswered = sent_at is not None and now - sent_at > SUSPECT_AFTER_S
            if unanswered and waiting_since is not None and not self.gate.suspected:
                log.info("the database server %s is slow to answer: suspected", self._where)
                self.gate.suspect(f"The database server {self._where} does not answer")
            asked_for = waiting_since is not None and (
                now >= max(waiting_since, answered_at) + ASK_AFTER_S
            )
            if sent_at is None and (now >= next_ping or asked_for):
                pgconn.send_query(b"SELECT 1")
                pgconn.flush()
                sent_at = now
            elif sent_at is not None:
                pgconn.flush()  # in case the query did not all go out at once

    def _take_answer(self, pgconn: Any) -> None:
        from psycopg import pq

        while (result := pgconn.get_result()) is not None:
            if result.status != pq.ExecStatus.TUPLES_OK:
                raise _Broken((result.error_message or b"").decode(errors="replace").strip())

    # -- telling -----------------------------------------------------------------------

    def _say_lost(self, sentence: str) -> None:
        if self._stop.is_set():
            return
        self.gate.close(sentence)
        if not self.lost:  # said once, in the words of the first failure
            log.info("%s", sentence)
            self.lost = sentence
            self._tell_health(sentence)

    def _tell_health(self, sentence: str) -> None:
        if not self._stop.is_set():
            self._on_health(sentence)

    def _wake(self) -> None:
        if not self._stop.is_set():
            self._on_change()


def _drain(end: socket.socket) -> None:
    try:
        while end.recv(256):
            continue
    except OSError:  # nothing more to read
        return


def _close(connection: Any) -> None:
    try:
        connection.close()
    except Exception as error:  # broken already
        log.debug("closing the listener's connection: %s", error)
