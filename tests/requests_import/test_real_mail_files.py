"""E-mails written by other programs (Outlook, Thunderbird), from their own test suites
(tests/data/SOURCES): each ends as a request, a review entry, a skipped item with its
reason, or one clear error line, and the folder's other messages are imported."""

from __future__ import annotations

import base64
import email
import shutil
from datetime import UTC, datetime
from email.policy import default
from pathlib import Path

import pytest
from aspose.email_foss import msg  # type: ignore[import-untyped]

from db.store import Store
from desktop.requests_import.mail_message import UnreadableMessage, read_message
from desktop.requests_import.mail_sources import read_mail_source
from desktop.requests_import.outcome import Outcome
from desktop.requests_import.sources import import_source
from tests.faults.readable import one_sentence

MAIL = Path(__file__).parents[1] / "data" / "mail"


def read(name: str):  # type: ignore[no-untyped-def]
    [raw] = read_mail_source(MAIL / name)
    return read_message(raw)


def test_an_outlook_message_without_transport_headers_takes_its_mapi_properties() -> None:
    sent = read("msgreader-sent.msg")  # saved from the Sent folder: no Internet headers
    assert sent.subject == "Sent time"
    assert sent.sent_at == datetime(2021, 2, 15, 8, 19, 4, tzinfo=UTC)
    assert (sent.sender_name, sent.sender_email) == ("xmailuser", "xmailuser@xmailserver.test")
    assert sent.body == "Test mail"
    # Inside Exchange: an X.500 address only; the name is kept, and no address made up.
    exchange = read("msgreader-sent2.msg")
    assert (exchange.subject, exchange.body) == ("Sending test", "Hello.")
    assert exchange.sender_name == "UnoKenji" and exchange.sender_email is None
    assert exchange.sent_at == datetime(2021, 8, 31, 1, 56, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "subject", "words"),
    [
        ("msgreader-Hello__CJK.msg", "Hello +CJK", ["你好", "こんにちは", "안녕하세요"]),
        (
            "msgreader-nonUnicodeCP932.msg",
            "日本語 Non Unicode タイトル",
            ["日本語 Non Unicode 本文"],
        ),
        ("thunderbird-iso-2022-jp-qp.eml", "ISO-2022-JP and quoted-printable", ["日本語の本文"]),
        ("thunderbird-22-plaintext_attachment.eml", "22 plaintext + attachment", ["Καλημέρα"]),
        ("thunderbird-charset-cp932.eml", "ここに本文がきます。", ["ここに本文がきます。"]),
        (
            "thunderbird-body-utf16.eml",
            "test reply to UTF-16 encoded message",
            ["Hi Magnus, here a better UTF-16 encoded mail."],
        ),
        (
            "thunderbird-defective-charset.eml",
            "Test message with Spanish text, no encoding, is windows-1250 (as detected)",
            ["A lo largo de mi vida he sido testigo"],
        ),
    ],
)
def test_asian_and_other_charsets(name: str, subject: str, words: list[str]) -> None:
    message = read(name)
    assert message.subject == subject
    for word in words:
        assert word in message.body
    assert "\ufeff" not in message.body and "\r" not in message.body


def test_a_broken_nested_multipart_still_gives_its_text_and_attachment() -> None:
    message = read("thunderbird-malformed-multipart-mixed.eml")
    assert message.body.startswith("This is malformed multipart/mixed")
    assert [a.filename for a in message.attachments] == ["test.pdf"]


def test_a_forwarded_outlook_message_keeps_its_attachment() -> None:
    message = read("msgreader-msgInMsg.msg")
    assert message.subject == "I have attachments!"
    assert [a.filename for a in message.attachments] == ["green.png"]
    assert message.attachments[0].content.startswith(b"\x89PNG")


def test_attachments_of_an_outlook_message() -> None:
    message = read("msgreader-attachmentFiles.msg")
    assert [a.filename for a in message.attachments] == ["jpg.jpg", "png.png", "tif.tif"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "thunderbird-alice.dsig.SHA256.multipart.eml",
            "This is a test message from Alice to Bob.",
        ),
        ("thunderbird-alice.sig.SHA256.opaque.eml", "This is a test message from Alice to Bob."),
        (
            "thunderbird-signed-by-0x3099ff1238852b9f-to-0xf231550c4f47e38e-unencrypted.eml",
            "Sundays are nothing without callaloo.",
        ),
        ("thunderbird-inline-signed-utf8.eml", "àèìòù"),
    ],
)
def test_signed_messages_are_read_without_their_signature(name: str, text: str) -> None:
    message = read(name)
    assert message.body.strip() == text
    assert message.attachments == ()  # the signature is not an attachment
    assert "PGP" not in message.body


