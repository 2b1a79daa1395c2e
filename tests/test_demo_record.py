"""The demo's first day comes with a complete record, the same at every load; a demo
loaded for today has a record only for the slots that have ended."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from db.meeting.vocabulary import RequestStatus
from db.store import Store
from desktop.demo import load_demo
from desktop.domain.conference_time import from_local

DEMO_DAY = date(2026, 12, 7)
RECORDED_SLOTS = ("Opening", "Keynote", "Panel 1", "Side event", "Panel 2", "Survivor-led")


def test_the_first_day_is_on_record_with_notes_tags_flags_and_corrections(
    store: Store,
) -> None:
    conference_id = load_demo(store, with_record=True)
    slots = store.agenda.slots(conference_id)
    first_day = slots[0].starts_at.date()
    record = {s.title: store.floor.interventions(s.id) for s in slots if s.kind.has_speakers}
    day_one = [i for s in slots if s.starts_at.date() == first_day for i in record.get(s.title, [])]
    # 21 panellists and keynote speakers, 29 from the floor (two Moldova ones merged)
    assert len(day_one) == 50
    assert all(i.notes and i.tags and i.floor_taken_at for i in day_one)
    assert sum(i.recommendation for i in day_one) >= 5
    assert sum(i.follow_up for i in day_one) >= 3
    day_two = [i for s in slots if s.starts_at.date() != first_day for i in record.get(s.title, [])]
    assert day_two == []
    corrections = {
        line.text.split(" ")[0]
        for i in day_one
        for line in store.record.history(i.id)
        if "corrected" in line.text or "merged" in line.text or "afterwards" in line.text
    }
    assert {"Speaker", "Delegation", "Intervention", "Floor"} <= corrections
    hits = store.record.search(conference_id, "confiscation")
    assert {h.delegation for h in hits} >= {"Italy", "The Netherlands"}


def test_the_demo_record_is_deterministic(store: Store) -> None:
    def snapshot(conference_id: int) -> list[tuple[object, ...]]:
        return [
            (i.delegation, i.speaker, i.floor_given_at.time(), i.floor_taken_at, i.notes, i.tags)
            for s in store.agenda.slots(conference_id)
            for i in store.floor.interventions(s.id)
        ]

    first, second = load_demo(store, with_record=True), load_demo(store, with_record=True)
    assert [r[:3] + r[4:] for r in snapshot(first)] == [r[:3] + r[4:] for r in snapshot(second)]


@pytest.mark.parametrize(
    ("clock", "recorded"),
    [
        (time(8, 0), set()),
        (time(11, 30), {"Opening", "Keynote"}),
        (time(14, 30), {"Opening", "Keynote", "Panel 1", "Side event"}),
        (time(17, 0), {"Opening", "Keynote", "Panel 1", "Side event", "Panel 2", "Survivor-led"}),
    ],
)
def test_a_demo_for_today_has_a_record_only_for_the_slots_that_have_ended(
    store: Store, clock: time, recorded: set[str]
) -> None:
    now = from_local(DEMO_DAY, clock, "Europe/Vienna")
    conference_id = load_demo(store, first_day=DEMO_DAY, with_record=True, now=now)
    slots = store.agenda.slots(conference_id)
    on_record = [s for s in slots if store.floor.interventions(s.id)]
    assert {p for p in RECORDED_SLOTS for s in on_record if s.title.startswith(p)} == recorded
    assert all(s.ends_at <= now for s in on_record)
    for slot in on_record:
        interventions = store.floor.interventions(slot.id)
        assert all(i.floor_taken_at and i.floor_taken_at <= now for i in interventions)
        assert store.floor.current(slot.id) is None
    under_way = [s for s in slots if s.starts_at <= now < s.ends_at and s.kind.has_speakers]
    for slot in under_way:
        # Nobody has spoken yet: the list of speakers waits for the moderator.
        statuses = {r.status for r in store.speakers.requests(slot.id)}
        assert statuses <= {RequestStatus.WAITING, RequestStatus.LATE}
        assert store.speakers.waiting(slot.id)


def test_the_demo_record_starts_from_the_callers_clock_not_the_system_one(store: Store) -> None:
    day_before = from_local(DEMO_DAY - timedelta(days=1), time(23, 0), "Europe/Vienna")
    conference_id = load_demo(store, first_day=DEMO_DAY, with_record=True, now=day_before)
    assert not any(store.floor.interventions(s.id) for s in store.agenda.slots(conference_id))
