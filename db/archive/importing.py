"""Reading a conference archive into the database (see db/archive/archive.py for the format).

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

from db.meeting.vocabulary import (
    Channel,
    DelegationGroup,
    InterventionKind,
    RequestSource,
    RequestStatus,
    SlotKind,
)
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
from db.people.delegations import DelegationDraft
from db.record import search

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
        self.merged_into: dict[str, str] = {}  # an intervention's key -> the one it joined
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
        for merged, kept in self.merged_into.items():
            if kept not in self.interventions or kept == merged:
                raise ValueError(f"intervention {merged!r} was merged into an unknown {kept!r}")
            self.interventions[merged].merged_into_id = self.interventions[kept].id
        self.session.flush()
        for row in self.interventions.values():  # the record's search finds them too
            search.index_intervention(self.session, row)
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
        from db.transactions import utc_now

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
            language=entry.get("language"),
            video_path=entry.get("video_path"),
            video_duration_ms=entry.get("video_duration_ms"),
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
            video_file=entry.get("video_file"),
            pauses=[
                InterventionPause(
                    paused_at=required(p["paused_at"]),
                    resumed_at=moment(p.get("resumed_at"), optional=True),
                    reason=p.get("reason"),
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
        if entry.get("merged_into") is not None:
            self.merged_into[str(entry["key"])] = str(entry["merged_into"])

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


# -- checking an archive before anything is written --------------------------------

# Integer columns hold 32 bits on every database; a speaking time is at most a day.
_INT_MAX = 2**31 - 1
_DAY = 24 * 3600


class ArchiveDamage(ValueError):
    """What is wrong with an archive, naming the entry; one sentence without the period."""


def check_archive(data: dict[str, Any]) -> None:
    """Every value the reader will store, checked for its type and range first, so a
    damaged or hostile archive is refused with a reason rather than half read or let
    through to the database (a zone that does not exist, a slot ending before it
    starts, a negative or astronomic limit, a list where a name should be)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    conference = _dict(data.get("conference"), "the conference")
    _text(conference.get("title"), "the conference's title")
    zone = _text(conference.get("time_zone"), "the conference's time zone")
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ArchiveDamage(f"the time zone {zone[:60]!r} does not exist") from None
    starts, ends = (
        _day(conference.get(k), f"the conference's {k}") for k in ("starts_on", "ends_on")
    )
    if ends < starts:
        raise ArchiveDamage(f"the conference ends ({ends}) before it starts ({starts})")
    _moment(conference.get("request_deadline"), "the request deadline", optional=True)
    for number, entry in enumerate(_list(data.get("delegations", []), "delegations"), 1):
        where = f"delegation {number}"
        entry = _dict(entry, where)
        _text(entry.get("name"), f"the name of {where}")
        _choice(entry.get("group"), DelegationGroup, f"the group of {where}")
        _int(entry.get("seating_order"), f"the seating order of {where}", 0, _INT_MAX)
    for number, entry in enumerate(_list(data.get("slots"), "slots"), 1):
        _check_slot(_dict(entry, f"slot {number}"), f"slot {number}")
    for number, entry in enumerate(_list(data.get("attachments", []), "attachments"), 1):
        where = f"attachment {number}"
        entry = _dict(entry, where)
        for key in ("filename", "media_type", "sha256", "content"):
            _text(entry.get(key), f"the {key} of {where}")
        _moment(entry.get("added_at"), f"when {where} was added")


def _check_slot(entry: dict[str, Any], where: str) -> None:
    title = _text(entry.get("title"), f"the title of {where}")
    where = f"{where} ({title[:40]!r})"
    _text(entry.get("key"), f"the key of {where}")
    _choice(entry.get("kind"), SlotKind, f"the kind of {where}")
    starts = _moment(entry.get("starts_at"), f"the start of {where}")
    ends = _moment(entry.get("ends_at"), f"the end of {where}")
    assert starts is not None and ends is not None
    if ends <= starts:
        raise ArchiveDamage(f"{where} ends before it starts")
    limits = _dict(entry.get("limits") or {}, f"the speaking times of {where}")
    for kind, seconds in limits.items():
        _choice(kind, InterventionKind, f"a speaking time of {where}")
        _int(seconds, f"the {kind} speaking time of {where}", 0, _DAY)
    for key in ("topics", "panellists"):
        _list(entry.get(key, []), f"the {key} of {where}")
    for topic in entry.get("topics", []):
        _text(topic, f"a topic of {where}")
    for person in [entry.get("moderator"), *entry.get("panellists", [])]:
        _person(person, where)
    _moment(entry.get("list_closed_at"), f"when the list of {where} closed", optional=True)
    if entry.get("ordering_policy") is not None:
        _dict(entry["ordering_policy"], f"the ordering of {where}")
    for number, request in enumerate(_list(entry.get("floor_requests", []), "requests"), 1):
        _check_request(
            _dict(request, f"request {number} of {where}"), f"request {number} of {where}"
        )
    for number, row in enumerate(_list(entry.get("interventions", []), "interventions"), 1):
        _check_intervention(
            _dict(row, f"intervention {number} of {where}"), f"intervention {number} of {where}"
        )


