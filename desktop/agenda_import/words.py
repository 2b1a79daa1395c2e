"""The words and numbers of agendas: kinds of slot, clock times, bullets, lists of names."""

from __future__ import annotations

import re
from datetime import datetime, time

from db.meeting.vocabulary import SlotKind

DASH = r"\s*(?:-|–|—|to|until|till)\s*"

# 9:00, 09.00, 9h00, 9:00 am, 9:00a — a clock time as agendas write it. A bare "a" or
# "p" counts only written against the digits ("9:10a"): "9:00 A new approach" is a title.
_HALF = r"(?:\s*([ap])\.?\s?m\.?|([ap])(?![a-z]))"
CLOCK = r"\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?\s?m\.?|[ap](?![a-z]))?"
_CLOCK_PARTS = re.compile(rf"^\s*(\d{{1,2}})[:.h](\d{{2}}){_HALF}?\s*$", re.I)
_TIME_RANGE = re.compile(rf"^\s*({CLOCK})(?:{DASH}({CLOCK}))?\s*$", re.I)

# (words, kind): the first that matches wins, so the narrow words come first.
_KIND_WORDS: tuple[tuple[str, SlotKind], ...] = (
    (r"side[- ]?events?", SlotKind.SIDE_EVENT),
    (r"registration|accreditation|badge collection", SlotKind.REGISTRATION),
    (r"key[- ]?notes?", SlotKind.KEYNOTE),
    (r"closing|conclusions?|concluding|wrap[- ]up", SlotKind.CLOSING),
    (r"lunch(?:eon)?", SlotKind.LUNCH),
    (r"coffee|tea|break|pause", SlotKind.BREAK),
    (r"receptions?|cocktails?|networking", SlotKind.RECEPTION),
    (r"opening|welcom(?:e|ing)|introductory remarks", SlotKind.OPENING),
    (r"panels?|panel discussion|round[- ]?table|plenary session|session", SlotKind.PANEL),
)
_KIND_PATTERNS = tuple((re.compile(rf"\b(?:{w})\b", re.I), kind) for w, kind in _KIND_WORDS)


class NotAClock(ValueError):
    """Text that is not a time of day; ``str()`` says why in a sentence."""


def kind_from_words(text: str) -> SlotKind:
    """The kind of slot that a title (or a 'kind' cell) names; OTHER when none fits."""
    cleaned = text.strip().lower().replace("_", " ")
    for kind in SlotKind:
        if cleaned in (kind.value.replace("_", " "), kind.label.lower()):
            return kind
    for pattern, kind in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return SlotKind.OTHER


def parse_clock(text: str) -> time:
    """'9:00', '09.30', '9h00', '2:30 pm' as a time; NotAClock otherwise."""
    match = _CLOCK_PARTS.match(text)
    if not match:
        raise NotAClock(f"'{text.strip()[:40]}' is not a time of day")
    hour, minute = int(match.group(1)), int(match.group(2))
    half = (match.group(3) or match.group(4) or "").lower()
    if half and not 1 <= hour <= 12:
        raise NotAClock(f"'{text.strip()}' is not a time of day")
    if half == "p" and hour != 12:
        hour += 12
    elif half == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        raise NotAClock(f"'{text.strip()}' is not a time of day")
    return time(hour, minute)


def length_problem(start: time, end: time | None) -> str | None:
    """Why a slot from start to end cannot be kept (the store wants end after start), or None."""
    if end is None:
        return "no end time, and no slot after it that day; skipped"
    if end == start:
        return f"ends when it starts ({start:%H:%M}); skipped"
    if end < start:
        return f"ends ({end:%H:%M}) before it starts ({start:%H:%M}); skipped"
    return None


def parse_time_range(text: str) -> tuple[time, time | None] | None:
    """'09:00-10:30' or '9:00 – 10:30' as (start, end); a single time as (start, None).

    None when the text is not a time or range at all; NotAClock when it looks like
    one but a number is out of range (25:00).
    """
    match = _TIME_RANGE.match(text)
    if not match:
        return None
    return parse_clock_range(match.group(1), match.group(2))


