"""The agenda of a concept note as plain text or Markdown."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from db.meeting.vocabulary import SlotKind
from desktop.agenda_import.concept_note import read_concept_note
from desktop.agenda_import.dates import title_block_dates
from desktop.agenda_import.words import kind_from_words

DATA = Path(__file__).parent / "data"


def note(*lines: str) -> str:
    return "\n".join(lines)


def test_a_concept_note_gives_title_dates_and_every_slot() -> None:
    agenda = read_concept_note((DATA / "concept_note_2027.txt").read_text(encoding="utf-8"))
    assert agenda.title == "27th Conference of the Alliance against Trafficking in Persons"
    assert agenda.dates == (date(2027, 3, 30), date(2027, 3, 31))
    assert [(s.day.day, f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.kind) for s in agenda.slots] == [
        (30, "09:00", "10:00", SlotKind.REGISTRATION),
        (30, "10:00", "10:45", SlotKind.OPENING),
        (30, "10:45", "11:15", SlotKind.KEYNOTE),
        (30, "11:15", "11:30", SlotKind.BREAK),
        (30, "11:30", "13:00", SlotKind.PANEL),
        (30, "13:00", "14:30", SlotKind.LUNCH),
        (30, "13:15", "14:15", SlotKind.SIDE_EVENT),
        (30, "14:30", "16:00", SlotKind.PANEL),
        (31, "09:30", "11:00", SlotKind.PANEL),
        (31, "11:00", "11:30", SlotKind.BREAK),
        (31, "11:30", "12:30", SlotKind.CLOSING),
    ]
    assert [(p.line, p.reason.split(";")[0]) for p in agenda.problems] == [
        (55, "'25:00' is not a time of day"),
        (56, "ends (11:30) before it starts (12:00)"),
        (58, "no end time, and no slot after it that day"),
    ]


def test_description_moderator_panellists_and_topics_come_from_under_the_slot() -> None:
    agenda = read_concept_note((DATA / "concept_note_2027.txt").read_text(encoding="utf-8"))
    opening, panel_1, panel_2, panel_3 = (agenda.slots[i] for i in (1, 4, 7, 8))
    assert opening.description.startswith("The Chairpersonship and the Special Representative")
    assert opening.moderator == "Ms Ilse Brandauer, Office of the Special Representative"
    assert opening.panellists == (
        "Ambassador Tomas Rehn, Chairperson of the Permanent Council",
        "Dr Amira Haddad, Special Representative",
    )
    assert panel_1.title == "Panel 1 – Recruitment fees and the debts that bind workers"
    assert panel_1.moderator == "Mr Pavel Novak, Senior Adviser"
    assert len(panel_1.panellists) == 3 and panel_1.panellists[2] == "Ms Eva Lind, Prosecutor"
    assert panel_1.topics == (
        "Fees charged by recruiters",
        "Debt bondage in the OSCE region",
        "Cross-border co-operation of inspectors",
    )
    assert "bullet" not in panel_1.description and "Topics" not in panel_1.description
    assert panel_2.topics == ("Due diligence in public tenders", "Remedies for workers")
    # A title on the same line as a long description is cut at its first sentence.
    assert panel_3.title == "Panel 3 – Working smarter to find the money"
    assert panel_3.description.startswith("The panel looks at financial investigations")
    assert panel_3.moderator == "Ms Rita Koller"  # on the line after "Moderator:"
    # Prose after the agenda (an all-capitals heading) belongs to no slot.
    assert all("Action Plan" not in s.description for s in agenda.slots)


def test_markdown_a_date_range_with_times_and_numbered_days() -> None:
    agenda = read_concept_note(
        note(
            "# 21st Conference of the Alliance",
            "**WHEN** 14 June 2021, 14:00 – 16 June 2021, 16:30",
            "",
            "Day 1 begins with a high-level opening session on demand, which is prose.",
            "## Day 1",
            "**14:00 – 14:45** Opening remarks",
            "## Day 2",
            "| Time | Session |",
            "|---|---|",
            "| 9.00-10.30 | Panel 2 – Working smarter to enhance investigations |",
            "| 10:30 | Coffee break |",
            "| 10:45–12:15 | Panel 3 – Laws and policies |",
            "Day three: 16 June",
            "15:30 - 16:30 Closing remarks",
        )
    )
    assert agenda.title == "21st Conference of the Alliance"
    assert agenda.dates == (date(2021, 6, 14), date(2021, 6, 15), date(2021, 6, 16))
    found = [(s.day.day, s.start, s.end, s.title) for s in agenda.slots]
    assert found == [
        (14, time(14), time(14, 45), "Opening remarks"),
        (15, time(9), time(10, 30), "Panel 2 – Working smarter to enhance investigations"),
        (15, time(10, 30), time(10, 45), "Coffee break"),  # ends when the next one starts
        (15, time(10, 45), time(12, 15), "Panel 3 – Laws and policies"),
        (16, time(15, 30), time(16, 30), "Closing remarks"),
    ]
    assert agenda.problems == ()


def test_day_headings_with_a_date_that_does_not_fit_or_no_year() -> None:
    wrong_weekday = read_concept_note(
        note("Conference", "18-19 April 2023", "Monday 18 April", "09:00-10:00 Opening")
    )
    assert wrong_weekday.slots[0].day == date(2023, 4, 18)
    assert "is a Tuesday, not a Monday" in wrong_weekday.problems[0].reason
    assert wrong_weekday.problems[0].line == 3

    no_year = read_concept_note(note("Conference", "Tuesday 18 April", "09:00-10:00 Opening"))
    assert no_year.slots == ()
    assert [p.line for p in no_year.problems] == [2, 3]
    assert "no year" in no_year.problems[0].reason

    beyond = read_concept_note(
        note("Conference", "18 April 2023", "09:00-10:00 Opening", "Day 2", "09:00-10:00 Panel")
    )
    assert [s.day for s in beyond.slots] == [date(2023, 4, 18), date(2023, 4, 19)]
    assert "not in the conference dates" in beyond.problems[0].reason


def test_nothing_that_looks_like_an_agenda_gives_nothing_and_no_error() -> None:
    agenda = read_concept_note("The 2003 OSCE Action Plan calls on participating States.\n")
    assert agenda.slots == () and agenda.dates == ()


def test_names_may_be_separated_by_semicolons_or_bulleted() -> None:
    agenda = read_concept_note(
        note(
            "30 March 2027",
            "11:30-13:00 Panel 1",
            "Panellists: Ms A, Judge; Mr B, Prosecutor",
            "Chaired by Ms C",
            "Key questions:",
            "1. How are fees charged?",
            "2) Who pays them?",
            "",
            "The panel ends with questions from the floor.",
        )
    )
    slot = agenda.slots[0]
    assert slot.panellists == ("Ms A, Judge", "Mr B, Prosecutor")
    assert slot.moderator == "Ms C"
    assert slot.topics == ("How are fees charged?", "Who pays them?")
    assert slot.description == "The panel ends with questions from the floor."


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Registration of participants", SlotKind.REGISTRATION),
        ("Opening and Welcoming Remarks", SlotKind.OPENING),
        ("High-level opening session", SlotKind.OPENING),
        ("Keynote address", SlotKind.KEYNOTE),
        ("Panel 2 – Working smarter", SlotKind.PANEL),
        ("Coffee break", SlotKind.BREAK),
        ("Lunch break", SlotKind.LUNCH),
        ("Side event during lunch", SlotKind.SIDE_EVENT),
        ("Closing remarks", SlotKind.CLOSING),
        ("Networking reception", SlotKind.RECEPTION),
        ("Cocktail", SlotKind.RECEPTION),
        ("Welcome reception", SlotKind.RECEPTION),
        ("side_event", SlotKind.SIDE_EVENT),
        ("Survivors' voices", SlotKind.OTHER),
    ],
)
def test_the_kind_of_slot_is_recognised_from_its_words(title: str, kind: SlotKind) -> None:
    assert kind_from_words(title) is kind


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("30 - 31 March 2020", date(2020, 3, 30), date(2020, 3, 31)),
        ("18-19 April 2023", date(2023, 4, 18), date(2023, 4, 19)),
        ("14 June 2021, 14:00 – 16 June 2021, 16:30", date(2021, 6, 14), date(2021, 6, 16)),
        ("June 14, 2021 – June 16, 2021 all-day", date(2021, 6, 14), date(2021, 6, 16)),
        ("30 March – 1 April 2020", date(2020, 3, 30), date(2020, 4, 1)),
        ("Vienna, 2 December 2024", date(2024, 12, 2), date(2024, 12, 2)),
    ],
)
def test_the_dates_of_a_title_block(text: str, first: date, last: date) -> None:
    found = title_block_dates(text)
    assert (found[0], found[-1]) == (first, last)


@pytest.mark.parametrize("text", ["until 13 July", "31 February 2021", "The 2019 Report"])
def test_no_dates_where_there_are_none(text: str) -> None:
    assert title_block_dates(text) == ()
