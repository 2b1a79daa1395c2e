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
"""

from __future__ import annotations

import logging
import select
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

    def start(self) -> ServerWatch:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

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
        self._wake()  # whatever was committed before LISTEN (or during an outage)
        sent_at: float | None = None  # a ping waiting for its answer
        next_ping = time.monotonic() + PING_EVERY_S
        while not self._stop.is_set():
            now = time.monotonic()
            deadline = sent_at + ANSWER_WITHIN_S if sent_at is not None else next_ping
            readable, _, _ = select.select([pgconn.socket], [], [], max(0.0, deadline - now))
            if readable:
                pgconn.consume_input()
                woken = False
                while pgconn.notifies() is not None:
                    woken = True
                if sent_at is not None and not pgconn.is_busy():
                    self._take_answer(pgconn)
                    sent_at, next_ping = None, time.monotonic() + PING_EVERY_S
                if woken:
                    self._wake()
                if pgconn.status != pq.ConnStatus.OK:
                    raise _Broken("the listener's connection was closed")
            now = time.monotonic()
            if sent_at is not None and now - sent_at > ANSWER_WITHIN_S:
                raise _Lost(f"The database server {self._where} does not answer")
            if sent_at is None and now >= next_ping:
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


def _close(connection: Any) -> None:
    try:
        connection.close()
    except Exception as error:  # broken already
        log.debug("closing the listener's connection: %s", error)
