"""Registration exports, Zoom participants reports and audience questions, as files."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.agenda_import.model import Problem, UnreadableFile
from desktop.agenda_import.sheets import csv_sheet, read_sheet
from desktop.requests_import.people_tables import (
    AudienceQuestionRow,
    Registrant,
    TableKind,
    ZoomParticipant,
    guess_kind,
    guess_mapping,
    header_row,
    read_questions,
    read_registrants,
    read_zoom_participants,
)

ZOOM_SUMMARY = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    "812 3456 7890,Alliance against Trafficking in Persons,11/19/2026 09:00:12 AM,"
    "11/19/2026 06:02:40 PM,tech@osce.example.org,542,87\n"
    "\n"
)
ZOOM_TABLE = (
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,"
    "Recording Consent\n"
    "Anna Weber (Austria),anna@example.at,11/19/2026 09:01:02 AM,11/19/2026 12:30:00 PM,"
    "209,Yes,Y\n"
    "marc dupont,,11/19/2026 09:05:00 AM,11/19/2026 10:00:00 AM,55,Yes,Y\n"
    "Anna Weber,ANNA@example.at,11/19/2026 02:00:00 PM,11/19/2026 06:00:00 PM,240,Yes,Y\n"
    "Marc Dupont,,11/19/2026 10:10:00 AM,11/19/2026 05:59:00 PM,469,Yes,Y\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


# --- registration ------------------------------------------------------------------------


def test_registration_with_first_and_last_name_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "registrations.csv",
        "First name,Last name,Email,Delegation,Job title,Participation mode\n"
        "Anna, Weber ,Anna.Weber@Example.AT,Austria,Ambassador,In person\n"
        "Marc,Dupont,marc@example.fr,France,Counsellor,Online (Zoom)\n"
        "Lena,Berg,lena@example.se,Sweden,Adviser,\n",
    )
    sheet = read_sheet(path)
    assert guess_kind(sheet) is TableKind.REGISTRATION
    result = read_registrants(sheet)
    assert result.problems == ()
    assert result.rows == (
        Registrant("Anna Weber", "anna.weber@example.at", "Austria", "Ambassador", "hall"),
        Registrant("Marc Dupont", "marc@example.fr", "France", "Counsellor", "remote"),
        Registrant("Lena Berg", "lena@example.se", "Sweden", "Adviser", None),
    )


def test_registration_german_headers_semicolon_and_bom(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "anmeldungen.csv",
        "\ufeffVorname;Nachname;E-Mail;Organisation;Funktion;Teilnahme\n"
        "Jürgen;Müller;j.mueller@example.de;Deutschland;Botschafter;Präsenz\n"
        "Eva;Klein;eva@example.de;Deutschland;Referentin;online\n"
        "Karl;Graf;karl@example.at;Österreich;Attaché;vor Ort\n",
    )
    sheet = read_sheet(path)
    assert guess_kind(sheet) is TableKind.REGISTRATION
    assert guess_mapping(sheet.headers, TableKind.REGISTRATION) == {
        "first_name": 0,
        "last_name": 1,
        "email": 2,
        "organization": 3,
        "function": 4,
        "participation": 5,
    }
    rows = read_registrants(sheet).rows
    assert [(r.name, r.organization, r.channel) for r in rows] == [
        ("Jürgen Müller", "Deutschland", "hall"),
        ("Eva Klein", "Deutschland", "remote"),
        ("Karl Graf", "Österreich", "hall"),
    ]


def test_registration_french_headers_prenom_nom(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "inscriptions.csv",
        "Prénom;Nom;Courriel;Organisation;Fonction;Participation\n"
        "Élodie;Martin;elodie.martin@example.fr;France;Conseillère;En ligne\n"
        "Luc;Favre;luc@example.ch;Suisse;Chef de délégation;Présentiel\n"
        "Ana;Costa;ana@example.pt;Portugal;Déléguée;hybride\n",
        encoding="utf-8-sig",
    )
    sheet = read_sheet(path)
    mapping = guess_mapping(sheet.headers, TableKind.REGISTRATION)
    assert mapping["first_name"] == 0
    assert mapping["last_name"] == 1
    assert "name" not in mapping
    result = read_registrants(sheet)
    assert result.problems == ()
    assert result.rows[0] == Registrant(
        "Élodie Martin", "elodie.martin@example.fr", "France", "Conseillère", "remote"
    )
    assert [r.channel for r in result.rows] == ["remote", "hall", None]


@pytest.mark.parametrize(
    ("word", "channel"),
    [
        ("In person", "hall"),
        ("in-person", "hall"),
        ("On-site", "hall"),
        ("onsite", "hall"),
        ("Present", "hall"),
        ("Online", "remote"),
        ("virtual", "remote"),
        ("Remote", "remote"),
        ("Zoom", "remote"),
        ("Hybrid", None),
        ("", None),
    ],
)
def test_participation_words(word: str, channel: str | None) -> None:
    sheet = csv_sheet(f"Name,Attendance\nAnna Weber,{word}\n")
    result = read_registrants(sheet)
    assert result.rows[0].channel == channel
    assert result.problems == ()


def test_registration_single_name_column_and_participating_state() -> None:
    sheet = csv_sheet(
        "Name,participating State,Position,E-mail address\n"
        "  Anna   Weber ,Austria,Ambassador,anna@example.at\n"
    )
    assert guess_kind(sheet) is TableKind.REGISTRATION
    assert read_registrants(sheet).rows == (
        Registrant("Anna Weber", "anna@example.at", "Austria", "Ambassador", None),
    )


def test_registration_bad_rows_become_problems() -> None:
    sheet = csv_sheet(
        "Name,Email,Country,Mode\n"
        "Anna Weber,anna@example.at,Austria,in person\n"
        ",nobody@example.org,Nowhere,online\n"
        "Marc Dupont,marc at example.fr,France,by carrier pigeon\n"
        "\n"
        "Lena Berg,lena@example.se,Sweden,online\n"
    )
    result = read_registrants(sheet)
    assert [r.name for r in result.rows] == ["Anna Weber", "Marc Dupont", "Lena Berg"]
    assert result.rows[1].email is None
    assert result.rows[1].channel is None
    assert [p.line for p in result.problems] == [3, 4, 4]
    assert "no name" in result.problems[0].reason
    assert {"e-mail" in p.reason or "participation" in p.reason for p in result.problems[1:]} == {
        True
    }


def test_registration_xlsx_with_title_row_and_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Registrations — OSCE Alliance against Trafficking in Persons"])
    sheet.append(["Name", "Email", "Organisation", "Title", "Attendance", "Badge"])
    sheet.append(["Anna Weber", "Anna@Example.at", "Austria", "Ambassador", "On-site", 1042])
    sheet.append(["Marc Dupont", None, "France", None, "Virtual", 1043.0])
    path = tmp_path / "registrations.xlsx"
    workbook.save(path)
    table = read_sheet(path)
    assert header_row(table, TableKind.REGISTRATION) == 1
    assert guess_kind(table) is TableKind.REGISTRATION
    assert read_registrants(table).rows == (
        Registrant("Anna Weber", "anna@example.at", "Austria", "Ambassador", "hall"),
        Registrant("Marc Dupont", None, "France", "", "remote"),
    )


def test_missing_name_column_says_so() -> None:
    sheet = csv_sheet("Email,Country\nanna@example.at,Austria\n")
    with pytest.raises(UnreadableFile, match=r"^The table has no column for the participant's"):
        read_registrants(sheet)
    with pytest.raises(UnreadableFile, match=r"participant's name; map one\.$"):
        read_zoom_participants(sheet)
    with pytest.raises(UnreadableFile, match=r"no column for the question's text; map one\.$"):
        read_questions(csv_sheet("Author,Date\n@anna,2026-11-19\n"))


def test_explicit_mapping_overrides_the_guess() -> None:
    sheet = csv_sheet(
        "Name,Email,Badge name,Country,Role\n"
        "Weber Anna,anna@example.at,Anna Weber,Austria,Ambassador\n"
    )
    guessed = read_registrants(sheet).rows[0]
    assert guessed.name == "Weber Anna"
    assert guessed.organization == "Austria"
    chosen = read_registrants(sheet, {"name": 2, "organization": 4}).rows[0]
    assert chosen == Registrant("Anna Weber", None, "Ambassador", "", None)


# --- Zoom participants -------------------------------------------------------------------


def test_zoom_report_with_summary_block(tmp_path: Path) -> None:
    sheet = read_sheet(write(tmp_path, "participants_81234567890.csv", ZOOM_SUMMARY + ZOOM_TABLE))
    assert guess_kind(sheet) is TableKind.ZOOM_PARTICIPANTS
    assert header_row(sheet, TableKind.ZOOM_PARTICIPANTS) == 3
    result = read_zoom_participants(sheet)
    assert result.problems == ()
    assert result.rows == (
        ZoomParticipant(
            "Anna Weber", "anna@example.at", at("2026-11-19 09:01:02"), at("2026-11-19 18:00:00")
        ),
        ZoomParticipant("Marc Dupont", None, at("2026-11-19 09:05"), at("2026-11-19 17:59")),
    )


def test_zoom_report_without_summary_block_bom(tmp_path: Path) -> None:
    sheet = read_sheet(write(tmp_path, "participants.csv", ZOOM_TABLE, encoding="utf-8-sig"))
    assert guess_kind(sheet) is TableKind.ZOOM_PARTICIPANTS
    assert header_row(sheet, TableKind.ZOOM_PARTICIPANTS) == 0
    rows = read_zoom_participants(sheet).rows
    assert [(p.name, p.email) for p in rows] == [
        ("Anna Weber", "anna@example.at"),
        ("Marc Dupont", None),
    ]


def test_zoom_keeps_the_name_as_written_and_merges_by_name_case_insensitively() -> None:
    sheet = csv_sheet(
        "Participant;Email;Join Time;Leave Time;Duration (Minutes)\n"
        "Anna Weber (Austria);;2026-11-19 09:01:02;2026-11-19 10:00:00;59\n"
        "ANNA WEBER (AUSTRIA);;2026-11-19 08:55:00;2026-11-19 09:00:00;5\n"
        " Marc Dupont (France) ;;19.11.2026 09:01;19.11.2026 11:15;134\n"
    )
    assert guess_kind(sheet) is TableKind.ZOOM_PARTICIPANTS
    assert read_zoom_participants(sheet).rows == (
        ZoomParticipant(
            "Anna Weber (Austria)", None, at("2026-11-19 08:55"), at("2026-11-19 10:00")
        ),
        ZoomParticipant(
            "Marc Dupont (France)", None, at("2026-11-19 09:01"), at("2026-11-19 11:15")
        ),
    )


def test_zoom_xlsx_with_datetime_cells(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Name (Original Name)", "User Email", "Join Time", "Leave Time"])
    sheet.append(["Anna Weber", "anna@example.at", at("2026-11-19 09:01"), at("2026-11-19 12:00")])
    sheet.append(["Anna W.", "anna@example.at", at("2026-11-19 13:00"), at("2026-11-19 17:00")])
    path = tmp_path / "participants.xlsx"
    workbook.save(path)
    table = read_sheet(path)
    assert guess_kind(table) is TableKind.ZOOM_PARTICIPANTS
    assert read_zoom_participants(table).rows == (
        ZoomParticipant(
            "Anna W.", "anna@example.at", at("2026-11-19 09:01"), at("2026-11-19 17:00")
        ),
    )


def test_zoom_bad_rows_become_problems() -> None:
    sheet = csv_sheet(
        "Name,Email,Join Time,Leave Time\n"
        ",x@example.org,11/19/2026 09:00:00 AM,11/19/2026 10:00:00 AM\n"
        "Anna Weber,anna@example.at,sometime,11/19/2026 10:00:00 AM\n"
        "Marc Dupont,not-an-address,11/19/2026 13:00:00 PM,11/19/2026 10:00:00 AM\n"
    )
    result = read_zoom_participants(sheet)
    assert result.rows == (
        ZoomParticipant("Anna Weber", "anna@example.at", None, at("2026-11-19 10:00")),
        ZoomParticipant("Marc Dupont", None, None, at("2026-11-19 10:00")),
    )
    assert [p.line for p in result.problems] == [2, 3, 4, 4]
    assert all(isinstance(p, Problem) and p.reason for p in result.problems)


# --- audience questions ------------------------------------------------------------------


def test_questions_with_id_column_and_iso_dates_with_z(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "hashtag.csv",
        "id,created_at,username,text\n"
        '1859912345678901234,2026-11-19T10:02:00Z,@anna_w,"How will the Alliance, '
        'concretely, protect victims?"\n'
        "1859912345678909999,2026-11-19T10:05:30+01:00,@marc,Next steps for 2027?\n"
        "1859912345678901234,2026-11-19T10:02:00Z,@anna_w,(a repeated export row)\n",
    )
    sheet = read_sheet(path)
    assert guess_kind(sheet) is TableKind.QUESTIONS
    result = read_questions(sheet)
    assert result.problems == ()
    assert result.rows == (
        AudienceQuestionRow(
            "1859912345678901234",
            "@anna_w",
            "How will the Alliance, concretely, protect victims?",
            datetime(2026, 11, 19, 10, 2, tzinfo=UTC),
        ),
        AudienceQuestionRow(
            "1859912345678909999",
            "@marc",
            "Next steps for 2027?",
            datetime(2026, 11, 19, 10, 5, 30, tzinfo=timezone(timedelta(hours=1))),
        ),
    )


def test_questions_without_id_column_get_a_stable_hash(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "questions.csv",
        "Author;Date;Question\n"
        "Anna;2026-11-19 10:02;Will there be a follow-up meeting?\n"
        "Marc;11/19/2026 10:07 AM;What about online exploitation?\n"
        "Lena;;Is the report public?\n",
    )
    sheet = read_sheet(path)
    assert guess_kind(sheet) is TableKind.QUESTIONS
    rows = read_questions(sheet).rows
    assert [r.posted_at for r in rows] == [at("2026-11-19 10:02"), at("2026-11-19 10:07"), None]
    assert rows[0].posted_at is not None and rows[0].posted_at.tzinfo is None
    assert all(len(r.source_id) == 32 for r in rows)
    assert len({r.source_id for r in rows}) == 3
    assert read_questions(sheet).rows == rows
    expected = hashlib.sha256(b"Lena\n\nIs the report public?").hexdigest()[:32]
    assert rows[2].source_id == expected


def test_questions_bad_rows_become_problems() -> None:
    sheet = csv_sheet(
        "post id,user,timestamp,message\n"
        "1,@anna,2026-11-19T10:02:00Z,\n"
        "2,@marc,last Tuesday,Is this on the record?\n"
    )
    result = read_questions(sheet)
    assert result.rows == (AudienceQuestionRow("2", "@marc", "Is this on the record?", None),)
    assert [(p.line, "text" in p.reason) for p in result.problems] == [(2, True), (3, False)]


def test_questions_explicit_mapping() -> None:
    sheet = csv_sheet("A,B,C\n@anna,Why?,2026-11-19 10:00\n")
    assert guess_kind(sheet) is None
    rows = read_questions(sheet, {"author": 0, "text": 1, "posted_at": 2}).rows
    assert (rows[0].author, rows[0].text, rows[0].posted_at) == (
        "@anna",
        "Why?",
        at("2026-11-19 10:00"),
    )


# --- kinds -------------------------------------------------------------------------------


def test_guess_kind_is_none_for_an_agenda_or_nothing() -> None:
    assert guess_kind(csv_sheet("Day,Start,End,Title\n2026-11-19,09:00,10:30,Opening\n")) is None
    assert guess_kind(csv_sheet("")) is None


def test_guess_kind_registration_with_a_message_column() -> None:
    sheet = csv_sheet("Name,Email,Delegation,Message\nAnna Weber,anna@example.at,Austria,Hi\n")
    assert guess_kind(sheet) is TableKind.REGISTRATION


def test_questions_unix_time_from_a_spreadsheet_number() -> None:
    sheet = csv_sheet("Tweet ID,Author,Tweet,Timestamp\n17,@anna,Why?,1795082520\n")
    assert guess_kind(sheet) is TableKind.QUESTIONS
    assert read_questions(sheet).rows[0].posted_at == datetime(2026, 11, 19, 10, 2, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "11/19/2026 09:01:02 AM",
        "2026-11-19 09:01:02",
        "2026-11-19T09:01:02",
        "19.11.2026 09:01:02",
        "Nov 19, 2026 09:01:02 AM",
        "19 November 2026 09:01:02",
    ],
)
def test_zoom_date_forms(text: str) -> None:
    sheet = csv_sheet(f'Name,Join Time\nAnna Weber,"{text}"\n')
    assert read_zoom_participants(sheet).rows[0].joined_at == at("2026-11-19 09:01:02")


def test_pm_and_midnight_hours() -> None:
    sheet = csv_sheet(
        "Name,Join Time,Leave Time\nAnna Weber,11/19/2026 12:05:00 AM,11/19/2026 12:30:00 PM\n"
    )
    row = read_zoom_participants(sheet).rows[0]
    assert (row.joined_at, row.left_at) == (at("2026-11-19 00:05"), at("2026-11-19 12:30"))
