"""Shared fixtures. Qt runs offscreen, user folders point into a temporary tree,
and any warning logged during a test fails it."""

from __future__ import annotations

import gc
import itertools
import logging
import os
import shutil
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
_USER_DIRS = tempfile.mkdtemp(prefix="floordesk-tests-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[_name] = os.path.join(_USER_DIRS, _name.lower())
os.environ.pop("FLOORDESK_DB", None)

from collections.abc import Iterator  # noqa: E402
from concurrent.futures import Future, ThreadPoolExecutor  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from sqlalchemy.engine import URL  # noqa: E402

from db.meeting.snapshots import SlotView  # noqa: E402
from db.store import Store  # noqa: E402
from desktop.demo import ensure_delegations, load_demo  # noqa: E402
from desktop.domain.clock import FakeClock  # noqa: E402


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """After each test, what lives on (some 10,000 objects a window test) is frozen, as
    the app freezes what its start made (desktop/qt/app.py): late in the suite, each full
    collection walked hundreds of thousands of them, up to a second at a time. Not
    collected first: in CI a full collection here crashed in shiboken on the cycles a
    video statement's window leaves (a desk, its undo stack and its commands), and the
    collection at the wrong moment was the only difference."""
    gc.freeze()


@pytest.fixture(autouse=True)
def _fail_on_logged_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.INFO)
    yield
    loud = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    if loud:
        pytest.fail("logged during the test: " + "; ".join(r.getMessage() for r in loud))


