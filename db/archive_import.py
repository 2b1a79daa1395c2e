"""Reading a conference archive into the database (see db/archive.py for the format).

Used only inside ``import_conference``'s transaction: every row is added to that
session, and any damage found raises, so nothing of a bad archive is kept.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import record_search
from db.delegations import DelegationDraft
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
    SlotPanellist,
    SlotTopic,
)
from db.vocabulary import (
    Channel,
    DelegationGroup,
    InterventionKind,
    RequestSource,
    RequestStatus,
    SlotKind,
)

if TYPE_CHECKING:
    from db.store import Store


def moment(text: Any, *, optional: bool = False) -> datetime | None:
    if text is None and optional:
        return None
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not a date and time")
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return value.astimezone(UTC)


def required(text: Any) -> datetime:
    value = moment(text)
    assert value is not None
    return value


class ArchiveReader:
    def __init__(self, store: Store, session: Session) -> None:
        self.store = store
        self.session = session
        self.people: dict[tuple[Any, ...], Person] = {}
        self.delegations: dict[str, int] = {}
        self.requests: dict[str, FloorRequest] = {}
        self.interventions: dict[str, Intervention] = {}
        self.topics: dict[tuple[str, int], SlotTopic] = {}

    def read(self, data: dict[str, Any]) -> tuple[int, dict[str, int]]:
        self._delegations(data.get("delegations", []))
        conference = self._conference(data["conference"])
        slots = [(entry, self._slot(conference, entry)) for entry in data["slots"]]
        self.session.flush()  # topic ids, for the tags
        for entry, slot in slots:
            for request in entry.get("floor_requests", []):
                self._request(slot, request)
        self.session.flush()
        for entry, slot in slots:
            for intervention in entry.get("interventions", []):
                self._intervention(slot, intervention)
        self.session.flush()
        for row in self.interventions.values():  # the record's search finds them too
            record_search.index_intervention(self.session, row)
        for attachment in data.get("attachments", []):
            self._attachment(attachment)
        self.session.flush()
        counts = {
            "slots": len(slots),
            "floor_requests": len(self.requests),
            "interventions": len(self.interventions),
        }
        return conference.id, counts

    def _delegations(self, entries: list[dict[str, Any]]) -> None:
        drafts = [
            DelegationDraft(
                name=str(e["name"]),
                nameplate=str(e.get("nameplate") or e["name"]),
                group=DelegationGroup(e["group"]),
                seating_order=int(e["seating_order"]),
                iso_code=e.get("iso_code"),
                region=e.get("region"),
                aliases=tuple((a["name"], a["language"]) for a in e.get("aliases", [])),
            )
            for e in entries
        ]
        # Known delegations keep the user's corrections; only the missing ones are added.
        self.store.delegations.add_missing(drafts)
        rows = self.session.execute(select(Delegation.name, Delegation.id))
        self.delegations = {name: id_ for name, id_ in rows}

    def delegation(self, name: Any) -> int | None:
        if name is None:
            return None
        if name not in self.delegations:
            raise ValueError(f"the archive names a delegation it does not describe: {name!r}")
        return self.delegations[name]

    def person(self, entry: dict[str, Any] | None, *, shared: bool = True) -> Person | None:
        if entry is None:
            return None
        key = (
            entry["name"],
            entry.get("function", ""),
            entry.get("email"),
            entry.get("delegation"),
        )
        if shared and key in self.people:
            return self.people[key]
        row = Person(
            name=str(entry["name"]),
            function=str(entry.get("function") or ""),
            email=entry.get("email"),
            delegation_id=self.delegation(entry.get("delegation")),
        )
        if shared:
            self.people[key] = row
        return row

    def _conference(self, entry: dict[str, Any]) -> Conference:
        from db.store import utc_now

        row = Conference(
            title=str(entry["title"]),
            venue=str(entry.get("venue") or ""),
            time_zone=str(entry["time_zone"]),
            starts_on=date.fromisoformat(entry["starts_on"]),
            ends_on=date.fromisoformat(entry["ends_on"]),
            request_deadline=moment(entry.get("request_deadline"), optional=True),
            created_at=utc_now(),
        )
        self.session.add(row)
        self.session.flush()
        return row

    def _slot(self, conference: Conference, entry: dict[str, Any]) -> AgendaSlot:
        limits = {InterventionKind(k): int(v) for k, v in (entry.get("limits") or {}).items()}
        row = AgendaSlot(
            conference_id=conference.id,
            kind=SlotKind(entry["kind"]),
            title=str(entry["title"]),
            description=str(entry.get("description") or ""),
            starts_at=required(entry["starts_at"]),
            ends_at=required(entry["ends_at"]),
            moderator=self.person(entry.get("moderator"), shared=False),
            topics=[
                SlotTopic(position=i, name=str(n)) for i, n in enumerate(entry.get("topics", []))
            ],
            panellists=[
                SlotPanellist(position=i, person=self.person(p, shared=False))
                for i, p in enumerate(entry.get("panellists", []))
            ],
            list_closed_at=moment(entry.get("list_closed_at"), optional=True),
            ordering_policy=entry.get("ordering_policy"),
            **{f"limit_{kind.value}_s": seconds for kind, seconds in limits.items()},
        )
        self.session.add(row)
        for topic in row.topics:
            self.topics[(str(entry["key"]), topic.position)] = topic
        return row

    def _request(self, slot: AgendaSlot, entry: dict[str, Any]) -> None:
        row = FloorRequest(
            slot_id=slot.id,
            delegation_id=self.delegation(entry.get("delegation")),
            person=self.person(entry.get("person")),
            source=RequestSource(entry["source"]),
            kind=InterventionKind(entry["kind"]),
            channel=Channel(entry["channel"]),
            status=RequestStatus(entry["status"]),
            received_at=required(entry["received_at"]),
            position=int(entry["position"]),
            pinned=bool(entry.get("pinned", False)),
            limit_s=entry.get("limit_s"),
            note=str(entry.get("note") or ""),
            sender_email=entry.get("sender_email"),
            message_id=entry.get("message_id"),
            original_text=entry.get("original_text"),
        )
        self.session.add(row)
        self.requests[str(entry["key"])] = row

    def _intervention(self, slot: AgendaSlot, entry: dict[str, Any]) -> None:
        request_key = entry.get("floor_request")
        if request_key is not None and request_key not in self.requests:
            raise ValueError(f"an intervention refers to an unknown request {request_key!r}")
        row = Intervention(
            slot_id=slot.id,
            floor_request=self.requests[request_key] if request_key is not None else None,
            delegation_id=self.delegation(entry.get("delegation")),
            person=self.person(entry.get("person")),
            channel=Channel(entry["channel"]),
            kind=InterventionKind(entry["kind"]),
            floor_given_at=required(entry["floor_given_at"]),
            floor_taken_at=moment(entry.get("floor_taken_at"), optional=True),
            limit_s=int(entry["limit_s"]),
            added_s=int(entry.get("added_s", 0)),
            notes=str(entry.get("notes") or ""),
            recommendation=bool(entry.get("recommendation", False)),
            follow_up=bool(entry.get("follow_up", False)),
            internal_notes=str(entry.get("internal_notes") or ""),
            pauses=[
                InterventionPause(
                    paused_at=required(p["paused_at"]),
                    resumed_at=moment(p.get("resumed_at"), optional=True),
                )
                for p in entry.get("pauses", [])
            ],
            tags=[
                InterventionTag(name=str(t["name"]), topic_id=self._topic(t.get("topic")))
                for t in entry.get("tags", [])
            ],
        )
        self.session.add(row)
        self.interventions[str(entry["key"])] = row

    def _topic(self, reference: dict[str, Any] | None) -> int | None:
        if reference is None:
            return None
        topic = self.topics.get((str(reference["slot"]), int(reference["position"])))
        if topic is None:
            raise ValueError(f"a tag refers to an unknown topic {reference!r}")
        return topic.id

    def _attachment(self, entry: dict[str, Any]) -> None:
        request = self.requests.get(entry.get("floor_request") or "")
        intervention = self.interventions.get(entry.get("intervention") or "")
        try:
            content = base64.b64decode(entry["content"], validate=True)
        except binascii.Error:
            raise ValueError(f"the attachment {entry.get('filename')!r} is not base64") from None
        self.session.add(
            Attachment(
                floor_request_id=request.id if request else None,
                intervention_id=intervention.id if intervention else None,
                filename=str(entry["filename"]),
                media_type=str(entry["media_type"]),
                sha256=str(entry["sha256"]),
                content=content,
                added_at=required(entry["added_at"]),
            )
        )
