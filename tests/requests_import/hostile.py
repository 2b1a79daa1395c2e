"""Hostile e-mails, made at run time (nothing this large is committed)."""

from __future__ import annotations

import base64
from pathlib import Path

from tests.requests_import import mails

GOOD = "The delegation of Austria would like to take the floor in Panel 2.\n\nAnna Weber"


def good(number: int) -> bytes:
    return mails.plain(GOOD, message_id=f"<good-{number}@bmeia.example.at>")


def nested(depth: int) -> bytes:
    """A message whose parts are nested ``depth`` multiparts deep."""
    head = b"From: x@example.org\r\nSubject: nested\r\nMIME-Version: 1.0\r\n"
    opening = [
        f'Content-Type: multipart/mixed; boundary="b{level}"\r\n\r\n--b{level}\r\n'.encode()
        for level in range(depth)
    ]
    closing = [f"\r\n--b{level}--\r\n".encode() for level in reversed(range(depth))]
    return head + b"".join(opening) + b"Content-Type: text/plain\r\n\r\nhi" + b"".join(closing)


def forwarded_inside(depth: int) -> bytes:
    """A message forwarded inside a forwarded message, ``depth`` times."""
    inner = b"From: x@example.org\r\nSubject: innermost\r\n\r\ntext\r\n"
    for _ in range(depth):
        inner = (
            b"From: x@example.org\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: message/rfc822\r\n\r\n" + inner
        )
    return inner


def encoded_subject(words: int) -> bytes:
    subject = " ".join("=?utf-8?q?Antrag?=" for _ in range(words))
    return f"From: x@example.org\r\nSubject: {subject}\r\nMessage-ID: <e@x>\r\n\r\nhi\r\n".encode()


def with_attachment(size: int, *, text: str = GOOD, name: str = "statement.pdf") -> bytes:
    """A request with an attachment of ``size`` bytes (base64 in the message)."""
    return b"".join(attachment_pieces(size, text=text, name=name))


def attachment_pieces(size: int, *, text: str = GOOD, name: str = "statement.pdf") -> list[bytes]:
    line = base64.b64encode(b"%PDF" + b"\0" * 53) + b"\r\n"  # 57 bytes a line, as mailers do
    head = (
        "From: Anna Weber <anna.weber@bmeia.example.at>\r\nSubject: Request to take the floor\r\n"
        "Date: Fri, 10 Apr 2026 09:15:00 +0200\r\nMessage-ID: <big@bmeia.example.at>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="sep"\r\n\r\n'
        f"--sep\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n"
        f"--sep\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        f'Content-Disposition: attachment; filename="{name}"\r\n\r\n'
    ).encode()
    lines = size // 57 + 1
    block = line * min(lines, 100_000)  # the same block, written again and again
    blocks = [block] * (lines // 100_000) + [line * (lines % 100_000)]
    return [head, *blocks, b"--sep--\r\n"]


def mbox(path: Path, messages: list[bytes | list[bytes]]) -> Path:
    """An mbox file; a message given as pieces is written piece by piece."""
    with path.open("wb") as out:
        for number, message in enumerate(messages, start=1):
            out.write(f"From sender{number}@example.org Fri Apr 10 07:15:00 2026\n".encode())
            for piece in message if isinstance(message, list) else [message]:
                out.write(piece.replace(b"\r\n", b"\n"))
            out.write(b"\n")
    return path
