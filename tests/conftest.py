"""Shared fixtures. Qt runs offscreen, user folders point into a temporary tree,
and any warning logged during a test fails it."""

from __future__ import annotations

import gc
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
def store_url(request: pytest.FixtureRequest, db_url: URL) -> Iterator[URL]:
    if request.param == "sqlite":
        yield db_url
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    assert POSTGRES is not None
    admin_url = make_url(POSTGRES).set(drivername="postgresql+psycopg")
    name = f"floordesk_test_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield admin_url.set(database=name)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


STATION = "test-station"


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
    path = Path(store_url.database or "") if store_url.get_backend_name() == "sqlite" else None
    if path is not None and not path.exists():
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
