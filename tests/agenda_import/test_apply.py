"""Putting an import into the store: a new conference or an existing one, one transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from db.meeting.snapshots import Change
from db.meeting.vocabulary import SlotKind
from db.store import Store
from desktop.agenda_import import AgendaImport, ImportedSlot, read_agenda
from desktop.agenda_import.apply import ImportRefused, NothingToImport, apply_agenda, person

DATA = Path(__file__).parent / "data"


def test_a_concept_note_becomes_a_new_conference(store: Store) -> None:
    changes: list[list[Change]] = []
    store.subscribe(changes.append)
    agenda = read_agenda(DATA / "concept_note_2027.txt")
    ids = apply_agenda(store, None, agenda)
    assert len(changes) == 1  # one transaction, one announcement
    assert [c.action for c in changes[0]] == ["conference.create"] + ["slot.create"] * len(ids)
    slots = store.agenda.slots(store.agenda.slot(ids[0]).conference_id)
    conference = store.agenda.conference(slots[0].conference_id)
    assert conference.title == agenda.title
    assert (conference.starts_on, conference.ends_on) == (date(2027, 3, 30), date(2027, 3, 31))
    assert conference.time_zone == "Europe/Vienna"
    # 09:00 in Vienna on 30 March 2027 (summer time since the 28th) is 07:00 UTC.
    assert slots[0].starts_at == datetime(2027, 3, 30, 7, 0, tzinfo=UTC)
    panel = next(s for s in slots if s.title.startswith("Panel 1"))
    assert panel.kind is SlotKind.PANEL
    assert panel.moderator == "Mr Pavel Novak"
    assert panel.panellists == ("Ms Laura Quint", "Mr Omar Said", "Ms Eva Lind")
    assert panel.topics[0] == "Fees charged by recruiters"


def test_slots_join_an_existing_conference_in_its_zone(store: Store, conference_id: int) -> None:
    before = len(store.agenda.slots(conference_id))
    ids = apply_agenda(store, conference_id, read_agenda(DATA / "agenda.csv"))
    assert len(store.agenda.slots(conference_id)) == before + len(ids) == before + 6
    added = store.agenda.slot(ids[0])
    assert added.conference_id == conference_id and added.title == "Registration of participants"


def test_a_slot_the_store_refuses_leaves_nothing_behind(store: Store) -> None:
    good = ImportedSlot(date(2027, 3, 30), time(9), time(10), SlotKind.PANEL, "Panel 1", line=4)
    bad = ImportedSlot(date(2027, 3, 30), time(11), time(11), SlotKind.PANEL, "Panel 2", line=9)
    agenda = AgendaImport("Conference", (date(2027, 3, 30),), (good, bad))
    with pytest.raises(ImportRefused, match=r"^line 9: .*Nothing was imported"):
        apply_agenda(store, None, agenda)
    assert store.agenda.count_conferences() == 0


def test_an_empty_import_makes_no_conference(store: Store) -> None:
    with pytest.raises(NothingToImport):
        apply_agenda(store, None, AgendaImport(None, (), ()))


@pytest.mark.parametrize(
    ("text", "name", "function"),
    [
        (
            "Ms Jane Doe, Director, Migrant Workers Centre",
            "Ms Jane Doe",
            "Director, Migrant Workers Centre",
        ),
        ("Jane Doe (UNODC)", "Jane Doe", "UNODC"),
        ("Ambassador Tomas Rehn – Chairperson", "Ambassador Tomas Rehn", "Chairperson"),
        ("Dr. Maren Solheim", "Dr. Maren Solheim", ""),
    ],
)
def test_a_person_is_a_name_then_a_function(text: str, name: str, function: str) -> None:
    draft = person(text)
    assert (draft.name, draft.function) == (name, function)
