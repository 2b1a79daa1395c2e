"""Bounded waits on a database server: the connection's parameters and the session's
timeouts, and the gate that ends every wait on a server that stopped answering
(db/sync/server_gate.py). A real server (FLOORDESK_TEST_POSTGRES), no mocks."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from db.engine import server_connect_args
from db.store import Store
from db.sync.server_gate import ServerGate
from db.sync.server_watch import ServerWatch


def postgres_only(store: Store) -> None:
    if store.engine.url.get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL")


def test_the_server_connection_args_bound_every_wait_and_keep_the_urls_own() -> None:
    plain = server_connect_args(make_url("postgresql+psycopg://desk@hall/floordesk"))
    assert plain["connect_timeout"] == 2
    assert (plain["keepalives_idle"], plain["keepalives_interval"], plain["keepalives_count"]) == (
        1,
        1,
        2,
    )
    assert "-c statement_timeout=5s" in plain["options"]
    assert "-c lock_timeout=3s" in plain["options"]
    own = server_connect_args(
        make_url("postgresql+psycopg://desk@hall/floordesk?connect_timeout=10&options=-c%20x=1")
    )
    assert "connect_timeout" not in own  # the URL's own, left to it
    assert own["options"].endswith("-c x=1")  # after ours: it wins


def test_a_server_session_has_the_desks_timeouts(store: Store) -> None:
    postgres_only(store)
    with store.engine.connect() as connection:
        assert connection.execute(text("SHOW statement_timeout")).scalar() == "5s"
        assert connection.execute(text("SHOW lock_timeout")).scalar() == "3s"


def test_a_closed_gate_ends_a_wait_at_once_and_refuses_new_connections(
    store: Store,
) -> None:
    postgres_only(store)
    gate = ServerGate.of(store.engine)
    failures: list[BaseException] = []

    def wait_long() -> None:
        try:
            with store.engine.connect() as connection:
                connection.execute(text("SELECT pg_sleep(4)"))
        except OperationalError as error:
            failures.append(error)

    waiting = threading.Thread(target=wait_long)
    waiting.start()
    time.sleep(0.5)  # in pg_sleep now
    began = time.monotonic()
    gate.close("The database server test does not answer")
    try:
        waiting.join(3)
        assert not waiting.is_alive() and failures, "the wait ended with an error"
        assert time.monotonic() - began < 1.0
        began = time.monotonic()
        with pytest.raises(OperationalError, match="does not answer"):
            store.engine.connect().close()
        assert time.monotonic() - began < 0.5  # refused, not tried for connect_timeout
    finally:
        gate.open()
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1


def test_a_bounded_wait_on_a_server_that_answers_is_left_to_finish(store: Store) -> None:
    """The window's thread waiting long on a live server (a slow query): the listener asks
    the server, which answers, so nothing is cut."""
    postgres_only(store)
    gate = ServerGate.of(store.engine)
    gate.bound_waits_of_this_thread()
    watch = ServerWatch(store.engine, lambda: None, lambda _sentence: None).start()
    try:
        assert watch.listening.wait(5)
        with store.engine.connect() as connection:
            slept = connection.execute(text("SELECT 1 FROM pg_sleep(0.3)")).scalar()
        assert slept == 1
        assert gate.suspected == ""
    finally:
        watch.stop()


def test_a_suspected_server_cuts_the_bounded_waits_alone_until_it_answers(
    store: Store,
) -> None:
    """While the server is suspected, the window's thread (bound here, as the station's sync
    binds it) has its wait cut and is refused at once; another thread is left alone."""
    postgres_only(store)
    gate = ServerGate.of(store.engine)
    with store.engine.connect() as connection:  # a second connection waits in the pool
        connection.execute(text("SELECT 1"))
    other: list[object] = []

    def an_import() -> None:  # not bounded: waits on, as before
        with store.engine.connect() as connection:
            other.append(connection.execute(text("SELECT 1 FROM pg_sleep(0.5)")).scalar())

    gate.bound_waits_of_this_thread()
    suspecting = threading.Timer(
        0.3, gate.suspect, args=("The database server test does not answer",)
    )
    suspecting.start()
    importing = threading.Thread(target=an_import)
    importing.start()
    try:
        with pytest.raises(OperationalError), store.engine.connect() as connection:
            connection.execute(text("SELECT pg_sleep(4)"))  # cut when suspected
        assert gate.suspected
        refused = pytest.raises(OperationalError, match="does not answer")
        with refused, store.engine.connect() as connection:  # not tried: refused
            connection.execute(text("SELECT 1"))
        importing.join(5)
        assert other == [1]
    finally:
        suspecting.join()
        gate.clear_suspicion()
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT 1")).scalar() == 1


def test_a_bounded_connection_to_a_server_that_never_answers_is_cut_when_suspected() -> None:
    """A server that froze still has its kernel take the connection; the startup's answer
    never comes, and psycopg would wait connect_timeout (2 s at least). The window's thread
    stops waiting once the server is suspected. (A listening socket nobody accepts on
    stands for the frozen server: no database needed.)"""
    pytest.importorskip("psycopg")
    with socket.create_server(("127.0.0.1", 0)) as frozen:
        port = frozen.getsockname()[1]
        url = make_url(f"postgresql+psycopg://desk@127.0.0.1:{port}/floordesk")
        engine = create_engine(url, connect_args=server_connect_args(url))
        gate = ServerGate.of(engine)
        gate.bound_waits_of_this_thread()
        sentence = "The database server does not answer"
        suspecting = threading.Timer(0.3, gate.suspect, args=(sentence,))
        suspecting.start()
        try:
            with pytest.raises(OperationalError, match="does not answer"):
                engine.connect().close()
        finally:
            suspecting.join()
            engine.dispose()
