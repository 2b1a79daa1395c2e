"""Outlook .msg files written for the tests, by a library that writes real ones
(aspose-email-foss: the compound file and MAPI properties Outlook itself saves)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from aspose.email_foss import msg


def outlook_message(
    path: Path,
    body: str,
    *,
    subject: str = "Request to take the floor",
    sender: tuple[str, str] = ("Anna Weber", "anna.weber@bmeia.gv.at"),
    sent: datetime | None = None,
    html: str | None = None,
    attachments: tuple[tuple[str, bytes, str], ...] = (),
) -> Path:
    """An Outlook message as Outlook saves it (File > Save As > .msg)."""
    message = msg.MapiMessage.create(subject, body)
    message.set_property(msg.PropertyId.SENDER_NAME, sender[0])
    message.set_property(msg.PropertyId.SENDER_EMAIL_ADDRESS, sender[1])
    if sent is not None:
        message.set_property(msg.PropertyId.MESSAGE_DELIVERY_TIME, sent)
    if html is not None:
        message.set_property(msg.PropertyId.BODY_HTML, html.encode())
    message.add_recipient("atip@osce.org", display_name="Alliance against Trafficking")
    for name, content, mime_type in attachments:
        message.add_attachment(name, content, mime_type=mime_type)
    message.save(str(path))
    return path
