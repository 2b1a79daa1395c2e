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
from email.message import EmailMessage
from email.utils import formataddr, parseaddr
from enum import StrEnum
from pathlib import Path
from typing import Any

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


def read_mail_source(path: Path, forced: MailFormat | None = None) -> Iterator[RawMessage]:
    """Every message in a file or folder, in order; raises UnreadableSource for nothing usable."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        found = False
        for file in files:
            kind = forced or _sniff_file(file)
            if kind is None:
                continue
            found = True
            yield from _read_file(file, kind, label=str(file.relative_to(path)))
        if not found:
            raise UnreadableSource(f"The folder {path} holds no e-mail, mbox or .msg file.")
        return
    if not path.exists():
        raise UnreadableSource(f"There is no file or folder {path}.")
    kind = forced or _sniff_file(path)
    if kind is None:
        raise UnreadableSource(f"{path.name} is not an e-mail, an mbox or an Outlook .msg file.")
    yield from _read_file(path, kind, label=path.name)


def _sniff_file(path: Path) -> MailFormat | None:
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(4096))
    except OSError as error:
        raise UnreadableSource(f"{path} cannot be read: {error.strerror or error}.") from error


def _read_file(path: Path, kind: MailFormat, *, label: str) -> Iterator[RawMessage]:
    if kind is MailFormat.MBOX:
        box = mailbox.mbox(path, create=False)
        try:
            for index, key in enumerate(box.iterkeys(), start=1):
                yield RawMessage(box.get_bytes(key), f"{label} #{index}")
        finally:
            box.close()
    elif kind is MailFormat.MSG:
        data = outlook_to_mime(path)
        problem = "" if data else "The file could not be read as an Outlook message."
        yield RawMessage(data, label, unreadable=problem)
    else:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise UnreadableSource(f"{path} cannot be read: {error.strerror or error}.") from error
        yield RawMessage(data, label)


def outlook_to_mime(path: Path) -> bytes:
    """An Outlook .msg as a standard e-mail; b"" when the file cannot be read (reported later)."""
    import extract_msg

    try:
        message = extract_msg.openMsg(str(path))
    except Exception as error:  # extract-msg raises many kinds for damaged files
        log.info("cannot read %s as an Outlook message: %s", path, error)
        return b""
    try:
        converted = message.asEmailMessage()  # type: ignore[attr-defined]
        _complete_outlook_headers(converted, message, path)
        data: bytes = converted.as_bytes()
        return data
    except Exception as error:
        log.info("cannot convert %s: %s", path, error)
        return b""
    finally:
        message.close()


# The sender's SMTP address, then the address of whatever type (X.500 inside Exchange).
_SENDER_ADDRESSES = ("__substg1.0_5D01", "__substg1.0_0C1F", "__substg1.0_0065")


def _complete_outlook_headers(converted: EmailMessage, message: Any, path: Path) -> None:
    """What Outlook keeps as properties rather than headers. A message saved from
    Outlook without its transport headers (sent inside the organisation, or a draft)
    gets a From of the sender's name alone, and no Message-ID: the address is taken
    from the sender's properties, and the Message-ID from the file's content, so that
    the same file read twice is known to be the same message."""
    name, address = parseaddr(str(converted.get("From", "")))
    if "@" not in address:
        for stream in _SENDER_ADDRESSES:
            found = message.getStringStream(stream)
            if found and "@" in found:
                del converted["From"]
                converted["From"] = formataddr((name or str(message.sender or ""), found))
                break
    if not str(converted.get("Message-ID", "")).strip():
        del converted["Message-ID"]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:32]
        converted["Message-ID"] = f"<{digest}@outlook-msg.floordesk>"
