"""Three tables a moderator brings in, CSV or XLSX, read into plain rows.

* the registration export (who is registered, from which delegation, in the hall or online);
* the Zoom participants report (who was in the meeting, when they joined and left);
* the audience questions exported from the social-media tool for the conference hashtag.

The columns (which field each holds, the guess from the headers) are
desktop/requests_import/people_columns.py's; the cells' times are read by
desktop/requests_import/table_moments.py. As for agenda tables
(``desktop.agenda_import.table``) the mapping of columns to fields is a plain dict,
``{field: column index}``: ``guess_mapping`` proposes one from the headers, a person may
correct it, and the ``read_*`` functions apply it. A missing required column raises
``UnreadableFile``; a bad row becomes a ``Problem`` naming the row of the sheet
(1-based) and the rest of the table is read.

Times are returned as the file writes them: naive datetimes stay naive (the caller
attaches the conference's time zone), aware ones stay aware.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Generic, TypeVar

from desktop.agenda_import.column_guess import header_words
from desktop.agenda_import.model import Problem
from desktop.agenda_import.sheets import Sheet
from desktop.requests_import.channel_words import REMOTE_ANSWERS, REMOTE_WORDS
from desktop.requests_import.people_columns import (
    FIELD_LABELS,
    FIELDS,
    REQUIRED,
    TableKind,
    guess_kind,
    guess_mapping,
    header_row,
    table_body,
)
from desktop.requests_import.table_moments import cell_text, parse_moment

__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "REQUIRED",
    "AudienceQuestionRow",
    "Registrant",
    "TableKind",
    "TableRows",
    "ZoomParticipant",
    "guess_kind",
    "guess_mapping",
    "header_row",
    "parse_moment",
    "read_questions",
    "read_registrants",
    "read_zoom_participants",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Registrant:
    name: str
    email: str | None
    organization: str
    function: str
    channel: str | None  # "hall" | "remote" | None


@dataclass(frozen=True)
class ZoomParticipant:
    """One person in the meeting; several rows of theirs (rejoins) make one participant."""

    name: str
    email: str | None
    joined_at: datetime | None
    left_at: datetime | None


@dataclass(frozen=True)
class AudienceQuestionRow:
    source_id: str
    author: str
    text: str
    posted_at: datetime | None


@dataclass(frozen=True)
class TableRows(Generic[T]):
    rows: tuple[T, ...]
    problems: tuple[Problem, ...] = ()


# --- cells -------------------------------------------------------------------------------


class _Cells:
    """The cells of one row by field, and the problems met reading them."""

    def __init__(self, mapping: Mapping[str, int], problems: list[Problem]) -> None:
        self.mapping = mapping
        self.problems = problems

    def value(self, row: Sequence[object], field: str) -> object:
        column = self.mapping.get(field)
        if column is None or not 0 <= column < len(row):
            return None
        value = row[column]
        if isinstance(value, str):
            value = value.strip()
        return None if value == "" else value

    def text(self, row: Sequence[object], field: str) -> str:
        return cell_text(self.value(row, field))

    def email(self, line: int, row: Sequence[object]) -> str | None:
        text = self.text(row, "email").lower()
        if text.startswith("mailto:"):
            text = text[len("mailto:") :]
        if not text:
            return None
        if "@" not in text or " " in text:
            self.problems.append(Problem(line, f'"{text}" is not an e-mail address; left out'))
            return None
        return text

    def moment(self, line: int, row: Sequence[object], field: str) -> datetime | None:
        value = self.value(row, field)
        if value is None:
            return None
        found = parse_moment(value)
        if found is None:
            label = FIELD_LABELS[field].lower()
            self.problems.append(Problem(line, f'cannot read the {label} time "{value}"; left out'))
        return found


def _sorted(problems: list[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: p.line or 0))


# --- registration ------------------------------------------------------------------------

_HALL = (
    "in person",
    "on site",
    "onsite",
    "in presence",
    "present",
    "hall",
    "praesenz",
    "prasenz",
    "vor ort",
    "sur place",
    "presentiel",
    "physical",
    "physically",
)
_PRESENT = ("presen", "praesen", "prasen")
_REMOTE = tuple(dict.fromkeys(header_words(w) for w in (*REMOTE_WORDS, *REMOTE_ANSWERS)))


def _channel(value: str) -> str | None:
    """ "hall", "remote", None for an empty or hybrid value, "?" when unreadable."""
    words = f" {header_words(value)} "
    if words.strip() in ("", "hybrid", "hybride"):
        return None
    hall = any(f" {w} " in words for w in _HALL) or words.split()[0].startswith(_PRESENT)
    remote = any(f" {w} " in words for w in _REMOTE)
    if hall and not remote:
        return "hall"
    if remote and not hall:
        return "remote"
    return None if hall and remote else "?"


def read_registrants(
    sheet: Sheet, mapping: Mapping[str, int] | None = None
) -> TableRows[Registrant]:
    """The people of a registration export; rows without a name are problems."""
    mapping, rows, problems = table_body(sheet, TableKind.REGISTRATION, mapping)
    cells = _Cells(mapping, problems)
    found: list[Registrant] = []
    for line, row in rows:
        # First and last name where the form asked for them: a "Name" column beside
        # them may be a badge name or a nickname.
        parts = (cells.text(row, "first_name"), cells.text(row, "last_name"))
        name = " ".join(" ".join(parts).split()) if all(parts) else ""
        name = name or " ".join(cells.text(row, "name").split())
        if not name:
            name = " ".join(" ".join(parts).split())
        if not name:
            problems.append(Problem(line, "no name in this row; skipped"))
            continue
        participation = cells.text(row, "participation")
        channel = _channel(participation)
        if channel == "?":
            problems.append(
                Problem(
                    line,
                    f'participation "{participation}" is neither in person nor online; left open',
                )
            )
        found.append(
            Registrant(
                name=name,
                email=cells.email(line, row),
                organization=cells.text(row, "organization"),
                function=cells.text(row, "function"),
                channel=None if channel == "?" else channel,
            )
        )
    return TableRows(tuple(found), _sorted(problems))


# --- Zoom participants -------------------------------------------------------------------


def _before(a: datetime, b: datetime) -> bool:
    try:
        return a < b
    except TypeError:  # one naive and one aware: keep the first seen
        return False


def read_zoom_participants(
    sheet: Sheet, mapping: Mapping[str, int] | None = None
) -> TableRows[ZoomParticipant]:
    """The participants of a Zoom report, one per person however often they rejoined.

    Rows of the same person (the same e-mail, else the same name ignoring case) merge
    into the earliest join and the latest leave; the name is that of the latest join
    (people rename themselves, e.g. to add their delegation).
    """
    mapping, rows, problems = table_body(sheet, TableKind.ZOOM_PARTICIPANTS, mapping)
    cells = _Cells(mapping, problems)
    people: list[ZoomParticipant] = []
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for line, row in rows:
        name = cells.text(row, "name")
        if not name:
            problems.append(Problem(line, "no name in this row; skipped"))
            continue
        email = cells.email(line, row)
        joined, left = cells.moment(line, row, "joined_at"), cells.moment(line, row, "left_at")
        person = ZoomParticipant(name, email, joined, left)
        key = name.casefold()
        index = by_email.get(email) if email else None
        if (
            index is None
            and key in by_name
            and (email is None or people[by_name[key]].email is None)
        ):
            index = by_name[key]
        if index is None:
            index = len(people)
            people.append(person)
        else:
            people[index] = _merged(people[index], person)
        if people[index].email:
            by_email[people[index].email or ""] = index
        by_name.setdefault(key, index)
    return TableRows(tuple(people), _sorted(problems))


def _merged(old: ZoomParticipant, new: ZoomParticipant) -> ZoomParticipant:
    joined, left = old.joined_at, old.left_at
    name = old.name
    if new.joined_at is not None and (joined is None or _before(new.joined_at, joined)):
        joined = new.joined_at
    if new.left_at is not None and (left is None or _before(left, new.left_at)):
        left = new.left_at
    if new.joined_at and old.joined_at and _before(old.joined_at, new.joined_at):
        name = new.name
    return replace(old, name=name, email=old.email or new.email, joined_at=joined, left_at=left)


# --- audience questions ------------------------------------------------------------------


def _source_id(author: str, posted_at: datetime | None, text: str) -> str:
    stamp = posted_at.isoformat() if posted_at is not None else ""
    return hashlib.sha256(f"{author}\n{stamp}\n{text}".encode()).hexdigest()[:32]


def _twitter_unescaped(text: str) -> str:
    """The three characters Twitter's API escapes in a tweet's text (and twarc-csv, among
    others, writes as they came): '&amp;' is '&'. Other entities are left as written."""
    if "&" not in text:
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def read_questions(
    sheet: Sheet, mapping: Mapping[str, int] | None = None
) -> TableRows[AudienceQuestionRow]:
    """The audience questions of a social-media export; a repeated id is read once.

    Without an id column (or an id cell), the id is the first 32 hex digits of the
    SHA-256 of author, time and text, so reading the same export again gives the same ids.
    """
    mapping, rows, problems = table_body(sheet, TableKind.QUESTIONS, mapping)
    cells = _Cells(mapping, problems)
    found: list[AudienceQuestionRow] = []
    seen: set[str] = set()
    for line, row in rows:
        text = _twitter_unescaped(cells.text(row, "text"))
        if not text:
            problems.append(Problem(line, "no question text in this row; skipped"))
            continue
        author = cells.text(row, "author")
        posted_at = cells.moment(line, row, "posted_at")
        source_id = cells.text(row, "source_id") or _source_id(author, posted_at, text)
        if source_id in seen:
            continue
        seen.add(source_id)
        found.append(AudienceQuestionRow(source_id, author, text, posted_at))
    return TableRows(tuple(found), _sorted(problems))
