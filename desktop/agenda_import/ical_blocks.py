"""An .ics file cut into its VEVENT and VTIMEZONE blocks, with line numbers.

Only the BEGIN/END lines are looked at here; every content line is left to the
icalendar library. Cutting first is what lets one damaged event (no END line,
a line that is not a content line) cost that event and not the whole file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from icalendar import Calendar
from icalendar.parser import Contentline

from desktop.agenda_import.model import Problem

Lines = list[tuple[int, str]]


@dataclass
class Block:
    """The lines between BEGIN:<kind> and END:<kind> (excluded); ``line`` is the BEGIN."""

    kind: str
    line: int
    lines: Lines = field(default_factory=list)


@dataclass
class CutFile:
    events: list[Block]
    timezones: str  # the readable VTIMEZONE components, ready to put in a calendar
    name: str | None  # X-WR-CALNAME
    problems: list[Problem]


def property_name(line: str) -> str | None:
    """The property's name (upper case), or None when the line is not a content line."""
    try:
        name: str = Contentline(line).parts()[0]  # type: ignore[no-untyped-call]
    except Exception:  # icalendar says so with several exception types
        return None
    return name.upper()


def text_value(line: str) -> str | None:
    try:
        value: str = Contentline(line).parts()[2]  # type: ignore[no-untyped-call]
    except Exception:
        return None
    return value.strip() or None


def short(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:120]


def unfold(text: str) -> Lines:
    """Physical lines joined where folded (a leading space or tab), numbered from 1."""
    logical: Lines = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if line[:1] in (" ", "\t") and logical:
            first, joined = logical[-1]
            logical[-1] = (first, joined + line[1:])
        elif line.strip():
            logical.append((number, line))
    return logical


def cut(text: str) -> CutFile:
    problems: list[Problem] = []
    blocks: list[Block] = []
    name: str | None = None
    current: Block | None = None
    for number, line in unfold(text):
        word = line.strip().upper()
        if word in ("BEGIN:VEVENT", "BEGIN:VTIMEZONE") or (current and word == "END:VCALENDAR"):
            if current is not None:
                problems.append(
                    Problem(current.line, f"no END:{current.kind}; read up to line {number - 1}")
                )
                blocks.append(current)
            current = Block(word[6:], number) if word.startswith("BEGIN:") else None
        elif current is not None and word == f"END:{current.kind}":
            blocks.append(current)
            current = None
        elif current is not None:
            current.lines.append((number, line))
        elif word in ("END:VEVENT", "END:VTIMEZONE"):
            problems.append(Problem(number, f"{line.strip()} without its BEGIN line; ignored"))
        elif word.startswith("X-WR-CALNAME") and name is None:
            name = text_value(line)
    if current is not None:
        problems.append(Problem(current.line, f"no END:{current.kind} before the end of the file"))
        blocks.append(current)
    events = [b for b in blocks if b.kind == "VEVENT"]
    zones = _readable_zones([b for b in blocks if b.kind == "VTIMEZONE"], problems)
    return CutFile(events, zones, name, problems)


def wrap(components: str) -> str:
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{components}END:VCALENDAR\r\n"


def component(kind: str, lines: list[str]) -> str:
    body = "".join(f"{line}\r\n" for line in lines)
    return f"BEGIN:{kind}\r\n{body}END:{kind}\r\n"


def _readable_zones(zones: list[Block], problems: list[Problem]) -> str:
    good = []
    for block in zones:
        text = component("VTIMEZONE", [line for _, line in block.lines])
        try:
            Calendar.from_ical(wrap(text))
        except Exception as error:  # a damaged VTIMEZONE: its times fall back to the TZID name
            problems.append(
                Problem(block.line, f"cannot read this time zone ({short(error)}); ignored")
            )
            continue
        good.append(text)
    return "".join(good)
