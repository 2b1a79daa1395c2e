"""``floordesk requests import`` as a user meets it: a real process, real files, a real mailbox."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.test_cli import assert_user_error, floordesk
from tests.requests_import import mails
from tests.requests_import.dovecot import Dovecot, running_dovecot

pytestmark = pytest.mark.slow  # the real app in processes of its own

AUSTRIA = "The Permanent Mission of Austria requests the floor in Panel 2.\nSpeaker: Anna Weber"
MALTA = "Malta would like to ask a question in Panel 1; we will join online."


@pytest.fixture
def database(tmp_path: Path) -> str:
    path = str(tmp_path / "desk.sqlite")
    result = floordesk("--db", path, "demo", home=tmp_path)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def requests_mbox(tmp_path: Path) -> Path:
    path = tmp_path / "requests.mbox"
    path.write_bytes(
        mails.mbox(
            mails.plain(AUSTRIA),
            mails.plain(MALTA, message_id="<mt@mt>", date=mails.LATE),
            mails.plain("Hello, can we speak?", message_id="<x@x>"),
        )
    )
    return path


def lines(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_a_dry_run_as_json_changes_nothing(
    tmp_path: Path, database: str, requests_mbox: Path
) -> None:
    args = ("--db", database, "requests", "import", str(requests_mbox))
    result = floordesk(*args, "--dry-run", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    found = lines(result.stdout)
    assert [f["outcome"] for f in found] == ["queued", "late", "review"]
    austria = found[0]
    assert austria["sender"] == "anna.weber@bmeia.example.at"
    assert austria["date"] == "2026-04-10T09:15:00+02:00"
    assert austria["delegation"] == "Austria" and austria["score"] == 100
    assert str(austria["slot_title"]).startswith("Panel 2")
    assert (austria["kind"], austria["channel"]) == ("statement", "hall")
    assert found[1]["channel"] == "remote" and found[1]["kind"] == "question"
    assert "no delegation" in str(found[2]["reason"])
    again = floordesk(*args, "--json", home=tmp_path)
    assert [f["outcome"] for f in lines(again.stdout)] == ["queued", "late", "review"]


def test_import_then_import_again(tmp_path: Path, database: str, requests_mbox: Path) -> None:
    args = ("--db", database, "requests", "import", str(requests_mbox))
    first = floordesk(*args, home=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "requests.mbox #1: queued Austria (100) → Panel 2" in first.stdout
    assert first.stdout.splitlines()[-1] == "3 read: 1 queued, 1 late, 1 review."
    second = floordesk(*args, home=tmp_path)
    assert second.stdout.splitlines()[-1] == "3 read: 3 skipped."


def test_a_zoom_chat_file(tmp_path: Path, database: str) -> None:
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_text(
        "10:02:13\t From  Anna Weber (Austria)  to  Everyone : Good morning all\n"
        "10:03:40\t From  Malta - Joseph Borg  to  Everyone : Malta would like to take the floor\n"
        "10:04:01 From Дмитрий Иванов to Everyone:\n\tПрошу слова\n",
        encoding="utf-8",
    )
    listing = floordesk("--db", database, "agenda", "list", "--json", home=tmp_path)
    slot = str(
        next(s["id"] for s in json.loads(listing.stdout) if s["title"].startswith("Panel 1"))
    )
    args = ("--db", database, "requests", "import", str(chat), "--slot", slot, "--json")
    result = floordesk(*args, home=tmp_path)
    assert result.returncode == 0, result.stderr
    found = lines(result.stdout)
    assert [f["outcome"] for f in found] == ["proposed", "proposed"]
    assert found[0]["sender"] == "Malta - Joseph Borg"
    assert found[0]["slot"] == int(slot)
    assert found[1]["text"] == "Прошу слова"
    again = floordesk(*args, home=tmp_path)
    assert [f["outcome"] for f in lines(again.stdout)] == ["skipped", "skipped"]


def test_what_is_not_a_source_is_one_sentence(tmp_path: Path, database: str) -> None:
    junk = tmp_path / "photo.jpg"
    junk.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    result = floordesk("--db", database, "requests", "import", str(junk), home=tmp_path)
    assert_user_error(result, "photo.jpg is not an e-mail")
    missing = floordesk("--db", database, "requests", "import", "nowhere.eml", home=tmp_path)
    assert_user_error(missing, "Cannot read nowhere.eml")


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with running_dovecot() as server:
        yield server


def test_an_imap_mailbox_with_the_password_in_the_keyring(
    tmp_path: Path, database: str, dovecot: Dovecot
) -> None:
    folder = f"Requests{datetime.now(UTC):%H%M%S%f}"
    dovecot.create_folder(folder)
    sent = datetime(2026, 4, 10, 9, 0, tzinfo=UTC)
    dovecot.append([(mails.plain(AUSTRIA), sent), (mails.plain(MALTA, message_id="<m2>"), sent)])
    dovecot.append([(mails.plain(AUSTRIA), sent)], folder=folder)
    keyring_file = tmp_path / "keyring.json"
    env = {
        "PYTHON_KEYRING_BACKEND": "tests.requests_import.file_keyring.FileKeyring",
        "FLOORDESK_TEST_KEYRING": str(keyring_file),
        "SSL_CERT_FILE": dovecot.ca_file,
    }
    url = f"imaps://{dovecot.user}@{dovecot.host}:{dovecot.port}/{folder}"
    args = ("--db", database, "requests", "import", url, "--json")
    no_password = floordesk(*args, home=tmp_path, env=env)
    assert_user_error(no_password, "No password is stored for")
    keyring_file.write_text(
        json.dumps(
            {
                f"Floordesk IMAP\nimaps://{dovecot.user}@{dovecot.host}:{dovecot.port}": (
                    dovecot.password
                )
            }
        )
    )
    first = floordesk(*args, home=tmp_path, env=env)
    assert first.returncode == 0, first.stderr
    [austria] = lines(first.stdout)
    assert austria["outcome"] == "queued" and austria["origin"].endswith("UID 1")
    second = floordesk(*args, home=tmp_path, env=env)
    assert second.returncode == 0, second.stderr
    assert second.stdout == ""  # read before, by UID: not fetched again
    keyring_file.write_text("{}")
    forgotten = floordesk(*args, home=tmp_path, env=env)
    assert_user_error(forgotten, "No password is stored")


def test_registration_zoom_participants_and_questions(tmp_path: Path, database: str) -> None:
    registration = tmp_path / "registration.csv"
    registration.write_text(
        "First name;Last name;E-mail;Organization;Function;Participation\n"
        "Anna;Weber;anna.weber@bmeia.example.at;Permanent Mission of Austria;Counsellor;"
        "In person\n"
        "Joseph;Borg;jb@gov.example.mt;Malta;Ambassador;Online\n",
        encoding="utf-8",
    )
    zoom = tmp_path / "participants_81234567890.csv"
    zoom.write_text(
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "812 3456 7890,Alliance,04/20/2026 09:00:12 AM,04/20/2026 06:02:40 PM,t@o.org,542,2\n"
        "\n"
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Joseph Borg (Malta),jb@gov.example.mt,04/20/2026 09:01:02 AM,"
        "04/20/2026 12:30:00 PM,209,Yes\n",
        encoding="utf-8",
    )
    questions = tmp_path / "hashtag.csv"
    questions.write_text(
        "id,author,created_at,text\n"
        "1001,@survivor_voice,2026-04-20T09:12:00Z,How will compensation reach victims?\n",
        encoding="utf-8",
    )
    for path in (registration, zoom, questions):
        result = floordesk(
            "--db", database, "requests", "import", str(path), "--json", home=tmp_path
        )
        assert result.returncode == 0, result.stderr
        assert {line["outcome"] for line in lines(result.stdout)} == {"added"}, result.stdout
    found = lines(
        floordesk(
            "--db", database, "requests", "import", str(registration), "--json", home=tmp_path
        ).stdout
    )
    assert [f["delegation"] for f in found] == ["Austria", "Malta"]
    again = floordesk("--db", database, "requests", "import", str(questions), home=tmp_path)
    assert again.stdout.splitlines()[-1] == "1 read: 1 skipped."