@pytest.fixture(autouse=True)
def _server_suspected_when_it_is_frozen(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A station suspects its server when the server leaves the listener's question
    unanswered for 40 ms while the window waits (db/sync/server_watch.py): the test that
    freezes the server holds the window to that. The others are not about a slow server,
    and on a machine running two workers, a server process, a standby copier and the
    windows, the server can be that slow to be scheduled: for them it is suspected after
    half a second (found once in a full run: a window test cut by a false suspicion)."""
    if request.node.get_closest_marker("postgres_server_alone") is None:
        from db.sync import server_watch

        monkeypatch.setattr(server_watch, "SUSPECT_AFTER_S", 0.5)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "floordesk.sqlite"


@pytest.fixture
def db_url(db_path: Path) -> URL:
    return URL.create("sqlite", database=str(db_path))


# Set to a PostgreSQL server URL (its maintenance database) to run every store test
# on PostgreSQL as well, each in a database of its own.
POSTGRES = os.environ.get("FLOORDESK_TEST_POSTGRES")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES else ["sqlite"]


@pytest.fixture(params=BACKENDS)
def store_url(
    request: pytest.FixtureRequest, db_url: URL, postgres_databases: PostgresDatabases | None
) -> Iterator[URL]:
    if request.param == "sqlite":
        yield db_url
        return
    assert postgres_databases is not None
    # A test that stops the whole server has it to itself (PostgresDatabases.server_held).
    alone = request.node.get_closest_marker("postgres_server_alone") is not None
    with postgres_databases.server_held(alone):
        template = None
        if "store" in request.fixturenames:
            # The store's database is a copy of a template (with the demo when the test
            # wants the conference); a test with the URL alone gets an empty database.
            if "conference_id" in request.fixturenames:
                template, conference = postgres_databases.demo()
                request.node.stash[_DEMO_COPIED] = conference
            else:
                template = postgres_databases.delegations()
        name = postgres_databases.take(template)
        yield postgres_databases.admin_url.set(database=name)
        postgres_databases.drop(name)


STATION = "test-station"


class PostgresDatabases:
    """Each test's database on the PostgreSQL server, as the SQLite templates below do it
    for files: two templates made once a session (migrated with the delegations, and the
    same with the demo), each test's store created from one with CREATE DATABASE ...
    TEMPLATE (migrating and loading the demo took 0.6 s in each of some 450 tests).

    A test's database is dropped on a thread of its own while the next test runs (the
    server's work, some 60 ms, not ours). That thread does all the server's work in order,
    creations included: nothing is copied from a template while a database is dropped or
    made. Names hold the process id: each process of a run has its own databases."""

    def __init__(self, server: str) -> None:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        self.admin_url = make_url(server).set(drivername="postgresql+psycopg")
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self._prefix = f"floordesk_test_{os.getpid()}"
        self._numbers = itertools.count(1)
        self._server_work = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-databases")
        self._dropped: list[Future[None]] = []
        self._templates: list[str] = []
        self._delegations: str | None = None
        self._demo: tuple[str, int] | None = None

    @contextmanager
    def server_held(self, alone: bool) -> Iterator[None]:
        """The server shared with the other tests on it, or, for a test that stops it
        whole (``postgres_server_alone``), held alone: by locks on files named after the
        server, taken by every process of the run (pytest-xdist's workers) and by any
        other run on the same server. The test that holds it alone first closes a gate
        that the others pass on their way in, or a stream of them would keep it waiting."""
        import fcntl

        where = f"{self.admin_url.host}-{self.admin_url.port}".replace("/", "_")
        folder = Path(tempfile.gettempdir())
        with (
            open(folder / f"floordesk-tests-postgres-{where}.gate", "a+b") as gate,
            open(folder / f"floordesk-tests-postgres-{where}.lock", "a+b") as lock,
        ):
            fcntl.flock(gate, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
            finally:
                fcntl.flock(gate, fcntl.LOCK_UN)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def take(self, template: str | None) -> str:
        """A new database: a copy of ``template``, or an empty one."""
        name = f"{self._prefix}_{next(self._numbers)}"
        self._server_work.submit(self._create, name, template).result()
        return name

    def drop(self, name: str) -> None:
        self._dropped.append(self._server_work.submit(self._drop, name))

    def delegations(self) -> str:
        if self._delegations is None:
            self._delegations = self._server_work.submit(self._delegations_template).result()
        return self._delegations

    def demo(self) -> tuple[str, int]:
        if self._demo is None:
            self._demo = self._server_work.submit(self._demo_template, self.delegations()).result()
        return self._demo

    def close(self) -> None:
        self._server_work.shutdown(wait=True)
        for dropped in self._dropped:
            dropped.result()  # a database that could not be dropped is said
        for name in reversed(self._templates):
            self._drop(name)
        self.admin.dispose()

    def _create(self, name: str, template: str | None) -> None:
        copy = f' TEMPLATE "{template}"' if template is not None else ""
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"{copy}')

    def _drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _delegations_template(self) -> str:
        name = f"{self._prefix}_template_delegations"
        self._create(name, None)
        self._templates.append(name)
        opened = Store.open(self.admin_url.set(database=name), station=STATION)
        ensure_delegations(opened)
        opened.close()  # a template is copied only while nobody is connected to it
        return name

    def _demo_template(self, delegations: str) -> tuple[str, int]:
        name = f"{self._prefix}_template_demo"
        self._create(name, delegations)
        self._templates.append(name)
        opened = Store.open(self.admin_url.set(database=name), station=STATION)
        conference = load_demo(opened)
        opened.close()
        return name, conference


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[PostgresDatabases | None]:
    if POSTGRES is None:
        yield None
        return
    databases = PostgresDatabases(POSTGRES)
    yield databases
    databases.close()


class SQLiteTemplates:
    """The databases most tests start from, made once a session and copied for each test
    (an SQLite file copies in a millisecond; migrating and loading the demo took a quarter
    of a second of CPU, in some 400 tests): migrated with the delegations, and the same
    with the demo conference loaded, exactly as the fixtures below made them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._delegations: Path | None = None
        self._demo: tuple[Path, int] | None = None

    def delegations(self) -> Path:
        if self._delegations is None:
            path = self.folder / "delegations.sqlite"
            opened = Store.open(URL.create("sqlite", database=str(path)), station=STATION)
            ensure_delegations(opened)
            opened.close()
            self._delegations = self._alone(path)
        return self._delegations

    def demo(self) -> tuple[Path, int]:
        if self._demo is None:
            path = self.folder / "demo.sqlite"
            shutil.copyfile(self.delegations(), path)
            opened = Store.open(URL.create("sqlite", database=str(path)), station=STATION)
            conference = load_demo(opened)
            opened.close()
            self._demo = (self._alone(path), conference)
        return self._demo

    @staticmethod
    def _alone(path: Path) -> Path:
        """The file holds everything: the write-ahead log went back into it at close."""
        assert not path.with_name(path.name + "-wal").exists(), "the log was not checkpointed"
        return path


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> SQLiteTemplates:
    return SQLiteTemplates(tmp_path_factory.mktemp("templates"))


_DEMO_COPIED = pytest.StashKey[int]()


@pytest.fixture
def store(
    store_url: URL, request: pytest.FixtureRequest, sqlite_templates: SQLiteTemplates
) -> Iterator[Store]:
    if store_url.get_backend_name() == "postgresql":  # a copy of a template already
        opened = Store.open(store_url, station=STATION)
        yield opened
        opened.close()
        return
    path = Path(store_url.database or "")
    if not path.exists():
        # A copy of the template (with the demo when the test wants the conference).
        if "conference_id" in request.fixturenames:
            template, conference = sqlite_templates.demo()
            request.node.stash[_DEMO_COPIED] = conference
        else:
            template = sqlite_templates.delegations()
        shutil.copyfile(template, path)
        opened = Store.open(store_url, station=STATION)
    else:
        opened = Store.open(store_url, station=STATION)
        ensure_delegations(opened)
    yield opened
    opened.close()


@pytest.fixture
def conference_id(store: Store, request: pytest.FixtureRequest) -> int:
    copied = request.node.stash.get(_DEMO_COPIED, None)
    return copied if copied is not None else load_demo(store)


@pytest.fixture(scope="session", autouse=True)
def _libvlc_plugins_kept_loaded() -> Iterator[None]:
    """libvlc unloads its plugins with its last instance and opens them all again for the
    next one (0.1 to 0.4 s where VLC's plugins cache is missing): one instance held for
    the session spares that to each of the windows the tests open and close."""
    try:
        import vlc

        instance = vlc.Instance(["--quiet", "--no-video", "--no-lua", "--aout=adummy"])
    except (Exception, SystemExit):  # no libvlc: the tests of the chimes say so themselves
        instance = None
    yield
    if instance is not None:
        instance.release()


@pytest.fixture
def panel(store: Store, conference_id: int) -> SlotView:
    """Panel 1 of the demo conference, with its advance requests."""
    return next(s for s in store.agenda.slots(conference_id) if s.kind.value == "panel")


@pytest.fixture
def clock(panel: SlotView) -> FakeClock:
    return FakeClock(panel.starts_at + timedelta(minutes=30))


UTC = UTC


def at(hour: int, minute: int = 0, second: float = 0) -> datetime:
    """A moment on 20 April 2026 (UTC) for arithmetic tests."""
    whole = int(second)
    return datetime(2026, 4, 20, hour, minute, whole, int((second - whole) * 1e6), tzinfo=UTC)
