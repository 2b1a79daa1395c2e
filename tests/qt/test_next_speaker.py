"""The list of speakers' model says who F5 calls next, with the time they get: the rules of
db/meeting/floor_rules.py, as the store applies them (issue 16, "each rule once")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from db.agenda.drafts import SlotDraft
from db.errors import FloorConflict
from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import InterventionKind, SlotKind
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.desk.desk import Desk
from desktop.qt.desk.item_models import SpeakersListModel
from tests.db.test_store import delegation_id

START = datetime(2026, 6, 15, 8, 0, tzinfo=UTC)


@pytest.fixture
def desk(qtbot: QtBot, store: Store) -> Iterator[Desk]:
    conference = store.agenda.create_conference(
        title="Next speaker", starts_on=START.date(), ends_on=START.date()
    )
    slot_id = store.agenda.add_slot(
        conference,
        SlotDraft(
            kind=SlotKind.PANEL,
            title="Panel",
            starts_at=START,
            ends_at=START + timedelta(minutes=90),
        ),
    )
    opened = Desk(store, FakeClock(START + timedelta(minutes=5)))
    opened.open_conference(conference)
    opened.choose_slot(slot_id)
    yield opened
    opened.close()


def _add(desk: Desk, name: str, **draft: object) -> int:
    assert desk.slot is not None
    store = desk.store
    request = RequestDraft(delegation_id=delegation_id(store, name), **draft)  # type: ignore[arg-type]
    added = store.speakers.add(desk.slot.id, request, desk.clock.now())
    desk.settle()
    return added


def test_a_right_of_reply_alone_on_an_open_list_is_not_announced(desk: Desk) -> None:
    """The desk and the hall screen announced it as next while F5 refused it."""
    model = SpeakersListModel(desk)
    reply = _add(desk, "Malta", kind=InterventionKind.RIGHT_OF_REPLY)
    assert model.upcoming(3) == []
    assert model.next_speaker() is None
    assert desk.slot is not None
    with pytest.raises(FloorConflict):
        desk.store.floor.give_floor(desk.slot.id, desk.clock.now())
    desk.store.speakers.close_list(desk.slot.id, desk.clock.now())
    desk.settle()
    found = model.next_speaker()
    assert found is not None and found[0].id == reply
    assert found[1] == desk.slot.limit_for(InterventionKind.RIGHT_OF_REPLY)


def test_the_next_speakers_time_is_not_that_of_an_absent_request_before_them(
    desk: Desk,
) -> None:
    """The desk showed the speaking time of a request marked not present at the head."""
    model = SpeakersListModel(desk)
    absent = _add(desk, "Austria", limit_s=600)
    present = _add(desk, "Japan", kind=InterventionKind.QUESTION)
    desk.store.speakers.set_absent(absent, desk.clock.now())
    desk.settle()
    assert [r.id for r in model.upcoming(3)] == [present]
    assert desk.slot is not None
    assert model.next_speaker() == (
        model.upcoming(1)[0],
        desk.slot.limits[InterventionKind.QUESTION],
    )
    assert model.upcoming(3) == desk.store.speakers.upcoming(desk.slot.id, 3)
