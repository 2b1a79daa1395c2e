"""Agendas kept as tables: guessing the columns, CSV and XLSX, and rows that do not read."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from db.meeting.vocabulary import SlotKind
from desktop.agenda_import import UnreadableFile, read_agenda
from desktop.agenda_import.sheets import read_sheet
from desktop.agenda_import.table import guess_mapping, read_table

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Day", "Start", "End", "Kind", "Title", "Moderator", "Speakers", "Topics"],
            {
                "day": 0,
                "start": 1,
                "end": 2,
                "kind": 3,
                "title": 4,
                "moderator": 5,
                "panellists": 6,
                "topics": 7,
            },
        ),
        (
            ["Date", "From", "To", "Type", "Session", "Chair", "Panelists"],
            {
                "day": 0,
                "start": 1,
                "end": 2,
                "kind": 3,
                "title": 4,
                "moderator": 5,
                "panellists": 6,
            },
        ),
        (
            ["Conference day", "Start time (CET)", "End time", "Session title", "Notes"],
            {"day": 0, "start": 1, "end": 2, "title": 3, "description": 4},
        ),
        (["DAY", "TIME", "AGENDA ITEM"], {"day": 0, "start": 1, "title": 2}),
        (["Topics to be covered", "Title", "Time"], {"topics": 0, "title": 1, "start": 2}),
        (["", None, "Led by"], {}),
    ],
)
def test_guess_mapping(headers: list[object], expected: dict[str, int]) -> None:
    assert guess_mapping(headers) == expected


def test_a_csv_with_semicolons_merged_days_and_bad_rows() -> None:
    agenda = read_agenda(DATA / "agenda.csv")
    assert [(s.day.day, s.start, s.end, s.kind, s.line) for s in agenda.slots] == [
        (30, time(9), time(10), SlotKind.REGISTRATION, 2),
        (30, time(10), time(10, 45), SlotKind.OPENING, 3),  # the day of the row above
        (30, time(11, 30), time(13), SlotKind.PANEL, 4),
        (30, time(13), time(14, 30), SlotKind.LUNCH, 5),
        (31, time(9, 30), time(11), SlotKind.PANEL, 8),  # 31/03/2027, 9:30 am
        (31, time(11, 30), time(12, 30), SlotKind.CLOSING, 9),  # ends when the next starts
    ]
    panel = agenda.slots[2]
    assert panel.title == "Panel 1 – Recruitment fees; debts that bind"
    assert panel.panellists == ("Laura Quint", "Omar Said", "Eva Lind")
    assert panel.topics == ("Fees charged by recruiters", "Debt bondage")
    assert agenda.slots[1].panellists == ("Tomas Rehn, Chairperson", "Amira Haddad")
    assert agenda.slots[1].moderator is None  # "Led by" is not guessed
    assert [(p.line, p.reason.split(";")[0]) for p in agenda.problems] == [
        (6, "'25:00' is not a time of day"),
        (7, "ends (14:00) before it starts (15:00)"),
        (10, "no end time, and no slot after it that day"),
        (11, "'someday' is not a day"),
    ]


def test_a_mapping_chosen_by_hand() -> None:
    sheet = read_sheet(DATA / "agenda.csv")
    mapping = {**guess_mapping(sheet.headers), "moderator": 5}
    agenda = read_table(sheet, mapping)
    assert agenda.slots[1].moderator == "Ilse Brandauer"
    assert agenda.slots[2].moderator == "Pavel Novak, Senior Adviser"


def test_without_a_start_or_title_column_nothing_is_read() -> None:
    agenda = read_table([["Day", "Where"], ["2027-03-30", "Neuer Saal"]], {"day": 0})
    assert agenda.slots == ()
    assert agenda.problems[0].line == 1
    assert agenda.problems[0].reason == "no column for the start and the title"


def test_an_xlsx_with_real_dates_times_and_a_time_range_column(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Agenda"
    sheet.append(["Date", "Time", "Session", "Type", "Moderator", "Speakers"])
    day_one = datetime(2027, 3, 30)  # noqa: DTZ001 - a spreadsheet cell has no zone
    sheet.append([day_one, "09:00-10:30", "Panel 1", None, "Ms A", "Ms B\nMr C"])
    sheet.append([None, time(10, 30), "Coffee", "coffee break", None, None])
    sheet.append([date(2027, 3, 30), 0.46875, "Panel 2", "panel", None, None])  # 11:15
    sheet.append([None, None, None, None, None, None])
    sheet.append(["Day 2", "12:00-13:00", "Closing remarks", None, None, None])
    path = tmp_path / "agenda.xlsx"
    book.save(path)
    agenda = read_agenda(path)
    assert [(s.day, s.start, s.end, s.title, s.kind) for s in agenda.slots] == [
        (date(2027, 3, 30), time(9), time(10, 30), "Panel 1", SlotKind.PANEL),
        (date(2027, 3, 30), time(10, 30), time(11, 15), "Coffee", SlotKind.BREAK),
    ]
    assert agenda.slots[0].panellists == ("Ms B", "Mr C")
    assert [(p.line, p.reason.split(";")[0]) for p in agenda.problems] == [
        (4, "no end time, and no slot after it that day"),
        (6, "'Day 2' is not a day"),
    ]


def test_a_file_that_is_no_workbook_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "agenda.xlsx"
    path.write_bytes(b"PK\x03\x04 this is no zip archive at all" * 10)
    with pytest.raises(UnreadableFile, match="not an Excel workbook"):
        read_agenda(path)
