"""Read-only snapshots of stored rows, handed to the domain and the views.

They are plain frozen dataclasses: no lazy loading, no session, safe to pass
between threads. Views hold them only until the next change notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from db.meeting.vocabulary import (
    Channel,
    DelegationGroup,
    InterventionKind,
    RequestSource,
    RequestStatus,
    ReviewStatus,
    SlotKind,
)


@dataclass(frozen=True)
class ConferenceView:
    id: int
    title: str
    venue: str
    time_zone: str
    starts_on: date
    ends_on: date
    request_deadline: datetime | None


@dataclass(frozen=True)
class SlotView:
    id: int
    conference_id: int
    kind: SlotKind
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    moderator: str | None
    panellists: tuple[str, ...]
    topics: tuple[str, ...]
    limits: Mapping[InterventionKind, int]
    list_closed_at: datetime | None

    def limit_for(self, kind: InterventionKind) -> int:
        return self.limits[kind]


@dataclass(frozen=True)
class DelegationView:
    id: int
    name: str
    nameplate: str
    group: DelegationGroup
    region: str | None
    iso_code: str | None
    seating_order: int
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class FloorRequestView:
    id: int
    slot_id: int
    delegation_id: int | None
    delegation: str
    nameplate: str
    group: DelegationGroup | None
    speaker: str
    speaker_function: str
    source: RequestSource
    kind: InterventionKind
    channel: Channel
    status: RequestStatus
    received_at: datetime
    position: int
    pinned: bool
    limit_s: int | None
    note: str
    absent_since: datetime | None = None  # "not present": skipped, keeps its place
    not_registered: bool = False
    sender_email: str | None = None

    @property
    def is_absent(self) -> bool:
        return self.absent_since is not None


@dataclass(frozen=True)
class PauseView:
    paused_at: datetime
    resumed_at: datetime | None
    reason: str | None = None  # "audio_lost": a gap the record names (db/floor/statement_media.py)

    @property
    def audio_lost(self) -> bool:
        return self.reason == "audio_lost"


@dataclass(frozen=True)
class InterventionView:
    id: int
    slot_id: int
    floor_request_id: int | None
    delegation: str
    nameplate: str
    group: DelegationGroup | None
    speaker: str
    channel: Channel
    kind: InterventionKind
    floor_given_at: datetime
    floor_taken_at: datetime | None
    limit_s: int
    added_s: int
    pauses: tuple[PauseView, ...]
    notes: str
    tags: tuple[str, ...] = ()
    recommendation: bool = False
    follow_up: bool = False
    internal_notes: str = ""

    @property
    def is_current(self) -> bool:
        return self.floor_taken_at is None

    @property
    def is_paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].resumed_at is None


@dataclass(frozen=True)
class Change:
    """What one transaction changed, announced to every listener after commit."""

    journal_id: int
    action: str
    entity: str
    entity_id: int | None
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewItemView:
    """A message waiting for a person: the original beside what was read from it."""

    id: int
    conference_id: int
    received_at: datetime
    source: RequestSource
    sender_name: str
    sender_email: str | None
    subject: str
    original_text: str
    reason: str
    delegation_id: int | None
    delegation: str
    slot_id: int | None
    speaker: str
    speaker_function: str
    kind: InterventionKind | None
    channel: Channel | None
    status: ReviewStatus
    floor_request_id: int | None
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttachmentView:
    """A file kept with a request or an intervention (its content is read on demand)."""

    id: int
    filename: str
    media_type: str
    sha256: str
    added_at: datetime
