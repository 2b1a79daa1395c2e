"""Two stations, one list: a move, a withdrawal or an undo that another station's change
has overtaken is refused in one sentence, and the request stays as the other left it.
Real desks on one database (each with its own store, as two laptops), and the real
window driven by keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import RequestStatus
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.desk.desk import Desk
from desktop.qt.main_window import MainWindow
from tests.qt.acting import press

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def other_store(store: Store) -> Iterator[Store]:
    station = Store.open(store.engine.url, station="second")
    yield station
    station.close()


@pytest.fixture
def stations(
    qtbot: QtBot, store: Store, other_store: Store, panel: SlotView, clock: FakeClock
) -> Iterator[tuple[Desk, Desk]]:
    desks = []
    for station_store in (store, other_store):
        desk = Desk(station_store, clock)
        desk.open_conference(panel.conference_id)
        desk.choose_slot(panel.id)
        desk.make_live(panel.id)
        desks.append(desk)
    yield desks[0], desks[1]
    for desk in desks:
        desk.close()


def status(store: Store, request_id: int) -> RequestStatus:
    return store.speakers.requests_with_ids([request_id])[0].status


def test_an_undo_of_a_request_given_the_floor_elsewhere_is_refused(
    stations: tuple[Desk, Desk], store: Store, panel: SlotView
) -> None:
    first, second = stations
    austria = next(d.id for d in store.delegations.all() if d.name == "Austria")
    added = first.add_request(RequestDraft(austria))
    assert added is not None
    second.catch_up()
    second.give_floor(added)  # the other station gives Austria the floor
    problems: list[str] = []
    first.problem.connect(problems.append)
    first.undo()  # Ctrl+Z at the first: "Add Austria to the list"
    assert problems == [
        "Cannot undo “Add Austria to the list”: Austria was given the floor at another "
        "station meanwhile; the request stays as it is."
    ]
    assert status(store, added) is RequestStatus.SPEAKING
    current = store.floor.current(panel.id)
    assert current is not None and current.delegation == "Austria"
    assert first.current is not None and first.current.id == current.id  # shown at once
    assert not first.undo_stack.canUndo()  # the step no longer applies: it is gone


def test_a_refused_undo_is_not_offered_again_after_a_restart(
    stations: tuple[Desk, Desk], store: Store, panel: SlotView, clock: FakeClock
) -> None:
    first, second = stations
    austria, malta = (
        next(d.id for d in store.delegations.all() if d.name == name)
        for name in ("Austria", "Malta")
    )
    assert first.add_request(RequestDraft(malta)) is not None  # a step before, still undoable
    added = first.add_request(RequestDraft(austria))
    assert added is not None
    second.catch_up()
    second.give_floor(added)
    first.undo()  # refused: Austria has the floor now
    assert first.undo_stack.count() == 1
    restarted = Desk(store, clock)  # the same station, started again
    try:
        restarted.open_conference(panel.conference_id)
        labels = [
            restarted.undo_stack.command(i).text() for i in range(restarted.undo_stack.count())
        ]
        assert labels == ["Add Malta to the list"]
        assert restarted.undo_stack.index() == 1  # Ctrl+Z undoes Malta's, not Austria's
    finally:
        restarted.close()
    assert [saved.label for saved in store.history.steps(panel.conference_id)] == [
        "Add Malta to the list"
    ]


def test_a_withdrawal_of_a_request_moved_on_elsewhere_is_refused(
    stations: tuple[Desk, Desk], store: Store, panel: SlotView
) -> None:
    first, second = stations
    request = store.speakers.waiting(panel.id)[0]
    second.give_floor(request.id)
    problems: list[str] = []
    first.problem.connect(problems.append)
    first.withdraw_request(request.id, seen=RequestStatus.WAITING)  # on the old picture
    assert len(problems) == 1 and "was given the floor at another station" in problems[0]
    assert status(store, request.id) is RequestStatus.SPEAKING
    assert not first.undo_stack.canUndo()  # nothing was done, nothing to undo


def test_alt_up_on_a_list_another_station_changed_is_refused(
    qtbot: QtBot, window: MainWindow, other_store: Store, store: Store, panel: SlotView
) -> None:
    rows = window.speakers.rows_waiting()
    assert len(rows) >= 3
    third = rows[2]
    window.speakers_pane.select_request(third.id)
    window.speakers_view.setFocus()
    # Meanwhile, before this station has caught up: the other moves it to the top.
    other_store.speakers.move(third.id, 0, seen_index=2)
    press(qtbot, window, Qt.Key.Key_Up, ALT)  # meant: from 3rd to 2nd
    assert window.statusBar().currentMessage() == (
        f"The list changed at another station meanwhile: {third.delegation} is now 1st, "
        "not 3rd; the request stays as it is."
    )
    assert store.speakers.waiting(panel.id)[0].id == third.id
    assert window.speakers.rows_waiting()[0].id == third.id  # the list shows it at once
