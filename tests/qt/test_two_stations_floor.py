"""Two stations, one floor: a press made on an old picture of who speaks is refused, so
the hall never sees two speakers and nobody is cut off by a press meant for the speaker
before. Real desks on one database (each with its own store, as two laptops)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import InterventionKind
from db.models import Intervention
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.desk.desk import Desk


@pytest.fixture
def stations(
    qtbot: QtBot, store: Store, panel: SlotView, clock: FakeClock
) -> Iterator[tuple[Desk, Desk]]:
    other_store = Store.open(store.engine.url, station="second")
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
    other_store.close()


def open_interventions(store: Store) -> list[int]:
    with store.reading() as session:
        return list(
            session.scalars(
                select(Intervention.id).where(
                    Intervention.floor_taken_at.is_(None), Intervention.merged_into_id.is_(None)
                )
            )
        )


def test_two_f5_at_once_leave_one_speaker(
    stations: tuple[Desk, Desk], store: Store, clock: FakeClock
) -> None:
    first, second = stations
    problems: list[str] = []
    second.problem.connect(problems.append)
    first.give_floor()
    given_first = open_interventions(store)
    second.give_floor()  # pressed at the same moment: it has not seen the first yet
    assert open_interventions(store) == given_first
    assert problems and "just given the floor at another station" in problems[-1]
    assert second.current is not None  # and it shows the speaker at once
    assert second.current.id == open_interventions(store)[0]
    clock.advance(1)
    second.give_floor()  # the second press, on the right picture: moves on
    assert len(open_interventions(store)) == 1
    assert open_interventions(store) != given_first


def test_an_f8_meant_for_the_speaker_before_does_not_end_the_next(
    stations: tuple[Desk, Desk], store: Store, clock: FakeClock
) -> None:
    first, second = stations
    first.give_floor()
    second.catch_up()
    assert second.current is not None
    clock.advance(30)
    first.give_floor()  # the next speaker, given at the first station
    problems: list[str] = []
    second.problem.connect(problems.append)
    second.take_floor_back()  # meant for the one before, not caught up yet
    assert len(open_interventions(store)) == 1, "the new speaker still speaks"
    assert problems and "another station" in problems[-1]


def test_f5_on_a_list_behind_names_who_was_given_the_floor(
    qtbot: QtBot, stations: tuple[Desk, Desk], store: Store, panel: SlotView, clock: FakeClock
) -> None:
    """The second station adds a point of order (it goes to the top); the first, not
    caught up, presses F5 for the speaker it shows next. The floor goes to the point of
    order, and the undo entry and the saved step say so once the list is painted."""
    first, second = stations
    shown_next = first.next_up[0]
    malta = next(d for d in first.delegations() if d.name == "Malta")
    clock.advance(5)
    second.add_request(RequestDraft(malta.id, kind=InterventionKind.POINT_OF_ORDER))
    first.give_floor()
    assert first.current is not None and first.current.delegation == "Malta"
    assert shown_next.delegation != "Malta"

    def named() -> None:
        assert first.undo_stack.undoText() == "Give the floor to Malta"

    qtbot.waitUntil(named)
    assert first.conference is not None
    saved = first.history.steps(first.conference.id)
    assert saved[-1].label == "Give the floor to Malta"
    first.undo_stack.undo()  # the renamed step is the one undone
    assert open_interventions(store) == []
