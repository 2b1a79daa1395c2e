"""Video statements on requests and the audio lost, through the store: the list's speaking
time, the record, the journal and the exports (CSV and DOCX) name the video and the gap."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from docx import Document

from db.errors import FloorConflict
from db.floor.statement_media import StatementMedia
from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.videos import is_video_name
from db.meeting.vocabulary import Channel, RequestSource
from db.record.report import read_record
from db.store import Store
from desktop.domain.conference_time import hms
from desktop.domain.speaking_time import countdown, request_limit
from desktop.domain.time_budget import budget
from desktop.record_export import ExportRequest, render


def delegation_id(store: Store, name: str) -> int:
    return next(d.id for d in store.delegations.all() if d.name == name)


def remote_request(store: Store, panel: SlotView, name: str, minutes: float = 0) -> int:
    draft = RequestDraft(
        delegation_id=delegation_id(store, name),
        channel=Channel.REMOTE,
        source=RequestSource.ZOOM_HAND,
        speaker="Anna Weber",
    )
    return store.speakers.add(panel.id, draft, panel.starts_at + timedelta(minutes=minutes))


@pytest.fixture
def media(store: Store) -> StatementMedia:
    return StatementMedia(store)


def test_a_video_makes_the_request_a_video_statement_timed_by_its_length(
    store: Store, panel: SlotView, media: StatementMedia
) -> None:
    request_id = remote_request(store, panel, "Austria")
    video = media.attach_video(request_id, "/srv/videos/austria-statement.mp4", 161_240)
    assert (video.filename, video.speaking_time_s) == ("austria-statement.mp4", 162)
    request = store.speakers.requests_with_ids([request_id])[0]
    assert request.channel is Channel.VIDEO and request.limit_s == 162
    # The list's time budget counts the video's length (the request's own speaking time).
    assert request_limit(request, panel) == 162
    plan = budget(panel.starts_at, panel.starts_at, panel.ends_at, timedelta(0), [162])
    assert plan.planned == timedelta(seconds=162)
    assert media.videos([request_id]) == {request_id: video}
    assert media.video_of(None) is None
    entry = store.journal_since(0)[-1]
    assert (entry.action, entry.details["file"]) == (Action.REQUEST_VIDEO, "austria-statement.mp4")


def test_a_video_statement_enters_the_record_with_its_file_and_real_duration(
    store: Store, panel: SlotView, media: StatementMedia
) -> None:
    request_id = remote_request(store, panel, "Austria")
    media.attach_video(request_id, "/srv/videos/austria-statement.mp4", 90_000)
    start = panel.starts_at + timedelta(minutes=5)
    given = store.floor.give_floor(panel.id, start, request_id)
    store.floor.pause(given.intervention_id, start + timedelta(seconds=30))
    store.floor.resume(given.intervention_id, start + timedelta(seconds=50))
    store.floor.take_floor_back(panel.id, start + timedelta(seconds=110))
    record = read_record(store, slot_id=panel.id).slots[0].interventions[-1]
    assert record.channel is Channel.VIDEO and record.video_file == "austria-statement.mp4"
    assert record.limit_s == 90
    assert not record.audio_gaps  # a pause of the video is no gap in the sound


def test_removing_the_video_gives_the_slots_speaking_time_back(
    store: Store, panel: SlotView, media: StatementMedia
) -> None:
    request_id = remote_request(store, panel, "Austria")
    media.attach_video(request_id, "/srv/v.webm", 10_000)
    media.remove_video(request_id)
    request = store.speakers.requests_with_ids([request_id])[0]
    assert (request.channel, request.limit_s) == (Channel.REMOTE, None)
    assert media.videos([request_id]) == {}
    with pytest.raises(FloorConflict, match="no video statement"):
        media.remove_video(request_id)
    with pytest.raises(FloorConflict, match="needs a length"):
        media.attach_video(request_id, "/srv/v.webm", 0)


@pytest.mark.parametrize(
    ("name", "video"),
    [("a.MP4", True), ("b.mkv", True), ("c.webm", True), ("d.mov", True), ("e.docx", False)],
)
def test_video_names(name: str, video: bool) -> None:
    assert is_video_name(name) is video


def test_audio_lost_stops_the_countdown_and_the_record_keeps_the_gap(
    store: Store, panel: SlotView, media: StatementMedia
) -> None:
    request_id = remote_request(store, panel, "Austria")
    start = panel.starts_at + timedelta(minutes=5)
    given = store.floor.give_floor(panel.id, start, request_id)
    lost, back = start + timedelta(seconds=40), start + timedelta(seconds=75)
    media.audio_lost(given.intervention_id, lost)
    with pytest.raises(FloorConflict, match="already marked as lost"):
        media.audio_lost(given.intervention_id, lost)
    current = store.floor.current(panel.id)
    assert current is not None and current.is_paused and current.pauses[-1].audio_lost
    assert countdown(current, back).elapsed == timedelta(seconds=40)
    media.audio_back(given.intervention_id, back)
    with pytest.raises(FloorConflict, match="not marked as lost"):
        media.audio_back(given.intervention_id, back)
    store.floor.take_floor_back(panel.id, start + timedelta(seconds=200))
    actions = [e.action for e in store.journal_since(0)]
    assert actions[-3:] == [Action.FLOOR_AUDIO_LOST, Action.FLOOR_AUDIO_BACK, "floor.take_back"]
    record = read_record(store, slot_id=panel.id).slots[0].interventions[-1]
    assert [(g.paused_at, g.resumed_at) for g in record.audio_gaps] == [(lost, back)]
    zone = store.agenda.conference(panel.conference_id).time_zone
    told = [line.text for line in store.record.history(given.intervention_id)]
    assert f"Audio lost at {hms(lost, zone)}: countdown stopped." in told
    assert f"Audio back at {hms(back, zone)}: countdown running again." in told
    with pytest.raises(FloorConflict, match="has ended"):
        media.audio_lost(given.intervention_id, back)


def test_audio_lost_during_a_pause_turns_the_rest_of_it_into_the_gap(
    store: Store, panel: SlotView, media: StatementMedia
) -> None:
    request_id = remote_request(store, panel, "Austria")
    start = panel.starts_at + timedelta(minutes=5)
    given = store.floor.give_floor(panel.id, start, request_id)
    store.floor.pause(given.intervention_id, start + timedelta(seconds=10))
    media.audio_lost(given.intervention_id, start + timedelta(seconds=20))
    current = store.floor.current(panel.id)
    assert current is not None
    assert [p.audio_lost for p in current.pauses] == [False, True]
    assert current.pauses[0].resumed_at == start + timedelta(seconds=20)


def test_the_gap_and_the_video_are_in_the_csv_and_the_docx(
    store: Store, panel: SlotView, media: StatementMedia, tmp_path: Path
) -> None:
    austria = remote_request(store, panel, "Austria")
    japan = remote_request(store, panel, "Japan", minutes=1)
    media.attach_video(japan, "/srv/videos/japan.mkv", 60_000)
    start = panel.starts_at + timedelta(minutes=5)
    given = store.floor.give_floor(panel.id, start, austria)
    media.audio_lost(given.intervention_id, start + timedelta(seconds=42))
    media.audio_back(given.intervention_id, start + timedelta(seconds=77))
    store.floor.give_floor(panel.id, start + timedelta(seconds=180), japan)
    store.floor.take_floor_back(panel.id, start + timedelta(seconds=240))
    zone = store.agenda.conference(panel.conference_id).time_zone
    gap = (
        f"{hms(start + timedelta(seconds=42), zone)}–{hms(start + timedelta(seconds=77), zone)}"
        " (0:35)"
    )

    content = render(
        store, ExportRequest("csv", tmp_path / "r.csv", conference_id=panel.conference_id)
    )
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    austria_row = next(r for r in rows if r["Delegation"] == "Austria" and r["Audio lost"])
    assert austria_row["Audio lost"] == gap
    assert austria_row["Pauses"] == "1" and austria_row["Duration (s)"] == "145"
    japan_row = next(r for r in rows if r["Delegation"] == "Japan" and r["Video file"])
    assert japan_row["Video file"] == "japan.mkv" and japan_row["Channel"] == "Video"

    docx = render(
        store, ExportRequest("docx", tmp_path / "r.docx", conference_id=panel.conference_id)
    )
    document = Document(io.BytesIO(docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(f"Audio lost {gap}" in text for text in cells)
    assert any("Video: japan.mkv" in text for text in cells)
