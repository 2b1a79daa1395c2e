"""Dates as agendas write them: days with or without a year, ranges in a title block.

English month and weekday names are written out here rather than taken from
``calendar``, whose names follow the process locale (which Qt sets from the user's).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from desktop.agenda_import.words import CLOCK, DASH

MONTHS: dict[str, int] = {}
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
for _number, _name in enumerate(MONTH_NAMES, start=1):
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"
WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"


def make_date(year: int, month_name: str, day: int) -> date | None:
    month = MONTHS.get(month_name.lower().rstrip("."))
    if month is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def days_between(first: date, last: date, *, at_most: int = 31) -> tuple[date, ...]:
    if last < first or (last - first).days >= at_most:
        return (first,)
    return tuple(first + timedelta(days=n) for n in range((last - first).days + 1))


# 26th/Feb/2018, 26-Feb-2018, 26.Feb.2018, Feb/26/2018: a month name between slashes.
_SLASHED = re.compile(
    rf"(?<![\w/])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[/.\-](?P<m>{MONTH})[/.\-](?P<y>\d{{4}})(?![\w/])"
    rf"|(?<![\w/])(?P<m2>{MONTH})[/.\-](?P<d2>\d{{1,2}})(?:st|nd|rd|th)?[/.\-](?P<y2>\d{{4}})(?![\w/])",
    re.I,
)


def unslashed(text: str) -> str:
    """'26th/Feb/2018' as '26 Feb 2018', which the readers below know."""

    def spaced(match: re.Match[str]) -> str:
        if match["m"]:
            return f"{match['d']} {match['m'].rstrip('.')} {match['y']}"
        return f"{match['d2']} {match['m2'].rstrip('.')} {match['y2']}"

    return _SLASHED.sub(spaced, text)


def wrong_date(line: str) -> str | None:
    """Why a line that is written as a day of a month is no date ('31st/Feb/2018'), or None."""
    match = _DAY_MONTH.search(unslashed(line))
    if match is None or not match["y"]:
        return None
    day = make_date(int(match["y"]), match["m"] or match["m2"], int(match["d"] or match["d2"]))
    return None if day else f"'{line.strip()[:40]}' is not a date"


_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?\s*$")
_NUMERIC = re.compile(
    r"^\s*(?:" + WEEKDAY + r",?\s+)?(\d{1,2})[./](\d{1,2})[./](\d{2,4})\s*$", re.I
)
_DAY_MONTH = re.compile(
    rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)\s+(?P<m>{MONTH})"
    rf"|(?P<m2>{MONTH})\s+(?P<d2>\d{{1,2}})(?!\d)(?:st|nd|rd|th)?)(?:,?\s+(?P<y>\d{{4}}))?",
    re.I,
)


def parse_day_text(text: str, default_year: int | None) -> tuple[date | None, str | None]:
    """A day written as '2023-04-18', '18.04.2023', 'Tuesday, 18 April 2023' or '18 April'.

    Returns (day, remark): the remark is a sentence on what was odd (no year, a
    weekday that does not fit); day is None when no day can be made of the text.
    """
    text = unslashed(text)
    if match := _ISO.match(text):
        try:
            return date(int(match[1]), int(match[2]), int(match[3])), None
        except ValueError:
            return None, f"'{text.strip()}' is not a date"
    if match := _NUMERIC.match(text):
        full_year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        try:
            return date(full_year, int(match[2]), int(match[1])), None  # day first, as in Europe
        except ValueError:
            return None, f"'{text.strip()}' is not a date"
    match = _DAY_MONTH.search(text)
    if not match:
        return None, None
    given_year = int(match["y"]) if match["y"] else default_year
    if given_year is None:
        return None, f"'{match[0].strip()}' has no year and the agenda gives none"
    day = make_date(given_year, match["m"] or match["m2"], int(match["d"] or match["d2"]))
    if day is None:
        return None, f"'{match[0].strip()}' is not a date"
    weekday = (match["wd"] or "").lower()[:3]
    if weekday and WEEKDAYS[day.weekday()][:3] != weekday:
        actual = WEEKDAYS[day.weekday()].capitalize()
        return (
            day,
            f"{day.day} {day:%B} {day.year} is a {actual}, not a {match['wd']}; took the date",
        )
    return day, None


_Y = r"(?P<y>\d{4})"
_RANGES = (
    # 14 June 2021, 14:00 – 16 June 2021, 16:30
    re.compile(
        rf"(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})\s+(?P<y1>\d{{4}})(?:,?\s*{CLOCK})?{DASH}"
        rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH})\s+{_Y}",
        re.I,
    ),
    # 30 - 31 March 2020, 30 March – 1 April 2020
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:\s+(?P<m>{MONTH}))?{DASH}(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH}),?\s+{_Y}",
        re.I,
    ),
    # June 14, 2021 – June 16, 2021 / June 14-16, 2021
    re.compile(
        rf"(?P<m>{MONTH})\s+(?P<d>\d{{1,2}})(?:,?\s+(?P<y1>\d{{4}}))?{DASH}(?:(?P<m2>{MONTH})\s+)?"
        rf"(?P<d2>\d{{1,2}}),?\s+{_Y}",
        re.I,
    ),
    # a single day: 14 June 2021 / June 14, 2021
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})\s+{_Y}|(?P<m2>{MONTH})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})",
        re.I,
    ),
)


def title_block_dates(line: str) -> tuple[date, ...]:
    """The conference days named in a line of the title block, or ()."""
    line = unslashed(line)
    for pattern in _RANGES:
        for match in pattern.finditer(line):
            found = match.groupdict()
            if found.get("y2"):  # the single-day pattern, month first
                day = make_date(int(found["y2"]), found["m2"], int(found["d2"]))
                if day:
                    return (day,)
                continue
            if not found.get("d2"):
                day = make_date(int(found["y"]), found["m"], int(found["d"]))
                if day:
                    return (day,)
                continue
            year = int(found["y"])
            last = make_date(year, found.get("m2") or found["m"], int(found["d2"]))
            first_year = int(found["y1"]) if found.get("y1") else year
            first = make_date(first_year, found.get("m") or found["m2"], int(found["d"]))
            if first and last and first <= last:
                return days_between(first, last)
    return ()
