"""An agenda in JSON: a Floordesk archive, or a list of slots as ``agenda list --json`` prints.

A list of slot objects (or ``{"title": …, "slots": [...]}``) has day, start and
end in conference time ("2027-03-30", "09:30"), kind, title and optionally
description, topics, moderator and panellists. An archive's slots are stored in
UTC and shown here in the archive's own time zone. Problems name the slot by
its place in the file ("slot 3"), JSON having no lines worth the name.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from db.archive.archive import MARK
from desktop.agenda_import.dates import days_between
from desktop.agenda_import.model import AgendaImport, ImportedSlot, Problem, UnreadableFile
from desktop.agenda_import.words import kind_from_words, parse_clock
from desktop.domain.conference_time import UnknownTimeZone, to_local


def load_json(text: str, name: str = "the file") -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            f"{name} is not valid JSON (line {error.lineno}: {error.msg})."
        ) from None
    except RecursionError:
        raise UnreadableFile(f"{name} is nested too deeply to read.") from None


def read_json_agenda(data: Any, name: str = "the file") -> AgendaImport:
    if isinstance(data, dict) and MARK in data:
        _check(data, name)
        return _archive(data)
    if isinstance(data, dict) and isinstance(data.get("slots"), list):
        title = data.get("title") if isinstance(data.get("title"), str) else None
        return _slot_list(data["slots"], title)
    if isinstance(data, list):
        return _slot_list(data, None)
    raise UnreadableFile(f"{name} holds JSON, but neither an archive nor a list of slots.")


def _check(data: dict[str, Any], name: str) -> None:
    """A damaged archive is refused whole, as the archive import refuses it: its slots
    are not taken one by one into a conference (unknown zone, reversed dates, …)."""
    from db.archive.importing import ArchiveDamage, check_archive

    try:
        check_archive(data)
    except ArchiveDamage as error:
        raise UnreadableFile(f"{name} is a damaged Floordesk archive: {error}.") from None


def _person(value: Any) -> str | None:
    if isinstance(value, dict):
        name, function = str(value.get("name") or "").strip(), str(value.get("function") or "")
        return f"{name}, {function.strip()}" if name and function.strip() else name or None
    return str(value).strip() or None if value is not None else None


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(s for s in (_person(v) for v in value) if s)


def _slot(entry: dict[str, Any], day: date, start: Any, end: Any, number: int) -> ImportedSlot:
    title = str(entry.get("title") or "").strip()
    kind = kind_from_words(str(entry.get("kind") or title))
    return ImportedSlot(
        day=day,
        start=start,
        end=end,
        kind=kind,
        title=title or kind.label,
        description=str(entry.get("description") or ""),
        topics=_strings(entry.get("topics")),
        moderator=_person(entry.get("moderator")),
        panellists=_strings(entry.get("panellists")),
        line=None,
    )


def _slot_list(entries: list[Any], title: str | None) -> AgendaImport:
    slots, problems = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            day = date.fromisoformat(str(entry["day"]))
            start, end = parse_clock(str(entry["start"])), parse_clock(str(entry["end"]))
        except (KeyError, TypeError, ValueError) as error:
            why = f"no {error.args[0]!r}" if isinstance(error, KeyError) else str(error)
            problems.append(Problem(None, f"slot {number}: {why}; skipped"))
            continue
        if end <= start:
            problems.append(Problem(None, f"slot {number}: does not end after it starts; skipped"))
            continue
        slots.append(_slot(entry, day, start, end, number))
    dates = tuple(sorted({s.day for s in slots}))
    return AgendaImport(title, dates, tuple(slots), tuple(problems))


def _aware(text: Any) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no time zone")
    return moment


def _archive(data: dict[str, Any]) -> AgendaImport:
    conference = data.get("conference") if isinstance(data.get("conference"), dict) else {}
    assert isinstance(conference, dict)
    zone_name = str(conference.get("time_zone") or "Europe/Vienna")
    slots, problems = [], []
    entries = data.get("slots") if isinstance(data.get("slots"), list) else []
    assert isinstance(entries, list)
    for number, entry in enumerate(entries, start=1):
        try:
            starts = to_local(_aware(entry["starts_at"]), zone_name)
            ends = to_local(_aware(entry["ends_at"]), zone_name)
        except (KeyError, TypeError, ValueError, UnknownTimeZone) as error:
            why = f"no {error.args[0]!r}" if isinstance(error, KeyError) else str(error)
            problems.append(Problem(None, f"slot {number}: {why}; skipped"))
            continue
        if ends.date() != starts.date() or ends <= starts:
            problems.append(Problem(None, f"slot {number}: not within one day; skipped"))
            continue
        slots.append(_slot(entry, starts.date(), starts.time(), ends.time(), number))
    try:
        dates = days_between(
            date.fromisoformat(conference["starts_on"]), date.fromisoformat(conference["ends_on"])
        )
    except (KeyError, TypeError, ValueError):
        dates = tuple(sorted({s.day for s in slots}))
    title = conference.get("title")
    return AgendaImport(
        title if isinstance(title, str) else None, dates, tuple(slots), tuple(problems)
    )
