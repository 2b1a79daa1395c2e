"""An agenda kept as a table (CSV or XLSX): one row a slot, one column a field.

The mapping of columns to fields is a plain dict, ``{field: column index}``:
``guess_mapping`` proposes one from the headers, a person may correct it (the
import dialog's mapping step), and ``read_table`` applies it. A day left empty
repeats the day above (merged cells); a time column may hold "09:00-10:30";
a missing end is the next slot's start that day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from desktop.agenda_import.column_guess import guess_columns
from desktop.agenda_import.dates import parse_day_text
from desktop.agenda_import.model import AgendaImport, ImportedSlot, Problem, Progress
from desktop.agenda_import.sheets import Sheet, read_sheet
from desktop.agenda_import.words import (
    NotAClock,
    clock_of,
    kind_from_words,
    length_problem,
    parse_time_range,
    split_names,
)

FIELDS = (
    "day",
    "start",
    "end",
    "kind",
    "title",
    "description",
    "moderator",
    "panellists",
    "topics",
)
REQUIRED = ("day", "start", "title")
FIELD_LABELS = {
    "day": "Day",
    "start": "Start",
    "end": "End",
    "kind": "Kind",
    "title": "Title",
    "description": "Description",
    "moderator": "Moderator",
    "panellists": "Speakers (panellists)",
    "topics": "Topics",
}
# Headers as people write them, as header_words (lower case, no accents, words only).
_EXACT = {
    "day": {"day", "date", "day date", "conference day"},
    "start": {"start", "starts", "from", "begin", "begins", "start time", "time", "time from"},
    "end": {"end", "ends", "to", "until", "finish", "end time", "time to"},
    "kind": {"kind", "type", "slot type", "session type", "category", "format"},
    "title": {"title", "session", "session title", "subject", "name", "item", "agenda item"},
    "description": {"description", "details", "summary", "notes", "abstract"},
    "moderator": {"moderator", "chair", "moderated by", "chaired by", "facilitator"},
    "panellists": {"speakers", "panellists", "panelists", "panel", "presenters", "speaker"},
    "topics": {"topics", "topics to be covered", "themes", "key topics", "topic"},
}
_WORDS = {
    "day": ("day", "date"),
    "start": ("start", "begin"),
    "end": ("end", "finish"),
    "kind": ("kind", "type"),
    "title": ("title", "session", "subject"),
    "description": ("description", "detail"),
    "moderator": ("moderat", "chair", "facilitat"),
    "panellists": ("speaker", "panellist", "panelist", "presenter"),
    "topics": ("topic", "theme"),
}
TableSource = Path | Sheet | Sequence[Sequence[object]]


def guess_mapping(headers: Sequence[object]) -> dict[str, int]:
    """The column of each field that the headers name (English and obvious variants)."""
    return guess_columns(headers, FIELDS, _EXACT, _WORDS)


def read_table(
    source: TableSource, mapping: Mapping[str, int], progress: Progress | None = None
) -> AgendaImport:
    """The slots of a table whose first row holds the headers; never raises on its content.

    ``source`` is a file (CSV or XLSX; UnreadableFile if it is neither), a Sheet,
    or rows. Problems name the row of the sheet, the header being row 1.
    """
    sheet = (
        read_sheet(source)
        if isinstance(source, Path)
        else source
        if isinstance(source, Sheet)
        else Sheet(tuple(tuple(row) for row in source))
    )
    problems = list(sheet.problems)
    missing = [FIELD_LABELS[f].lower() for f in REQUIRED if f not in mapping]
    if missing:
        problems.append(Problem(1, f"no column for the {' and the '.join(missing)}"))
        return AgendaImport(None, (), (), tuple(problems))
    reader = _Rows(mapping, problems)
    rows = sheet.rows[1:]
    for number, row in enumerate(rows, start=2):
        if progress is not None and number % 100 == 0:
            progress(number, len(rows))
        reader.row(number, row)
    slots = reader.finish()
    dates = tuple(sorted({s.day for s in slots}))
    return AgendaImport(
        None, dates, tuple(slots), tuple(sorted(problems, key=lambda p: p.line or 0))
    )


@dataclass
class _Open:
    line: int
    day: date
    start: time
    end: time | None
    cells: dict[str, str]


class _Rows:
    def __init__(self, mapping: Mapping[str, int], problems: list[Problem]) -> None:
        self.mapping = mapping
        self.problems = problems
        self.day: date | None = None
        self.open: list[_Open] = []

    def cell(self, row: Sequence[object], field: str) -> object:
        column = self.mapping.get(field)
        if column is None or not 0 <= column < len(row):
            return None
        value = row[column]
        return value.strip() if isinstance(value, str) else value

    def text(self, row: Sequence[object], field: str) -> str:
        value = self.cell(row, field)
        return "" if value is None else str(value).strip()

    def row(self, number: int, row: Sequence[object]) -> None:
        if all(value in (None, "") for value in row):
            return
        day_cell = self.cell(row, "day")
        if day_cell not in (None, ""):
            day = self._day(number, day_cell)
            if day is None:
                self.day = None
                return
            self.day = day
        start_cell, title = self.cell(row, "start"), self.text(row, "title")
        if start_cell in (None, "") and not title:
            return  # a row that only names the day
        if self.day is None:
            self.problems.append(
                Problem(number, "no day for this row (and none above it); skipped")
            )
            return
        times = self._times(number, start_cell, self.cell(row, "end"))
        if times is None:
            return
        cells = {f: self.text(row, f) for f in ("kind", "title", "description", "moderator")}
        cells["panellists"], cells["topics"] = (
            self.text(row, "panellists"),
            self.text(row, "topics"),
        )
        self.open.append(_Open(number, self.day, times[0], times[1], cells))

    def _day(self, number: int, value: object) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        found, remark = parse_day_text(str(value), None)
        if remark:
            self.problems.append(Problem(number, remark if found else f"{remark}; row skipped"))
        elif found is None:
            self.problems.append(Problem(number, f"'{str(value)[:40]}' is not a day; row skipped"))
        return found

    def _times(self, number: int, start: object, end: object) -> tuple[time, time | None] | None:
        try:
            first = _clock(start)
            last = _clock(end) if end not in (None, "") else None
        except NotAClock as error:
            self.problems.append(Problem(number, f"{error}; row skipped"))
            return None
        if first is None:
            self.problems.append(Problem(number, "no start time; row skipped"))
            return None
        start_time, range_end = first
        return start_time, last[0] if last else range_end

    def finish(self) -> list[ImportedSlot]:
        slots = []
        for index, row in enumerate(self.open):
            end = row.end or self._next_start(index)
            why = length_problem(row.start, end)
            if why is not None or end is None:  # (a missing end always has its why)
                self.problems.append(Problem(row.line, why or "no end time; skipped"))
                continue
            cells = row.cells
            kind = kind_from_words(cells["kind"] or cells["title"])
            if not cells["title"] and not cells["kind"]:
                self.problems.append(Problem(row.line, "no title; titled by its kind"))
            slots.append(
                ImportedSlot(
                    day=row.day,
                    start=row.start,
                    end=end,
                    kind=kind,
                    title=cells["title"] or cells["kind"] or kind.label,
                    description=cells["description"],
                    topics=split_names(cells["topics"]),
                    moderator=cells["moderator"] or None,
                    panellists=split_names(cells["panellists"]),
                    line=row.line,
                )
            )
        return slots

    def _next_start(self, index: int) -> time | None:
        row = self.open[index]
        later = self.open[index + 1] if index + 1 < len(self.open) else None
        if later is not None and later.day == row.day and later.start >= row.start:
            return later.start
        return None


def _clock(value: object) -> tuple[time, time | None] | None:
    """A cell's time, or time range; None when empty; NotAClock when unreadable."""
    if value in (None, ""):
        return None
    found = clock_of(value)
    if found is not None:
        return found, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise NotAClock(f"'{value}' is not a time of day")
    times = parse_time_range(str(value))
    if times is None:
        raise NotAClock(f"'{str(value).strip()[:40]}' is not a time of day")
    return times
