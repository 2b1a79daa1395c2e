"""A whole conference as one JSON document, and back: exact in both directions.

The document (``"floordesk_archive": 1``) holds the conference, the delegations
it names (by name, with their table entry so an empty database can take it),
the agenda slots with every field, the floor requests, the interventions with
their pauses, tags and notes, and the attachments (base64). Rows refer to each
other by keys made from their order in the document, never by database ids, so
export → import into an empty database → export gives the identical document.
Journal entries are history, not content: an import writes one of its own.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from db.errors import found
from db.meeting.actions import Action
from db.meeting.vocabulary import InterventionKind
from db.models import (
    AgendaSlot,
    Attachment,
    Conference,
    Delegation,
    FloorRequest,
    Intervention,
    Person,
    SlotPanellist,
)

if TYPE_CHECKING:
    from db.store import Store

log = logging.getLogger(__name__)
VERSION = 1
MARK = "floordesk_archive"


class ArchiveError(ValueError):
    """The document is not a Floordesk archive this version can read; ``str()`` says why."""


def stamp(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def person_entry(person: Person | None) -> dict[str, Any] | None:
    if person is None:
        return None
    return {
        "name": person.name,
        "function": person.function,
        "email": person.email,
        "delegation": person.delegation.name if person.delegation else None,
    }


def export_conference(store: Store, conference_id: int) -> dict[str, Any]:
    """The conference as a JSON-ready dict (see the module's docstring)."""
    with store.reading() as session:
        conference = found(session, Conference, conference_id, "conference")
        slots = list(
            session.scalars(
                select(AgendaSlot)
                .where(AgendaSlot.conference_id == conference_id)
                .options(
                    selectinload(AgendaSlot.topics),
                    selectinload(AgendaSlot.panellists).selectinload(SlotPanellist.person),
                )
                .order_by(AgendaSlot.starts_at, AgendaSlot.id)
            )
        )
        slot_ids = [slot.id for slot in slots]
        requests = list(
            session.scalars(
                select(FloorRequest)
                .where(FloorRequest.slot_id.in_(slot_ids))
                .order_by(FloorRequest.received_at, FloorRequest.id)
            )
        )
        interventions = list(
            session.scalars(
                select(Intervention)
                .where(Intervention.slot_id.in_(slot_ids))
                .options(selectinload(Intervention.pauses), selectinload(Intervention.tags))
                .order_by(Intervention.floor_given_at, Intervention.id)
            )
        )
        request_keys = {row.id: f"request-{n}" for n, row in enumerate(requests, 1)}
        intervention_keys = {row.id: f"intervention-{n}" for n, row in enumerate(interventions, 1)}
        slot_keys = {row.id: f"slot-{n}" for n, row in enumerate(slots, 1)}
        topics = {t.id: (slot_keys[s.id], t.position) for s in slots for t in s.topics}
        entries = [_slot_entry(slot, slot_keys[slot.id]) for slot in slots]
        by_key = {entry["key"]: entry for entry in entries}
        for request in requests:
            by_key[slot_keys[request.slot_id]]["floor_requests"].append(
                _request_entry(request, request_keys[request.id])
            )
        for row in interventions:
            entry = _intervention_entry(row, intervention_keys, request_keys, topics)
            by_key[slot_keys[row.slot_id]]["interventions"].append(entry)
        attachments = session.scalars(
            select(Attachment)
            .where(
                or_(
                    Attachment.floor_request_id.in_(request_keys),
                    Attachment.intervention_id.in_(intervention_keys),
                )
            )
            .order_by(Attachment.added_at, Attachment.id)
        )
        named = _delegations_named(slots, requests, interventions)
        return {
            MARK: VERSION,
            "conference": {
                "title": conference.title,
                "venue": conference.venue,
                "time_zone": conference.time_zone,
                "starts_on": conference.starts_on.isoformat(),
                "ends_on": conference.ends_on.isoformat(),
                "request_deadline": stamp(conference.request_deadline),
            },
            "delegations": [_delegation_entry(d) for d in named],
            "slots": entries,
            "attachments": [
                {
                    "floor_request": request_keys.get(a.floor_request_id or 0),
                    "intervention": intervention_keys.get(a.intervention_id or 0),
                    "filename": a.filename,
                    "media_type": a.media_type,
                    "sha256": a.sha256,
                    "added_at": stamp(a.added_at),
                    "content": base64.b64encode(a.content).decode("ascii"),
                }
                for a in attachments
            ],
        }


def _slot_entry(slot: AgendaSlot, key: str) -> dict[str, Any]:
    return {
        "key": key,
        "kind": slot.kind.value,
        "title": slot.title,
        "description": slot.description,
        "starts_at": stamp(slot.starts_at),
        "ends_at": stamp(slot.ends_at),
        "moderator": person_entry(slot.moderator),
        "panellists": [person_entry(p.person) for p in slot.panellists],
        "topics": [t.name for t in slot.topics],
        "limits": {kind.value: slot.limit_for(kind) for kind in InterventionKind},
        "list_closed_at": stamp(slot.list_closed_at),
        "ordering_policy": slot.ordering_policy,
        "floor_requests": [],
        "interventions": [],
    }


def _request_entry(row: FloorRequest, key: str) -> dict[str, Any]:
    return {
        "key": key,
        "delegation": row.delegation.name if row.delegation else None,
        "person": person_entry(row.person),
        "source": row.source.value,
        "kind": row.kind.value,
        "channel": row.channel.value,
        "status": row.status.value,
        "received_at": stamp(row.received_at),
        "position": row.position,
        "pinned": row.pinned,
        "limit_s": row.limit_s,
        "note": row.note,
        "sender_email": row.sender_email,
        "message_id": row.message_id,
        "original_text": row.original_text,
        "language": row.language,
        "video_path": row.video_path,
        "video_duration_ms": row.video_duration_ms,
    }


def _intervention_entry(
    row: Intervention,
    keys: dict[int, str],
    request_keys: dict[int, str],
    topics: dict[int, tuple[str, int]],
) -> dict[str, Any]:
    return {
        "key": keys[row.id],
        # A correction merged it into another: its time lives on there (not counted twice).
        "merged_into": keys.get(row.merged_into_id) if row.merged_into_id else None,
        "video_file": row.video_file,
        "floor_request": request_keys.get(row.floor_request_id or 0),
        "delegation": row.delegation.name if row.delegation else None,
        "person": person_entry(row.person),
        "channel": row.channel.value,
        "kind": row.kind.value,
        "floor_given_at": stamp(row.floor_given_at),
        "floor_taken_at": stamp(row.floor_taken_at),
        "limit_s": row.limit_s,
        "added_s": row.added_s,
        "notes": row.notes,
        "recommendation": row.recommendation,
        "follow_up": row.follow_up,
        "internal_notes": row.internal_notes,
        "pauses": [
            {
                "paused_at": stamp(p.paused_at),
                "resumed_at": stamp(p.resumed_at),
                "reason": p.reason,  # "audio_lost": a gap in the sound, not the chair's pause
            }
            for p in sorted(row.pauses, key=lambda p: (p.paused_at, p.id))
        ],
        "tags": [
            {
                "name": tag.name,
                "topic": (
                    {"slot": topics[tag.topic_id][0], "position": topics[tag.topic_id][1]}
                    if tag.topic_id in topics
                    else None
                ),
            }
            for tag in sorted(row.tags, key=lambda t: t.name)
        ],
    }


def _delegations_named(
    slots: Iterable[AgendaSlot],
    requests: Iterable[FloorRequest],
    interventions: Iterable[Intervention],
) -> list[Delegation]:
    people: list[Person | None] = [s.moderator for s in slots]
    people += [p.person for s in slots for p in s.panellists]
    people += [r.person for r in requests] + [i.person for i in interventions]
    named = [r.delegation for r in requests] + [i.delegation for i in interventions]
    named += [p.delegation for p in people if p is not None]
    found = {d.id: d for d in named if d is not None}
    return sorted(found.values(), key=lambda d: (d.seating_order, d.name))


def _delegation_entry(row: Delegation) -> dict[str, Any]:
    return {
        "name": row.name,
        "nameplate": row.nameplate,
        "group": row.group.value,
        "region": row.region,
        "iso_code": row.iso_code,
        "seating_order": row.seating_order,
        "aliases": [
            {"name": a.name, "language": a.language}
            for a in sorted(row.aliases, key=lambda a: (a.language, a.name))
        ],
    }


def import_conference(store: Store, data: Any) -> int:
    """Create the archived conference in one transaction; returns its id.

    ArchiveError (one sentence) when the document is not an archive of this
    version or is damaged; nothing is written then.
    """
    from sqlalchemy.exc import DataError, IntegrityError

    from db.archive.importing import ArchiveDamage, ArchiveReader, check_archive

    if not isinstance(data, dict) or MARK not in data:
        raise ArchiveError("This is not a Floordesk archive (no 'floordesk_archive' mark).")
    if data[MARK] != VERSION:
        raise ArchiveError(
            f"This archive has version {data[MARK]!r}; this Floordesk reads version {VERSION}."
        )
    try:
        check_archive(data)
    except ArchiveDamage as error:
        raise ArchiveError(f"The archive is damaged: {error}.") from None
    try:
        with store.transaction() as session:
            try:
                conference_id, counts = ArchiveReader(store, session).read(data)
            except ArchiveError:
                raise
            except (KeyError, ValueError, TypeError, AttributeError, IndexError) as error:
                raise ArchiveError(f"The archive is damaged: {_why(error)}.") from None
            store.journal(session, Action.CONFERENCE_IMPORT, "conference", conference_id, **counts)
            return conference_id
    except (IntegrityError, DataError, OverflowError) as error:
        # What the checks above do not foresee, the database still refuses: nothing is kept.
        log.info("the database refused the archive: %s", error)
        raise ArchiveError(
            "The archive is damaged: the database refused its content (a value too large "
            "or given twice)."
        ) from None


def _why(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"the entry {error.args[0]!r} is missing"
    return str(error) or type(error).__name__
