"""The window restarted on its file: painted from the first look, then the store's.

The window opened on the first look (db/first_look.py) shows the live slot's list, its
floor and its countdown as the window opened on the store shows them, and not one pixel
changes when the store takes the first look's place (the rapporteur's: but the selected
intervention's history, from the journal, which fills then). A change asked for before
the store is there is refused in one sentence and written nowhere; once it is there, the
same key works.
"""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from db.first_look import FirstLook
from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import InterventionKind
from db.steps import step
from db.store import Store
from desktop import settings as options
from desktop.domain.clock import FakeClock
from desktop.qt.app import open_first_look, open_window, take_the_store
from desktop.qt.main_window import MainWindow
from desktop.services.sound import open_chimes
from desktop.settings import Settings
from tests.conftest import SQLiteTemplates
from tests.qt.test_live_session_keys import press


@pytest.fixture
def restarted(
    tmp_path: Path, sqlite_templates: SQLiteTemplates
) -> tuple[Path, FakeClock, Settings]:
    """The demo's panel under way (someone speaking, others waiting), and the settings of
    a station that looked at it, made live by hand, when it closed."""
    path = tmp_path / "restarted.sqlite"
    template, conference_id = sqlite_templates.demo()
    shutil.copyfile(template, path)
    store = Store.open(URL.create("sqlite", database=str(path)), station="test")
    panel = next(s for s in store.agenda.slots(conference_id) if s.kind.value == "panel")
    now = panel.starts_at + timedelta(minutes=25)
    delegations = store.delegations.all()
    for delegation in delegations[:4]:
        store.speakers.add(panel.id, RequestDraft(delegation.id), now - timedelta(minutes=5))
    store.speakers.add(
        panel.id, RequestDraft(delegations[5].id, kind=InterventionKind.POINT_OF_ORDER), now
    )
    given = store.floor.give_floor(panel.id, now - timedelta(seconds=70))
    store.floor.pause(given.intervention_id, now - timedelta(seconds=40))
    store.floor.resume(given.intervention_id, now - timedelta(seconds=30))
    waiting = store.speakers.waiting(panel.id)[-1].id
    limit = step(Action.REQUEST_LIMIT, request_id=waiting, seconds=120)
    back = step(Action.REQUEST_LIMIT, request_id=waiting, seconds=None)
    store.history.carry_out(conference_id, "Limit to 2:00", limit, back, now)
    store.close()
    settings = Settings(tmp_path / "floordesk.ini")
    settings.set(options.LAST_SLOT, panel.id)
    settings.set(options.LIVE_SLOT, panel.id)
    settings.set(options.FOLLOW_CLOCK, False)
    return path, FakeClock(now), settings


def _texts(model: QAbstractItemModel) -> list[list[str]]:
    return [
        [
            str(model.index(row, column).data(Qt.ItemDataRole.DisplayRole))
            for column in range(model.columnCount())
        ]
        for row in range(model.rowCount())
    ]


