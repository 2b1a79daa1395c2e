"""The write-ahead log goes back into the database file from a thread, never in a commit."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.engine import URL

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.store import Store
from db.wal_checkpoints import WalCheckpoints
from desktop.demo import load_demo


def _requests_in_the_file_alone(path: Path, slot_id: int, tmp_path: Path) -> int:
    """What the database file holds by itself, without its log."""
    alone = tmp_path / "alone.sqlite"
    shutil.copyfile(path, alone)
    with sqlite3.connect(alone) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM floor_request WHERE slot_id = ?", (slot_id,)
        ).fetchone()
    alone.unlink()
    return int(count)


def test_commits_leave_the_log_and_the_thread_copies_it_back(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite"
    store = Store.open(URL.create("sqlite", database=str(path)))
    try:
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
        assert store.checkpoints is not None
        store.checkpoints.stop()  # its turns come every 2 s: these come when wanted
        conference_id = load_demo(store)
        # The demo was written and checkpointed when its thread took its turn; what
        # follows is in the log only, until the next turn.
        checkpoints = WalCheckpoints(path, every_s=0.05).start()
        _wait_for(lambda: checkpoints.done > 0)
        checkpoints.stop()
        panel: SlotView = next(
            s for s in store.agenda.slots(conference_id) if s.kind.value == "panel"
        )
        before = _requests_in_the_file_alone(path, panel.id, tmp_path)
        austria = next(d.id for d in store.delegations.all() if d.name == "Austria")
        with store.transaction():
            for _ in range(300):
                store.speakers.add(panel.id, RequestDraft(austria), panel.starts_at)
        assert _requests_in_the_file_alone(path, panel.id, tmp_path) == before
        checkpoints = WalCheckpoints(path, every_s=0.05).start()
        _wait_for(lambda: checkpoints.done > 0)
        checkpoints.stop()
        assert _requests_in_the_file_alone(path, panel.id, tmp_path) == before + 300
    finally:
        store.close()


def test_a_missing_file_is_never_created(tmp_path: Path) -> None:
    missing = tmp_path / "gone.sqlite"
    checkpoints = WalCheckpoints(missing, every_s=0.02).start()
    time.sleep(0.2)
    checkpoints.stop()
    assert checkpoints.done == 0
    assert not missing.exists()


def _wait_for(condition: Callable[[], bool], timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the checkpoint thread did not take its turn"
        time.sleep(0.01)
