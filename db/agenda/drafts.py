"""Agenda slots as drafts (what a form or an import hands the store) and as views.

Validation and the conversions between rows, drafts and views live here, apart
from the store commands in db/agenda/agenda.py.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from db.errors import InvalidSlot
from db.meeting.snapshots import ConferenceView, SlotView
from db.meeting.vocabulary import DEFAULT_LIMITS_S, InterventionKind, SlotKind
from db.models import (
    AgendaSlot,
    Conference,
    Person,
)


@dataclass(frozen=True)
class PersonDraft:
    name: str
    function: str = ""
    delegation_id: int | None = None
    email: str | None = None


@dataclass(frozen=True)
class SlotDraft:
    kind: SlotKind
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    topics: Sequence[str] = ()
    moderator: PersonDraft | None = None
    panellists: Sequence[PersonDraft] = ()
    limits: dict[InterventionKind, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS_S))


MAX_SLOT_LIMIT_S = 3600


def checked_limits(draft: SlotDraft) -> dict[InterventionKind, int]:
    """The draft's limits over the defaults, or InvalidSlot if one is out of range."""
    limits = {**DEFAULT_LIMITS_S}
    for kind, seconds in draft.limits.items():
        limits[InterventionKind(kind)] = seconds
    for kind, seconds in limits.items():
        if not 0 <= seconds <= MAX_SLOT_LIMIT_S:
            raise InvalidSlot(
                f"The speaking time for a {kind.label.lower()} is between 0:00 and 60:00."
            )
    return limits


def check_slot(draft: SlotDraft) -> None:
    if not draft.title.strip():
        raise InvalidSlot("An agenda slot needs a title.")
    if draft.ends_at <= draft.starts_at:
        raise InvalidSlot(f"Slot '{draft.title}' must end after it starts.")
    checked_limits(draft)


def draft_record(draft: SlotDraft) -> dict[str, Any]:
    """The draft as plain values, for the journal's before and after."""
    return {
        "kind": SlotKind(draft.kind).value,
        "title": draft.title,
        "description": draft.description,
        "starts_at": draft.starts_at,
        "ends_at": draft.ends_at,
        "moderator": _person_record(draft.moderator) if draft.moderator else None,
        "panellists": [_person_record(p) for p in draft.panellists],
        "topics": list(draft.topics),
        "limits": {kind.value: seconds for kind, seconds in checked_limits(draft).items()},
    }


def plain_draft(draft: SlotDraft) -> dict[str, Any]:
    """The draft as JSON values, kept in an undo step (db/steps.py); ``draft_from_plain``
    reads it back equal."""
    return {
        "kind": SlotKind(draft.kind).value,
        "title": draft.title,
        "starts_at": draft.starts_at.isoformat(),
        "ends_at": draft.ends_at.isoformat(),
        "description": draft.description,
        "topics": list(draft.topics),
        "moderator": asdict(draft.moderator) if draft.moderator else None,
        "panellists": [asdict(person) for person in draft.panellists],
        "limits": {InterventionKind(kind).value: seconds for kind, seconds in draft.limits.items()},
    }


def draft_from_plain(plain: Mapping[str, Any]) -> SlotDraft:
    moderator = plain["moderator"]
    return SlotDraft(
        kind=SlotKind(plain["kind"]),
        title=plain["title"],
        starts_at=datetime.fromisoformat(plain["starts_at"]),
        ends_at=datetime.fromisoformat(plain["ends_at"]),
        description=plain["description"],
        topics=tuple(plain["topics"]),
        moderator=PersonDraft(**moderator) if moderator else None,
        panellists=tuple(PersonDraft(**person) for person in plain["panellists"]),
        limits={InterventionKind(kind): int(s) for kind, s in plain["limits"].items()},
    )


def _person_record(person: PersonDraft) -> str:
    return f"{person.name}, {person.function}" if person.function else person.name


def person_draft(row: Person) -> PersonDraft:
    return PersonDraft(
        name=row.name, function=row.function, delegation_id=row.delegation_id, email=row.email
    )


def slot_draft(row: AgendaSlot) -> SlotDraft:
    return SlotDraft(
        kind=row.kind,
        title=row.title,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        description=row.description,
        topics=tuple(t.name for t in row.topics),
        moderator=person_draft(row.moderator) if row.moderator else None,
        panellists=tuple(person_draft(p.person) for p in row.panellists),
        limits={kind: row.limit_for(kind) for kind in InterventionKind},
    )


def conference_view(row: Conference) -> ConferenceView:
    return ConferenceView(
        id=row.id,
        title=row.title,
        venue=row.venue,
        time_zone=row.time_zone,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        request_deadline=row.request_deadline,
    )


def slot_view(row: AgendaSlot) -> SlotView:
    return SlotView(
        id=row.id,
        conference_id=row.conference_id,
        kind=row.kind,
        title=row.title,
        description=row.description,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        moderator=row.moderator.name if row.moderator else None,
        panellists=tuple(p.person.name for p in row.panellists),
        topics=tuple(t.name for t in row.topics),
        limits={kind: row.limit_for(kind) for kind in InterventionKind},
        list_closed_at=row.list_closed_at,
    )
