"""Three tables a moderator brings in, CSV or XLSX, read into plain rows.

* the registration export (who is registered, from which delegation, in the hall or online);
* the Zoom participants report (who was in the meeting, when they joined and left);
* the audience questions exported from the social-media tool for the conference hashtag.

As for agenda tables (``desktop.agenda_import.table``) the mapping of columns to fields
is a plain dict, ``{field: column index}``: ``guess_mapping`` proposes one from the
headers, a person may correct it, and the ``read_*`` functions apply it. A missing
required column raises ``UnreadableFile``; a bad row becomes a ``Problem`` naming the
row of the sheet (1-based) and the rest of the table is read.

Times are returned as the file writes them: naive datetimes stay naive (the caller
attaches the conference's time zone), aware ones stay aware.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Generic, TypeVar

from desktop.agenda_import.column_guess import guess_columns, header_words
from desktop.agenda_import.model import Problem, UnreadableFile
from desktop.agenda_import.sheets import Sheet
from desktop.requests_import.channel_words import REMOTE_ANSWERS, REMOTE_WORDS

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


class TableKind(StrEnum):
    REGISTRATION = "registration"
    ZOOM_PARTICIPANTS = "zoom_participants"
    QUESTIONS = "questions"


FIELDS: dict[TableKind, tuple[str, ...]] = {
    TableKind.REGISTRATION: (
        "name",
        "first_name",
        "last_name",
        "email",
        "organization",
        "function",
        "participation",
    ),
    TableKind.ZOOM_PARTICIPANTS: ("name", "email", "joined_at", "left_at"),
    TableKind.QUESTIONS: ("text", "author", "posted_at", "source_id"),
}
# For a registration, first_name and/or last_name stand in for a missing name column.
REQUIRED: dict[TableKind, tuple[str, ...]] = {
    TableKind.REGISTRATION: ("name",),
    TableKind.ZOOM_PARTICIPANTS: ("name",),
    TableKind.QUESTIONS: ("text",),
}
FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "E-mail",
    "organization": "Delegation / organisation",
    "function": "Function",
    "participation": "Participation (in person / online)",
    "joined_at": "Joined",
    "left_at": "Left",
    "text": "Question",
    "author": "Author",
    "posted_at": "Posted",
    "source_id": "Post ID",
}
# What the missing-column message calls a required field.
_MISSING = {"name": "the participant's name", "text": "the question's text"}

# Headers as people write them, normalised (lower case, no accents, words only); exact first.
_EXACT: dict[TableKind, dict[str, set[str]]] = {
    TableKind.REGISTRATION: {
        "name": {
            "name",
            "full name",
            "participant",
            "participant name",
            "participant s name",
            "delegate",
            "delegate name",
            "attendee",
            "attendee name",
            "nom",
            "nom complet",
            "nom et prenom",
            "vollstandiger name",
            "teilnehmer",
            "teilnehmerin",
        },
        "first_name": {"first name", "given name", "forename", "firstname", "vorname", "prenom"},
        "last_name": {
            "last name",
            "family name",
            "surname",
            "lastname",
            "nachname",
            "familienname",
            "nom de famille",
        },
        "email": {
            "email",
            "e mail",
            "mail",
            "email address",
            "e mail address",
            "e mail adresse",
            "courriel",
            "adresse e mail",
            "adresse electronique",
        },
        "organization": {
            "organization",
            "organisation",
            "delegation",
            "country",
            "institution",
            "affiliation",
            "participating state",
            "participating states",
            "company",
            "entity",
            "pays",
            "land",
        },
        "function": {
            "function",
            "title",
            "position",
            "job title",
            "role",
            "fonction",
            "funktion",
            "titre",
            "poste",
        },
        "participation": {
            "participation",
            "participation mode",
            "mode of participation",
            "type of participation",
            "mode",
            "attendance",
            "attendance mode",
            "in person online",
            "in person or online",
            "teilnahme",
            "teilnahmeart",
            "art der teilnahme",
            "mode de participation",
        },
    },
    TableKind.ZOOM_PARTICIPANTS: {
        "name": {
            "name original name",
            "user name original name",
            "name",
            "participant",
            "participant name",
            "user name",
            "display name",
            "original name",
        },
        "email": {"user email", "email", "e mail", "email address"},
        "joined_at": {"join time", "joined", "join", "joined at", "first join", "entry time"},
        "left_at": {"leave time", "left", "leave", "left at", "last leave", "exit time"},
    },
    TableKind.QUESTIONS: {
        "text": {
            "text",
            "question",
            "tweet",
            "post",
            "message",
            "content",
            "tweet text",
            "post text",
            "body",
        },
        "author": {
            "author",
            "user",
            "username",
            "user name",
            "handle",
            "name",
            "screen name",
            "screenname",
            "user screen name",
            "user screenname",
            "from user",  # TAGS (Twitter Archiving Google Sheet)
            "author username",
            "author handle",
            "author screen name",
            "twitter handle",
            "account",
            "author name",
            "from",
        },
        "posted_at": {
            "date",
            "time",
            "created at",
            "created",
            "posted",
            "posted at",
            "timestamp",
            "date time",
            "published",
            "published at",
        },
        "source_id": {
            *("id", "post id", "tweet id", "url", "link", "permalink", "message id"),
            *("id str", "status url", "tweet url", "post url", "tweet link"),
        },
    },
}
# Words that a header starts with, tried when no header matched exactly.
_WORDS: dict[TableKind, dict[str, tuple[str, ...]]] = {
    TableKind.REGISTRATION: {
        "name": ("name",),
        "first_name": ("first", "given", "vorname", "prenom"),
        "last_name": ("last", "surname", "family", "nachname"),
        "email": ("email", "mail", "courriel"),
        "organization": ("organi", "delegat", "countr", "institut", "affiliat"),
        "function": ("function", "fonction", "funktion", "position", "job"),
        "participation": ("participation", "attend", "teilnahme", "online"),
    },
    TableKind.ZOOM_PARTICIPANTS: {
        "name": ("name",),
        "email": ("email", "mail"),
        "joined_at": ("join",),
        "left_at": ("leave", "left"),
    },
    TableKind.QUESTIONS: {
        "text": ("text", "question", "tweet", "message", "content"),
        "author": ("author", "user", "handle"),
        "posted_at": ("date", "time", "created", "posted", "publish"),
        "source_id": ("url", "link", "permalink"),
    },
}
# How far down a title or summary block may push the header row.
_HEADER_SEARCH = 30


def guess_mapping(headers: Sequence[object], kind: TableKind) -> dict[str, int]:
    """The column of each field of ``kind`` that the headers name (English, German, French)."""
    # "Attendee #", "Order #" (Eventbrite) count things: folded to words they would read
    # as "attendee", a name.
    headers = [f"{h} number" if "#" in str(h or "") else h for h in headers]
    mapping = guess_columns(
        headers,
        FIELDS[kind],
        _EXACT[kind],
        _WORDS[kind],
        not_loosely=lambda field, found: _named_in_parts(kind, field, found),
        opt_in_words=_OPT_IN | _STATES,
    )
    if (
        kind is TableKind.REGISTRATION
        and "first_name" in mapping
        and "name" in mapping
        and "last_name" not in mapping
    ):
        # "Vorname, Name" / "Prénom, Nom": beside a first name, "name" is the family name.
        mapping["last_name"] = mapping.pop("name")
    return mapping


# Columns that hold a count or a state of the registration, never a field read loosely:
# Eventbrite's "Attendee #" (a number) and "Attendee Status" (Attending, Checked In),
# Zoom's "Approval Status" (approved, pending).
_STATES = frozenset({"status", "statut", "number"})
# Words of a question a registration form asks *about* a field ("Name on attendee list?",
# "Show my e-mail to other participants"): such a column holds yes or no, not the field.
_OPT_IN = frozenset(
    {"list", "badge", "badges", "consent", "publish", "published", "display", "displayed"}
    | {"show", "shown", "share", "shared", "agree", "opt", "permission", "directory", "public"}
    | {"liste", "einverstanden", "veroffentlichen", "accord", "publier", "annuaire"}
)


def _named_in_parts(kind: TableKind, field: str, mapping: Mapping[str, int]) -> bool:
    """A name column is not guessed from loose words when first and last names are there."""
    return (
        kind is TableKind.REGISTRATION
        and field == "name"
        and "first_name" in mapping
        and "last_name" in mapping
    )


def _has_required(mapping: Mapping[str, int], kind: TableKind) -> bool:
    if kind is TableKind.REGISTRATION:
        return any(f in mapping for f in ("name", "first_name", "last_name"))
    return all(f in mapping for f in REQUIRED[kind])


def _fits(row: Sequence[object], kind: TableKind) -> bool:
    mapping = guess_mapping(row, kind)
    if kind is TableKind.ZOOM_PARTICIPANTS:
        # The exact name-like header, so that the summary's "Participants" count is no name.
        names = {header_words(h) for h in row}
        return bool(names & _EXACT[kind]["name"]) and ("joined_at" in mapping or "email" in mapping)
    return _has_required(mapping, kind)


def header_row(sheet: Sheet, kind: TableKind) -> int:
    """The index of the header row: the first that names the required fields, else 0.

    Only the Zoom report usually needs this (its meeting summary comes first), but a
    title row above a registration export is skipped too.
    """
    for index, row in enumerate(sheet.rows[:_HEADER_SEARCH]):
        if _fits(row, kind):
            return index
    return 0


def _headers(sheet: Sheet, index: int) -> tuple[str, ...]:
    if not 0 <= index < len(sheet.rows):
        return ()
    return tuple("" if h is None else str(h).strip() for h in sheet.rows[index])


def guess_kind(sheet: Sheet) -> TableKind | None:
    """Which of the three tables ``sheet`` is, from its headers; None when none fits."""
    if not sheet.rows:
        return None
    first = {header_words(h) for h in sheet.rows[0]}
    zoom = TableKind.ZOOM_PARTICIPANTS
    zoom_index = header_row(sheet, zoom)
    if _fits(sheet.rows[zoom_index], zoom):
        names = {header_words(h) for h in sheet.rows[zoom_index]}
        mapping = guess_mapping(sheet.rows[zoom_index], zoom)
        summary = "meeting id" in first and zoom_index > 0
        timed = "joined_at" in mapping or "left_at" in mapping
        if summary or timed or any(n.endswith("duration minutes") for n in names):
            return zoom
    questions = guess_mapping(
        _headers(sheet, header_row(sheet, TableKind.QUESTIONS)), TableKind.QUESTIONS
    )
    kind = TableKind.REGISTRATION
    registration = guess_mapping(_headers(sheet, header_row(sheet, kind)), kind)
    # A registration export may have a "Message" column: count what only each kind has.
    own_questions = sum(f in questions for f in ("text", "posted_at", "source_id"))
    own_registration = sum(
        f in registration
        for f in ("first_name", "last_name", "email", "organization", "function", "participation")
    )
    if "text" in questions and len(questions) >= 2 and own_questions > own_registration:
        return TableKind.QUESTIONS
    if _has_required(registration, kind) and any(
        f in registration for f in ("email", "organization", "function", "participation")
    ):
        return kind
    return None


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
        return _as_text(self.value(row, field))

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


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _blank(row: Sequence[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


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
        value = _as_text(value)
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


def _missing(kind: TableKind, mapping: Mapping[str, int]) -> None:
    if not _has_required(mapping, kind):
        field = next(f for f in REQUIRED[kind] if f not in mapping)
        raise UnreadableFile(f"The table has no column for {_MISSING[field]}; map one.")


def _body(
    sheet: Sheet, kind: TableKind, mapping: Mapping[str, int] | None
) -> tuple[Mapping[str, int], list[tuple[int, tuple[object, ...]]], list[Problem]]:
    """The mapping to apply, the non-blank data rows with their 1-based lines, the problems."""
    index = header_row(sheet, kind)
    if mapping is None:
        mapping = guess_mapping(_headers(sheet, index), kind)
    _missing(kind, mapping)
    rows = [
        (number, row)
        for number, row in enumerate(sheet.rows[index + 1 :], start=index + 2)
        if not _blank(row)
    ]
    return mapping, rows, list(sheet.problems)


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
    mapping, rows, problems = _body(sheet, TableKind.REGISTRATION, mapping)
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
    mapping, rows, problems = _body(sheet, TableKind.ZOOM_PARTICIPANTS, mapping)
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
    mapping, rows, problems = _body(sheet, TableKind.QUESTIONS, mapping)
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
