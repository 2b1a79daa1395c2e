"""The agenda editor's store commands against a real database: edit, move, delete, restore."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db.agenda.agenda import InvalidConference, InvalidSlot, PersonDraft, SlotDraft
from db.errors import FloorConflict, UnknownRecord
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import Change, SlotView
from db.meeting.vocabulary import InterventionKind, RequestStatus, SlotKind
from db.models import AgendaSlot, Attachment, Person, SlotTopic
from db.store import Store
from desktop.domain.clock import FakeClock
from tests.conftest import at


def person_ids(store: Store, slot_id: int) -> tuple[int | None, list[int]]:
    with store.reading() as session:
        row = store.agenda.slot_row(session, slot_id)
        return row.moderator_id, [p.person_id for p in row.panellists]


def topic_ids(store: Store, slot_id: int) -> dict[str, int]:
    with store.reading() as session:
        return {t.name: t.id for t in store.agenda.slot_row(session, slot_id).topics}


def test_a_draft_gives_back_what_the_slot_holds(store: Store, panel: SlotView) -> None:
    draft = store.agenda.slot_draft(panel.id)
    assert draft.kind is SlotKind.PANEL and draft.title == panel.title
    assert (draft.starts_at, draft.ends_at) == (panel.starts_at, panel.ends_at)
    assert tuple(draft.topics) == panel.topics
    assert draft.moderator is not None and draft.moderator.name == panel.moderator
    assert tuple(p.name for p in draft.panellists) == panel.panellists
    belgium = draft.panellists[0]
    assert belgium.function.startswith("Head of Strategic Analysis")
    assert belgium.delegation_id is not None
    assert draft.limits == dict(panel.limits)

    copy_id = store.agenda.add_slot(panel.conference_id, draft)
    copy = store.agenda.slot(copy_id)
    assert replace(copy, id=panel.id) == panel


def test_an_edit_replaces_everything_and_keeps_the_people_it_can(
    store: Store, panel: SlotView
) -> None:
    changes: list[Change] = []
    store.subscribe(changes.extend)
    before = store.agenda.slot_draft(panel.id)
    moderator_id, panellist_ids = person_ids(store, panel.id)
    assert before.moderator is not None
    draft = replace(
        before,
        kind=SlotKind.KEYNOTE,
        title="Panel 1 – Follow the money",
        description="Shorter.",
        starts_at=before.starts_at + timedelta(minutes=15),
        ends_at=before.ends_at + timedelta(minutes=30),
        moderator=replace(before.moderator, function="Moderator of the day"),
        panellists=(
            before.panellists[2],
            PersonDraft("Jane Newcomer", "Analyst"),
            before.panellists[0],
        ),
        limits={InterventionKind.STATEMENT: 120, InterventionKind.PANELLIST: 600},
    )
    store.agenda.update_slot(panel.id, draft)

    slot = store.agenda.slot(panel.id)
    assert slot.kind is SlotKind.KEYNOTE and slot.title == "Panel 1 – Follow the money"
    assert slot.description == "Shorter."
    assert slot.ends_at - slot.starts_at == timedelta(minutes=105)
    assert slot.panellists == (panel.panellists[2], "Jane Newcomer", panel.panellists[0])
    assert slot.limit_for(InterventionKind.STATEMENT) == 120
    assert slot.limit_for(InterventionKind.PANELLIST) == 600
    assert slot.limit_for(InterventionKind.QUESTION) == 90  # the default, as in add_slot
    new_moderator_id, new_panellist_ids = person_ids(store, panel.id)
    assert new_moderator_id == moderator_id
    assert new_panellist_ids[0] == panellist_ids[2] and new_panellist_ids[2] == panellist_ids[0]
    assert new_panellist_ids[1] not in panellist_ids
    assert store.agenda.slot_draft(panel.id).moderator == replace(
        before.moderator, function="Moderator of the day"
    )

    assert [(c.action, c.entity_id) for c in changes] == [("slot.update", panel.id)]
    details = changes[0].details
    assert set(details["before"]) == set(details["after"])
    assert {"kind", "title", "starts_at", "panellists", "limits", "moderator"} <= set(
        details["after"]
    )
    assert "topics" not in details["after"]
    assert details["before"]["kind"] == "panel" and details["after"]["kind"] == "keynote"


def test_undoing_an_edit_finds_the_same_people_again(store: Store, panel: SlotView) -> None:
    before = store.agenda.slot_draft(panel.id)
    moderator_id, _ = person_ids(store, panel.id)
    store.agenda.update_slot(panel.id, replace(before, moderator=PersonDraft("Someone Else")))
    assert store.agenda.slot(panel.id).moderator == "Someone Else"
    store.agenda.update_slot(panel.id, before)
    assert person_ids(store, panel.id)[0] == moderator_id
    assert store.agenda.slot_draft(panel.id) == before

    store.agenda.update_slot(panel.id, replace(before, moderator=None, panellists=()))
    slot = store.agenda.slot(panel.id)
    assert slot.moderator is None and slot.panellists == ()


def test_topics_keep_their_rows_when_reordered_or_reworded(store: Store, panel: SlotView) -> None:
    before = store.agenda.slot_draft(panel.id)
    ids = topic_ids(store, panel.id)
    first, second, *rest = before.topics
    reworded = "Parallel financial investigations in every trafficking case"
    store.agenda.update_slot(panel.id, replace(before, topics=(second, reworded, *rest[:-1])))

    after = topic_ids(store, panel.id)
    assert store.agenda.slot(panel.id).topics == (second, reworded, *rest[:-1])
    assert after[second] == ids[second]
    assert after[reworded] in {ids[first], ids[rest[-1]]}
    with store.reading() as session:
        count = len(list(session.scalars(select(SlotTopic).where(SlotTopic.slot_id == panel.id))))
    assert count == len(before.topics) - 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "  "}, "needs a title"),
        ({"minutes": 0}, "must end after it starts"),
        ({"minutes": -10}, "must end after it starts"),
        ({"limits": {InterventionKind.QUESTION: 3601}}, "question is between 0:00 and 60:00"),
        ({"limits": {InterventionKind.STATEMENT: -1}}, "statement is between"),
    ],
)
def test_an_edit_that_does_not_make_sense_is_refused(
    store: Store, panel: SlotView, change: dict[str, object], message: str
) -> None:
    before = store.agenda.slot_draft(panel.id)
    fields = dict(change)  # the parameters are shared by both backends' runs
    minutes = fields.pop("minutes", None)
    draft = replace(before, **fields)  # type: ignore[arg-type]
    if isinstance(minutes, int):
        draft = replace(draft, ends_at=draft.starts_at + timedelta(minutes=minutes))
    last = store.last_journal_id()
    with pytest.raises(InvalidSlot, match=message):
        store.agenda.update_slot(panel.id, draft)
    with pytest.raises(ValueError, match=message):  # a user's mistake, not a bug
        store.agenda.add_slot(panel.conference_id, draft)
    assert store.agenda.slot_draft(panel.id) == before
    assert store.last_journal_id() == last


def test_limits_at_the_ends_of_the_range_are_taken(store: Store, panel: SlotView) -> None:
    before = store.agenda.slot_draft(panel.id)
    limits = {InterventionKind.POINT_OF_ORDER: 0, InterventionKind.PANELLIST: 3600}
    store.agenda.update_slot(panel.id, replace(before, limits=limits))
    slot = store.agenda.slot(panel.id)
    assert slot.limit_for(InterventionKind.POINT_OF_ORDER) == 0
    assert slot.limit_for(InterventionKind.PANELLIST) == 3600


def test_a_slot_moves_whole(store: Store, panel: SlotView) -> None:
    changes: list[Change] = []
    store.subscribe(changes.extend)
    later = panel.starts_at + timedelta(minutes=5)
    store.agenda.move_slot(panel.id, later)
    slot = store.agenda.slot(panel.id)
    assert slot.starts_at == later and slot.ends_at == panel.ends_at + timedelta(minutes=5)
    assert changes[0].action == "slot.move"
    assert changes[0].details == {
        "conference_id": panel.conference_id,
        "before": panel.starts_at,
        "after": later,
    }
    with pytest.raises(UnknownRecord):
        store.agenda.move_slot(999_999, later)


def test_a_slot_with_requests_is_deleted_only_with_them(store: Store, panel: SlotView) -> None:
    requests = store.speakers.requests(panel.id)
    assert requests
    with pytest.raises(FloorConflict, match=f"has {len(requests)} requests for the floor"):
        store.agenda.delete_slot(panel.id)
    assert store.agenda.slot(panel.id) == panel

    changes: list[Change] = []
    store.subscribe(changes.extend)
    draft = store.agenda.delete_slot(panel.id, with_requests=True)
    with pytest.raises(UnknownRecord):
        store.agenda.slot(panel.id)
    assert store.speakers.requests(panel.id) == []
    assert [(c.action, c.entity_id) for c in changes] == [("slot.delete", panel.id)]
    assert changes[0].details["requests"] == [r.id for r in sorted(requests, key=lambda r: r.id)]
    assert changes[0].details["slot"]["title"] == panel.title

    again = store.agenda.add_slot(panel.conference_id, draft)
    assert replace(store.agenda.slot(again), id=panel.id) == panel


def test_a_slot_with_a_record_is_never_deleted(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    store.floor.give_floor(panel.id, clock.now())
    with pytest.raises(FloorConflict, match="1 intervention on record"):
        store.agenda.delete_slot(panel.id, with_requests=True)
    assert store.agenda.slot(panel.id) == panel


def test_a_removed_slot_comes_back_whole_under_its_ids(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    first = store.speakers.waiting(panel.id)[0]
    store.speakers.set_status(first.id, RequestStatus.WITHDRAWN)
    store.speakers.close_list(panel.id, clock.now())
    with store.transaction() as session:
        session.add(
            Attachment(
                floor_request_id=first.id,
                filename="statement.pdf",
                media_type="application/pdf",
                sha256="0" * 64,
                content=b"%PDF-1.7",
                added_at=clock.now(),
            )
        )
    before = store.agenda.slot(panel.id)
    requests = store.speakers.requests(panel.id)
    topics = topic_ids(store, panel.id)
    people = person_ids(store, panel.id)

    removed = store.agenda.remove_slot(panel.id, with_requests=True)
    with store.reading() as session:
        assert session.scalars(select(Attachment)).all() == []
    assert store.agenda.restore_slot(removed) == panel.id

    assert store.agenda.slot(panel.id) == before
    assert store.speakers.requests(panel.id) == requests
    assert topic_ids(store, panel.id) == topics
    assert person_ids(store, panel.id) == people
    with store.reading() as session:
        attachment = session.scalars(select(Attachment)).one()
    assert attachment.floor_request_id == first.id and attachment.content == b"%PDF-1.7"
    assert store.journal_since(0)[-1].action == "slot.restore"
    # The list goes on as before.
    austria = next(d.id for d in store.delegations.all() if d.name == "Austria")
    store.speakers.reopen_list(panel.id)
    added = store.speakers.add(panel.id, RequestDraft(austria), clock.now())
    assert added not in {r.id for r in requests}


def test_a_removed_slot_whose_id_was_taken_comes_back_under_a_new_one(
    store: Store, panel: SlotView
) -> None:
    removed = store.agenda.remove_slot(panel.id, with_requests=True)
    with store.transaction() as session:
        session.add(
            AgendaSlot(
                id=panel.id,
                conference_id=panel.conference_id,
                kind=SlotKind.OTHER,
                title="Took the id",
                starts_at=at(20),
                ends_at=at(21),
            )
        )
    restored = store.agenda.restore_slot(removed)
    assert restored != panel.id
    assert replace(store.agenda.slot(restored), id=panel.id) == panel
    assert len(store.speakers.requests(restored)) == len(removed.requests)
    assert store.agenda.slot(panel.id).title == "Took the id"


def test_the_conference_can_be_corrected(store: Store, conference_id: int) -> None:
    changes: list[Change] = []
    store.subscribe(changes.extend)
    conference = store.agenda.conference(conference_id)
    deadline = at(11, 30)
    store.agenda.update_conference(
        conference_id,
        title="27th Alliance against Trafficking in Persons Conference",
        venue=conference.venue,
        time_zone="Europe/Berlin",
        starts_on=conference.starts_on,
        ends_on=conference.ends_on + timedelta(days=1),
        request_deadline=deadline,
    )
    after = store.agenda.conference(conference_id)
    assert after.title.startswith("27th") and after.time_zone == "Europe/Berlin"
    assert after.ends_on == date(2026, 4, 22) and after.request_deadline == deadline
    assert changes[0].action == "conference.update"
    assert changes[0].details["before"] == {
        "title": conference.title,
        "time_zone": "Europe/Vienna",
        "ends_on": date(2026, 4, 21),
        "request_deadline": conference.request_deadline,
    }


@pytest.mark.parametrize(
    ("zone", "days", "message"),
    [
        ("Vienna", 1, "'Vienna' is not a known time zone"),
        ("", 1, "'' is not a known time zone"),
        ("../etc/passwd", 1, "not a known time zone"),
        ("Europe/Vienna", -1, "cannot end before it starts"),
    ],
)
def test_a_conference_with_an_unknown_zone_or_backwards_dates_is_refused(
    store: Store, conference_id: int, zone: str, days: int, message: str
) -> None:
    conference = store.agenda.conference(conference_id)
    with pytest.raises(InvalidConference, match=message):
        store.agenda.update_conference(
            conference_id,
            title=conference.title,
            venue=conference.venue,
            time_zone=zone,
            starts_on=conference.starts_on,
            ends_on=conference.starts_on + timedelta(days=days),
            request_deadline=None,
        )
    assert store.agenda.conference(conference_id) == conference


def test_a_new_person_is_not_confused_with_one_of_another_delegation(
    store: Store, panel: SlotView
) -> None:
    before = store.agenda.slot_draft(panel.id)
    with store.reading() as session:
        people = len(session.scalars(select(Person)).all())
    extra = PersonDraft("Lieve Desmedt", "Namesake", delegation_id=None)
    store.agenda.update_slot(panel.id, replace(before, panellists=(*before.panellists, extra)))
    with store.reading() as session:
        assert len(session.scalars(select(Person)).all()) == people + 1
    assert store.agenda.slot(panel.id).panellists == (*panel.panellists, "Lieve Desmedt")


def test_kinds_that_crossed_qt_as_strings_are_taken(store: Store, panel: SlotView) -> None:
    before = store.agenda.slot_draft(panel.id)
    draft = SlotDraft(
        kind="break",  # type: ignore[arg-type]
        title="Coffee",
        starts_at=before.starts_at,
        ends_at=before.ends_at,
        limits={"statement": 200},  # type: ignore[dict-item]
    )
    store.agenda.update_slot(panel.id, draft)
    slot = store.agenda.slot(panel.id)
    assert slot.kind is SlotKind.BREAK
    assert slot.limit_for(InterventionKind.STATEMENT) == 200
