"""Whatever the file says, no importer raises: it reads what it can and reports the rest."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.agenda_import.concept_note import read_concept_note
from desktop.agenda_import.ical import read_ical
from desktop.agenda_import.json_agenda import read_json_agenda
from desktop.agenda_import.model import AgendaImport, UnreadableFile
from desktop.agenda_import.sheets import csv_sheet
from desktop.agenda_import.table import FIELDS, guess_mapping, read_table

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def well_formed(agenda: AgendaImport) -> None:
    for slot in agenda.slots:
        assert slot.end > slot.start
        assert slot.title.strip()
    for problem in agenda.problems:
        assert problem.line is None or problem.line >= 1
        assert problem.reason


# Lines an agenda is made of, to be shuffled with noise: the parser's paths, not only its door.
NOTE_LINES = st.sampled_from(
    [
        "23rd Conference of the Alliance",
        "18-19 April 2023",
        "14 June 2021, 14:00 – 16 June 2021, 16:30",
        "Day 1: Tuesday 18 April",
        "Day 2",
        "Day 99",
        "Monday, 31 December 9999",
        "09:00-10:30\tPanel 1 – Working smarter",
        "9.00 – 10.30 Coffee break",
        "25:00-26:00 Impossible",
        "18:00 Networking reception",
        "Moderator:",
        "Moderated by Ms A",
        "Panellists:",
        "- Ms B, Judge",
        "Topics to be covered:",
        "• a topic",
        "",
        "BACKGROUND",
        "| 10:00 | Lunch |",
        "|---|---|",
    ]
)


@FUZZ
@given(st.text())
def test_any_text_is_read_without_raising(text: str) -> None:
    well_formed(read_concept_note(text))


@FUZZ
@given(st.lists(st.one_of(NOTE_LINES, st.text(max_size=40)), max_size=40))
def test_any_arrangement_of_agenda_lines_is_read_without_raising(lines: list[str]) -> None:
    well_formed(read_concept_note("\n".join(lines)))


ICS_LINES = st.sampled_from(
    [
        "BEGIN:VCALENDAR",
        "END:VCALENDAR",
        "BEGIN:VEVENT",
        "END:VEVENT",
        "BEGIN:VTIMEZONE",
        "END:VTIMEZONE",
        "BEGIN:VALARM",
        "END:VALARM",
        "TZID:W. Europe Standard Time",
        "TZOFFSETFROM:+0100",
        "UID:same@example.org",
        "SEQUENCE:3",
        "SEQUENCE:x",
        "SUMMARY:Panel 1",
        "SUMMARY:Coffee break",
        "DESCRIPTION:Moderator: A\\nSpeakers: B; C",
        "DTSTART:20270330T090000Z",
        "DTSTART;TZID=Europe/Vienna:20270330T100000",
        "DTSTART;TZID=Nowhere/Land:20270330T100000",
        "DTSTART:20270330T110000",
        "DTSTART;VALUE=DATE:20270330",
        "DTEND:20270330T120000Z",
        "DTEND;VALUE=DATE:20270401",
        "DTEND:garbage",
        "DURATION:PT1H30M",
        "DURATION:-PT1H",
        "DURATION:P1D",
        "RRULE:FREQ=DAILY;COUNT=2",
        "RECURRENCE-ID:20270330T090000Z",
        "STATUS:CANCELLED",
        "CATEGORIES:Panel,Side event",
        "ATTENDEE;ROLE=CHAIR;CN=Ms A:mailto:a@example.org",
        " folded continuation",
        "X-WR-CALNAME:Agenda",
        "not a content line",
        ":",
        "",
    ]
)


@FUZZ
@given(st.lists(st.one_of(ICS_LINES, st.text(max_size=30)), max_size=50))
def test_any_mixture_of_calendar_lines_is_read_without_raising(lines: list[str]) -> None:
    well_formed(read_ical("\r\n".join(lines), "Europe/Vienna"))


CELLS = st.one_of(
    st.sampled_from(
        [
            "",
            "09:00",
            "9.30",
            "10:30 am",
            "09:00-10:30",
            "25:00",
            "Day 1",
            "2027-03-30",
            "31/03/2027",
            "Tuesday 30 March 2027",
            "Panel 1",
            "Coffee break",
            "A; B",
            "x",
        ]
    ),
    st.text(max_size=20),
)
HEADERS = st.lists(
    st.sampled_from(
        [
            "Day",
            "Date",
            "Start",
            "End",
            "Time",
            "From",
            "To",
            "Kind",
            "Type",
            "Title",
            "Session",
            "Moderator",
            "Speakers",
            "Topics",
            "Description",
            "",
            "Notes",
        ]
    ),
    min_size=1,
    max_size=9,
)


@FUZZ
@given(HEADERS, st.lists(st.lists(CELLS, max_size=10), max_size=20))
def test_any_csv_rows_are_read_without_raising(headers: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([headers, *rows])
    sheet = csv_sheet(buffer.getvalue())
    well_formed(read_table(sheet, guess_mapping(sheet.headers)))


SPREADSHEET_CELLS = st.one_of(
    CELLS,
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.booleans(),
)


@FUZZ
@given(
    st.lists(st.lists(SPREADSHEET_CELLS, max_size=10), max_size=20),
    st.dictionaries(st.sampled_from(FIELDS), st.integers(-2, 12)),
)
def test_any_cells_under_any_mapping_are_read_without_raising(
    rows: list[list[object]], mapping: dict[str, int]
) -> None:
    well_formed(read_table([["header"], *rows], mapping))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
SLOT_ENTRY = st.fixed_dictionaries(
    {},
    optional={
        "day": st.one_of(st.dates().map(date.isoformat), st.text(max_size=10), JSON),
        "start": st.one_of(st.times().map(time.isoformat), st.text(max_size=6), JSON),
        "end": st.one_of(st.times().map(time.isoformat), st.text(max_size=6), JSON),
        "kind": st.one_of(st.text(max_size=10), JSON),
        "title": JSON,
        "topics": JSON,
        "moderator": JSON,
        "panellists": JSON,
        "starts_at": st.one_of(st.datetimes().map(datetime.isoformat), JSON),
        "ends_at": st.one_of(st.datetimes().map(datetime.isoformat), JSON),
    },
)


@FUZZ
@given(
    st.one_of(
        JSON,
        st.lists(SLOT_ENTRY, max_size=5),
        st.fixed_dictionaries(
            {"floordesk_archive": st.just(1), "slots": st.lists(SLOT_ENTRY, max_size=5)},
            optional={"conference": JSON},
        ),
    )
)
def test_any_json_is_read_or_refused_in_one_sentence(data: object) -> None:
    try:
        agenda = read_json_agenda(data)
    except UnreadableFile as error:
        refusal = str(error)
    else:
        well_formed(agenda)
        return
    assert refusal.endswith(".")
