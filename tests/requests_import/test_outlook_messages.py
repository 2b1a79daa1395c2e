"""Outlook .msg files, as the organizers save them from Outlook, into the list of speakers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from db.meeting.vocabulary import RequestStatus
from db.store import Store
from desktop.requests_import.mail_import import MailImport, import_mail
from desktop.requests_import.mail_sources import read_mail_source
from desktop.requests_import.outcome import Outcome
from tests.cli.test_cli import floordesk
from tests.requests_import.outlook import outlook_message

NOW = datetime(2026, 4, 19, 12, 0, tzinfo=UTC)
SENT = datetime(2026, 4, 10, 7, 15, tzinfo=UTC)
AUSTRIA = (
    "Dear colleagues,\n\nThe Permanent Mission of the Republic of Austria would like to take "
    "the floor in Panel 2.\n\nSpeaker: Dr. Anna Weber, Head of the Anti-Trafficking Unit\n\n"
    "Best regards\nAnna Weber"
)


def imported(store: Store, conference_id: int, source: Path):  # type: ignore[no-untyped-def]
    plan = MailImport.for_conference(store, conference_id)
    return import_mail(store, plan, read_mail_source(source), now=lambda: NOW)


def test_an_outlook_request_joins_the_list_with_its_statement(
    tmp_path: Path, store: Store, conference_id: int
) -> None:
    source = outlook_message(
        tmp_path / "Request Austria.msg",
        AUSTRIA,
        sent=SENT,
        attachments=(("Statement of Austria.pdf", b"%PDF-1.4 at", "application/pdf"),),
    )
    [outcome] = imported(store, conference_id, source)
    assert outcome.outcome is Outcome.QUEUED, outcome
    assert outcome.details["delegation"] == "Austria"
    panel = next(s for s in store.agenda.slots(conference_id) if s.title.startswith("Panel 2"))
    request = next(r for r in store.speakers.requests(panel.id) if r.delegation == "Austria")
    assert request.status is RequestStatus.WAITING
    assert (request.speaker, request.speaker_function) == (
        "Dr. Anna Weber",
        "Head of the Anti-Trafficking Unit",
    )
    assert request.received_at == SENT
    assert store.advance_requests.attachments_of_request(outcome.details["request"]) == [
        ("Statement of Austria.pdf", "application/pdf", b"%PDF-1.4 at")
    ]


def test_an_outlook_message_in_russian_with_an_html_body(
    tmp_path: Path, store: Store, conference_id: int
) -> None:
    text = "Делегация Российской Федерации просит слово в панели 2."
    source = outlook_message(
        tmp_path / "Запрос.msg",
        text,
        subject="Запрос на выступление",
        sender=("Иван Петров", "petrov@mid.ru"),
        sent=SENT,
        html=f"<html><body><p>{text}</p></body></html>",
    )
    [outcome] = imported(store, conference_id, source)
    assert outcome.outcome is Outcome.QUEUED, outcome
    assert outcome.details["delegation"] == "Russian Federation"


def test_the_same_outlook_file_read_twice_is_skipped(
    tmp_path: Path, store: Store, conference_id: int
) -> None:
    source = outlook_message(tmp_path / "Request Austria.msg", AUSTRIA, sent=SENT)
    [first] = imported(store, conference_id, source)
    [again] = imported(store, conference_id, source)
    assert (first.outcome, again.outcome) == (Outcome.QUEUED, Outcome.SKIPPED)


def test_a_folder_of_outlook_and_standard_messages_by_their_content(
    tmp_path: Path, store: Store, conference_id: int
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    outlook_message(folder / "a.msg", AUSTRIA, sent=SENT)
    # Saved under a name that says nothing: recognised by what it holds.
    outlook_message(
        folder / "b.dat", "Malta requests the floor in Panel 1.", sent=SENT, sender=("J", "j@mt")
    )
    (folder / "notes.csv").write_text("not,mail\n")
    outcomes = imported(store, conference_id, folder)
    assert [o.outcome for o in outcomes] == [Outcome.QUEUED, Outcome.QUEUED]
    assert sorted(o.details["delegation"] for o in outcomes) == ["Austria", "Malta"]


def test_the_command_line_reads_an_outlook_message_in_a_dry_run(tmp_path: Path) -> None:
    database = str(tmp_path / "desk.sqlite")
    assert floordesk("--db", database, "demo", home=tmp_path).returncode == 0
    source = outlook_message(tmp_path / "Request Austria.msg", AUSTRIA, sent=SENT)
    result = floordesk(
        "--db", database, "requests", "import", str(source), "--dry-run", "--json", home=tmp_path
    )
    assert result.returncode == 0, result.stderr
    [found] = [json.loads(line) for line in result.stdout.splitlines()]
    assert found["outcome"] == "queued" and found["delegation"] == "Austria"
    assert found["sender"] == "anna.weber@bmeia.gv.at"
    assert datetime.fromisoformat(found["date"]) == SENT  # Outlook keeps it in UTC