def test_a_forwarded_signed_message_is_read_with_the_original() -> None:
    message = read("thunderbird-fwd-signed.eml")
    assert "outer text" in message.body and "Forwarded message" in message.body


@pytest.mark.parametrize(
    "name",
    [
        "thunderbird-alice.env.eml",
        "thunderbird-unsigned-encrypted-to-0xf231550c4f47e38e-from-0x3099ff1238852b9f.eml",
    ],
)
def test_encrypted_messages_are_reported_as_encrypted(name: str) -> None:
    with pytest.raises(UnreadableMessage) as caught:
        read(name)
    assert str(caught.value).startswith("The message is encrypted")


def test_an_encrypted_outlook_message_is_reported_as_encrypted(tmp_path: Path) -> None:
    """Outlook keeps an encrypted message as IPM.Note.SMIME with the CMS envelope as its
    only attachment: made here around Thunderbird's real envelope."""
    envelope = email.message_from_bytes(
        (MAIL / "thunderbird-alice.env.eml").read_bytes(), policy=default
    ).get_payload(decode=True)
    assert isinstance(envelope, bytes)
    message = msg.MapiMessage.create("Request to take the floor", "")
    message.set_property(msg.PropertyId.MESSAGE_CLASS, "IPM.Note.SMIME")
    message.add_attachment("smime.p7m", envelope, mime_type="application/pkcs7-mime")
    path = tmp_path / "encrypted.msg"
    message.save(str(path))
    [raw] = read_mail_source(path)
    assert raw.unreadable.startswith("The message is encrypted")
    assert base64.b64encode(envelope)[:20] not in raw.data


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("msgreader-contactAnsi.msg", "an Outlook contact"),
        ("msgreader-Appointment_sample_EST.msg", "an Outlook calendar appointment"),
        ("msgreader-A_memo.msg", "an Outlook note"),
    ],
)
def test_outlook_items_that_are_not_mail_are_skipped_with_a_reason(name: str, what: str) -> None:
    [raw] = read_mail_source(MAIL / name)
    assert raw.skipped == f"{what}, not an e-mail" and not raw.unreadable


def test_an_outlook_task_is_skipped(tmp_path: Path) -> None:
    task = msg.MapiMessage.create("Prepare the list of speakers", "by Friday")
    task.set_property(msg.PropertyId.MESSAGE_CLASS, "IPM.Task")
    task.save(str(tmp_path / "task.msg"))
    [raw] = read_mail_source(tmp_path / "task.msg")
    assert raw.skipped == "an Outlook task, not an e-mail"


def test_thunderbird_mboxes_without_losing_a_message() -> None:
    modern = [read_message(r) for r in read_mail_source(MAIL / "thunderbird-mbox_modern")]
    assert [m.subject for m in modern] == ["Sample message 1", "Sample message 2"]
    assert " From - Fri Aug 24 11:55:47 2018" in modern[0].body
    # An older Thunderbird left a "From " line unquoted inside a body: it starts no message.
    unquoted = [read_message(r) for r in read_mail_source(MAIL / "thunderbird-mbox_unquoted")]
    assert [m.subject for m in unquoted] == ["Sample message 1", "Sample message 2"]
    assert "\nFrom \nThis could cause problems" in unquoted[0].body
    rd = [read_message(r) for r in read_mail_source(MAIL / "thunderbird-mbox_mboxrd")]
    # No Date header: the date of the mbox "From " line.
    assert [m.dated_by_header for m in rd] == [False, False]
    assert rd[0].sent_at == datetime(2011, 7, 8, 12, 8, 34, tzinfo=UTC)


def test_a_folder_of_real_files_ends_each_as_one_line(
    tmp_path: Path, store: Store, conference_id: int
) -> None:
    folder = tmp_path / "exported"
    shutil.copytree(MAIL, folder)
    outcomes = import_source(store, conference_id, str(folder), dry_run=True)
    by_origin = {o.origin: o for o in outcomes}
    files = sorted(p.name for p in MAIL.iterdir())
    assert {o.split(" #")[0] for o in by_origin} == set(files)
    for outcome in outcomes:
        assert outcome.outcome in (Outcome.REVIEW, Outcome.SKIPPED, Outcome.ERROR, Outcome.QUEUED)
        if outcome.outcome in (Outcome.ERROR, Outcome.SKIPPED):
            one_sentence(outcome.reason[0].upper() + outcome.reason[1:] + ".")
    errors = sorted(o.origin for o in outcomes if o.outcome is Outcome.ERROR)
    assert errors == [
        "thunderbird-alice.env.eml",
        "thunderbird-unsigned-encrypted-to-0xf231550c4f47e38e-from-0x3099ff1238852b9f.eml",
    ]
    assert sum(o.outcome is Outcome.SKIPPED for o in outcomes) == 3
