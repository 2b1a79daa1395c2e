"""Registration and hashtag exports written by other programs (tests/data/registration,
tests/data/hashtags; sources and licences in tests/data/SOURCES), imported through the
real readers: every row a registrant or a question, or one problem line.

The twarc-csv files showed one misreading, fixed: the tweet's text comes as Twitter's API
sends it, with '&', '<' and '>' escaped ('Fields &amp; Expansions'). The Eventbrite
attendee report showed two: "Attendee #" (a number) was guessed as the name column and
"Attendee Status" (Attending) as in person or online, a problem line for every row."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.store import Store
from desktop.agenda_import.sheets import read_sheet
from desktop.requests_import.outcome import Outcome
from desktop.requests_import.people_tables import (
    TableKind,
    guess_kind,
    guess_mapping,
    read_questions,
    read_registrants,
)
from desktop.requests_import.sources import detect_format, import_source

DATA = Path(__file__).parents[1] / "data"
EVENT_ESPRESSO = DATA / "registration" / "eventespresso-attendees.csv"
EVENTBRITE = DATA / "registration" / "eb2ez-eventbrite-attendees.csv"
EZ_BADGE = DATA / "registration" / "eb2ez-ezbadge-upload.csv"
TWARC_MEDIA = DATA / "hashtags" / "twarc-csv-media_tweet.csv"
TWARC_GEO = DATA / "hashtags" / "twarc-csv-geo_tweets.csv"


def test_event_espresso_attendees_with_old_mac_line_ends() -> None:
    # "First" and "Last" columns, lines ended by a lone CR, answers packed in one cell.
    sheet = read_sheet(EVENT_ESPRESSO)
    assert guess_kind(sheet) is TableKind.REGISTRATION
    read = read_registrants(sheet)
    assert [(r.name, r.email) for r in read.rows] == [
        ("John Doe", "noreply@eventespresso.com"),
        ("Jane Doe", "noreply@eventespresso.com"),
    ]
    assert read.problems == ()


def test_an_eventbrite_attendee_report() -> None:
    sheet = read_sheet(EVENTBRITE)
    assert guess_kind(sheet) is TableKind.REGISTRATION
    headers = sheet.headers
    mapping = guess_mapping(headers, TableKind.REGISTRATION)
    assert {field: headers[column] for field, column in mapping.items()} == {
        "first_name": "First Name",
        "last_name": "Last Name",
        "email": "Email",
        "organization": "Company",
        "function": "Job Title",
    }  # not "Attendee #" as the name, nor "Attendee Status" as in person or online
    read = read_registrants(sheet)
    assert [(r.name, r.organization, r.function) for r in read.rows] == [
        ("John Doe", "Company1Name", "JobTitle1"),
        ("Jane Doe", "Company2Name", "Job2Title"),
        ("Joe Bloggs", "Company3Name", "Job3Title"),
    ]
    assert read.problems == ()


def test_an_ez_badge_upload_list() -> None:
    read = read_registrants(read_sheet(EZ_BADGE))  # "FirstName", "Company or Organization"
    assert [(r.name, r.email, r.organization) for r in read.rows] == [
        ("John Doe", "jdoe1@test1mail.com", "Company1Name"),
        ("Jane Doe", "jdoe2@test2mail.com", "Company2Name"),
        ("Joe Bloggs", "jbloggs@test3mail.com", "Company3Name"),
    ]
    assert read.problems == ()


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            TWARC_MEDIA,
            [
                (
                    "1558553189766631429",
                    "IgorBrigadir",
                    "She's GOING with it! 🐍 https://t.co/uXqSAGWkWJ",
                )
            ],
        ),
        (
            TWARC_GEO,
            [
                (
                    "1501963039859363843",
                    "IgorBrigadir",
                    "@j2bryson @Twitter Most tweets don't have location anymore - and the ones "
                    'that do, would have a "Place" not exact coordinates, like this one, from '
                    "Berlin, which can be manually set. In the v2 Academic Access you need to "
                    "specify Fields & Expansions, twarc does it for you: https://t.co/D8LLYXkHSm",
                )
            ],
        ),
    ],
)
def test_twarc_csv_names_the_author_by_username(
    path: Path, expected: list[tuple[str, str, str]]
) -> None:
    # 84 columns: author_id (a number), in_reply_to_username, retweeted_username,
    # author.username, author.name ...; the author is author.username.
    sheet = read_sheet(path)
    assert guess_kind(sheet) is TableKind.QUESTIONS
    read = read_questions(sheet)
    assert [(q.source_id, q.author, q.text) for q in read.rows] == expected
    assert all(q.posted_at is not None and q.posted_at.tzinfo for q in read.rows)
    assert read.problems == ()


def test_the_real_exports_import_end_to_end(store: Store, conference_id: int) -> None:
    assert detect_format(str(EVENT_ESPRESSO)) == "registration"
    outcomes = import_source(store, conference_id, str(EVENT_ESPRESSO))
    assert [o.outcome for o in outcomes] == [Outcome.ADDED] * 2
    assert detect_format(str(EVENTBRITE)) == "registration"
    outcomes = import_source(store, conference_id, str(EVENTBRITE))
    assert [o.outcome for o in outcomes] == [Outcome.ADDED] * 3
    for path in (TWARC_MEDIA, TWARC_GEO):
        assert detect_format(str(path)) == "questions"
        outcomes = import_source(store, conference_id, str(path))
        assert [o.outcome for o in outcomes] == [Outcome.ADDED]
    again = import_source(store, conference_id, str(TWARC_GEO))
    assert [(o.outcome, o.reason) for o in again] == [(Outcome.SKIPPED, "imported before")]
