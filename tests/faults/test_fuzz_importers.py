"""Every importer, fuzzed at its public entry point: no exception escapes but the one that
says, in one readable sentence, why the file cannot be imported.

Agenda files (concept note text and .docx, .ics, CSV and XLSX tables, JSON) go through
``read_agenda``; e-mail (single messages and mboxes), Zoom chat files and the people
tables (registration, Zoom participants, questions) through ``import_source``, the
entry point of the command line and the import dialog, in dry-run mode.
``FLOORDESK_FUZZ=thorough`` runs thousands of inputs per importer.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from db.store import Store
from desktop.agenda_import import AgendaImport, UnreadableFile, read_agenda
from desktop.requests_import.mail_message import UnreadableMessage, read_message
from desktop.requests_import.outcome import RawMessage
from desktop.requests_import.sources import UnreadableImport, import_source
from tests.faults.conftest import FUZZ
from tests.faults.readable import one_sentence, readable

_names = itertools.count()

WORDS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=0, max_size=40)
PLAIN = st.sampled_from(
    ["Austria", "Holy See", "Türkiye", "Panel 1", "floor", "", " ", "9:00", "2026-04-20", "—"]
)
CELL = st.one_of(WORDS, PLAIN)


def new_file(folder: Path, suffix: str, data: bytes | str) -> Path:
    path = folder / f"fuzz-{next(_names)}{suffix}"
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", errors="surrogatepass")
    else:
        path.write_bytes(data)
    return path


def lines_of(
    pieces: st.SearchStrategy[str], noise: st.SearchStrategy[str] = WORDS
) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(pieces, noise), max_size=40).map("\n".join)


def agenda_read(path: Path, fmt: str | None = None) -> None:
    try:
        agenda = read_agenda(path, fmt=fmt)
    except UnreadableFile as error:
        one_sentence(str(error))
        return
    assert isinstance(agenda, AgendaImport)
    for problem in agenda.problems:
        readable(problem.reason)
    for slot in agenda.slots:
        assert slot.end > slot.start


# -- agendas ------------------------------------------------------------------------------

NOTE_LINES = st.sampled_from(
    [
        "23rd Conference of the Alliance against Trafficking in Persons",
        "18-19 April 2023",
        "14 June 2021, 14:00 – 16 June 2021, 16:30",
        "Day 1: Tuesday 18 April",
        "Day 2",
        "09:00-10:30\tPanel 1 – Working smarter",
        "9.00 – 10.30 Coffee break",
        "25:00-26:00 Impossible",
        "23:30-00:30 Past midnight",
        "18:00 Networking reception",
        "Moderator:",
        "Panellists:",
        "- Ms B, Judge",
        "Topics to be covered:",
        "| 10:00 | Lunch |",
        "29 February 2023",
        "31 April 2026",
        "Monday, 31 December 9999",
        "1 January 1",
    ]
)

ICS_LINES = st.one_of(
    st.sampled_from(
        [
            "BEGIN:VCALENDAR",
            "END:VCALENDAR",
            "VERSION:2.0",
            "BEGIN:VEVENT",
            "END:VEVENT",
            "BEGIN:VTIMEZONE",
            "END:VTIMEZONE",
            "TZID:Europe/Vienna",
            "TZID:Mars/Olympus",
            "DTSTART:20260420T090000Z",
            "DTEND:20260420T103000Z",
            "DTSTART;TZID=Europe/Vienna:20260420T090000",
            "DTSTART;TZID=Nowhere:20260420T090000",
            "DTEND;VALUE=DATE:20260421",
            "DTSTART:99999999T999999",
            "DTSTART:2026",
            "DURATION:PT1H30M",
            "DURATION:P-1D",
            "RRULE:FREQ=DAILY;COUNT=1000000",
            "RRULE:FREQ=WEEKLY;UNTIL=20260101",
            "EXDATE:20260421T090000Z",
            "SUMMARY:Panel 1",
            "SUMMARY;LANGUAGE=de:Eröffnung",
            "DESCRIPTION:Moderator: Ms A\\nPanellists: Mr B",
            "LOCATION:Neuer Saal",
            "STATUS:CANCELLED",
            "RECURRENCE-ID:20260420T090000Z",
            " folded continuation",
            "\tfolded with a tab",
            "X-WR-TIMEZONE:Europe/Vienna",
        ]
    ),
    st.builds(
        lambda k, v: f"{k}:{v}", st.sampled_from(["DTSTART", "DTEND", "SUMMARY", "UID"]), WORDS
    ),
)


@FUZZ
@given(text=lines_of(NOTE_LINES))
def test_a_concept_note(tmp_path: Path, text: str) -> None:
    agenda_read(new_file(tmp_path, ".txt", text))


@FUZZ
@given(text=lines_of(ICS_LINES, st.one_of(WORDS, ICS_LINES)))
def test_an_ical_file(tmp_path: Path, text: str) -> None:
    agenda_read(new_file(tmp_path, ".ics", text), "ics")


AGENDA_HEADERS = st.sampled_from(
    ["Date", "Day", "Start", "End", "Time", "From", "To", "Title", "Session", "Type", "Kind",
     "Moderator", "Chair", "Panellists", "Speakers", "Duration", "Notes", "", "Start time"]
)  # fmt: skip
VALUES = st.one_of(
    CELL,
    st.sampled_from(["20/04/2026", "2026-04-20", "4/31/2026", "09:00", "9h30", "25:61", "-1"]),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def csv_text(headers: list[str], rows: list[list[str]], delimiter: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue()


def tables(headers: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        csv_text,
        st.lists(headers, max_size=8),
        st.lists(st.lists(VALUES, max_size=9), max_size=12),
        st.sampled_from([",", ";", "\t"]),
    )


@FUZZ
@given(text=st.one_of(tables(AGENDA_HEADERS), WORDS))
def test_an_agenda_table(tmp_path: Path, text: str) -> None:
    agenda_read(new_file(tmp_path, ".csv", text))


XLSX_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    # Cells of a workbook have no time zone.
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 1, 1)),  # noqa: DTZ001
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=30),
)


def xlsx_bytes(headers: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = st.one_of(
    st.builds(
        xlsx_bytes,
        st.lists(AGENDA_HEADERS, max_size=6),
        st.lists(st.lists(XLSX_VALUES, max_size=6), max_size=6),
    ),
    st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
)


@FUZZ
@given(data=XLSX)
def test_an_agenda_workbook(tmp_path: Path, data: bytes) -> None:
    agenda_read(new_file(tmp_path, ".xlsx", data))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | WORDS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(WORDS | PLAIN, inner, max_size=4),
    max_leaves=20,
)
SLOT_KEYS = st.sampled_from(["title", "start", "end", "kind", "date", "moderator", "slots"])
JSON_SLOTS = st.lists(st.dictionaries(SLOT_KEYS, st.one_of(VALUES, JSON), max_size=6), max_size=5)


@FUZZ
@given(value=st.one_of(JSON, JSON_SLOTS, st.fixed_dictionaries({"slots": JSON_SLOTS})))
def test_a_json_agenda(tmp_path: Path, value: object) -> None:
    agenda_read(new_file(tmp_path, ".json", json.dumps(value)))


def docx_bytes(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


XML_SAFE = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc", "Co"]), max_size=40)


@FUZZ
@given(
    data=st.one_of(
        st.lists(st.one_of(NOTE_LINES, XML_SAFE), max_size=15).map(docx_bytes),
        st.binary(max_size=300).map(lambda b: b"PK\x03\x04" + b),
    )
)
def test_a_concept_note_in_word(tmp_path: Path, data: bytes) -> None:
    agenda_read(new_file(tmp_path, ".docx", data))


@FUZZ
@given(data=st.binary(max_size=500), suffix=st.sampled_from([".txt", ".ics", ".csv", ".bin"]))
def test_any_bytes_as_an_agenda(tmp_path: Path, data: bytes, suffix: str) -> None:
    agenda_read(new_file(tmp_path, suffix, data))


# -- requests -------------------------------------------------------------------------------

# What delegations write about the floor, in the six languages: requests, refusals,
# questions and withdrawals (the last withdraw a request when filed).
FLOOR_PHRASINGS = [
    "The delegation of Austria would like to take the floor in Panel 1.",
    "We withdraw our request to speak in Panel 1.",
    "Austria does not wish to take the floor.",
    "Is the list of speakers still open?",
    "La France demande la parole",
    "Nous ne souhaitons plus intervenir",
    "Wir ziehen unsere Wortmeldung zurück",
    "L'Italia chiede di intervenire",
    "Прошу слова",
    "Мы снимаем нашу заявку на выступление",
    "España solicita el uso de la palabra",
    "¿Está abierta todavía la lista de oradores?",
    "✋",
]

HEADERS = st.sampled_from(
    ["From", "To", "Subject", "Date", "Message-ID", "Content-Type", "Content-Transfer-Encoding",
     "MIME-Version", "Reply-To", "Received", "Content-Disposition"]
)  # fmt: skip
HEADER_VALUES = st.one_of(
    WORDS,
    st.sampled_from(
        [
            "Anna Weber <anna@example.org>",
            "=?utf-8?b?w5xiZXI=?= <x@y>",
            "=?unknown-8?q?bad?=",
            "<<<@>>>",
            "Mon, 20 Apr 2026 09:00:00 +0200",
            "Mon, 99 Foo 2026 99:99:99 +9999",
            "multipart/mixed; boundary=XYZ",
            "multipart/alternative; boundary=",
            "text/plain; charset=unknown-charset",
            "text/html; charset=utf-8",
            "application/pdf; name=statement.pdf",
            "message/rfc822",
            "base64",
            "quoted-printable",
            "attachment; filename=../../etc/passwd",
        ]
    ),
)
BODY_LINES = st.one_of(
    WORDS,
    st.sampled_from(
        [
            "--XYZ",
            "--XYZ--",
            "Content-Type: text/plain",
            "Content-Type: message/rfc822",
            "Content-Transfer-Encoding: base64",
            "=C3=BC=\n",
            "SGVsbG8=",
            "!!!notbase64",
            "The delegation of Austria would like to take the floor in Panel 1.",
            "-----Original Message-----",
            "<html><body><p>Holy See, panel 2</p></body></html>",
            "",
            *FLOOR_PHRASINGS,
        ]
    ),
)


def message_text(headers: list[tuple[str, str]], body: list[str]) -> str:
    head = "\n".join(f"{name}: {value}" for name, value in headers)
    return head + "\n\n" + "\n".join(body)


MESSAGES = st.builds(
    message_text,
    st.lists(st.tuples(HEADERS, HEADER_VALUES), max_size=10),
    st.lists(BODY_LINES, max_size=15),
)


@pytest.fixture
def conference(store: Store) -> int:
    from desktop.demo import load_demo

    return load_demo(store)


def requests_read(store: Store, conference: int, path: Path, fmt: str | None) -> None:
    try:
        outcomes = import_source(store, conference, str(path), fmt=fmt, dry_run=True)
    except UnreadableImport as error:
        one_sentence(str(error))
        return
    for outcome in outcomes:
        readable(outcome.reason)


@FUZZ
@given(
    data=st.one_of(
        MESSAGES.map(lambda t: t.encode("utf-8", "surrogatepass")), st.binary(max_size=400)
    )
)
def test_an_email(tmp_path: Path, store: Store, conference: int, data: bytes) -> None:
    try:
        message = read_message(RawMessage(data, "fuzz.eml"))
    except UnreadableMessage as error:
        one_sentence(str(error))
    else:
        for problem in message.problems:
            readable(problem)
    requests_read(store, conference, new_file(tmp_path, ".eml", data), "email")


@FUZZ
@given(messages=st.lists(MESSAGES, max_size=3), froms=st.lists(WORDS, min_size=5, max_size=5))
def test_an_mbox(
    tmp_path: Path, store: Store, conference: int, messages: list[str], froms: list[str]
) -> None:
    text = "".join(
        f"From {who} Mon Apr 20 09:00:00 2026\n{m}\n\n"
        for who, m in zip(froms, messages, strict=False)
    )
    requests_read(store, conference, new_file(tmp_path, ".mbox", text), None)


CHAT_LINES = st.one_of(
    st.builds(
        lambda t, who, to, text: f"{t}\t From  {who}  to  {to} : {text}",
        st.sampled_from(["10:02:13", "25:61:61", "9:00:00 AM", "00:00:00", ""]),
        st.one_of(PLAIN, WORDS),
        st.sampled_from(["Everyone", "Host(Privately)", "Alle", ""]),
        WORDS,
    ),
    st.builds(
        lambda d, who, to: f"{d} From {who} to {to}:",
        st.sampled_from(
            ["2026-11-19 10:04:02", "10:05:00", "2026-02-30 10:00:00", "9999-99-99 1:1:1"]
        ),
        st.one_of(PLAIN, WORDS),
        st.sampled_from(["Everyone", "Marc Dupont(direct message)", "Tout le monde", ""]),
    ),
    st.builds(lambda text: f"\t{text}", WORDS),
    st.sampled_from(
        ['\tReplying to "I would like to take the floor":', "\tI would like to take the floor"]
    ),
    # two spaces around the names and nothing after the colon, lines indented with spaces
    st.builds(
        lambda t, who: f"{t} From  {who}  to  Everyone:",
        st.sampled_from(["08:59:02", "10:01:00", "99:99:99"]),
        st.one_of(PLAIN, WORDS),
    ),
    st.builds(lambda text: f"  {text}", st.one_of(WORDS, st.sampled_from(FLOOR_PHRASINGS))),
    # a cloud recording's chat, and "time name:<TAB>text"
    st.builds(
        lambda t, who, text: f"{t}\t{who}:\t{text}",
        st.sampled_from(["01:07:16", "00:00:00", "999:59:59", "1:99:99", ""]),
        st.one_of(PLAIN, WORDS),
        st.one_of(WORDS, st.sampled_from(FLOOR_PHRASINGS)),
    ),
    st.builds(
        lambda t, who, text: f"{t} {who}:\t{text}",
        st.sampled_from(["08:02:35", "24:00:00"]),
        st.one_of(PLAIN, WORDS),
        WORDS,
    ),
    st.sampled_from(
        [
            "\tadd 👍",
            "  remove ☝️",
            '  Replying to "Good morning folks" Hi John',
            "\tMalta withdraws its request",
            *(f"\t{phrasing}" for phrasing in FLOOR_PHRASINGS),
        ]
    ),
)


@FUZZ
@given(text=lines_of(CHAT_LINES))
def test_a_zoom_chat(tmp_path: Path, store: Store, conference: int, text: str) -> None:
    requests_read(store, conference, new_file(tmp_path, ".txt", text), "zoom-chat")


@FUZZ
@given(text=lines_of(CHAT_LINES))
def test_a_zoom_chat_into_the_store(store: Store, conference: int, text: str) -> None:
    """Not a dry run: proposals are made and requests withdrawn in the store."""
    from datetime import date

    from desktop.requests_import.chat_import import ChatImport, import_chat
    from desktop.requests_import.zoom_chat import read_chat

    slot = next(s.id for s in store.agenda.slots(conference) if s.kind.value == "panel")
    plan = ChatImport.for_conference(store, conference, slot)
    for outcome in import_chat(store, plan, read_chat(text), today=date(2026, 4, 20)):
        readable(outcome.reason)


@FUZZ
@given(
    messages=st.lists(
        st.builds(
            message_text,
            st.just([("From", "Anna Weber <anna@example.org>"), ("Subject", "Panel 1")]),
            st.lists(BODY_LINES, max_size=6),
        ),
        max_size=4,
    )
)
def test_e_mails_filed(store: Store, conference: int, messages: list[str]) -> None:
    """Not a dry run: requests filed, updated and withdrawn, refusals sent to review."""
    from desktop.requests_import.mail_import import MailImport, import_mail

    plan = MailImport.for_conference(store, conference)
    raws = [
        RawMessage(f"Message-ID: <fuzz-{next(_names)}@x>\n{m}".encode(), f"#{i}")
        for i, m in enumerate(messages)
    ]
    for outcome in import_mail(
        store, plan, raws, now=lambda: datetime(2026, 4, 19, 12, tzinfo=UTC)
    ):
        readable(outcome.reason)


@FUZZ
@given(text=st.one_of(WORDS, lines_of(st.sampled_from(FLOOR_PHRASINGS))))
def test_the_request_recogniser_and_the_language(text: str) -> None:
    from desktop.requests_import.floor_intent import FloorIntent, describe, read_intent
    from desktop.requests_import.request_language import LANGUAGES, request_language

    reading = read_intent(text)
    assert reading.intent in set(FloorIntent)
    readable(describe(reading))
    assert request_language(text, reading.language) in (*LANGUAGES, None)


PEOPLE_HEADERS = st.sampled_from(
    ["Name", "First name", "Last name", "E-mail", "Email", "Organization", "Delegation",
     "Function", "Participation", "Join Time", "Leave Time", "Name (Original Name)",
     "User Email", "Question", "Author", "Posted", "Post ID", "", "Nom", "Vorname"]
)  # fmt: skip


@FUZZ
@given(
    text=tables(PEOPLE_HEADERS),
    fmt=st.sampled_from([None, "registration", "zoom-participants", "questions"]),
)
def test_a_people_table(
    tmp_path: Path, store: Store, conference: int, text: str, fmt: str | None
) -> None:
    requests_read(store, conference, new_file(tmp_path, ".csv", text), fmt)


@FUZZ
@given(
    data=st.builds(
        xlsx_bytes,
        st.lists(PEOPLE_HEADERS, max_size=6),
        st.lists(st.lists(XLSX_VALUES, max_size=6), max_size=6),
    ),
    fmt=st.sampled_from([None, "registration", "zoom-participants", "questions"]),
)
def test_a_people_workbook(
    tmp_path: Path, store: Store, conference: int, data: bytes, fmt: str | None
) -> None:
    requests_read(store, conference, new_file(tmp_path, ".xlsx", data), fmt)


@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes_as_requests(tmp_path: Path, store: Store, conference: int, data: bytes) -> None:
    requests_read(store, conference, new_file(tmp_path, ".dat", data), None)


# -- hostile input: the readers added for real files (issue 19) ----------------------------


def mime_tree(draw: st.DrawFn, depth: int = 0) -> bytes:
    """A MIME part: text, an attachment, a signature, an envelope, a forwarded message or a
    multipart of such, nested at random, with boundaries that may collide or go missing."""
    kind = draw(
        st.sampled_from(
            ["text", "attachment", "signature", "smime", "pgp", "rfc822", "multipart"]
            if depth < 6
            else ["text", "attachment"]
        )
    )
    if kind == "multipart":
        boundary = draw(st.sampled_from(["b", "b", "XYZ", "--", "b1", "=_"]))
        subtype = draw(st.sampled_from(["mixed", "alternative", "signed", "encrypted", "related"]))
        children = draw(st.lists(st.builds(lambda: None), max_size=4))
        parts = b"".join(
            b"--" + boundary.encode() + b"\r\n" + mime_tree(draw, depth + 1) + b"\r\n"
            for _ in children
        )
        closing = draw(st.sampled_from([b"--" + boundary.encode() + b"--\r\n", b""]))
        return (
            f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()
            + parts
            + closing
        )
    if kind == "rfc822":
        return b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n" + mime_tree(
            draw, depth + 1
        )
    if kind == "smime":
        payload = draw(
            st.sampled_from([b"MIAGCSqGSIb3DQEHA6CAMIA=", b"MIAGCSqGSIb3DQEHAqCA", b"!!"])
        )
        kind_of = draw(st.sampled_from(["enveloped-data", "signed-data", ""]))
        return (
            f"Content-Type: application/pkcs7-mime; smime-type={kind_of}; name=smime.p7m\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n"
        ).encode() + payload
    if kind == "pgp":
        return b"Content-Type: text/plain\r\n\r\n" + draw(
            st.sampled_from(
                [
                    b"-----BEGIN PGP MESSAGE-----\r\nhQEMA\r\n-----END PGP MESSAGE-----",
                    b"-----BEGIN PGP SIGNED MESSAGE-----\r\nHash: SHA256\r\n\r\nAustria asks"
                    b" for the floor.\r\n-----BEGIN PGP SIGNATURE-----\r\nxx\r\n"
                    b"-----END PGP SIGNATURE-----",
                    b"-----BEGIN PGP SIGNED MESSAGE-----",
                ]
            )
        )
    if kind == "signature":
        return b"Content-Type: application/pkcs7-signature; name=smime.p7s\r\n\r\nMIAG"
    if kind == "attachment":
        name = draw(st.one_of(WORDS, st.sampled_from(["a\u202egpj.exe", "x" * 400, "../x"])))
        return (
            "Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
            f'Content-Disposition: attachment; filename="{name}"\r\n\r\n'
        ).encode("utf-8", "surrogatepass") + draw(st.sampled_from([b"JVBERi0=", b"%%%", b""]))
    return b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + draw(BODY_LINES).encode(
        "utf-8", "surrogatepass"
    )


@st.composite
def structured_messages(draw: st.DrawFn) -> bytes:
    head = b"From: Anna Weber <anna@example.org>\r\nSubject: Panel 1\r\nMIME-Version: 1.0\r\n"
    return head + mime_tree(draw)


@FUZZ
@given(data=structured_messages())
def test_a_message_of_any_structure(data: bytes) -> None:
    from desktop.agenda_import.limits import ImportLimits

    limits = ImportLimits(mail_max_parts=20, mail_max_depth=5, mail_max_header_bytes=2048)
    for chosen in (limits, None):
        try:
            message = read_message(RawMessage(data, "fuzz.eml"), *(chosen,) if chosen else ())
        except UnreadableMessage as error:
            one_sentence(str(error))
            continue
        for problem in message.problems:
            readable(problem)
        for attachment in message.attachments:
            name = attachment.filename
            assert len(name.encode()) <= 255 and name.isprintable() and "/" not in name


@FUZZ
@given(data=st.binary(max_size=600))
def test_any_bytes_as_an_outlook_message(tmp_path: Path, data: bytes) -> None:
    from desktop.requests_import.mail_sources import read_mail_source

    path = new_file(tmp_path, ".msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + data)
    for raw in read_mail_source(path):
        assert raw.unreadable or raw.skipped or raw.data
        if raw.unreadable:
            one_sentence(raw.unreadable)


def _archive_paths(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _archive_paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value[:3]):
            found += _archive_paths(inner, (*path, index))
    return found


ARCHIVE_VALUES = st.one_of(
    JSON,
    st.sampled_from(
        [-1, 10**30, 2**63, 1.5, True, "", "Mars/Olympus", "2026-13-45", "2001-01-01T00:00:00Z",
         "2026-04-20T09:00:00", [], {}, None, "statement", "x" * 300]
    ),
)  # fmt: skip


@FUZZ
@given(data=st.data())
def test_a_damaged_archive(store: Store, conference: int, data: st.DataObject) -> None:
    """A real archive with values replaced at random: imported whole, or refused with one
    sentence (ArchiveError), never half imported, never another exception."""
    import copy

    from db.archive.archive import ArchiveError, export_conference, import_conference

    archive = copy.deepcopy(export_conference(store, conference))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(_archive_paths(archive)[1:]))
        target: object = archive
        for key in path[:-1]:
            target = target[key]  # type: ignore[index]
        target[path[-1]] = data.draw(ARCHIVE_VALUES)  # type: ignore[index]
    before = len(store.agenda.conferences())
    try:
        import_conference(store, archive)
    except ArchiveError as error:
        one_sentence(str(error))
        assert len(store.agenda.conferences()) == before


NOTE_SHAPES = st.sampled_from(
    [
        "26th/Feb/2018",
        "31st/Feb/2018",
        "Feb/30/2018",
        "10:00 am - 12:00 pm ET",
        "10:00 am - 12:00 pm (ET)\tPanel 1",
        "11:00 pm - 11:30 pm PT\tLate",
        "9:00-10:00 GMT+14\tFar east",
        "9:00-10:00 UTC-12:30\tOdd offset",
        "Topics to be covered: a; b",
        "The panel looks at it. **Topics to be covered:** x; y",
        "Panel 1 – The scope of the problem In order to understand it the panel will look at"
        " the recent trends and the answers of the States of the region in some detail.",
    ]
)


@FUZZ
@given(text=lines_of(st.one_of(NOTE_LINES, NOTE_SHAPES)), zone=st.sampled_from(
    ["Europe/Vienna", "America/New_York", "Asia/Tokyo", "UTC"]))  # fmt: skip
def test_a_concept_note_as_organizers_write_it(tmp_path: Path, text: str, zone: str) -> None:
    try:
        agenda = read_agenda(new_file(tmp_path, ".txt", text), zone=zone)
    except UnreadableFile as error:
        one_sentence(str(error))
        return
    for problem in agenda.problems:
        readable(problem.reason)
    for slot in agenda.slots:
        assert slot.end > slot.start and slot.title.strip() not in ("ET", "PT", "(ET)")


ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200)


@FUZZ
@given(text=st.one_of(ANY_TEXT, st.sampled_from(["x@y.org", "+43 1 53115-0", "Tel. 0664 1234567"])))
def test_cells_search_and_contact_details_on_any_text(text: str) -> None:
    from db.people.personal_data import without_contact_details
    from db.record.search import MAX_TERMS, query_terms
    from desktop.record_export.cells import neutralise, xml_safe

    cleaned = without_contact_details(text)
    assert "@" not in cleaned or ("@" in text and cleaned.count("@") <= text.count("@"))
    terms = query_terms(text * 50)
    assert len(terms) <= MAX_TERMS and len(set(terms)) == len(terms)
    cell = xml_safe(neutralise(text))
    assert isinstance(cell, str)
    from openpyxl import Workbook

    sheet = Workbook().active
    assert sheet is not None
    sheet.append([cell])


@FUZZ
@given(user=WORDS, secret=ANY_TEXT, rest=WORDS)
def test_a_mailbox_address_never_echoes_its_password(user: str, secret: str, rest: str) -> None:
    from desktop.requests_import.imap_source import MailboxAccount, MailboxError

    password = f"Pw§{secret}§9"
    message = ""
    try:
        MailboxAccount.from_url(f"imaps://{user}:{password}@{rest}")
    except MailboxError as error:
        message = str(error)
    if message:
        one_sentence(message)
        assert password not in message
