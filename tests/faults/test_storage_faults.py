"""The database file turns read-only, or the disk fills up, in the middle of a session:
one sentence says so, the moderator carries on, and everything is written once the
storage works again."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select
from sqlalchemy.engine import URL

from db.exactly_once import KEYS_KEPT_FOR
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.models import FloorRequest, JournalEntry
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.domain.roles import Role
from desktop.qt.app import open_window
from desktop.qt.desk.desk import Desk
from desktop.qt.main_window import MainWindow
from desktop.qt.storage_guard import RETRY_MS, storage_guard
from desktop.settings import Settings

WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def storage_fails(engine: Any, db_path: Path, kind: str) -> Iterator[None]:
    """Real SQLite refusals on the real file: read-only (the file's mode, and SQLite's
    query_only, which holds for root too) or a full disk (SQLITE_FULL on every write,
    raised at the DBAPI level)."""

    def read_only(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA query_only=ON")

    def disk_full(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            raise sqlite3.OperationalError("database or disk is full")

    if kind == "read-only":
        db_path.chmod(0o444)
        event.listen(engine, "connect", read_only)
    else:
        event.listen(engine, "before_cursor_execute", disk_full)
    engine.dispose()  # connections open anew, and meet the fault
    try:
        yield
    finally:
        if kind == "read-only":
            event.remove(engine, "connect", read_only)
            db_path.chmod(0o644)
        else:
            event.remove(engine, "before_cursor_execute", disk_full)
        engine.dispose()


@pytest.fixture
def window(
    qtbot: QtBot, store: Store, panel: SlotView, clock: FakeClock, tmp_path: Path
) -> Iterator[MainWindow]:
    if store.engine.url.get_backend_name() != "sqlite":
        pytest.skip("a fault of an SQLite file")
    _desk, window = open_window(store, Settings(tmp_path / "desk.ini"), clock)
    qtbot.addWidget(window)
    window.show()
    window.choose_slot(panel.id)
    yield window
    window.close()


@pytest.mark.parametrize("kind", ["read-only", "disk full"])
def test_the_session_goes_on_and_nothing_is_lost(
    kind: str,
    qtbot: QtBot,
    window: MainWindow,
    store: Store,
    db_path: Path,
    clock: FakeClock,
) -> None:
    desk = window.desk
    guard = storage_guard(store)
    delegations = [d.id for d in store.delegations.all()]
    desk.give_floor()
    speaking = desk.current
    assert speaking is not None
    said: list[str] = []
    desk.problem.connect(said.append)
    # The rapporteur's desk in the same process (the record is not the moderator's).
    rapporteur = Desk(store, clock)
    rapporteur.set_role(Role.RAPPORTEUR)
    rapporteur.problem.connect(said.append)

    with storage_fails(store.engine, db_path, kind):
        clock.advance(20)
        rapporteur.save_notes(speaking.id, "Calls for a victim-centred approach.")
        clock.advance(10)
        paused_at = clock.now()
        desk.pause_or_resume()
        assert desk.current is not None and desk.current.is_paused  # the moderator sees it
        added = [desk.add_request(RequestDraft(delegations[n])) for n in (3, 4)]
        clock.advance(40)
        resumed_at = clock.now()
        desk.pause_or_resume()
        clock.advance(25)
        given_at = clock.now()
        desk.give_floor()
        next_speaker = desk.current
        assert next_speaker is not None and next_speaker.id != speaking.id
        desk.undo_stack.undo()  # and undo works as ever
        desk.undo_stack.redo()
        banner = window.storage_banner  # type: ignore[attr-defined]
        assert banner.isVisible()
        sentence = banner.text()
        assert ("read-only" if kind == "read-only" else "disk is full") in sentence
        assert sentence.count(".") == 1 and "\n" not in sentence
        assert "carries on in memory" in sentence
        assert not said, said
        waiting = guard.waiting
        assert waiting >= 8
        assert not guard.retry()  # still failing: still waiting
        assert guard.waiting == waiting and guard.recovery.exists()
        window.grab().save(str(db_path.with_name(f"banner-{kind}.png")))

    qtbot.waitUntil(lambda: guard.waiting == 0, timeout=RETRY_MS + 3000)
    assert not banner.isVisible()
    assert not guard.recovery.exists()
    assert "changes were saved" in window.statusBar().currentMessage()
    on_file = Store.open(store.engine.url, station="check")  # the file itself, read anew
    try:
        first = on_file.floor.intervention(speaking.id)
        assert first.notes == "Calls for a victim-centred approach."
        assert [(p.paused_at, p.resumed_at) for p in first.pauses] == [(paused_at, resumed_at)]
        assert first.floor_taken_at == given_at
        current = on_file.floor.current(first.slot_id)
        assert current is not None and current.floor_given_at == given_at
        assert current.id == desk.current.id if desk.current else False
        with on_file.reading() as session:
            requests = set(session.scalars(select(FloorRequest.id)))
            journal = list(session.scalars(select(JournalEntry.id).order_by(JournalEntry.id)))
        assert set(added) <= requests
        assert journal == sorted(set(journal))
        assert desk.catch_up() == 0  # the desk had seen it all, on the copy
    finally:
        on_file.close()
    clock.advance(5)
    desk.take_floor_back()  # and the file takes writes again, directly
    assert store.floor.intervention(next_speaker.id).floor_taken_at == clock.now()
    assert guard.stand_in is None


def quit_answering(qtbot: QtBot, window: MainWindow, answer: str) -> None:
    """Quit, and answer the question about changes not written ("Quit…" or "Stay")."""
    window.close()
    box = window.quit_question
    qtbot.waitUntil(box.isVisible)
    assert "not written to the database yet" in box.text()
    button = next(b for b in box.buttons() if b.text().startswith(answer))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_quitting_with_changes_not_written_says_so_and_asks(
    qtbot: QtBot, window: MainWindow, store: Store, db_path: Path
) -> None:
    guard = storage_guard(store)
    delegation = store.delegations.all()[0].id
    with storage_fails(store.engine, db_path, "disk full"):
        assert window.desk.add_request(RequestDraft(delegation)) is not None
        assert guard.waiting >= 1
        quit_answering(qtbot, window, "Stay")
        assert window.isVisible()  # the desk goes on
        quit_answering(qtbot, window, "Quit")
        qtbot.waitUntil(lambda: not window.isVisible())
        assert guard.recovery.exists()  # kept for the next start


def test_changes_held_when_floordesk_closed_are_not_written_at_the_next_start_unasked(
    qtbot: QtBot, window: MainWindow, store: Store, db_path: Path, panel: SlotView
) -> None:
    guard = storage_guard(store)
    austria = next(d for d in store.delegations.all() if d.name == "Austria")
    with storage_fails(store.engine, db_path, "disk full"):
        added = window.desk.add_request(RequestDraft(austria.id))
        assert added is not None and guard.waiting >= 1
        guard.close()  # Floordesk dies before the disk has room again
        recovery = guard.recovery
        assert recovery.exists()
        quit_answering(qtbot, window, "Quit")
    store.close()
    reopened = Store.open(URL.create("sqlite", database=str(db_path)), station="test-station")
    try:
        again = storage_guard(reopened)  # as at the next start
        assert again.waiting == 0 and not recovery.exists()
        assert not any(r.id == added for r in reopened.speakers.requests(panel.id))
        (kept,) = again.kept_sets()  # waiting for the moderator's decision
        shown = [
            c for c in kept.changes(lambda i: austria.name if i == austria.id else None) if c.shown
        ]
        assert [c.what for c in shown] == ["Added to the list of speakers (Austria)"]
        assert shown[0].when is not None
        assert again.write_kept(kept).written  # the moderator says: write them
        assert any(r.id == added for r in reopened.speakers.requests(panel.id))
        assert again.kept_sets() == [] and not kept.path.exists()
    finally:
        reopened.close()


def test_kept_changes_that_may_be_saved_already_are_set_aside_once_their_keys_are_gone(
    qtbot: QtBot, window: MainWindow, store: Store, db_path: Path, panel: SlotView
) -> None:
    """A change whose transaction began may have been saved; its key says so for a week
    (db/exactly_once.py). Kept longer than that, it is set aside, never written twice."""
    guard = storage_guard(store)
    austria = next(d for d in store.delegations.all() if d.name == "Austria")
    with storage_fails(store.engine, db_path, "disk full"):
        added = window.desk.add_request(RequestDraft(austria.id))
        assert added is not None and guard.fallback.held[0].attempted
        guard.close()
        quit_answering(qtbot, window, "Quit")
    store.close()
    reopened = Store.open(URL.create("sqlite", database=str(db_path)), station="test-station")
    try:
        again = storage_guard(reopened)
        (kept,) = again.kept_sets()
        old = dataclasses.replace(kept, saved_at=kept.saved_at - KEYS_KEPT_FOR - timedelta(hours=1))
        done = again.write_kept(old)
        assert done.written and done.set_aside == 1 and done.aside is not None
        assert done.aside.exists() and done.aside.with_suffix(".txt").exists()
        assert not any(r.id == added for r in reopened.speakers.requests(panel.id))
        assert again.kept_sets() == []
    finally:
        reopened.close()


def test_at_the_next_start_the_window_lists_them_and_writes_them_when_asked(
    qtbot: QtBot, window: MainWindow, store: Store, db_path: Path, panel: SlotView, clock: FakeClock
) -> None:
    guard = storage_guard(store)
    delegation = store.delegations.all()[0].id
    with storage_fails(store.engine, db_path, "disk full"):
        added = window.desk.add_request(RequestDraft(delegation))
        assert added is not None and guard.waiting == 1  # the request and its undo step: one
        guard.close()
        quit_answering(qtbot, window, "Quit")
    store.close()
    reopened = Store.open(URL.create("sqlite", database=str(db_path)), station="test-station")
    try:
        desk, again = open_window(reopened, Settings(db_path.with_name("again.ini")), clock)
        qtbot.addWidget(again)
        (dialog,) = again.kept_dialogs
        assert dialog.isVisible() and not dialog.isModal()  # the desk is not blocked
        assert dialog.model.rowCount() == 1  # the addition (its undo step goes with it)
        assert dialog.model.index(0, 1).data().startswith("Added to the list of speakers")
        assert dialog.model.index(0, 0).data() != "—"  # when it was made
        assert not any(r.id == added for r in reopened.speakers.requests(panel.id))
        qtbot.mouseClick(dialog.write_button, Qt.MouseButton.LeftButton)
        assert any(r.id == added for r in reopened.speakers.waiting(panel.id))
        assert desk.undo_stack.count() == 1 and desk.undo_stack.canUndo()
        desk.undo_stack.undo()  # the request added before the restart is withdrawn
        assert not any(r.id == added for r in reopened.speakers.waiting(panel.id))
        again.close()
    finally:
        reopened.close()


def test_set_aside_they_are_kept_in_a_file_and_never_written(
    qtbot: QtBot, window: MainWindow, store: Store, db_path: Path, panel: SlotView, clock: FakeClock
) -> None:
    guard = storage_guard(store)
    austria = next(d for d in store.delegations.all() if d.name == "Austria")
    with storage_fails(store.engine, db_path, "disk full"):
        added = window.desk.add_request(RequestDraft(austria.id))
        guard.close()
        quit_answering(qtbot, window, "Quit")
    store.close()
    reopened = Store.open(URL.create("sqlite", database=str(db_path)), station="test-station")
    try:
        _desk, again = open_window(reopened, Settings(db_path.with_name("again.ini")), clock)
        qtbot.addWidget(again)
        (dialog,) = again.kept_dialogs
        qtbot.mouseClick(dialog.aside_button, Qt.MouseButton.LeftButton)
        assert "set aside in" in again.statusBar().currentMessage()
        aside = list(guard.recovery.parent.glob(f"{guard.recovery.stem}.set-aside-*.pickle"))
        assert len(aside) == 1
        listing = aside[0].with_suffix(".txt").read_text(encoding="utf-8")
        assert "Added to the list of speakers (Austria)" in listing
        assert not any(r.id == added for r in reopened.speakers.requests(panel.id))
        again.close()
        _desk, third = open_window(reopened, Settings(db_path.with_name("third.ini")), clock)
        qtbot.addWidget(third)
        assert third.kept_dialogs == []  # decided once: not offered again
        third.close()
    finally:
        reopened.close()
