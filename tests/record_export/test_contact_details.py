"""A speaker's function read from an e-mail signature keeps no telephone number or e-mail
address: not at import, not in any public export, not after a purge; the review list of
a purged conference names no sender and no subject; the log holds no SQL parameters."""

from __future__ import annotations

import io
import logging
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from db.meeting.vocabulary import ReviewStatus
from db.models import Intervention, Person, ReviewItem
from db.people.personal_data import purge_personal_data, without_contact_details
from db.store import Store
from desktop.record_export import ExportRequest, render
from desktop.requests_import.mail_import import MailImport, import_mail
from desktop.requests_import.outcome import RawMessage
from tests.record_export.scripted import DAY_2, Scripted, local
from tests.requests_import import mails

SIGNATURES = [
    (
        "Head of the Anti-Trafficking Unit, Tel. +43 1 53115-0, anna.weber@bmeia.gv.at",
        "Head of the Anti-Trafficking Unit",
    ),
    ("Counsellor | T: +1 (202) 555-0147 | M: 0043 664 123 45 67 | j.doe@state.gov", "Counsellor"),
    ("Senior Adviser (tel. 5311 5000; e-mail: x@y.org)", "Senior Adviser"),
    ("Первый секретарь, тел. +7 495 123-45-67, эл. почта: ivanov@mid.ru", "Первый секретарь"),
    ("Conseillère, courriel : marie.dupont [at] diplomatie.gouv.fr", "Conseillère"),
    ("Programme Officer (+41 22 917 1234)", "Programme Officer"),
    ("Attaché, phone 01 23 45 67 89", "Attaché"),
    ("Adviser (Legal), x@y.org", "Adviser (Legal)"),
    ("Head of Unit E, x@y.org", "Head of Unit E"),
    ("Ambassador (Tel Aviv), x@y.org", "Ambassador (Tel Aviv)"),
    ("Adviser, E: x@y.org", "Adviser"),
]
KEPT = [
    "Expert on UN Security Council Resolution 2331 (2016)",
    "Second Secretary, Permanent Mission, Wagramer Str. 5, 1400 Vienna",
    "Director, 2026",
    "Head of Unit",
    "",
]
PHONE, ADDRESS = "53115", "weber@bmeia"


@pytest.mark.parametrize(("signature", "function"), SIGNATURES)
def test_contact_details_are_taken_out(signature: str, function: str) -> None:
    assert without_contact_details(signature) == function


@pytest.mark.parametrize("function", KEPT)
def test_functions_without_contact_details_are_kept(function: str) -> None:
    assert without_contact_details(function) == function


def test_the_function_read_from_an_email_keeps_no_contact_details(
    store: Store, conference_id: int
) -> None:
    body = (
        "Dear colleagues,\n\nThe Permanent Mission of the Republic of Austria would like to "
        "take the floor in Panel 2.\n\nSpeaker: Dr. Anna Weber, Head of the Anti-Trafficking "
        "Unit, Tel. +43 1 53115-0, anna.weber@bmeia.gv.at\n\nBest regards"
    )
    plan = MailImport.for_conference(store, conference_id)
    now = datetime(2026, 4, 19, 12, 0, tzinfo=UTC)
    [outcome] = import_mail(store, plan, [RawMessage(mails.plain(body), "m")], now=lambda: now)
    with store.reading() as session:
        functions = list(session.scalars(select(Person.function)))
        review = list(session.scalars(select(ReviewItem.speaker_function)))
    assert not any(PHONE in f or ADDRESS in f for f in functions + review), outcome


def _with_contacts_in_functions(store: Store, scripted: Scripted) -> None:
    """As an older import left them: a function with a telephone number and an address."""
    with store.transaction() as session:
        for intervention_id in scripted.intervention_ids:
            intervention = session.get(Intervention, intervention_id)
            assert intervention is not None
            if intervention.person is not None:
                intervention.person.function = SIGNATURES[0][0]


def _texts(fmt: str, data: bytes) -> str:
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(data))
        return " ".join(str(c.value) for s in book for row in s.iter_rows() for c in row)
    if fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return package.read("word/document.xml").decode()
    if fmt == "pdf":
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice
        from PySide6.QtPdf import QPdfDocument

        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        document = QPdfDocument()
        document.load(buffer)
        return " ".join(document.getAllText(n).text() for n in range(document.pageCount()))
    return data.decode("utf-8-sig")


def test_a_public_export_holds_no_contact_details_in_any_format(
    store: Store, scripted: Scripted, qapp: object
) -> None:
    _with_contacts_in_functions(store, scripted)
    internal = render(store, ExportRequest("csv", Path("x"), conference_id=scripted.conference_id))
    assert PHONE in internal.decode("utf-8-sig")  # the internal record is the organizers' own
    for fmt in ("csv", "xlsx", "docx", "pdf", "json"):
        request = ExportRequest(fmt, Path("x"), conference_id=scripted.conference_id, public=True)
        text = _texts(fmt, render(store, request))
        assert "Anti-Trafficking Unit" in text or fmt == "pdf", fmt
        assert PHONE not in text and ADDRESS not in text and "+43" not in text, fmt


def test_the_purge_takes_contact_details_out_of_functions_and_senders_out_of_the_review_list(
    store: Store, scripted: Scripted
) -> None:
    _with_contacts_in_functions(store, scripted)
    with store.reading() as session:
        before = list(session.scalars(select(ReviewItem)))
    assert before and any(r.sender_name or r.subject for r in before)
    purge_personal_data(store, scripted.conference_id, local(DAY_2, 8) + timedelta(days=2))
    with store.reading() as session:
        functions = list(session.scalars(select(Person.function)))
        items = list(session.scalars(select(ReviewItem)))
    assert "Head of the Anti-Trafficking Unit" in functions
    assert not any(PHONE in f or ADDRESS in f for f in functions)
    for item in items:
        assert (item.sender_name, item.subject, item.sender_email) == ("", "", None)
        assert item.speaker == "" and item.speaker_function == ""
    for view in store.advance_requests.review_items(scripted.conference_id, tuple(ReviewStatus)):
        assert not view.sender_name and not view.subject


def test_the_log_file_holds_no_sql_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import logs

    monkeypatch.setattr(logs, "_configured", False)
    monkeypatch.setattr(logs, "log_file", lambda: tmp_path / "floordesk.log")
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        logs.setup_logging()
        from sqlalchemy.engine import URL
        from sqlalchemy.exc import IntegrityError

        store = Store.open(URL.create("sqlite", database=str(tmp_path / "d.sqlite")))
        try:
            with store.transaction() as session:
                session.add(
                    Person(name="Anna Secret-Weber", function="x", email="anna@secret.example")
                )
            try:
                with store.transaction() as session:
                    session.add(Person(id=1, name="Anna Secret-Weber", function="y"))
            except IntegrityError as error:
                logging.getLogger("floordesk.test").info("refused: %s", error, exc_info=True)
        finally:
            store.close()
        for handler in root.handlers:
            handler.flush()
        text = (tmp_path / "floordesk.log").read_text(encoding="utf-8")
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    assert "refused" in text
    assert "Secret-Weber" not in text and "secret.example" not in text
