"""The demo's first day comes with a complete record, the same at every load."""

from __future__ import annotations

from db.store import Store
from desktop.demo import load_demo


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
