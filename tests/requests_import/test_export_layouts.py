"""Registration and hashtag exports in the layouts the tools write them (headers, order
and preamble as the tools' documentation and users' published exports show them; the
rows are made up): each row a registrant or a question, or one problem line."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from desktop.agenda_import.sheets import csv_sheet
from desktop.requests_import.outcome import Outcome
from desktop.requests_import.people_tables import (
    TableKind,
    guess_kind,
    guess_mapping,
    read_questions,
    read_registrants,
)
from desktop.requests_import.sources import detect_format, import_source

# Zoom webinar "Registration Report": a title, when it was made, the webinar's summary,
# "Registrant Details", then the table.
ZOOM_REGISTRATION = (
    "Registration Report\n"
    'Report Generated:,"Apr 10, 2026 09:12 AM"\n'
    "Topic,Webinar ID,Scheduled Time,# Registered,# Cancelled by Host,# Cancelled by Registrant\n"
    '26th Alliance against Trafficking in Persons,812 3456 7890,"Apr 20, 2026 09:00 AM",3,0,0\n'
    "\n"
    "Registrant Details\n"
    "First Name,Last Name,Email,Registration Time,Approval Status,Organization,Job Title,"
    "Country/Region\n"
    'Anna,Weber,anna.weber@bmeia.example.at,"Apr 02, 2026 10:11 AM",approved,'
    "Permanent Mission of Austria,Counsellor,Austria\n"
    'Marc,Dupont,marc.dupont@diplomatie.example.fr,"Apr 03, 2026 08:40 AM",approved,'
    "Délégation de la France,Premier secrétaire,France\n"
    'Ayşe,Yılmaz,,"Apr 04, 2026 16:02 PM",pending,Türkiye,Attaché,Türkiye\n'
)

# A registration form export (event platforms, Google Forms): first and last name, then
# the questions the form asked, one of them whether to print the name on the list.
FORM_EXPORT = (
    "Order #,Order Date,First Name,Last Name,Email,Name on attendee list,"
    "Show my e-mail to other participants,Organisation,Job Title,Attendance\n"
    "1001,2026-04-01,Anna,Weber,anna.weber@bmeia.example.at,Yes,No,"
    "Permanent Mission of Austria,Counsellor,In person\n"
    "1002,2026-04-02,Jan,Novák,jan.novak@mzv.example.cz,No,No,Czechia,Expert,Online\n"
)

# TAGS (Martin Hawksey's Twitter Archiving Google Sheet), its "Archive" sheet as CSV.
TAGS = (
    "id_str,from_user,text,created_at,time,geo_coordinates,user_lang,"
    "in_reply_to_user_id_str,in_reply_to_screen_name,from_user_id_str,"
    "in_reply_to_status_id_str,source,profile_image_url,user_followers_count,"
    "user_friends_count,user_location,status_url,entities_str\n"
    '1781234567890123456,ngo_watch,"#AskOSCE How do you protect victims online?",'
    "Mon Apr 20 07:31:02 +0000 2026,20/04/2026 07:31:02,,en,,,123,,"
    "Twitter for iPhone,,10,20,Vienna,https://twitter.com/ngo_watch/status/1781234567890123456,\n"
    '1781234567890123999,student_k,"#AskOSCE Was tun Unternehmen gegen Zwangsarbeit?",'
    "Mon Apr 20 07:40:10 +0000 2026,20/04/2026 07:40:10,,de,,,456,,"
    "Twitter Web App,,3,4,Graz,https://twitter.com/student_k/status/1781234567890123999,\n"
)

# A JSON-to-CSV export of a scraper (camelCase fields: id, url, text, createdAt and the
# author's screenName).
SCRAPER = (
    "id,url,text,createdAt,screenName,lang,retweetCount\n"
    "1781234567890124000,https://x.com/osce_fan/status/1781234567890124000,"
    '"#AskOSCE What is the role of banks?",2026-04-20T08:01:00.000Z,osce_fan,en,2\n'
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_zoom_registration_report_skips_its_preamble() -> None:
    sheet = csv_sheet(ZOOM_REGISTRATION)
    assert guess_kind(sheet) is TableKind.REGISTRATION
    found = read_registrants(sheet)
    assert [r.name for r in found.rows] == ["Anna Weber", "Marc Dupont", "Ayşe Yılmaz"]
    assert found.rows[0].organization == "Permanent Mission of Austria"
    assert found.rows[0].function == "Counsellor"
    assert found.rows[2].email is None


def test_first_and_last_name_make_the_name_never_an_opt_in_column() -> None:
    sheet = csv_sheet(FORM_EXPORT)
    mapping = guess_mapping(sheet.rows[0], TableKind.REGISTRATION)
    assert mapping["first_name"] == 2 and mapping["last_name"] == 3
    assert "name" not in mapping
    found = read_registrants(sheet)
    assert [r.name for r in found.rows] == ["Anna Weber", "Jan Novák"]
    assert [r.channel for r in found.rows] == ["hall", "remote"]
    assert [r.email for r in found.rows] == [
        "anna.weber@bmeia.example.at",
        "jan.novak@mzv.example.cz",
    ]


@pytest.mark.parametrize(
    ("text", "authors"),
    [(TAGS, ["ngo_watch", "student_k"]), (SCRAPER, ["osce_fan"])],
    ids=["tags", "scraper"],
)
def test_hashtag_exports_name_their_authors(text: str, authors: list[str]) -> None:
    sheet = csv_sheet(text)
    assert guess_kind(sheet) is TableKind.QUESTIONS
    found = read_questions(sheet)
    assert [q.author for q in found.rows] == authors
    assert all(q.text.startswith("#AskOSCE") for q in found.rows)
    assert all(q.posted_at is not None for q in found.rows), found.problems
    assert len({q.source_id for q in found.rows}) == len(authors)


def test_the_exports_import_end_to_end(tmp_path: Path, store: Store, conference_id: int) -> None:
    registration = write(tmp_path, "registration.csv", ZOOM_REGISTRATION)
    assert detect_format(str(registration)) == "registration"
    outcomes = import_source(store, conference_id, str(registration))
    assert [o.outcome for o in outcomes] == [Outcome.ADDED] * 3
    questions = write(tmp_path, "askosce.csv", TAGS)
    assert detect_format(str(questions)) == "questions"
    outcomes = import_source(store, conference_id, str(questions))
    assert [o.outcome for o in outcomes] == [Outcome.ADDED] * 2
