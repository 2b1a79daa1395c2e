"""The session record as it goes into a report: plain frozen rows, no SQL.

``db.record.report.read_record`` reads them; the exports (desktop/record_export/) and the
statistics (desktop/domain/record_stats.py) read them without touching the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from db.meeting.snapshots import PauseView
from db.meeting.vocabulary import (
    Channel,
    DelegationGroup,
    InterventionKind,
    RequestSource,
    ReviewStatus,
    SlotKind,
)


@dataclass(frozen=True)
class InterventionRecord:
    id: int
    number: int  # 1, 2, 3… within its slot
    delegation: str
    group: DelegationGroup | None
    speaker: str
    speaker_function: str
    channel: Channel
    kind: InterventionKind
    floor_given_at: datetime
    floor_taken_at: datetime | None
    limit_s: int
    added_s: int
    pauses: tuple[PauseView, ...]
    notes: str
    tags: tuple[str, ...]
    recommendation: bool
    follow_up: bool
    source: RequestSource | None  # where the request came from, if there was one
    # Personal: empty in a public reading.
    attachments: tuple[str, ...]  # file names of written statements
    internal_notes: str = ""
    speaker_email: str | None = None
    sender_email: str | None = None
    video_file: str | None = None  # the file played for a video statement

    @property
    def audio_gaps(self) -> tuple[PauseView, ...]:
        """The pauses made because the audio was lost (the record names each gap)."""
        return tuple(p for p in self.pauses if p.audio_lost)


@dataclass(frozen=True)
class SlotRecord:
    id: int
    kind: SlotKind
    title: str
    starts_at: datetime
    ends_at: datetime
    chair: str
    panellists: tuple[str, ...]
    topics: tuple[str, ...]
    summary: str
    interventions: tuple[InterventionRecord, ...]


@dataclass(frozen=True)
class ReviewRecord:
    """A message that waited for a person (internal record only)."""

    received_at: datetime
    source: RequestSource
    sender_name: str
    sender_email: str | None
    subject: str
    reason: str
    status: ReviewStatus


@dataclass(frozen=True)
class RecordReport:
    conference_id: int
    conference: str
    venue: str
    time_zone: str
    starts_on: date
    ends_on: date
    slots: tuple[SlotRecord, ...]
    review_items: tuple[ReviewRecord, ...]
    public: bool

    @property
    def interventions(self) -> tuple[InterventionRecord, ...]:
        return tuple(i for slot in self.slots for i in slot.interventions)
