"""Where e-mails come from: .eml files, mbox files, Outlook .msg files, folders of them.

The format is recognised from the content, not the name: an Outlook .msg is an
OLE compound file, an mbox starts with a "From " line, an e-mail starts with
headers. Each message comes out as bytes (an Outlook message turned into a
standard e-mail by extract-msg), so everything after this reads one format.
"""

from __future__ import annotations

import hashlib
import logging
import mailbox
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr, parsedate_tz
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits, size_text
from desktop.requests_import.outcome import RawMessage

log = logging.getLogger(__name__)
# extract-msg logs its complaints about damaged files as errors; the import reports
# them to the user as one sentence per file instead.
logging.getLogger("extract_msg").setLevel(logging.CRITICAL)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_NAMES = (
    *(b"from:", b"date:", b"subject:", b"to:", b"message-id:", b"received:"),
    *(b"return-path:", b"mime-version:", b"delivered-to:", b"content-type:"),
)


class MailFormat(StrEnum):
    EML = "eml"
    MBOX = "mbox"
    MSG = "msg"


class UnreadableSource(ValueError):
    """The file or folder holds no e-mail this program can read; one sentence."""


def sniff(head: bytes) -> MailFormat | None:
    """The e-mail format of a file from its first bytes, or None when it is not e-mail."""
    if head.startswith(OLE_MAGIC):
        return MailFormat.MSG
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"From "):
        return MailFormat.MBOX
    first = text.split(b"\n", 1)[0].lower()
    if any(first.startswith(name) for name in _HEADER_NAMES) or (
        b":" in first and b" " not in first.split(b":", 1)[0] and _has_headers(text)
    ):
        return MailFormat.EML
    return None


def _has_headers(text: bytes) -> bool:
    lines = text.split(b"\n", 30)[:30]
    return sum(1 for line in lines if line.lower().startswith(_HEADER_NAMES)) >= 2


def read_mail_source(
    path: Path, forced: MailFormat | None = None, limits: ImportLimits = DEFAULT_LIMITS
) -> Iterator[RawMessage]:
    """Every message in a file or folder, in order; raises UnreadableSource for nothing usable.

    A message beyond ``limits.mail_max_message_bytes`` comes out unreadable, its bytes
    never read into memory; the messages after it come out as usual.
    """
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        found = False
        for file in files:
            kind = forced or _sniff_file(file)
            if kind is None:
                continue
            found = True
            yield from _read_file(file, kind, label=str(file.relative_to(path)), limits=limits)
        if not found:
            raise UnreadableSource(f"The folder {path} holds no e-mail, mbox or .msg file.")
        return
    if not path.exists():
        raise UnreadableSource(f"There is no file or folder {path}.")
    kind = forced or _sniff_file(path)
    if kind is None:
        raise UnreadableSource(f"{path.name} is not an e-mail, an mbox or an Outlook .msg file.")
    yield from _read_file(path, kind, label=path.name, limits=limits)


def _sniff_file(path: Path) -> MailFormat | None:
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(4096))
    except OSError as error:
        raise UnreadableSource(f"{path} cannot be read: {error.strerror or error}.") from error


def _read_file(
    path: Path, kind: MailFormat, *, label: str, limits: ImportLimits
) -> Iterator[RawMessage]:
    largest = limits.mail_max_message_bytes
    if kind is MailFormat.MBOX:
        yield from _mbox_messages(path, label, largest)
        return
    try:
        size = path.stat().st_size
    except OSError as error:
        raise UnreadableSource(f"{path} cannot be read: {error.strerror or error}.") from error
    if size > largest:
        yield RawMessage(b"", label, unreadable=_too_large(size, largest))
    elif kind is MailFormat.MSG:
        yield read_outlook(path, label)
    else:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UnreadableSource(f"{path} cannot be read: {error.strerror or error}.") from error
        yield RawMessage(data, label)


def _too_large(size: int | None, largest: int) -> str:
    """Why a message is not read; its size when known (an mbox is not read that far)."""
    known = f"{size_text(size)}, more" if size is not None else "larger"
    limit = size_text(largest)
    return f"The message is {known} than the {limit} an e-mail may have here; it was not read."


def _mbox_messages(path: Path, label: str, largest: int) -> Iterator[RawMessage]:
    """The messages of an mbox, each read no further than the limit, dated by its "From "
    line. A "From " line that an older mailer left unquoted inside a body starts no
    message: what follows it holds no header, so it is joined to the message before."""
    box = mailbox.mbox(path, create=False)
    try:
        current: tuple[bytes, bytes] | None = None  # (From line, message) not yet handed out
        number = 0
        for key in box.iterkeys():
            with box.get_file(key, from_=True) as file:
                from_line = file.readline()
                data = file.read(largest + 1)
            if current is not None and data and sniff(data[:4096]) is not MailFormat.EML:
                joined = current[1] + from_line + data
                if len(joined) <= largest:
                    current = (current[0], joined)
                    continue
            if current is not None:
                number += 1
                yield _mbox_message(*current, f"{label} #{number}", largest)
            current = (from_line, data)
        if current is not None:
            number += 1
            yield _mbox_message(*current, f"{label} #{number}", largest)
    finally:
        box.close()