def _labels(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def shown(window: MainWindow) -> dict[str, object]:
    """What the first frame shows: the slot, its list, the floor and the countdown."""
    window.tick()
    return {
        "title": window.windowTitle(),
        "header": _labels(window.header),
        "countdown": _labels(window.countdown),
        "list": _texts(window.speakers),
        "agenda": _texts(window.agenda.view.model()),
        "live": window.desk.live_slot.id if window.desk.live_slot else None,
        "looked at": window.desk.slot.id if window.desk.slot else None,
        "undo": window.desk.undo_stack.undoText(),
        "nameplates": len(window.desk.delegations()),
    }


def _differing(one: QImage, other: QImage) -> tuple[int, int, int, int] | None:
    """The rectangle (left, top, right, bottom) where two frames differ; None: nowhere."""
    if one == other:
        return None
    if one.size() != other.size():
        return (0, 0, max(one.width(), other.width()), max(one.height(), other.height()))
    points = [
        (x, y)
        for y in range(one.height())
        for x in range(one.width())
        if one.pixel(x, y) != other.pixel(x, y)
    ]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _chimes():  # type: ignore[no-untyped-def]
    return open_chimes(["--aout=adummy"])  # the real libvlc, no sound card needed


@pytest.mark.parametrize("role", ["moderator", "rapporteur", "technician"])
def test_the_first_look_shows_what_the_store_shows_and_nothing_moves(
    qtbot: QtBot, restarted: tuple[Path, FakeClock, Settings], role: str
) -> None:
    path, clock, settings = restarted
    settings.set(options.ROLE, role)
    look = FirstLook.open(path)
    assert look is not None
    look.label = look.station = "test"  # as the window's start sets them
    _desk, window = open_first_look(look, settings, clock, _chimes())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    first = shown(window)
    first_frame = window.grab().toImage()
    assert first["list"], "the list of speakers is on the first frame"
    assert any("Statement" in text or "spoken" in text for text in first["countdown"])
    assert first["undo"] == "Limit to 2:00" and first["nameplates"]
    assert window.desk.opening

    store = Store.open(URL.create("sqlite", database=str(path)), station="test")
    take_the_store(window, store)
    assert shown(window) == first, "nothing moves when the store takes the first look's place"
    differing = _differing(window.grab().toImage(), first_frame)
    if role == "rapporteur":  # the selected intervention's history (the journal) fills
        history = window.record.details.history
        box = QRect(history.mapTo(window, QPoint(0, 0)), history.size())
        assert differing is None or box.contains(
            QRect(QPoint(*differing[:2]), QPoint(*differing[2:]))
        )
    else:
        assert differing is None, "not one pixel"
    assert not window.desk.opening
    assert window.station_sync is not None

    alone_settings = Settings(path.with_name("alone.ini"))
    for key in (options.LAST_SLOT, options.LIVE_SLOT, options.FOLLOW_CLOCK, options.ROLE):
        alone_settings.set(key, settings.get(key))
    other = Store.open(URL.create("sqlite", database=str(path)), station="test")
    _desk, alone = open_window(other, alone_settings, clock, _chimes())
    qtbot.addWidget(alone)
    alone.show()
    qtbot.waitExposed(alone)
    try:
        assert shown(alone) == first, "the window opened on the store alone shows the same"
    finally:
        alone.close()
        window.close()
        other.close()
        store.close()


def test_a_change_asked_for_before_the_store_is_there_is_made_once_it_is(
    qtbot: QtBot, restarted: tuple[Path, FakeClock, Settings]
) -> None:
    """F5 pressed on the first frame, before the store took its place (the real window
    under Xvfb met it: the key came in the moment between): held, said, and made once the
    store is there, on what the moderator saw; nothing is written before."""
    path, clock, settings = restarted
    look = FirstLook.open(path)
    assert look is not None
    look.label = look.station = "test"  # as the window's start: its undo history is there
    desk, window = open_first_look(look, settings, clock, _chimes())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    speaking = desk.current
    next_up = desk.next_up[0]
    assert speaking is not None
    limited_id = desk.undo_stack.command(0).redo_step["request_id"]
    press(qtbot, window, Qt.Key.Key_F5)
    assert "the change is made in a moment" in window.statusBar().currentMessage()
    window.undo_action.trigger()  # Ctrl+Z after it: the floor given is taken back...
    window.undo_action.trigger()  # ...and the limit set before the restart is undone
    assert desk.undo_stack.count() == 1 and desk.undo_stack.index() == 1  # as it was

    store = Store.open(URL.create("sqlite", database=str(path)), station="test")
    try:
        assert store.floor.current(speaking.slot_id) == speaking, "nothing was written"
        take_the_store(window, store)
        window.desk.settle()
        assert store.floor.current(speaking.slot_id) == speaking, "given, then taken back"
        assert desk.undo_stack.index() == 0 and desk.undo_stack.count() == 2
        assert desk.undo_stack.command(1).text() == f"Give the floor to {next_up.nameplate}"
        limited = store.speakers.requests_with_ids([limited_id])[0]
        assert limited.limit_s is None, "the limit undone"
        press(qtbot, window, Qt.Key.Key_F5)  # and the keys work on the store from now on
        given = store.floor.current(speaking.slot_id)
        assert given is not None and given.floor_request_id == next_up.id
    finally:
        window.close()
        store.close()
