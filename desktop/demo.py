"""The demo conference: two days shaped like an Alliance conference, with advance requests.

``first_day`` moves the whole conference (agenda, deadline and requests) so that
it starts on another day — today, for a demo where the clock means something.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from db.agenda.agenda import PersonDraft, SlotDraft
from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, SlotKind
from db.store import Store
from desktop.domain.conference_time import from_local
from desktop.reference import delegation_drafts, read_json


def ensure_delegations(store: Store) -> int:
    """Add the shipped delegations the database does not have yet."""
    return store.delegations.add_missing(delegation_drafts())


def load_demo(
    store: Store,
    first_day: date | None = None,
    *,
    with_record: bool = False,
    now: datetime | None = None,
) -> int:
    """Create the demo conference in one transaction; returns its id.

    ``with_record``: the first day comes with its session record (notes, tags, flags,
    corrections), as a newcomer should see it; tests that play a slot leave it out.
    The record covers only the slots that have ended by ``now`` (the caller's clock;
    the system clock if not given): the slot under way keeps its list of speakers
    waiting, and nothing is on record in the future.
    """
    data: dict[str, Any] = read_json("demo", "conference.json")
    zone_name: str = data["time_zone"]
    starts_on = date.fromisoformat(data["starts_on"])
    shift = (first_day - starts_on) if first_day else timedelta(0)

    def moment(day: str, clock: str) -> datetime:
        return from_local(date.fromisoformat(day) + shift, time.fromisoformat(clock), zone_name)

    def local_stamp(text: str) -> datetime:
        stamp = datetime.fromisoformat(text)
        return from_local(stamp.date() + shift, stamp.time(), zone_name)

    ensure_delegations(store)
    with store.transaction():
        by_name = {d.name: d.id for d in store.delegations.all()}
        conference_id = store.agenda.create_conference(
            title=data["title"],
            venue=data["venue"],
            time_zone=zone_name,
            starts_on=starts_on + shift,
            ends_on=date.fromisoformat(data["ends_on"]) + shift,
            request_deadline=local_stamp(data["request_deadline"]),
        )
        slot_ids: dict[str, int] = {}
        for slot in data["slots"]:
            slot_ids[slot["key"]] = store.agenda.add_slot(
                conference_id,
                SlotDraft(
                    kind=SlotKind(slot["kind"]),
                    title=slot["title"],
                    description=slot.get("description", ""),
                    starts_at=moment(slot["day"], slot["start"]),
                    ends_at=moment(slot["day"], slot["end"]),
                    topics=tuple(slot.get("topics", [])),
                    moderator=_person(slot.get("moderator"), by_name),
                    panellists=tuple(
                        p for p in (_person(x, by_name) for x in slot.get("panellists", [])) if p
                    ),
                    limits={
                        InterventionKind(kind): int(seconds)
                        for kind, seconds in (slot.get("limits") or {}).items()
                    },
                ),
            )
        for request in sorted(data["floor_requests"], key=lambda r: r["received_at"]):
            speaker = request.get("speaker") or {}
            store.speakers.add(
                slot_ids[request["slot"]],
                RequestDraft(
                    delegation_id=by_name[request["delegation"]],
                    kind=InterventionKind(request.get("kind", "statement")),
                    channel=Channel(request.get("channel", "hall")),
                    source=RequestSource(request.get("source", "advance_email")),
                    speaker=speaker.get("name", ""),
                    speaker_function=speaker.get("function", ""),
                    note=request.get("note", ""),
                    sender_email=request.get("email"),
                ),
                received_at=local_stamp(request["received_at"]),
            )
    if with_record:
        # Command by command, as at the desk: small transactions are faster than one
        # session that keeps every row of the day.
        from desktop.demo_record import write_demo_record

        write_demo_record(store, conference_id, slot_ids, now or datetime.now(UTC))
    return conference_id


def _person(entry: dict[str, Any] | None, by_name: dict[str, int]) -> PersonDraft | None:
    if not entry:
        return None
    return PersonDraft(
        name=entry["name"],
        function=entry.get("function", ""),
        delegation_id=by_name.get(entry.get("delegation") or ""),
    )
