"""A two-day conference played on a fake clock through the store's own commands.

Day 1 has a panel with four interventions (hall, remote, video; a pause, an
overrun, a note that looks like a formula); day 2 a panel with two. Fields the
record's own commands do not set yet (tags, flags, internal notes, the
summary, raw e-mails, a review item, a written statement) are written in one
setup transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import select

from db.agenda.drafts import PersonDraft, SlotDraft
from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, ReviewStatus, SlotKind
from db.models import (
    AgendaSlot,
    Attachment,
    FloorRequest,
    Intervention,
    InterventionTag,
    ReviewItem,
)
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.domain.conference_time import from_local

ZONE = "Europe/Vienna"
DAY_1 = date(2026, 4, 20)
DAY_2 = date(2026, 4, 21)
FORMULA_NOTE = '=HYPERLINK("http://evil.example","click")'


@dataclass(frozen=True)
class Scripted:
    conference_id: int
    slot_ids: tuple[int, int]
    intervention_ids: tuple[int, ...]


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return from_local(day, time(hour, minute), ZONE)


def delegation_ids(store: Store) -> dict[str, int]:
    return {d.name: d.id for d in store.delegations.all()}


def build(store: Store) -> Scripted:
    ids = delegation_ids(store)
    conference_id = store.agenda.create_conference(
        title="Alliance against Trafficking in Persons",
        starts_on=DAY_1,
        ends_on=DAY_2,
        venue="Hofburg, Vienna",
        time_zone=ZONE,
    )
    first = store.agenda.add_slot(
        conference_id,
        SlotDraft(
            kind=SlotKind.PANEL,
            title="Panel 1: Prevention through partnership",
            starts_at=local(DAY_1, 10),
            ends_at=local(DAY_1, 11, 30),
            topics=("Prevention", "Recruitment online"),
            moderator=PersonDraft("Ambassador Anna Weber", "Chair", email="a.weber@osce.example"),
            panellists=(PersonDraft("Dr Ola Nordmann", "Researcher"),),
        ),
    )
    store.agenda.add_slot(
        conference_id,
        SlotDraft(
            kind=SlotKind.LUNCH,
            title="Lunch break",
            starts_at=local(DAY_1, 12, 30),
            ends_at=local(DAY_1, 14),
        ),
    )
    second = store.agenda.add_slot(
        conference_id,
        SlotDraft(
            kind=SlotKind.PANEL,
            title="Panel 2: Protection of victims",
            starts_at=local(DAY_2, 10),
            ends_at=local(DAY_2, 11),
            topics=("Protection",),
            moderator=PersonDraft("Mr Jean Dupont", "Moderator"),
        ),
    )
    clock = FakeClock(local(DAY_1, 9))
    day_1 = [
        RequestDraft(
            ids["Austria"],
            source=RequestSource.ADVANCE_EMAIL,
            speaker="Ms Eva Gruber",
            speaker_function="Deputy Head of Mission",
            sender_email="delegation@austria.example",
        ),
        RequestDraft(
            ids["Holy See"],
            kind=InterventionKind.QUESTION,
            channel=Channel.REMOTE,
            source=RequestSource.ZOOM_HAND,
        ),
        RequestDraft(ids["Japan"], channel=Channel.VIDEO, speaker="Mr Kenji Sato"),
        RequestDraft(
            ids["La Strada International"],
            speaker="+Ms Claire Roy",
            sender_email="claire@canada.example",
        ),
    ]
    for draft in day_1:
        store.speakers.add(first, draft, clock.advance(60))
    clock.set(local(DAY_1, 10, 5))
    taken = []
    # Austria: 2:30 with a 20-second pause → 2:30 net.
    given = store.floor.give_floor(first, clock.now())
    clock.advance(60)
    store.floor.pause(given.intervention_id, clock.now())
    clock.advance(20)
    store.floor.resume(given.intervention_id, clock.now())
    clock.advance(90)
    store.floor.set_notes(given.intervention_id, "Calls for a register of recruitment agencies.")
    taken.append(store.floor.take_floor_back(first, clock.now()))
    # Holy See: a question of 1:00 (limit 1:30).
    clock.advance(10)
    given = store.floor.give_floor(first, clock.now())
    clock.advance(60)
    store.floor.set_notes(given.intervention_id, "Asks how victims are identified online.")
    taken.append(store.floor.take_floor_back(first, clock.now()))
    # Japan by video: 3:40 against 3:00, an overrun of 0:40.
    clock.advance(5)
    given = store.floor.give_floor(first, clock.now())
    clock.advance(220)
    store.floor.set_notes(given.intervention_id, FORMULA_NOTE)
    taken.append(store.floor.take_floor_back(first, clock.now()))
    # La Strada: 2:00, with 30 seconds added by the moderator.
    clock.advance(5)
    given = store.floor.give_floor(first, clock.now())
    store.floor.add_time(given.intervention_id, 30)
    clock.advance(120)
    store.floor.set_notes(given.intervention_id, "Supports the register; offers funding.")
    taken.append(store.floor.take_floor_back(first, clock.now()))

    clock.set(local(DAY_2, 9, 30))
    for draft in (
        RequestDraft(ids["Austria"], channel=Channel.REMOTE, source=RequestSource.ZOOM_CHAT),
        RequestDraft(ids["International Organization for Migration"], speaker="Mme Sophie Martin"),
    ):
        store.speakers.add(second, draft, clock.advance(60))
    clock.set(local(DAY_2, 10, 2))
    given = store.floor.give_floor(second, clock.now())
    clock.advance(100)
    taken.append(store.floor.take_floor_back(second, clock.now()))
    # IOM: 3:30 against 3:00; the floor is taken back late.
    clock.advance(10)
    given = store.floor.give_floor(second, clock.now())
    clock.advance(210)
    store.floor.set_notes(given.intervention_id, "Describes the national referral mechanism.")
    taken.append(store.floor.take_floor_back(second, clock.now()))
    _details(store, conference_id, first, tuple(taken))
    return Scripted(conference_id, (first, second), tuple(taken))


def _details(
    store: Store, conference_id: int, slot_id: int, interventions: tuple[int, ...]
) -> None:
    with store.transaction() as session:
        slot = session.get(AgendaSlot, slot_id)
        assert slot is not None
        slot.summary = (
            "The panel discussed registers of recruitment agencies.\n\n"
            "Several delegations offered support."
        )
        austria = session.get(Intervention, interventions[0])
        assert austria is not None
        austria.recommendation = True
        austria.internal_notes = "Check the figures with the delegation."
        topic = slot.topics[0]
        session.add(InterventionTag(intervention_id=austria.id, name=topic.name, topic_id=topic.id))
        session.add(InterventionTag(intervention_id=austria.id, name="register"))
        canada = session.get(Intervention, interventions[3])
        assert canada is not None
        canada.follow_up = True
        request = session.scalars(
            select(FloorRequest).where(FloorRequest.sender_email == "delegation@austria.example")
        ).one()
        request.original_text = "Dear organizers, Austria wishes to take the floor. Eva"
        request.message_id = "<1234@mail.austria.example>"
        session.add(
            Attachment(
                floor_request_id=request.id,
                intervention_id=austria.id,
                filename="austria-statement.pdf",
                media_type="application/pdf",
                sha256="0" * 64,
                content=b"%PDF-1.7 statement",
                added_at=local(DAY_1, 9),
            )
        )
        session.add(
            ReviewItem(
                conference_id=conference_id,
                received_at=local(DAY_1, 8),
                source=RequestSource.ADVANCE_EMAIL,
                sender_name="Unknown sender",
                sender_email="someone@private.example",
                subject="Request to speak",
                original_text="Hello, I would like to speak. Someone",
                reason="No delegation found",
                status=ReviewStatus.OPEN,
            )
        )
        store.journal(session, "test.setup", "conference", conference_id)
