"""The demo's first day on record: the floor given down each list of speakers, the
rapporteur's notes, tags and flags, and a few corrections made through the journal
(a speaker's name, a delegation, a floor never taken back, a speaker cut off and
given the floor again, the two merged).

Deterministic: every moment is computed from the slot's start and the durations in
resources/demo/record.json; only the slots that have ended by the given moment are
recorded. Runs command by command, as at the desk.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus
from db.store import Store
from desktop.domain.conference_time import from_local, to_local
from desktop.reference import read_json


def write_demo_record(
    store: Store, conference_id: int, slot_ids: dict[str, int], now: datetime
) -> int:
    """Put the first day's record in, for the slots that have ended by ``now`` (a
    demo loaded for today must not hold interventions in the future, nor a finished
    record for the slot under way); returns the number of interventions."""
    data: dict[str, Any] = read_json("demo", "record.json")
    agenda = {slot["key"]: slot for slot in read_json("demo", "conference.json")["slots"]}
    slots = {s.id: s for s in store.agenda.slots(conference_id)}
    by_name = {d.name: d.id for d in store.delegations.all()}
    count = 0
    for key, plan in data["slots"].items():
        slot = slots[slot_ids[key]]
        if slot.ends_at > now:
            continue
        people = agenda[key].get("panellists", [])
        count += _panellists(store, slot, plan, people, by_name)
        if "interventions" in plan:
            count += _slot_record(store, slot, plan, by_name)
    return count


def _panellists(
    store: Store,
    slot: SlotView,
    plan: dict[str, Any],
    people: list[dict[str, Any]],
    by_name: dict[str, int],
) -> int:
    """The panellists (or keynote speakers) in the agenda's order, each called by name."""
    zone = store.agenda.conference(slot.conference_id).time_zone
    moment = from_local(
        to_local(slot.starts_at, zone).date(), time.fromisoformat(plan["panellists_from"]), zone
    )
    for person, entry in zip(people, plan.get("panellists", []), strict=True):
        request_id = store.speakers.add(
            slot.id,
            RequestDraft(
                delegation_id=by_name.get(person.get("delegation") or ""),
                kind=InterventionKind.PANELLIST,
                speaker=person["name"],
                speaker_function=person.get("function", ""),
            ),
            moment - timedelta(minutes=1),
        )
        # A speaker of no delegation (a professor, a survivor) is called by name all the same.
        store.speakers.set_status(request_id, RequestStatus.WAITING)
        given = store.floor.give_floor(slot.id, moment, request_id).intervention_id
        _write(store, given, entry, slot.topics)
        moment += timedelta(seconds=entry["s"])
        store.floor.take_floor_back(slot.id, moment)
        moment += timedelta(seconds=plan.get("gap_s", 10))
    return len(people)


def _slot_record(
    store: Store, slot: SlotView, plan: dict[str, Any], by_name: dict[str, int]
) -> int:
    zone = store.agenda.conference(slot.conference_id).time_zone
    day = to_local(slot.starts_at, zone).date()
    moment = from_local(day, time.fromisoformat(plan["floor_opens"]), zone)
    entries: dict[str, dict[str, Any]] = plan["interventions"]
    gap = timedelta(seconds=plan.get("gap_s", 10))
    given: dict[str, int] = {}
    open_one = plan.get("never_taken_back", {}).get("delegation")
    resumed = plan.get("resumed")
    for request in store.speakers.requests(slot.id, (RequestStatus.LATE,)):
        store.speakers.set_status(request.id, RequestStatus.WAITING)  # the chair accepted it
    for _ in range(len(entries)):
        floor = store.floor.give_floor(slot.id, moment)
        intervention = store.floor.intervention(floor.intervention_id)
        entry = entries[intervention.delegation]
        given[intervention.delegation] = floor.intervention_id
        _write(store, floor.intervention_id, entry, slot.topics)
        moment += timedelta(seconds=entry["s"])
        if intervention.delegation != open_one:
            store.floor.take_floor_back(slot.id, moment)
        moment += gap
        if resumed and intervention.delegation == resumed["after"]:
            again = _give_again(store, slot, by_name[resumed["delegation"]], moment)
            store.record.set_notes(again, resumed["notes"])
            moment += timedelta(seconds=resumed["s"])
            store.floor.take_floor_back(slot.id, moment)
            moment += gap
            store.record.merge(given[resumed["delegation"]], again)
    if open_one:
        # The moderator moved on without taking the floor back; the rapporteur closes it.
        closed = plan["never_taken_back"]["closed_after_s"]
        intervention = store.floor.intervention(given[open_one])
        store.record.set_taken_back(
            intervention.id, intervention.floor_given_at + timedelta(seconds=closed)
        )
    for correction in plan.get("corrections", []):
        delegation = correction.get("delegation")
        target = given[correction["change_speaker"]]
        store.record.change_speaker(
            target,
            by_name[delegation or correction["change_speaker"]],
            correction.get("speaker"),
        )
    return len(given)


def _write(
    store: Store, intervention_id: int, entry: dict[str, Any], topics: tuple[str, ...]
) -> None:
    record = store.record
    record.set_notes(intervention_id, entry["notes"])
    tags = [topics[t] if isinstance(t, int) else str(t) for t in entry.get("tags", [])]
    if tags:
        record.set_tags(intervention_id, tags)
    if entry.get("recommendation") or entry.get("follow_up"):
        record.set_flags(
            intervention_id,
            recommendation=bool(entry.get("recommendation")),
            follow_up=bool(entry.get("follow_up")),
        )


def _give_again(store: Store, slot: SlotView, delegation_id: int, at: datetime) -> int:
    """A speaker cut off (the Zoom connection lost) raises a hand again and gets the floor."""
    request_id = store.speakers.add(
        slot.id,
        RequestDraft(
            delegation_id=delegation_id,
            channel=Channel.REMOTE,
            source=RequestSource.ZOOM_HAND,
        ),
        at - timedelta(seconds=5),
    )
    return store.floor.give_floor(slot.id, at, request_id).intervention_id
