"""The session record as it goes into a report: read-only, plain frozen dataclasses.

One reading gives a conference (or one slot of it) with its slots in agenda
order and each slot's interventions in the order the floor was given. Merged
interventions (a correction folded them into another) are left out. With
``public=True`` nothing personal is read at all: no e-mail addresses, no
internal notes, no review items, no attachments (the files that came with the
e-mails: purging a conference's personal data removes them), so no export can
leak them by mistake.

Durations and overruns are not computed here (``db`` knows no domain code): the
rows carry the stored times and pauses, and ``desktop.domain.record_stats``
does the arithmetic with the same functions as the speaker's countdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.errors import UnknownRecord
from db.models import (
    AgendaSlot,
    Attachment,
    Conference,
    FloorRequest,
    Intervention,
    Person,
    ReviewItem,
    SlotPanellist,
)
from db.views import PauseView
from db.vocabulary import (
    Channel,
    DelegationGroup,
    InterventionKind,
    RequestSource,
    ReviewStatus,
    SlotKind,
)

if TYPE_CHECKING:
    from db.store import Store


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


def read_record(
    store: Store,
    *,
    conference_id: int | None = None,
    slot_id: int | None = None,
    public: bool = False,
) -> RecordReport:
    """The record of a whole conference, or of one slot (``slot_id``); UnknownRecord if absent."""
    if (conference_id is None) == (slot_id is None):
        raise ValueError("read_record needs a conference or a slot, not both")
    with store.reading() as session:
        if slot_id is not None:
            slot_row = session.get(AgendaSlot, slot_id)
            if slot_row is None:
                raise UnknownRecord(f"There is no agenda slot {slot_id}.")
            conference_id = slot_row.conference_id
        conference = session.get(Conference, conference_id)
        if conference is None:
            raise UnknownRecord(f"There is no conference {conference_id}.")
        query = (
            select(AgendaSlot)
            .where(AgendaSlot.conference_id == conference.id)
            .options(
                selectinload(AgendaSlot.topics),
                selectinload(AgendaSlot.moderator),
                selectinload(AgendaSlot.panellists).selectinload(SlotPanellist.person),
            )
            .order_by(AgendaSlot.starts_at, AgendaSlot.id)
        )
        if slot_id is not None:
            query = query.where(AgendaSlot.id == slot_id)
        slots = list(session.scalars(query))
        rows = list(
            session.scalars(
                select(Intervention)
                .where(
                    Intervention.slot_id.in_([s.id for s in slots]),
                    Intervention.merged_into_id.is_(None),
                )
                .options(
                    selectinload(Intervention.delegation),
                    selectinload(Intervention.person),
                    selectinload(Intervention.pauses),
                    selectinload(Intervention.tags),
                    selectinload(Intervention.floor_request).load_only(
                        FloorRequest.source, FloorRequest.sender_email
                    ),
                )
                .order_by(Intervention.floor_given_at, Intervention.id)
            )
        )
        files: dict[int, list[str]] = {}
        for intervention_id, filename in session.execute(
            select(Attachment.intervention_id, Attachment.filename)
            .where(Attachment.intervention_id.in_([r.id for r in rows]))
            .order_by(Attachment.added_at, Attachment.id)
        ):
            if intervention_id is not None:
                files.setdefault(intervention_id, []).append(filename)
        by_slot: dict[int, list[InterventionRecord]] = {s.id: [] for s in slots}
        for row in rows:
            record = by_slot[row.slot_id]
            record.append(_intervention(row, len(record) + 1, files.get(row.id, []), public))
        reviews = () if public else _review_items(session, conference.id)
        return RecordReport(
            conference_id=conference.id,
            conference=conference.title,
            venue=conference.venue,
            time_zone=conference.time_zone,
            starts_on=conference.starts_on,
            ends_on=conference.ends_on,
            slots=tuple(_slot(s, tuple(by_slot[s.id])) for s in slots),
            review_items=reviews,
            public=public,
        )


def _name(person: Person | None) -> str:
    return person.name if person is not None else ""


def _slot(row: AgendaSlot, interventions: tuple[InterventionRecord, ...]) -> SlotRecord:
    return SlotRecord(
        id=row.id,
        kind=row.kind,
        title=row.title,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        chair=_name(row.moderator),
        panellists=tuple(p.person.name for p in row.panellists),
        topics=tuple(t.name for t in row.topics),
        summary=row.summary,
        interventions=interventions,
    )


def _intervention(
    row: Intervention, number: int, files: list[str], public: bool
) -> InterventionRecord:
    request = row.floor_request
    return InterventionRecord(
        id=row.id,
        number=number,
        delegation=row.delegation.name if row.delegation else "",
        group=row.delegation.group if row.delegation else None,
        speaker=_name(row.person),
        speaker_function=row.person.function if row.person else "",
        channel=row.channel,
        kind=row.kind,
        floor_given_at=row.floor_given_at,
        floor_taken_at=row.floor_taken_at,
        limit_s=row.limit_s,
        added_s=row.added_s,
        pauses=tuple(PauseView(p.paused_at, p.resumed_at) for p in row.pauses),
        notes=row.notes,
        tags=tuple(sorted(t.name for t in row.tags)),
        recommendation=row.recommendation,
        follow_up=row.follow_up,
        source=request.source if request is not None else None,
        attachments=() if public else tuple(files),
        internal_notes="" if public else row.internal_notes,
        speaker_email=None if public or row.person is None else row.person.email,
        sender_email=None if public or request is None else request.sender_email,
    )


def _review_items(session: Session, conference_id: int) -> tuple[ReviewRecord, ...]:
    rows = session.scalars(
        select(ReviewItem)
        .where(ReviewItem.conference_id == conference_id)
        .order_by(ReviewItem.received_at, ReviewItem.id)
    )
    return tuple(
        ReviewRecord(
            received_at=r.received_at,
            source=r.source,
            sender_name=r.sender_name,
            sender_email=r.sender_email,
            subject=r.subject,
            reason=r.reason,
            status=r.status,
        )
        for r in rows
    )
