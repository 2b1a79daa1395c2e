"""Hostile e-mails: each ends as one error line for itself, every other message is imported.

The limits (desktop.agenda_import.limits, declared as settings) are checked on the
bytes before the standard library parses them; the files are made at run time.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from db.store import Store
from desktop.agenda_import.limits import MB, ImportLimits, check_mail
from desktop.requests_import.mail_message import (
    UnreadableMessage,
    clean_filename,
    read_message,
)
from desktop.requests_import.mail_sources import from_line_date, read_mail_source
from desktop.requests_import.outcome import Outcome, RawMessage
from desktop.requests_import.sources import import_source
from tests.faults.readable import one_sentence
from tests.requests_import import hostile, mails


def test_a_mailbox_of_hostile_messages_imports_every_good_one(
    tmp_path: Path, store: Store, conference_id: int
) -> None:
    box = hostile.mbox(
        tmp_path / "requests.mbox",
        [
            hostile.good(1),
            hostile.nested(1000),
            hostile.good(2),
            hostile.encoded_subject(50_000),
            hostile.good(3),
            hostile.attachment_pieces(250 * MB),
            hostile.good(4),
            hostile.forwarded_inside(1000),
            hostile.good(5),
        ],
    )
    started = time.monotonic()
    outcomes = import_source(store, conference_id, str(box), dry_run=True)
    elapsed = time.monotonic() - started

    assert [o.origin for o in outcomes] == [f"requests.mbox #{n}" for n in range(1, 10)]
    errors = [o for o in outcomes if o.outcome is Outcome.ERROR]
    assert [o.origin for o in errors] == [f"requests.mbox #{n}" for n in (2, 4, 6, 8)]
    for error in errors:
        one_sentence(error.reason)
    assert "nested" in errors[0].reason and "header" in errors[1].reason
    assert "larger than the 40 MB" in errors[2].reason and "nested" in errors[3].reason
    good = [o for o in outcomes if o not in errors]
    assert all(o.details["delegation"] == "Austria" for o in good)
    assert elapsed < 30  # not a benchmark: a parser let loose on these takes minutes


def test_the_limits_are_checked_before_parsing() -> None:
    limits = ImportLimits(mail_max_parts=50, mail_max_header_bytes=4096, mail_max_depth=5)
    many_parts = mails.plain("x")  # one part: fine
    check_mail(many_parts, limits)
    parts = b"".join(b"--s\r\nContent-Type: text/plain\r\n\r\npart\r\n" for _ in range(51))
    too_many = b'Subject: many\r\nContent-Type: multipart/mixed; boundary="s"\r\n\r\n' + parts
    for data, words in [
        (too_many, "more than 50 parts"),
        (hostile.nested(6), "nested 6 levels"),
        (hostile.forwarded_inside(6), "nested 6 levels"),
        (b"Subject: " + b"a" * 5000 + b"\r\n\r\nbody", "header is larger than the 4 kB"),
    ]:
        with pytest.raises(UnreadableMessage) as caught:
            read_message(RawMessage(data, "m.eml"), limits)
        assert words in str(caught.value)
        one_sentence(str(caught.value))
    read_message(RawMessage(hostile.nested(4), "m.eml"), limits)  # within: read


def test_a_part_header_too_large_is_refused() -> None:
    limits = ImportLimits(mail_max_header_bytes=4096)
    data = (
        b'Subject: x\r\nContent-Type: multipart/mixed; boundary="s"\r\n\r\n--s\r\n'
        + b"X-Padding: "
        + b"p" * 8000
        + b"\r\n\r\ntext\r\n--s--\r\n"
    )
    with pytest.raises(UnreadableMessage, match="one of the message's parts"):
        read_message(RawMessage(data, "m.eml"), limits)


def test_an_attachment_too_large_is_left_out_and_the_request_read() -> None:
    limits = ImportLimits(mail_max_attachment_bytes=1 * MB)
    message = read_message(RawMessage(hostile.with_attachment(3 * MB), "m.eml"), limits)
    assert "take the floor in Panel 2" in message.body
    assert message.attachments == ()
    assert any("statement.pdf" in p and "left out" in p for p in message.problems)
    small = read_message(RawMessage(hostile.with_attachment(100_000), "m.eml"), limits)
    assert [a.filename for a in small.attachments] == ["statement.pdf"]


def test_a_message_too_large_is_not_read_from_the_mbox(tmp_path: Path) -> None:
    limits = ImportLimits(mail_max_message_bytes=1 * MB)
    box = hostile.mbox(
        tmp_path / "box", [hostile.good(1), hostile.with_attachment(2 * MB), hostile.good(2)]
    )
    raws = list(read_mail_source(box, limits=limits))
    assert [bool(r.unreadable) for r in raws] == [False, True, False]
    assert "larger than the 1 MB" in raws[1].unreadable and raws[1].data == b""


def test_an_mbox_message_without_date_takes_its_from_line(tmp_path: Path) -> None:
    box = hostile.mbox(tmp_path / "box", [mails.plain(hostile.GOOD, date=None)])
    [raw] = read_mail_source(box)
    message = read_message(raw)
    assert not message.dated_by_header
    assert (
        message.sent_at is not None and message.sent_at.isoformat() == "2026-04-10T07:15:00+00:00"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n", "2011-07-08T12:08:34+00:00"),
        (b"From a@b.c Thu Apr 10 07:15:00 +0200 2026\n", "2026-04-10T05:15:00+00:00"),
        (b"From a@b.c Mon Jan  1 00:00:00 2001 GMT\n", "2001-01-01T00:00:00+00:00"),
    ],
)
def test_from_line_dates(line: bytes, expected: str) -> None:
    moment = from_line_date(line)
    assert moment is not None and moment.isoformat() == expected


@pytest.mark.parametrize("line", [b"From \n", b"From a@b.c not a date\n", b"Subject: x\n"])
def test_from_lines_without_a_date(line: bytes) -> None:
    assert from_line_date(line) is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("statement\u202egpj.exe", "statement gpj.exe"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\stmt.pdf", "stmt.pdf"),
        ("a\x00b\r\nc\t.pdf", "a b c .pdf"),
        ("\u200f\u2066name\u2069.docx", "name .docx"),
        ("..", "attachment-1.pdf"),
    ],
)
def test_attachment_names_are_cleaned(name: str, expected: str) -> None:
    assert clean_filename(name, "application/pdf", 0) == expected


def test_attachment_names_are_cut_at_255_bytes_keeping_the_extension() -> None:
    name = clean_filename("Заявление " * 40 + ".pdf", "application/pdf", 0)
    assert len(name.encode()) <= 255 and name.endswith(".pdf")
    name.encode().decode("utf-8")  # not cut inside a character


def test_a_single_file_too_large_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.eml"
    with path.open("wb") as out:  # sparse: 250 MB that take no disk
        out.write(b"From: x@example.org\r\nSubject: huge\r\n\r\n")
        out.seek(250 * MB)
        out.write(b"end\r\n")
    [raw] = read_mail_source(path)
    assert raw.data == b"" and raw.unreadable.startswith(
        "The message is 250 MB, more than the 40 MB"
    )


def test_the_limits_are_settings_of_the_station(tmp_path: Path) -> None:
    from desktop import settings

    station = settings.Settings(tmp_path / "floordesk.ini")
    assert settings.import_limits(station) == ImportLimits()
    station.set(settings.MAIL_MAX_PARTS, 5)
    station.set(settings.MAIL_MAX_DEPTH, 0)  # below 1: the default is kept
    limits = settings.import_limits(station)
    assert limits.mail_max_parts == 5 and limits.mail_max_depth == ImportLimits().mail_max_depth
    assert {o.key for o in settings.OPTIONS} >= {"import/mail_max_parts", "import/max_json_bytes"}
    parts = b"".join(b"--s\r\nContent-Type: text/plain\r\n\r\npart\r\n" for _ in range(6))
    data = b'Subject: many\r\nContent-Type: multipart/mixed; boundary="s"\r\n\r\n' + parts
    with pytest.raises(UnreadableMessage, match="more than 5 parts"):
        read_message(RawMessage(data, "m.eml"), limits)
