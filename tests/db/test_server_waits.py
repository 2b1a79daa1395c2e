"""Bounded waits on a database server: the connection's parameters and the session's
timeouts, and the gate that ends every wait on a server that stopped answering
(db/sync/server_gate.py). A real server (FLOORDESK_TEST_POSTGRES), no mocks."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from db.engine import server_connect_args
from db.store import Store
from db.sync.server_gate import ServerGate


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
