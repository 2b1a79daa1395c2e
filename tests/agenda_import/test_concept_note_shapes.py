"""Concept notes as organizers write them: topics inside a slot's paragraph (in bold too),
a slot line carrying title and description, times in another zone, dates with slashes."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from docx import Document

from desktop.agenda_import import read_agenda
from desktop.agenda_import.concept_note import read_concept_note, split_title

NOTE = """Expert Meeting on Trafficking for Forced Labour
26th/Feb/2018

10:00 am - 12:00 pm ET
Panel 1 – The scope and nature of the problem In order to understand the problem, the panel \
will examine recent trends in trafficking for forced labour and the responses of States. \
Topics to be covered: recruitment fees; supply chains; labour inspection
12:00 pm - 1:00 pm ET\tLunch break
1:00 pm - 2:30 pm (ET)\tPanel 2 – Protection of victims
The panel will look at identification and referral across the region. **Topics to be \
covered:** identification; referral; compensation
Moderator: Ms Jane Doe, Ambassador
"""


def test_times_in_another_zone_are_converted_and_never_a_title() -> None:
    agenda = read_concept_note(NOTE, zone="Europe/Vienna")
    assert agenda.dates == (date(2018, 2, 26),)
    assert [(s.start, s.end) for s in agenda.slots] == [
        (time(16, 0), time(18, 0)),
        (time(18, 0), time(19, 0)),
        (time(19, 0), time(20, 30)),
    ]
    assert all("ET" not in s.title.split() for s in agenda.slots)
    assert [p.reason for p in agenda.problems] == [
        "times given in America/New_York are converted to Europe/Vienna time "
        "(10:00–12:00 there is 16:00–18:00 here)"
    ]


def test_in_the_zone_the_note_names_nothing_is_converted() -> None:
    agenda = read_concept_note(NOTE, zone="America/New_York")
    assert agenda.slots[0].start == time(10, 0) and not agenda.problems


@pytest.mark.parametrize(
    ("note", "start"),
    [
        ("09:30 - 10:30 CET\tOpening", time(9, 30)),
        ("09:30-10:30 (Vienna time)\tOpening", time(9, 30)),
        ("08:30 - 09:30 GMT-5\tOpening", time(14, 30)),  # February: Vienna is at UTC+1
        ("08:30 - 09:30 UTC\tOpening", time(9, 30)),
    ],
)
def test_zone_notes(note: str, start: time) -> None:
    agenda = read_concept_note(f"Meeting\n26 February 2018\n\n{note}\n")
    assert [s.title for s in agenda.slots] == ["Opening"]
    assert agenda.slots[0].start == start


def test_a_slot_that_runs_past_midnight_once_converted_is_refused_with_a_reason() -> None:
    agenda = read_concept_note("Meeting\n26 February 2018\n\n5:00 pm - 7:00 pm ET\tReception\n")
    assert agenda.slots == ()
    assert [p.reason for p in agenda.problems] == [
        "17:00–19:00 there (America/New_York) runs past midnight in Europe/Vienna time; skipped"
    ]


def test_topics_inside_the_paragraph_plain_or_bold() -> None:
    first, _lunch, second = read_concept_note(NOTE).slots
    assert first.title == "Panel 1 – The scope and nature of the problem"
    assert first.description.startswith("In order to understand the problem")
    assert first.description.endswith("the responses of States.")
    assert first.topics == ("recruitment fees", "supply chains", "labour inspection")
    assert (
        second.description
        == "The panel will look at identification and referral across the region."
    )
    assert second.topics == ("identification", "referral", "compensation")
    assert second.moderator == "Ms Jane Doe, Ambassador"


def test_topics_in_a_bold_run_of_a_word_paragraph(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Expert Meeting")
    document.add_paragraph("26th/Feb/2018")
    document.add_paragraph("09:00-10:30\tPanel 1 – Recruitment")
    paragraph = document.add_paragraph("The panel examines recruitment practices. ")
    paragraph.add_run("Topics to be covered:").bold = True
    paragraph.add_run(" fees charged to workers; licensing of agencies")
    path = tmp_path / "note.docx"
    document.save(str(path))
    [slot] = read_agenda(path).slots
    assert slot.description == "The panel examines recruitment practices."
    assert slot.topics == ("fees charged to workers", "licensing of agencies")


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "Panel 1 – The scope and nature of the problem In order to understand the problem, "
            "the panel will examine recent trends and the responses of States.",
            "Panel 1 – The scope and nature of the problem",
        ),
        (
            "Panel 2 – Protection of Victims of Trafficking in Persons This panel will look at "
            "how victims are protected across the OSCE region.",
            "Panel 2 – Protection of Victims of Trafficking in Persons",
        ),
        (
            "Opening and Welcoming Remarks by the Chairpersonship of the OSCE and by the Special "
            "Representative and Co-ordinator for Combating Trafficking",
            "Opening and Welcoming Remarks by the Chairpersonship of the OSCE and by the Special "
            "Representative and Co-ordinator for Combating Trafficking",
        ),
    ],
)
def test_a_title_and_its_description_on_one_line_are_split(line: str, title: str) -> None:
    assert split_title(line)[0] == title


@pytest.mark.parametrize("written", ["26th/Feb/2018", "26/Feb/2018", "Feb/26/2018", "26-Feb-2018"])
def test_dates_with_slashes(written: str) -> None:
    agenda = read_concept_note(f"Meeting\n{written}\n\n09:00-10:00\tOpening\n")
    assert agenda.dates == (date(2018, 2, 26),)
    assert [s.day for s in agenda.slots] == [date(2018, 2, 26)]


def test_a_date_that_does_not_exist_is_refused_with_its_reason() -> None:
    agenda = read_concept_note("Meeting\n31st/Feb/2018\n\n09:00-10:00\tOpening\n")
    assert agenda.dates == () and agenda.slots == ()
    assert agenda.problems[0].reason == (
        "'31st/Feb/2018' is not a date; the conference dates are unknown"
    )


def test_topics_on_the_slot_line_itself() -> None:
    agenda = read_concept_note(
        "Meeting\n20 April 2026\n\n09:00-10:30\tPanel 1 – Prevention. Topics to be covered: "
        "fees; agencies\n"
    )
    [slot] = agenda.slots
    assert (slot.title, slot.topics) == ("Panel 1 – Prevention", ("fees", "agencies"))
