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

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.errors import found
from db.meeting.record_rows import (
    InterventionRecord,
    RecordReport,
    ReviewRecord,
    SlotRecord,
)
from db.meeting.snapshots import PauseView
from db.models import (
    AgendaSlot,
    Attachment,
    Conference,
    Delegation,
    FloorRequest,
    Intervention,
    InterventionPause,
    InterventionTag,
    Person,
    ReviewItem,
    SlotPanellist,
)

if TYPE_CHECKING:
    from db.transactions import Transactions


def read_record(
    store: Transactions,
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
            conference_id = found(session, AgendaSlot, slot_id, "agenda slot").conference_id
        assert conference_id is not None  # a conference or a slot, checked above
        conference = found(session, Conference, conference_id, "conference")
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
        chosen = select(Intervention.id).where(
            Intervention.slot_id.in_([s.id for s in slots]),
            Intervention.merged_into_id.is_(None),
        )
        # Plain rows, not ORM objects: a conference of 2,000 interventions is read in
        # a fraction of the time, and nothing here needs to change them.
        pauses: dict[int, list[PauseView]] = {}
        for intervention_id, paused_at, resumed_at, reason in session.execute(
            select(
                InterventionPause.intervention_id,
                InterventionPause.paused_at,
                InterventionPause.resumed_at,
                InterventionPause.reason,
            )
            .where(InterventionPause.intervention_id.in_(chosen))
            .order_by(InterventionPause.paused_at, InterventionPause.id)
        ):
            pauses.setdefault(intervention_id, []).append(PauseView(paused_at, resumed_at, reason))
        tags: dict[int, list[str]] = {}
        for intervention_id, name in session.execute(
            select(InterventionTag.intervention_id, InterventionTag.name).where(
                InterventionTag.intervention_id.in_(chosen)
            )
        ):
            tags.setdefault(intervention_id, []).append(name)
        files: dict[int, list[str]] = {}
        if not public:
            for attached_to, filename in session.execute(
                select(Attachment.intervention_id, Attachment.filename)
                .where(Attachment.intervention_id.in_(chosen))
                .order_by(Attachment.added_at, Attachment.id)
            ):
                if attached_to is not None:
                    files.setdefault(attached_to, []).append(filename)
        rows = session.execute(
            select(
                Intervention.id,
                Intervention.slot_id,
                Delegation.name,
                Delegation.group,
                Person.name,
                Person.function,
                Person.email,
                Intervention.channel,
                Intervention.kind,
                Intervention.floor_given_at,
                Intervention.floor_taken_at,
                Intervention.limit_s,
                Intervention.added_s,
                Intervention.notes,
                Intervention.recommendation,
                Intervention.follow_up,
                Intervention.internal_notes,
                FloorRequest.source,
                FloorRequest.sender_email,
                Intervention.video_file,
            )
            .outerjoin(Delegation, Delegation.id == Intervention.delegation_id)
            .outerjoin(Person, Person.id == Intervention.person_id)
            .outerjoin(FloorRequest, FloorRequest.id == Intervention.floor_request_id)
            .where(Intervention.id.in_(chosen))
            .order_by(Intervention.floor_given_at, Intervention.id)
        )
        by_slot: dict[int, list[InterventionRecord]] = {s.id: [] for s in slots}
        for row in rows:
            record = by_slot[row[1]]
            record.append(
                InterventionRecord(
                    id=row[0],
                    number=len(record) + 1,
                    delegation=row[2] or "",
                    group=row[3],
                    speaker=row[4] or "",
                    speaker_function=row[5] or "",
                    channel=row[7],
                    kind=row[8],
                    floor_given_at=row[9],
                    floor_taken_at=row[10],
                    limit_s=row[11],
                    added_s=row[12],
                    pauses=tuple(pauses.get(row[0], ())),
                    notes=row[13],
                    tags=tuple(sorted(tags.get(row[0], ()))),
                    recommendation=row[14],
                    follow_up=row[15],
                    source=row[17],
                    attachments=tuple(files.get(row[0], ())),
                    internal_notes="" if public else row[16],
                    speaker_email=None if public else row[6],
                    sender_email=None if public else row[18],
                    video_file=row[19],
                )
            )
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