def _mbox_message(from_line: bytes, data: bytes, origin: str, largest: int) -> RawMessage:
    if len(data) > largest:
        return RawMessage(b"", origin, unreadable=_too_large(None, largest))
    return RawMessage(data, origin, received_at=from_line_date(from_line))


def from_line_date(line: bytes) -> datetime | None:
    """When the mailbox got the message, from its "From sender date" line (asctime,
    sometimes with a zone): the date of a message that has no Date header."""
    words = line.decode("latin-1").split(None, 2)
    if len(words) < 3 or words[0] != "From":
        return None
    parsed = parsedate_tz(words[2])
    if parsed is None:
        return None
    try:
        moment = datetime(*parsed[:6], tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None
    return moment - timedelta(seconds=parsed[9] or 0)


# Outlook items that are not e-mails: skipped, with what they are.
_NOT_MAIL = {
    "ipm.contact": "an Outlook contact",
    "ipm.distlist": "an Outlook contact group",
    "ipm.appointment": "an Outlook calendar appointment",
    "ipm.schedule.meeting": "an Outlook meeting request",
    "ipm.task": "an Outlook task",
    "ipm.stickynote": "an Outlook note",
    "ipm.activity": "an Outlook journal entry",
}
_ENVELOPED_DATA = bytes.fromhex("2a864886f70d010703")  # the OID of CMS enveloped (encrypted) data
_CODEPAGES = {65001: "utf-8", 50220: "iso2022_jp", 50221: "iso2022_jp", 50222: "iso2022_jp"}
_CODEPAGES |= {51932: "euc_jp", 20932: "euc_jp", 20866: "koi8_r", 21866: "koi8_u"}
_CODEPAGES |= {28591: "latin_1", 28592: "iso8859_2", 28595: "iso8859_5", 54936: "gb18030"}
_CODEPAGES |= {52936: "hz", 10000: "mac_roman"}


def read_outlook(path: Path, label: str) -> RawMessage:
    """An Outlook .msg as a standard e-mail; contacts, tasks and appointments come out
    skipped, encrypted messages and damaged files unreadable (one sentence each)."""
    import extract_msg

    try:
        message = extract_msg.openMsg(str(path), strict=False)
    except Exception as error:  # extract-msg raises many kinds for damaged files
        log.info("cannot read %s as an Outlook message: %s", path, error)
        return RawMessage(
            b"", label, unreadable="The file could not be read as an Outlook message."
        )
    try:
        kind = str(message.classType or "").lower()
        for prefix, what in _NOT_MAIL.items():
            if kind.startswith(prefix):
                return RawMessage(b"", label, skipped=f"{what}, not an e-mail")
        opaque = kind.startswith("ipm.note.smime") and not kind.endswith("multipartsigned")
        if opaque and _is_encrypted(message):
            return RawMessage(b"", label, unreadable=OUTLOOK_ENCRYPTED)
        encoding = _codepage(message)
        if encoding is not None:
            message.close()
            message = extract_msg.openMsg(str(path), strict=False, overrideEncoding=encoding)
        return RawMessage(_as_mime(message, path), label)
    except Exception as error:
        log.info("cannot convert %s: %s", path, error, exc_info=True)
        return RawMessage(
            b"", label, unreadable="The file could not be read as an Outlook message."
        )
    finally:
        message.close()


NOT_OUTLOOK = "The file could not be read as an Outlook message."
OUTLOOK_ENCRYPTED = (
    "The message is encrypted (S/MIME); Floordesk cannot read it. "
    "Open it in the mail program that holds the key and forward the text."
)


def _is_encrypted(message: Any) -> bool:
    blob = message.getStream("__attach_version1.0_#00000000/__substg1.0_37010102")
    return isinstance(blob, bytes) and _ENVELOPED_DATA in blob[:64]


def _codepage(message: Any) -> str | None:
    """The encoding of an Outlook file whose text is not Unicode, when extract-msg would
    read it otherwise (a Japanese message saved by a Japanese Outlook): the message's
    code page, else the Windows code page of its Internet one (ISO-2022-JP mail is
    kept as Shift-JIS), whichever decodes its subject and body."""
    import codecs

    used = str(getattr(message, "stringEncoding", "") or "")
    if used.lower().replace("-", "").replace("_", "") == "utf16le":
        return None
    candidates: list[str] = []
    for tag in ("3FFD0003", "3FDE0003"):  # the message's code page, then the Internet one
        number = getattr(message.props.get(tag), "value", None)
        if isinstance(number, int) and number not in (0, 1200):
            candidates += [
                _WINDOWS_CODEPAGES.get(number, ""),
                _CODEPAGES.get(number, f"cp{number}"),
            ]
    texts = [message.getStream(f"__substg1.0_{tag}001E") for tag in ("0037", "1000")]
    for name in filter(None, candidates):
        try:
            codec = codecs.lookup(name).name
            for text in texts:
                if isinstance(text, bytes):
                    text.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
        return None if used and codecs.lookup(used).name == codec else codec
    return None


# The Windows code page in which Outlook keeps the text of mail sent in these.
_WINDOWS_CODEPAGES = {50220: "cp932", 50221: "cp932", 50222: "cp932", 51932: "cp932"}
_WINDOWS_CODEPAGES |= {20866: "cp1251", 21866: "cp1251", 28595: "cp1251", 28592: "cp1250"}
_WINDOWS_CODEPAGES |= {28591: "cp1252", 936: "gbk", 54936: "gbk", 52936: "gbk", 50225: "cp949"}


def _as_mime(message: Any, path: Path) -> bytes:
    """The message as extract-msg converts it, or, when it cannot (a signed message,
    a body extract-msg fails to decode), rebuilt from the message's properties."""
    try:
        converted = message.asEmailMessage()
    except Exception as error:
        log.info("extract-msg cannot convert %s (%s); rebuilt from its properties", path, error)
        converted = _from_properties(message)
    _complete_outlook_headers(converted, message, path)
    data: bytes = converted.as_bytes()
    return data


_SIGNATURES = ("application/pkcs7-signature", "application/x-pkcs7-signature")


def _from_properties(message: Any) -> EmailMessage:
    rebuilt = EmailMessage()
    body = message.body
    html = None
    if not body:
        try:
            html = message.htmlBody
        except Exception:  # the HTML is de-encapsulated from RTF, which may fail too
            html = None
    if html:
        rebuilt.set_content(
            html.decode("utf-8", "replace") if isinstance(html, bytes) else html, subtype="html"
        )
    else:
        rebuilt.set_content(str(body or "").replace("\r\n", "\n"))
    for attachment in message.attachments:
        data = getattr(attachment, "data", None)
        media_type = str(getattr(attachment, "mimetype", None) or "application/octet-stream")
        if not isinstance(data, bytes) or media_type.lower() in _SIGNATURES:
            continue
        name = getattr(attachment, "longFilename", None) or getattr(attachment, "name", None)
        main, _, sub = media_type.partition("/")
        rebuilt.add_attachment(
            data, maintype=main or "application", subtype=sub or "octet-stream", filename=name
        )
    return rebuilt


# The sender's SMTP address, then the address of whatever type (X.500 inside Exchange).
_SENDER_ADDRESSES = ("__substg1.0_5D01", "__substg1.0_0C1F", "__substg1.0_0065")


def _complete_outlook_headers(converted: EmailMessage, message: Any, path: Path) -> None:
    """What Outlook keeps as properties rather than headers. A message saved from
    Outlook without its transport headers (sent inside the organisation, a draft, a
    message from the Sent folder) has no Subject, Date or From address in them: they
    are taken from its MAPI properties (subject, delivery or submit time, the sender's
    name and SMTP address), and the Message-ID from the file's content, so that the
    same file read twice is known to be the same message."""
    if not str(converted.get("Subject", "")).strip():
        subject = message.subject
        if subject:
            del converted["Subject"]
            converted["Subject"] = " ".join(str(subject).split())
    if not str(converted.get("Date", "")).strip():
        sent = message.date
        if isinstance(sent, datetime):
            del converted["Date"]
            converted["Date"] = format_datetime(sent if sent.tzinfo else sent.replace(tzinfo=UTC))
    name, address = parseaddr(str(converted.get("From", "")))
    if "@" not in address:
        found = next(
            (a for a in map(message.getStringStream, _SENDER_ADDRESSES) if a and "@" in a), ""
        )
        sender = name or _sender_name(message)
        if found or sender:
            del converted["From"]
            converted["From"] = formataddr((sender, found)) if found else f'"{sender}" <>'

    if not str(converted.get("Message-ID", "")).strip():
        del converted["Message-ID"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:32]
        converted["Message-ID"] = f"<{digest}@outlook-msg.floordesk>"


def _sender_name(message: Any) -> str:
    name = message.getStringStream("__substg1.0_0C1A") or str(message.sender or "")
    return "" if "@" in name else name
