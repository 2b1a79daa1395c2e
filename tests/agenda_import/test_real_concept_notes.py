"""A real programme page (tests/data/concept_notes, source and licence in tests/data/SOURCES)
read through read_agenda: every slot line ends as a slot or one problem line, never a
traceback. It showed three misreadings, fixed: "9:10a" and "2:00p" (am/pm as one letter)
were not times, "1:30 - 2:00p" was read as 01:30 to 02:00 (the end's pm is the start's
too), and the page's front matter ("title: Program") stood as the agenda's title."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from desktop.agenda_import import read_agenda
from desktop.agenda_import.words import parse_time_range

DATA = Path(__file__).parents[1] / "data" / "concept_notes"
MONASH = DATA / "monash-microbiome-symposium-2025-program.md"


def test_the_page_as_published_names_no_day_so_each_slot_is_one_problem() -> None:
    agenda = read_agenda(MONASH)
    assert agenda.slots == ()
    assert agenda.title is None  # not "title: Program" from the front matter
    assert len(agenda.problems) == 14
    assert {p.reason for p in agenda.problems} == {
        "no day for this slot (no day heading above it, no date in the title); skipped"
    }


def test_with_its_date_above_every_slot_is_read_in_the_afternoon_too(tmp_path: Path) -> None:
    # The symposium's home page (index.md of the same repository) gives the date.
    lines = MONASH.read_text(encoding="utf-8").splitlines()
    lines.insert(lines.index("---", 1) + 1, "7 November 2025")
    dated = tmp_path / "programme.md"
    dated.write_text("\n".join(lines), encoding="utf-8")

    agenda = read_agenda(dated)

    assert agenda.dates == (date(2025, 11, 7),)
    assert [(s.start, s.end, s.title) for s in agenda.slots] == [
        (time(9, 0), time(9, 10), "Welcome and opening remarks"),
        (time(9, 10), time(9, 40), "Keynote presentation 1"),
        (time(9, 40), time(10, 0), "Session 1: short talks (5 mins each)"),
        (time(10, 0), time(11, 0), "Session 2: long talks (10 mins each)"),
        (time(11, 0), time(11, 30), "Morning break and poster session"),
        (time(11, 30), time(12, 30), "Session 3: long talks (10 mins each)"),
        (time(12, 30), time(13, 30), "Lunch break"),
        (time(13, 30), time(14, 0), "Keynote presentation 2"),
        (time(14, 0), time(14, 30), "Session 4: short talks (5 mins each)"),
        (time(14, 30), time(15, 20), "Session 5: long talks (10 mins each)"),
        (time(15, 20), time(16, 0), "Afternoon break and poster session"),
        (time(16, 0), time(16, 45), "Panel discussion (topic tbd)"),
        (time(16, 45), time(17, 0), "Closing remarks"),
    ]
    # "5:00p Networking and drinks" has no end and nothing after it: one line, not a guess.
    assert [p.reason for p in agenda.problems] == [
        "no end time, and no slot after it that day; skipped"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1:30 - 2:00 pm", (time(13, 30), time(14, 0))),
        ("1:30 - 2:00p", (time(13, 30), time(14, 0))),
        ("11:30 - 12:30p", (time(11, 30), time(12, 30))),
        ("11:30a - 12:30p", (time(11, 30), time(12, 30))),
        ("9:00 - 9:10a", (time(9, 0), time(9, 10))),
        ("13:00 - 2:00 pm", (time(13, 0), time(14, 0))),
        ("10:00 am - 12:00 pm", (time(10, 0), time(12, 0))),
        ("5:00p", (time(17, 0), None)),
    ],
)
def test_am_and_pm_as_agendas_write_them(text: str, expected: tuple[time, time | None]) -> None:
    assert parse_time_range(text) == expected


def test_a_title_beginning_with_a_is_not_am(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Workshop\n7 November 2025\n9:00 A new approach\n9:30 Lunch\n10:30 End\n")
    agenda = read_agenda(note)
    assert [(s.start, s.title) for s in agenda.slots][:2] == [
        (time(9, 0), "A new approach"),
        (time(9, 30), "Lunch"),
    ]
