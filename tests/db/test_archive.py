"""The whole-conference archive: export, import into an empty database, export again: identical."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import URL

from db.archive.archive import ArchiveError, export_conference, import_conference
from db.floor.statement_media import StatementMedia
from db.meeting.snapshots import SlotView
from db.models import AgendaSlot, Attachment, FloorRequest, InterventionTag, SlotTopic
from db.store import Store
from desktop.domain.clock import FakeClock


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    """A database with no delegations and no conference: the archive must bring its own."""
    opened = Store.open(URL.create("sqlite", database=str(tmp_path / "empty.sqlite")))
    yield opened
    opened.close()


@pytest.fixture
def recorded(store: Store, conference_id: int, panel: SlotView, clock: FakeClock) -> int:
    """The demo conference with a session record: pauses, notes, tags, a closed list."""
    first = store.floor.give_floor(panel.id, clock.now())
    clock.advance(40)
    store.floor.pause(first.intervention_id, clock.now())
    clock.advance(15.5)
    store.floor.resume(first.intervention_id, clock.now())
    store.floor.add_time(first.intervention_id, 30)
    store.floor.set_notes(first.intervention_id, "Recommends a register of recruiters.")
    clock.advance(120)
    second = store.floor.give_floor(panel.id, clock.now())  # takes it from the first
    store.floor.pause(second.intervention_id, clock.now() + timedelta(seconds=20))
    store.speakers.close_list(panel.id, clock.now() + timedelta(seconds=30))
    with store.transaction() as session:
        slot = session.get(AgendaSlot, panel.id)
        assert slot is not None
        slot.ordering_policy = {"groups": ["participating_state", "partner"], "replies_last": True}
        topic = session.scalars(select(SlotTopic).where(SlotTopic.slot_id == panel.id)).first()
        assert topic is not None
        session.add(InterventionTag(intervention_id=first.intervention_id, name="recruitment"))
        session.add(
            InterventionTag(
                intervention_id=first.intervention_id, name=topic.name, topic_id=topic.id
            )
        )
        session.add(
            Attachment(
                floor_request_id=first.request_id,
                intervention_id=first.intervention_id,
                filename="statement.pdf",
                media_type="application/pdf",
                sha256="0" * 64,
                content=b"%PDF-1.7\x00\xff",
                added_at=clock.now(),
            )
        )
    return conference_id


def test_export_import_export_is_identical(store: Store, recorded: int, empty_store: Store) -> None:
    exported = export_conference(store, recorded)
    document = json.loads(json.dumps(exported))  # through JSON text, as on disk
    imported_id = import_conference(empty_store, document)
    assert export_conference(empty_store, imported_id) == exported
    slots = exported["slots"]
    record = [i for s in slots for i in s["interventions"]]
    assert len(record) == 2
    first = record[0]
    assert first["notes"] == "Recommends a register of recruiters." and first["added_s"] == 30
    assert len(first["pauses"]) == 1 and first["pauses"][0]["resumed_at"] is not None
    assert sorted(tag["topic"] is None for tag in first["tags"]) == [False, True]
    assert sum(len(s["floor_requests"]) for s in slots) >= 30
    assert exported["attachments"][0]["filename"] == "statement.pdf"
    assert {d["name"] for d in exported["delegations"]} <= {
        d.name for d in empty_store.delegations.all()
    }


def test_the_import_is_journaled_and_announced_once(recorded: int, store: Store) -> None:
    exported = export_conference(store, recorded)
    heard: list[list[Any]] = []
    store.subscribe(heard.append)
    imported_id = import_conference(store, exported)  # the same database: delegations known
    assert imported_id != recorded
    assert len(heard) == 1 and heard[0][-1].action == "conference.import"
    assert heard[0][-1].entity_id == imported_id
    assert export_conference(store, imported_id) == exported


def test_the_conference_fields_survive(
    store: Store, conference_id: int, empty_store: Store
) -> None:
    exported = export_conference(store, conference_id)
    conference = exported["conference"]
    assert conference["time_zone"] == "Europe/Vienna"
    assert conference["request_deadline"].endswith("+00:00")
    view = empty_store.agenda.conference(import_conference(empty_store, exported))
    original = store.agenda.conference(conference_id)
    assert (view.title, view.venue, view.starts_on, view.ends_on, view.request_deadline) == (
        original.title,
        original.venue,
        original.starts_on,
        original.ends_on,
        original.request_deadline,
    )


def _damaged(exported: dict[str, Any], how: str) -> Any:
    data = copy.deepcopy(exported)
    if how == "version":
        data["floordesk_archive"] = 2
    elif how == "no mark":
        del data["floordesk_archive"]
    elif how == "slot kind":
        data["slots"][0]["kind"] = "banquet"
    elif how == "naive time":
        data["slots"][1]["starts_at"] = "2026-04-20T09:00:00"
    elif how == "unknown delegation":
        data["delegations"] = data["delegations"][1:]
    elif how == "missing title":
        del data["slots"][2]["title"]
    return data


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("version", "version 2"),
        ("no mark", "not a Floordesk archive"),
        ("slot kind", "is 'banquet', not one of registration"),
        ("naive time", "not a date and time with a zone"),
        ("unknown delegation", "names a delegation it does not describe"),
        ("missing title", "the title of slot 3 should be a text, not nothing"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_is_kept(
    store: Store, conference_id: int, empty_store: Store, how: str, words: str
) -> None:
    exported = export_conference(store, conference_id)
    with pytest.raises(ArchiveError, match=words):
        import_conference(empty_store, _damaged(exported, how))
    assert empty_store.agenda.count_conferences() == 0
    assert empty_store.delegations.all() == []


def test_merges_gaps_videos_and_languages_survive_the_archive(
    store: Store, conference_id: int, panel: SlotView, clock: FakeClock, empty_store: Store
) -> None:
    """What later corrections and the hybrid desk write is in the archive too: a merged
    intervention is not counted twice after an import, an 'audio lost' gap stays a gap,
    a video statement keeps its file, a request its language."""
    waiting = store.speakers.waiting(panel.id)
    media = StatementMedia(store)
    video = media.attach_video(waiting[0].id, "/srv/videos/statement.mp4", 95_000)
    with store.transaction() as session:
        row = session.get(FloorRequest, waiting[1].id)
        assert row is not None
        row.language = "fr"
    first = store.floor.give_floor(panel.id, clock.now())
    clock.advance(30)
    second = store.floor.give_floor(panel.id, clock.now())
    media.audio_lost(second.intervention_id, clock.advance(5))
    store.floor.take_floor_back(panel.id, clock.advance(20))
    store.record.merge(first.intervention_id, second.intervention_id)

    exported = export_conference(store, conference_id)
    imported_id = import_conference(empty_store, json.loads(json.dumps(exported)))
    assert export_conference(empty_store, imported_id) == exported
    record = [i for s in exported["slots"] for i in s["interventions"]]
    kept, merged = record
    assert merged["merged_into"] == kept["key"] and kept["merged_into"] is None
    gaps = [p["reason"] for i in record for p in i["pauses"]]
    assert gaps == ["audio_lost"]
    assert kept["video_file"] == video.filename
    requests = {r["key"]: r for s in exported["slots"] for r in s["floor_requests"]}
    assert any(r["video_duration_ms"] == 95_000 for r in requests.values())
    assert any(r["language"] == "fr" for r in requests.values())
    slot_id = next(s.id for s in empty_store.agenda.slots(imported_id) if s.title == panel.title)
    assert len(empty_store.floor.interventions(slot_id)) == 1  # the merged one lives on in one