def parse_clock_range(start_text: str, end_text: str | None) -> tuple[time, time | None]:
    """A slot's start and end; NotAClock when either is out of range.

    "1:30 - 2:00 pm" is 13:30 to 14:00: the end's am or pm is the start's too when the
    start names none and the start, so read, still comes first ("11:30 - 12:30 pm" keeps
    11:30).
    """
    start = parse_clock(start_text)
    if end_text is None:
        return start, None
    end = parse_clock(end_text)
    start_half, end_half = _half(start_text), _half(end_text)
    if end_half and not start_half and 1 <= start.hour <= 12:
        shared = parse_clock(f"{start.hour}:{start.minute:02d} {end_half}m")
        if shared <= end:
            start = shared
    return start, end


def _half(text: str) -> str:
    match = _CLOCK_PARTS.match(text)
    return (match.group(3) or match.group(4) or "").lower() if match else ""


def clock_of(value: object) -> time | None:
    """A time from a spreadsheet cell that holds a time, a datetime or a fraction of a day."""
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return time(minutes // 60, minutes % 60) if minutes < 24 * 60 else None
    return None


_BULLET = re.compile(r"^\s*(?:[-*•●▪◦·–—o»>]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+", re.I)


def strip_bullet(line: str) -> tuple[str, bool]:
    """The line without its bullet or list number, and whether it had one."""
    match = _BULLET.match(line)
    if match:
        return line[match.end() :].strip(), True
    return line.strip(), False


def split_names(text: str) -> tuple[str, ...]:
    """Names in one cell or line: separated by ';', '|' or new lines (commas belong to names)."""
    parts = re.split(r"\s*(?:;|\||\n)\s*", text)
    return tuple(p for p in (strip_bullet(part)[0] for part in parts) if p)


# -- time zones written after a time ------------------------------------------------

# The zone a concept note names after its times, as an IANA name; "" for the
# conference's own time ("Vienna time", "local time", CET/CEST where it is held).
_ZONES = {
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "eastern": "America/New_York",
    "eastern time": "America/New_York",
    "ct": "America/Chicago",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "central time": "America/Chicago",
    "mt": "America/Denver",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "gmt": "UTC",
    "utc": "UTC",
    "z": "UTC",
    "bst": "Europe/London",
    "uk time": "Europe/London",
    "london time": "Europe/London",
    "eet": "Europe/Athens",
    "eest": "Europe/Athens",
    "msk": "Europe/Moscow",
    "moscow time": "Europe/Moscow",
    "cet": "Europe/Vienna",
    "cest": "Europe/Vienna",
    "mez": "Europe/Vienna",
    "mesz": "Europe/Vienna",
    "vienna time": "",
    "local time": "",
    "conference time": "",
}
_ZONE_WORDS = "|".join(sorted((re.escape(z) for z in _ZONES), key=len, reverse=True))
# "ET", "(CEST)", "Vienna time", "GMT+2", "(UTC -05:00)" — right after the times.
ZONE_NOTE = re.compile(
    rf"^\s*\(?\s*(?P<zone>(?:GMT|UTC)\s*(?P<offset>[+-]\s*\d{{1,2}}(?::?\d{{2}})?)"
    rf"|(?:{_ZONE_WORDS})(?![\w+-]))\s*\)?(?=[\s,;:.–—-]|$)|^\s*\(?\s*hrs?\.?\s*\)?(?=\s|$)",
    re.I,
)


def zone_named(note: re.Match[str]) -> str | None:
    """The IANA zone (or fixed offset "UTC+02:00") a ZONE_NOTE match names; "" for the
    conference's own time; None when the note names no zone ("hrs")."""
    zone = note["zone"]
    if not zone:
        return None
    if note["offset"]:
        offset = note["offset"].replace(" ", "")
        sign, digits = offset[0], offset[1:].replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
        return f"UTC{sign}{int(hours):02d}:{minutes}"
    return _ZONES[" ".join(zone.lower().split())]
