"""E-mails written by hand for the tests, as the bytes a mailbox holds."""

from __future__ import annotations

import base64
import quopri

ON_TIME = "Fri, 10 Apr 2026 09:15:00 +0200"  # before the demo's deadline (17 April 13:30)
LATE = "Sat, 18 Apr 2026 08:00:00 +0200"


def plain(
    body: str,
    *,
    subject: str = "Request to take the floor",
    sender: str = "Anna Weber <anna.weber@bmeia.example.at>",
    date: str | None = ON_TIME,
    message_id: str | None = "<req-1@bmeia.example.at>",
    charset: str = "utf-8",
    encoding: str = "8bit",
) -> bytes:
    """A one-part text e-mail; ``encoding`` is 8bit, quoted-printable or base64."""
    data = body.encode(charset if charset != "x-unknown" else "utf-8")
    if encoding == "base64":
        payload = base64.encodebytes(data)
    elif encoding == "quoted-printable":
        payload = quopri.encodestring(data)
    else:
        payload = data
    return (
        _headers(sender, subject, date, message_id)
        + (
            f"MIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset={charset}\r\n"
            f"Content-Transfer-Encoding: {encoding}\r\n\r\n"
        ).encode()
        + payload
    )


def _headers(sender: str, subject: str, date: str | None, message_id: str | None) -> bytes:
    lines = [f"From: {sender}", "To: atip-conference@osce.example.org", f"Subject: {subject}"]
    if date is not None:
        lines.append(f"Date: {date}")
    if message_id is not None:
        lines.append(f"Message-ID: {message_id}")
    return ("\r\n".join(lines) + "\r\n").encode()


def html_only(html: str, **headers: str) -> bytes:
    return (
        _headers(
            headers.get("sender", "Secretariat <info@kok.example.de>"),
            headers.get("subject", "Wortmeldung Panel 3"),
            headers.get("date", ON_TIME),
            headers.get("message_id", "<html-1@kok.example.de>"),
        )
        + b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n"
        + b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        + html.encode()
    )


MIXED = 'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="{}"\r\n\r\n'


def with_attachment(body: str, filename: str, content: bytes, **headers: str) -> bytes:
    boundary = "==boundary-42=="
    head = _headers(
        headers.get("sender", "Mission of Malta <mission@malta.example.mt>"),
        headers.get("subject", "Panel 1 – request and written statement"),
        headers.get("date", ON_TIME),
        headers.get("message_id", "<att-1@malta.example.mt>"),
    )
    parts = [
        f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        f"--{boundary}\r\nContent-Type: application/pdf\r\n"
        f'Content-Disposition: attachment; filename="{filename}"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n"
        f"{base64.encodebytes(content).decode()}\r\n",
        f"--{boundary}--\r\n",
    ]
    return head + MIXED.format(boundary).encode() + "".join(parts).encode()


def forwarded(inner: bytes, note: str, **headers: str) -> bytes:
    boundary = "fwd-boundary"
    head = _headers(
        headers.get("sender", "Conference Team <atip@osce.example.org>"),
        headers.get("subject", "Fwd: Request to take the floor"),
        headers.get("date", ON_TIME),
        headers.get("message_id", "<fwd-1@osce.example.org>"),
    )
    return (
        head
        + MIXED.format(boundary).encode()
        + f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{note}\r\n".encode()
        + f"--{boundary}\r\nContent-Type: message/rfc822\r\n\r\n".encode()
        + inner
        + f"\r\n--{boundary}--\r\n".encode()
    )


def mbox(*messages: bytes) -> bytes:
    """An mbox file of the messages ("From " lines in bodies escaped as mbox does)."""
    out = []
    for message in messages:
        lines = message.replace(b"\r\n", b"\n").split(b"\n")
        escaped = [b">" + line if line.startswith(b"From ") else line for line in lines]
        out.append(b"From sender@example.org Fri Apr 10 09:15:00 2026\n" + b"\n".join(escaped))
    return b"\n\n".join(out) + b"\n"
