"""Which columns of a registration export, a Zoom participants report or a table of
audience questions hold which field: the kinds of table, their fields and words, the
guess of a mapping from the headers, and the rows below the header.

The mapping of columns to fields is a plain dict, ``{field: column index}``: ``guess_mapping``
proposes one, a person may correct it, and desktop/requests_import/people_tables.py's
``read_*`` functions apply it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum

from desktop.agenda_import.column_guess import guess_columns, header_words
from desktop.agenda_import.model import Problem, UnreadableFile
from desktop.agenda_import.sheets import Sheet


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


def blank_row(row: Sequence[object]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _missing(kind: TableKind, mapping: Mapping[str, int]) -> None:
    if not _has_required(mapping, kind):
        field = next(f for f in REQUIRED[kind] if f not in mapping)
        raise UnreadableFile(f"The table has no column for {_MISSING[field]}; map one.")


def table_body(
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
        if not blank_row(row)
    ]
    return mapping, rows, list(sheet.problems)
