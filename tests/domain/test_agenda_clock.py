from __future__ import annotations

from datetime import datetime

from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import DEFAULT_LIMITS_S, SlotKind
from desktop.domain.agenda_clock import slot_at
from tests.conftest import at


def slot(id_: int, kind: SlotKind, start: datetime, end: datetime) -> SlotView:
    return SlotView(
        id_, 1, kind, f"slot {id_}", "", start, end, None, (), (), DEFAULT_LIMITS_S, None
    )


DAY = [
    slot(1, SlotKind.PANEL, at(11), at(12, 30)),
    slot(2, SlotKind.LUNCH, at(12, 30), at(14)),
    slot(3, SlotKind.SIDE_EVENT, at(12, 45), at(13, 45)),
    slot(4, SlotKind.PANEL, at(14), at(15, 30)),
]


def test_the_slot_under_way_is_chosen_and_a_side_event_beats_lunch() -> None:
    assert slot_at(DAY, at(11, 15)) == DAY[0]
    assert slot_at(DAY, at(12, 35)) == DAY[1]
    assert slot_at(DAY, at(13)) == DAY[2]


def test_before_the_day_the_next_slot_and_after_it_the_last() -> None:
    assert slot_at(DAY, at(8)) == DAY[0]
    assert slot_at(DAY, at(18)) == DAY[3]
    assert slot_at([], at(8)) is None
