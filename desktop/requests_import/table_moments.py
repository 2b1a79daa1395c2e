"""A moment as a table writes it: an Excel serial number, ISO 8601, "Mar 5, 2026
10:03 AM", "05.03.2026 10:03", "5 Mar 2026" … read into a datetime (naive stays naive,
aware stays aware), or None.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

_EXCEL_EPOCH = datetime.fromisoformat("1899-12-30T00:00:00")
_CLOCK = r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([AaPp])?\.?[Mm]?\.?)?$"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "Nov 19, 2026 09:00:00 AM" (Zoom webinar reports) and "19 Nov 2026 09:00".
_MONTH_FIRST = re.compile(r"([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})" + _CLOCK)
_DAY_FIRST = re.compile(r"(\d{1,2})\.? ([A-Za-z]{3})[A-Za-z]*\.?,? (\d{4})" + _CLOCK)
_NUMERIC = re.compile(r"(\d{1,4})([./-])(\d{1,2})\2(\d{2,4})" + _CLOCK)


def parse_moment(value: object) -> datetime | None:
    """A date and time from a cell: a datetime, ISO 8601 (with or without zone),
    "11/19/2026 09:01:02 AM", "19.11.2026 09:01", an Excel day number, a Unix time (UTC);
    None if unreadable.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 200_000:
            return _EXCEL_EPOCH + timedelta(days=float(value))
        value = cell_text(value)
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"\d{10}(?:\d{3})?", text):  # seconds or milliseconds since 1970, UTC
        return datetime.fromtimestamp(int(text[:10]), UTC)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    found = _NUMERIC.match(text)
    if found is not None:
        return _numeric_moment(found)
    named = _named_month_moment(text)
    if named is not None:
        return named
    try:  # Twitter's own form, "Wed Nov 19 10:02:00 +0000 2026"
        return datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        pass
    return None


def _named_month_moment(text: str) -> datetime | None:
    found = _MONTH_FIRST.match(text)
    if found is not None:
        month, day = found.group(1), found.group(2)
    else:
        found = _DAY_FIRST.match(text)
        if found is None:
            return None
        day, month = found.group(1), found.group(2)
    if month.lower() not in _MONTHS:
        return None
    return _moment(
        int(found.group(3)), _MONTHS.index(month.lower()) + 1, int(day), *found.group(4, 5, 6, 7)
    )


def _moment(
    year: int,
    month: int,
    day: int,
    hour: str | None,
    minute: str | None,
    second: str | None,
    half: str | None,
) -> datetime | None:
    try:
        day_part = date(year, month, day)
        if hour is None or minute is None:
            return datetime.combine(day_part, time())
        hours = int(hour)
        if half is not None:
            if not 1 <= hours <= 12:
                return None
            hours = hours % 12 + (12 if half.lower() == "p" else 0)
        return datetime.combine(day_part, time(hours, int(minute), int(second or 0)))
    except ValueError:
        return None


def _numeric_moment(found: re.Match[str]) -> datetime | None:
    a, separator, b, c = found.group(1), found.group(2), found.group(3), found.group(4)
    hour, minute, second, half = found.group(5, 6, 7, 8)
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        year = int(c) + (2000 if len(c) == 2 else 0)
        first, second_number = int(a), int(b)
        # Slashes are month first (Zoom, US) unless the first cannot be a month.
        if separator == "/" and first <= 12:
            month, day = first, second_number
        else:
            day, month = first, second_number
    return _moment(year, month, day, hour, minute, second, half)


def cell_text(value: object) -> str:
    """A cell as text: 3.0 read from a spreadsheet is "3"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
