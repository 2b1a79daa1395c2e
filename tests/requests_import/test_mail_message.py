"""Reading one e-mail: every shape a mailbox holds ends as text, or as one clear reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.requests_import.mail_message import (
    UnreadableMessage,
    html_to_text,
    read_message,
    signed_content,
)
from desktop.requests_import.mail_sources import MailFormat, sniff
from desktop.requests_import.outcome import RawMessage
from tests.requests_import import mails

BODY = "Dear colleagues,\n\nAustria would like to take the floor in Panel 2.\n\nAnna Weber"


def read(data: bytes, received_at: datetime | None = None):  # type: ignore[no-untyped-def]
    return read_message(RawMessage(data, "test.eml", received_at))


def test_plain_text_with_its_sender_date_and_id() -> None:
    message = read(mails.plain(BODY))
    assert message.sender_name == "Anna Weber"
    assert message.sender_email == "anna.weber@bmeia.example.at"
    assert message.sent_at == datetime(2026, 4, 10, 7, 15, tzinfo=UTC)
    assert message.sent_at.utcoffset() == timedelta(hours=2)
    assert message.dated_by_header
    assert message.message_id == "<req-1@bmeia.example.at>"
    assert "take the floor in Panel 2" in message.body


@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_transfer_encodings(encoding: str) -> None:
    body = "Die Delegation Österreichs ersucht um das Wort — Panel 2, Frau Müller."
    message = read(mails.plain(body, encoding=encoding))
    assert message.body == body


@pytest.mark.parametrize(
    ("charset", "body"),
    [
        ("windows-1251", "Делегация Российской Федерации просит слово в панели 2."),
        ("koi8-r", "Делегация Республики Беларусь просит предоставить слово."),
        ("iso-8859-1", "La délégation de la Suisse demande la parole au panel 2."),
    ],
)
def test_legacy_charsets(charset: str, body: str) -> None:
    assert read(mails.plain(body, charset=charset, encoding="base64")).body == body


def test_an_unknown_charset_is_read_as_best_it_can_and_said() -> None:
    message = read(mails.plain("Malta requests the floor in Panel 1.", charset="x-unknown"))
    assert message.body == "Malta requests the floor in Panel 1."
    assert any("unknown character set" in p for p in message.problems)


def test_encoded_word_headers() -> None:
    data = mails.plain(
        BODY,
        subject="=?utf-8?B?0J/RgNC+0YjRgyDRgdC70L7QstCwIOKAkyBQYW5lbCAy?=",
        sender="=?iso-8859-1?Q?J=FCrgen_M=FCller?= <jm@example.de>",
    )
    message = read(data)
    assert message.subject == "Прошу слова – Panel 2"
    assert message.sender_name == "Jürgen Müller"


def test_html_only_becomes_text() -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Sehr geehrte Damen und Herren,</p><p>KOK bittet um das Wort in <b>Panel&nbsp;3</b>."
        "</p><script>alert(1)</script><div>Mit freundlichen Grüßen<br>Eva Schmidt</div></body>"
    )
    message = read(mails.html_only(html))
    assert "KOK bittet um das Wort in Panel 3." in message.body
    assert "color" not in message.body and "alert" not in message.body
    assert "Eva Schmidt" in message.body.splitlines()


def test_attachments_are_kept() -> None:
    pdf = b"%PDF-1.4 written statement of Malta"
    message = read(mails.with_attachment("Malta requests the floor.", "Statement MT.pdf", pdf))
    assert message.body == "Malta requests the floor."
    [attachment] = message.attachments
    assert attachment.filename == "Statement MT.pdf"
    assert attachment.media_type == "application/pdf"
    assert attachment.content == pdf
    assert len(attachment.sha256) == 64


def test_a_forwarded_message_is_read_with_the_original() -> None:
    inner = mails.plain(
        "Delegation: Ireland\nWe request the floor in Panel 3.", sender="Ciara <c@dfa.example.ie>"
    )
    message = read(mails.forwarded(inner, "FYI, see below."))
    assert "FYI, see below." in message.body
    assert "Forwarded message" in message.body
    assert "Delegation: Ireland" in message.body


def test_no_date_header_takes_the_time_the_mailbox_got_it() -> None:
    received = datetime(2026, 4, 11, 8, 0, tzinfo=UTC)
    message = read(mails.plain(BODY, date=None), received_at=received)
    assert message.sent_at == received
    assert not message.dated_by_header
    assert "no usable Date header" in message.problems


def test_a_nonsense_date_is_like_no_date() -> None:
    message = read(mails.plain(BODY, date="sometime next week"))
    assert message.sent_at is None and not message.dated_by_header


def test_broken_mime_structure_still_gives_the_text() -> None:
    data = (
        b"From: x@example.org\r\nSubject: Panel 2\r\nDate: Fri, 10 Apr 2026 09:15:00 +0200\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n'
        b"--never-closed\r\nContent-Type: text/plain\r\n\r\nCanada asks for the floor."
    )
    message = read(data)
    assert "Canada asks for the floor." in message.body


def test_a_multipart_without_a_boundary() -> None:
    data = (
        b"From: x@example.org\r\nSubject: Panel 2\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\nNorway asks for the floor."
    )
    message = read(data)
    assert "Norway asks for the floor." in message.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "The message is empty."),
        (b"   \r\n", "The message is empty."),
        (b"\x00\x01\x02 binary junk", "The message has no headers; it is not an e-mail."),
    ],
)
def test_what_is_not_an_email_is_one_sentence(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableMessage, match="^" + reason.replace(".", r"\.") + "$"):
        read(data)


def test_sniffing_formats() -> None:
    assert sniff(mails.plain(BODY)) is MailFormat.EML
    assert sniff(mails.mbox(mails.plain(BODY))) is MailFormat.MBOX
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") is MailFormat.MSG
    assert sniff(b"Panel,Start,End\n") is None
    assert sniff(b"10:02:13\t From  Anna : hello\n") is None


def test_html_to_text_keeps_paragraphs() -> None:
    assert html_to_text("<p>One</p><p>Two &amp; three</p>") == "One\n\nTwo & three"


STREAMED_SIGNATURE = Path(__file__).parents[1] / "data" / "signatures" / "openssl-cms-streamed.p7m"


def test_the_message_inside_an_opaque_signature_is_read_from_ber_too() -> None:
    """OpenSSL's streamed SignedData: indefinite lengths, the content in chunks."""
    signed = STREAMED_SIGNATURE.read_bytes()
    inner = b"Content-Type: text/plain\r\n\r\nAustria asks for the floor.\r\n"
    assert signed_content(signed) == inner
    assert signed_content(signed[: len(signed) // 2]) is None  # cut short
    assert signed_content(b"\x30\x80" * 4000) is None  # nested without end
    assert signed_content(b"not a signature") is None
