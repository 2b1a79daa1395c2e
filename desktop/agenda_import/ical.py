"""An iCalendar agenda (.ics), read with the icalendar library, damage and all.

ical_blocks cuts the file into events with their line numbers; each event is
then parsed by icalendar inside a small calendar of its own that carries the
file's time zones, so a broken event or property costs only itself.

Times: TZID and UTC times are converted to the conference's zone; floating
times are conference time already; an unknown TZID is taken as conference time
(reported). DURATION stands in for DTEND; with neither (RFC 5545: the event ends
when it starts) there is no slot to make, as there is none of an event that
runs past midnight. Repeats (RRULE) are not expanded. All-day events are not
slots: they give the conference dates (and title, without X-WR-CALNAME).
A repeated UID with the same times is one event (the higher SEQUENCE, else the
later, is kept); with other times both are kept. Cancelled events are skipped.

Several events with the same start and end become one slot: the first event in
the file gives the title, the others are listed in its description under "Also
in this slot:", and their topics and panellists are added to its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Calendar

from db.meeting.vocabulary import SlotKind
from desktop.agenda_import.dates import days_between
from desktop.agenda_import.ical_blocks import Block, component, cut, property_name, short, wrap
from desktop.agenda_import.model import AgendaImport, ImportedSlot, Problem, Progress
from desktop.agenda_import.slot_body import read_body
from desktop.agenda_import.words import kind_from_words
from desktop.domain.conference_time import zone


@dataclass
class _Event:
    line: int
    uid: str | None
    sequence: int
    start: datetime
    end: datetime
    slot: ImportedSlot


def read_ical(text: str, zone_name: str, progress: Progress | None = None) -> AgendaImport:
    cut_file = cut(text)
    problems = cut_file.problems
    kept: list[_Event] = []
    all_day: list[tuple[date, date, str]] = []
    for done, block in enumerate(cut_file.events, start=1):
        if progress is not None:
            progress(done, len(cut_file.events))
        reader = _EventReader(block, zone_name, problems)
        try:
            event = reader.read(cut_file.timezones, all_day)
        except Exception as error:  # icalendar raises many kinds on damage; keep the others
            problems.append(Problem(block.line, f"cannot read this event ({short(error)})"))
            continue
        if event is not None:
            _keep(event, kept, problems)
    slots = _one_slot_per_time(kept)
    title = cut_file.name or (all_day[0][2] or None if all_day else None)
    if all_day:
        first, last, _ = min(all_day)
        dates = days_between(first, max(first, last))
    else:
        dates = tuple(sorted({slot.day for slot in slots}))
    problems.sort(key=lambda p: p.line or 0)
    return AgendaImport(title, dates, tuple(slots), tuple(problems))


class _EventReader:
    def __init__(self, block: Block, zone_name: str, problems: list[Problem]) -> None:
        self.block = block
        self.zone_name = zone_name
        self.problems = problems
        self.where: dict[str, int] = {}  # property name → its line
        self.broken: set[str] = set()
        self.event: Any = None

    def problem(self, name: str | None, reason: str) -> None:
        line = self.where.get(name, self.block.line) if name else self.block.line
        self.problems.append(Problem(line, reason))

    def read(self, timezones: str, all_day: list[tuple[date, date, str]]) -> _Event | None:
        lines, depth = [], 0  # alarms and other components inside the event are not agenda
        for number, line in self.block.lines:
            word = line.strip().upper()
            if word.startswith(("BEGIN:", "END:")):
                depth = max(depth + (1 if word.startswith("BEGIN:") else -1), 0)
                continue
            name = property_name(line) if not depth else ""
            if name is None:
                self.problems.append(
                    Problem(number, f"not an iCalendar line: '{line.strip()[:60]}'; ignored")
                )
            elif name:
                self.where.setdefault(name, number)
                lines.append(line)
        calendar = Calendar.from_ical(wrap(timezones + component("VEVENT", lines)))
        self.event = next(iter(calendar.walk("VEVENT")))
        for name, message in self.event.errors:
            self.broken.add((name or "").upper())
            self.problem((name or "").upper(), f"{name or 'a line'}: {message}; ignored")
        return self._slot(all_day)

    def value(self, name: str) -> Any:
        if name in self.broken or name not in self.event:
            return None
        found = self.event[name]
        if isinstance(found, list):
            self.problem(name, f"{name} appears more than once; took the first")
            found = found[0]
        return found

    def _slot(self, all_day: list[tuple[date, date, str]]) -> _Event | None:
        title = str(self.value("SUMMARY") or "").strip()
        called = f"'{title}'" if title else "the event"
        if str(self.value("STATUS") or "").upper() == "CANCELLED":
            self.problem(None, f"{called} is cancelled; skipped")
            return None
        start = self._moment("DTSTART")
        if start is None:
            self.problem(None, f"{called} has no readable DTSTART; skipped")
            return None
        if not isinstance(start, datetime):
            last = self._moment("DTEND")
            final = start
            if type(last) is date and last > start:
                final = last - timedelta(days=1)  # DTEND of an all-day event is exclusive
            all_day.append((start, final, title))
            self.problem(None, f"{called} is an all-day event, not a slot: it gives the dates")
            return None
        end = self._end(start, called)
        if end is None:
            return None
        if "RRULE" in self.event:
            self.problem("RRULE", "repeats (RRULE) are not expanded; took the first")
        if not title:
            self.problem(None, "the event has no SUMMARY; titled by its kind")
        return self._event(start, end, title)

    def _end(self, start: datetime, called: str) -> datetime | None:
        duration = self.value("DURATION")
        if self.value("DTEND") is not None:
            if duration is not None:
                self.problem("DURATION", "both DTEND and DURATION; took DTEND")
            end = self._moment("DTEND")
        elif duration is not None and isinstance(duration.dt, timedelta):
            end = start + duration.dt
        elif "DTEND" in self.broken or "DURATION" in self.broken:
            self.problem(None, f"{called} has no readable end; skipped")
            return None
        else:
            self.problem(None, f"{called} has no DTEND and no DURATION; skipped")
            return None
        if not isinstance(end, datetime) or end <= start:
            self.problem(None, f"{called} does not end after it starts; skipped")
            return None
        if end.date() != start.date():
            self.problem(None, f"{called} runs past midnight; skipped")
            return None
        return end

    def _moment(self, name: str) -> datetime | date | None:
        """A DTSTART or DTEND as conference wall-clock time (naive); a date when all-day."""
        prop = self.value(name)
        moment = getattr(prop, "dt", None)
        if isinstance(moment, datetime):
            if moment.tzinfo is None:
                if tzid := prop.params.get("TZID"):
                    self.problem(name, f"unknown time zone '{tzid}'; taken as conference time")
                return moment.replace(second=0, microsecond=0)
            local = moment.astimezone(zone(self.zone_name))
            return local.replace(tzinfo=None, second=0, microsecond=0)
        if isinstance(moment, date):
            return moment
        if prop is not None:
            self.problem(name, f"{name} is not a date and time; ignored")
        return None

    def _event(self, start: datetime, end: datetime, title: str) -> _Event:
        body = read_body(str(self.value("DESCRIPTION") or ""))
        categories = " ".join(str(c) for c in getattr(self.value("CATEGORIES"), "cats", []))
        kind = kind_from_words(categories) if categories else SlotKind.OTHER
        if kind is SlotKind.OTHER:
            kind = kind_from_words(title)
        slot = ImportedSlot(
            day=start.date(),
            start=start.time(),
            end=end.time(),
            kind=kind,
            title=title or kind.label,
            description=body.description_text,
            topics=tuple(body.topics),
            moderator=body.moderator or self._chair(),
            panellists=tuple(body.panellists),
            line=self.block.line,
        )
        uid, recurrence = self.value("UID"), self.value("RECURRENCE-ID")
        again = recurrence.to_ical().decode() if recurrence is not None else ""
        sequence = self.value("SEQUENCE")
        return _Event(
            line=self.block.line,
            uid=f"{uid}#{again}" if uid else None,
            sequence=sequence if isinstance(sequence, int) else 0,
            start=start,
            end=end,
            slot=slot,
        )

    def _chair(self) -> str | None:
        """An ATTENDEE with ROLE=CHAIR is the moderator."""
        attendees = self.event.get("ATTENDEE", [])
        for attendee in attendees if isinstance(attendees, list) else [attendees]:
            params = getattr(attendee, "params", {})
            if str(params.get("ROLE", "")).upper() == "CHAIR":
                return str(params.get("CN") or re.sub(r"(?i)^mailto:", "", str(attendee))) or None
        return None


def _keep(event: _Event, kept: list[_Event], problems: list[Problem]) -> None:
    """Drop a repeat of an event (same UID and times), keeping the newer one."""
    for index, other in enumerate(kept):
        if event.uid is None or other.uid != event.uid:
            continue
        if (other.start, other.end) != (event.start, event.end):
            problems.append(
                Problem(event.line, f"same UID as the event of line {other.line}; kept both")
            )
            continue
        newer, older = (event, other) if event.sequence >= other.sequence else (other, event)
        problems.append(
            Problem(older.line, f"same event as line {newer.line} (same UID); kept that one")
        )
        kept[index] = newer
        return
    kept.append(event)


def _one_slot_per_time(events: list[_Event]) -> list[ImportedSlot]:
    groups: dict[tuple[datetime, datetime], list[ImportedSlot]] = {}
    for event in events:
        groups.setdefault((event.start, event.end), []).append(event.slot)
    slots = []
    for same_time in groups.values():
        first, *others = same_time
        if others:
            also = "\n".join(
                f"- {s.title}" + (f": {s.description}" if s.description else "") for s in others
            )
            first = ImportedSlot(
                day=first.day,
                start=first.start,
                end=first.end,
                kind=next((s.kind for s in same_time if s.kind is not SlotKind.OTHER), first.kind),
                title=first.title,
                description="\n\n".join(
                    t for t in (first.description, f"Also in this slot:\n{also}") if t
                ),
                topics=tuple(dict.fromkeys(t for s in same_time for t in s.topics)),
                moderator=next((s.moderator for s in same_time if s.moderator), None),
                panellists=tuple(dict.fromkeys(p for s in same_time for p in s.panellists)),
                line=first.line,
            )
        slots.append(first)
    return sorted(slots, key=lambda s: (s.day, s.start, s.end, s.line or 0))