def _check_request(entry: dict[str, Any], where: str) -> None:
    _text(entry.get("key"), f"the key of {where}")
    _choice(entry.get("source"), RequestSource, f"the source of {where}")
    _choice(entry.get("kind"), InterventionKind, f"the kind of {where}")
    _choice(entry.get("channel"), Channel, f"the channel of {where}")
    _choice(entry.get("status"), RequestStatus, f"the status of {where}")
    _moment(entry.get("received_at"), f"when {where} was received")
    _int(entry.get("position"), f"the place of {where}", -_INT_MAX, _INT_MAX)
    if entry.get("limit_s") is not None:
        _int(entry["limit_s"], f"the speaking time of {where}", 0, _DAY)
    _person(entry.get("person"), where)
    for key in ("note", "sender_email", "message_id", "original_text", "video_path"):
        if entry.get(key) is not None:
            _text(entry[key], f"the {key} of {where}")
    if entry.get("language") is not None:
        _text(entry["language"], f"the language of {where}")
        if len(entry["language"]) > 2:
            raise ArchiveDamage(f"the language of {where} is not a two-letter code")
    if entry.get("video_duration_ms") is not None:
        _int(entry["video_duration_ms"], f"the video's length in {where}", 0, _DAY * 1000)


def _check_intervention(entry: dict[str, Any], where: str) -> None:
    _text(entry.get("key"), f"the key of {where}")
    _choice(entry.get("channel"), Channel, f"the channel of {where}")
    _choice(entry.get("kind"), InterventionKind, f"the kind of {where}")
    given = _moment(entry.get("floor_given_at"), f"when the floor was given in {where}")
    taken = _moment(entry.get("floor_taken_at"), f"when {where} ended", optional=True)
    if given is not None and taken is not None and taken < given:
        raise ArchiveDamage(f"{where} ends before it starts")
    _int(entry.get("limit_s"), f"the speaking time of {where}", 0, _DAY)
    _int(entry.get("added_s", 0), f"the time added in {where}", -_DAY, _DAY)
    _person(entry.get("person"), where)
    for number, pause in enumerate(_list(entry.get("pauses", []), f"the pauses of {where}"), 1):
        pause = _dict(pause, f"pause {number} of {where}")
        paused = _moment(pause.get("paused_at"), f"pause {number} of {where}")
        resumed = _moment(pause.get("resumed_at"), f"pause {number} of {where}", optional=True)
        if paused is not None and resumed is not None and resumed < paused:
            raise ArchiveDamage(f"pause {number} of {where} ends before it starts")
        if pause.get("reason") is not None:
            _text(pause["reason"], f"the reason of pause {number} of {where}")
    for tag in _list(entry.get("tags", []), f"the tags of {where}"):
        _text(_dict(tag, f"a tag of {where}").get("name"), f"a tag of {where}")
    for key in ("notes", "internal_notes", "video_file", "merged_into"):
        if entry.get(key) is not None:
            _text(entry[key], f"the {key} of {where}")


def _person(entry: Any, where: str) -> None:
    if entry is None:
        return
    person = _dict(entry, f"a person of {where}")
    _text(person.get("name"), f"the name of a person of {where}")
    for key in ("function", "email", "delegation"):
        if person.get(key) is not None:
            _text(person[key], f"the {key} of a person of {where}")


def _what(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", str: "a text", bool: "true or false"}
    return kinds.get(type(value), "a number" if isinstance(value, int | float) else "nothing")


def _dict(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ArchiveDamage(f"{where} should be an object, not {_what(value)}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ArchiveDamage(f"{where} should be a list, not {_what(value)}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise ArchiveDamage(f"{where} should be a text, not {_what(value)}")
    return value


def _int(value: Any, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ArchiveDamage(f"{where} should be a whole number, not {_what(value)}")
    if not low <= value <= high:
        shown = str(value) if len(str(value)) <= 20 else f"a number of {len(str(value))} digits"
        raise ArchiveDamage(f"{where} is {shown}, outside {low}–{high}")
    return value


def _choice(value: Any, kinds: Any, where: str) -> None:
    if not isinstance(value, str) or value not in {k.value for k in kinds}:
        known = ", ".join(k.value for k in kinds)
        raise ArchiveDamage(f"{where} is {str(value)[:40]!r}, not one of {known}")


def _day(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(_text(value, where))
    except ValueError:
        raise ArchiveDamage(f"{where} is {str(value)[:40]!r}, not a date") from None


def _moment(value: Any, where: str, *, optional: bool = False) -> datetime | None:
    if value is None and optional:
        return None
    try:
        return moment(_text(value, where))
    except ValueError:
        raise ArchiveDamage(
            f"{where} is {str(value)[:40]!r}, not a date and time with a zone"
        ) from None
