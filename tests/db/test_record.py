"""Writing the record: notes, tags, flags, statements, corrections with their history,
and the search — on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from db.errors import FloorConflict
from db.meeting.snapshots import SlotView
from db.store import Store


def _three_speakers(store: Store, panel: SlotView) -> tuple[list[int], datetime]:
    """Three interventions of the panel, the floor taken back after the third."""
    moment = panel.starts_at + timedelta(minutes=40)
    ids = []
    for seconds in (170, 200, 95):
        ids.append(store.floor.give_floor(panel.id, moment).intervention_id)
        moment += timedelta(seconds=seconds)
    store.floor.take_floor_back(panel.id, moment)
    return ids, moment


def test_notes_are_saved_with_a_small_journal_entry(store: Store, panel: SlotView) -> None:
    (first, *_), _ = _three_speakers(store, panel)
    before = store.last_journal_id()
    long_notes = "Calls for parallel financial investigations in every case. " * 20
    store.record.set_notes(first, long_notes)
    store.record.set_notes(first, long_notes)  # unchanged: nothing written
    store.floor.set_notes(first, long_notes + "More.")  # the older door still works
    entries = store.journal_since(before)
    assert [e.action for e in entries] == ["record.notes", "record.notes"]
    assert all(len(str(e.details)) < 100 for e in entries)
    assert store.floor.intervention(first).notes == long_notes + "More."


def test_tags_link_the_slots_topics_and_keep_free_tags(store: Store, panel: SlotView) -> None:
    (first, *_), _ = _three_speakers(store, panel)
    topic = panel.topics[0]
    store.record.set_tags(first, [topic.upper(), "  survivors   ", "Survivors"])
    assert store.floor.intervention(first).tags == (topic.upper(), "survivors")
    store.record.set_tags(first, [topic])
    view = store.floor.intervention(first)
    assert view.tags == (topic,)
    assert store.record.topics(panel.id) == list(panel.topics)
    assert store.record.tags_in_use(panel.conference_id) == [topic]
    sentences = [line.text for line in store.record.history(first)]
    assert f"Tagged “{topic.upper()}”, “survivors”." in sentences


def test_flags_and_internal_notes(store: Store, panel: SlotView) -> None:
    (first, *_), _ = _three_speakers(store, panel)
    store.record.set_flags(first, recommendation=True)
    store.record.set_flags(first, follow_up=True, recommendation=True)
    store.record.set_internal_notes(first, "Check the figure quoted against the report.")
    view = store.floor.intervention(first)
    assert view.recommendation and view.follow_up
    assert view.internal_notes.startswith("Check the figure")
    texts = [line.text for line in store.record.history(first)]
    assert "Marked as a recommendation." in texts and "Marked for follow-up." in texts


def test_a_written_statement_is_kept_with_the_intervention(store: Store, panel: SlotView) -> None:
    (first, *_), end = _three_speakers(store, panel)
    content = b"%PDF-1.4 statement of the delegation"
    attachment_id = store.record.attach_statement(first, "statement.pdf", content, end)
    (attached,) = store.record.attachments(first)
    assert (attached.id, attached.filename, attached.media_type) == (
        attachment_id,
        "statement.pdf",
        "application/pdf",
    )
    assert store.record.attachment_content(attachment_id) == content
    with pytest.raises(FloorConflict, match="empty"):
        store.record.attach_statement(first, "empty.txt", b"", end)


def test_correcting_the_delegation_and_the_speaker_is_in_the_history(
    store: Store, panel: SlotView
) -> None:
    (first, *_), _ = _three_speakers(store, panel)
    was = store.floor.intervention(first)
    germany = next(d for d in store.delegations.all() if d.name == "Germany")
    store.record.change_speaker(first, germany.id, "Anna Schmidt")
    now = store.floor.intervention(first)
    assert (now.delegation, now.speaker) == ("Germany", "Anna Schmidt")
    texts = [line.text for line in store.record.history(first)]
    assert f"Delegation corrected from {was.delegation} to Germany." in texts[-1]
    assert "“Anna Schmidt”" in texts[-1]
    assert texts[0].startswith("Floor given at ")
    assert [h.intervention_id for h in store.record.search(panel.conference_id, "schmidt")] == [
        first
    ]


def test_merging_two_interventions_keeps_time_notes_and_history(
    store: Store, panel: SlotView
) -> None:
    (first, second, third), _ = _three_speakers(store, panel)
    store.record.set_notes(first, "Opens on confiscation.")
    store.record.set_notes(second, "Continues on compensation funds.")
    store.record.set_tags(second, ["compensation"])
    before = {i.id: i for i in store.floor.interventions(panel.id)}
    store.record.merge(first, second)
    record = store.floor.interventions(panel.id)
    assert [i.id for i in record] == [first, third]
    merged = record[0]
    assert merged.floor_taken_at == before[second].floor_taken_at
    assert merged.notes == "Opens on confiscation.\nContinues on compensation funds."
    assert merged.tags == ("compensation",)
    texts = [line.text for line in store.record.history(first)]
    assert any("merged into this one" in t for t in texts)
    assert any(t.startswith(f"Before the merge, intervention {second}:") for t in texts)
    hits = store.record.search(panel.conference_id, "compensation")
    assert [h.intervention_id for h in hits] == [first]
    with pytest.raises(FloorConflict, match="merged already"):
        store.record.merge(third, second)
    with pytest.raises(FloorConflict, match="itself"):
        store.record.merge(third, third)


def test_a_floor_never_taken_back_is_closed_afterwards(store: Store, panel: SlotView) -> None:
    moment = panel.starts_at + timedelta(minutes=40)
    given = store.floor.give_floor(panel.id, moment)
    store.floor.pause(given.intervention_id, moment + timedelta(seconds=60))
    with pytest.raises(FloorConflict, match="before it was given"):
        store.record.set_taken_back(given.intervention_id, moment - timedelta(seconds=1))
    store.record.set_taken_back(given.intervention_id, moment + timedelta(seconds=150))
    view = store.floor.intervention(given.intervention_id)
    assert view.floor_taken_at == moment + timedelta(seconds=150)
    assert not view.is_paused and store.floor.current(panel.id) is None
    assert "Floor closed afterwards" in store.record.history(given.intervention_id)[-1].text
    store.record.set_taken_back(given.intervention_id, moment + timedelta(seconds=120))
    assert "corrected from" in store.record.history(given.intervention_id)[-1].text


def test_search_by_words_delegation_and_tag_best_first(store: Store, panel: SlotView) -> None:
    (first, second, third), _ = _three_speakers(store, panel)
    store.record.set_notes(first, "Stresses financial investigations; mentions the banks once.")
    store.record.set_notes(second, "Banks and financial intelligence units: banks must report.")
    store.record.set_notes(third, "Asks about the non-punishment principle (Österreich's law).")
    store.record.set_tags(third, ["Victim compensation"])
    conference = panel.conference_id

    def found(words: str) -> list[int]:
        return [h.intervention_id for h in store.record.search(conference, words)]

    assert found("banks") == [second, first]  # more mentions first
    assert found("financ invest") == [first]  # every word, each as a beginning
    assert found("osterreich") == [third]  # accents do not matter
    assert found("NON-PUNISHMENT") == [third]
    assert found("compensation") == [third]
    third_delegation = store.floor.intervention(third).delegation
    assert third in found(third_delegation)
    assert found("") == [] and found("  ;; ") == []
    assert found("zzzz") == []
    hit = store.record.search(conference, "principle")[0]
    assert hit.slot_title == panel.title and "non-punishment" in hit.snippet
    assert store.record.search(conference, "banks", slot_id=panel.id + 1000) == []
    assert store.record.reindex(conference) == 3
    assert found("banks") == [second, first]


def test_search_keeps_to_its_conference(store: Store, panel: SlotView) -> None:
    from desktop.demo import load_demo

    (first, *_), _ = _three_speakers(store, panel)
    store.record.set_notes(first, "Trafficking for forced criminality.")
    other = load_demo(store)
    assert store.record.search(other, "criminality") == []
    assert len(store.record.search(panel.conference_id, "criminality")) == 1


def test_an_undone_floor_leaves_nothing_to_find(store: Store, panel: SlotView) -> None:
    moment = panel.starts_at + timedelta(minutes=40)
    given = store.floor.give_floor(panel.id, moment)
    store.record.set_notes(given.intervention_id, "Mentions shelters.")
    assert len(store.record.search(panel.conference_id, "shelters")) == 1
    store.floor.undo_give_floor(given)
    assert store.record.search(panel.conference_id, "shelters") == []


def test_a_conference_read_from_an_archive_is_searchable(store: Store, panel: SlotView) -> None:
    from db.archive.archive import export_conference, import_conference

    (first, *_), _ = _three_speakers(store, panel)
    store.record.set_notes(first, "Proposes a register of labour recruiters.")
    copy = import_conference(store, export_conference(store, panel.conference_id))
    hits = store.record.search(copy, "recruiters")
    assert len(hits) == 1 and hits[0].intervention_id != first


def test_merging_the_live_intervention_keeps_the_floor_with_the_one_kept(
    store: Store, panel: SlotView
) -> None:
    moment = panel.starts_at + timedelta(minutes=40)
    first = store.floor.give_floor(panel.id, moment)
    second = store.floor.give_floor(panel.id, moment + timedelta(seconds=50))
    store.record.merge(first.intervention_id, second.intervention_id)
    current = store.floor.current(panel.id)
    assert current is not None and current.id == first.intervention_id
    assert current.pauses == ()  # the second followed the first without a gap
    statuses = {r.id: r.status.value for r in store.speakers.requests(panel.id)}
    assert statuses[first.request_id] == "speaking"
    assert statuses[second.request_id] == "spoken"
    store.floor.take_floor_back(panel.id, moment + timedelta(seconds=200))
    assert store.floor.current(panel.id) is None
