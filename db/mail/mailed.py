"""A request sent by e-mail as read from its message, and where filing put it.

Plain data, shared by the importers (desktop/requests_import/), the filing
(db/mail/filing.py) and the advance requests' commands (db/mail/advance_requests.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from db.meeting.vocabulary import Channel, InterventionKind, RequestSource


class Filing(StrEnum):
    """Where a message ended (the same words as an import's outcomes)."""

    QUEUED = "queued"
    LATE = "late"
    REVIEW = "review"
    UPDATED = "updated"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class FileAttachment:
    filename: str
    media_type: str
    content: bytes
    sha256: str


@dataclass(frozen=True)
class MailedRequest:
    """What was read from one message, ready to be filed."""

    conference_id: int
    received_at: datetime  # when it was sent (aware)
    message_id: str  # the Message-ID, or a digest of the message when it has none
    sender_name: str = ""
    sender_email: str | None = None
    subject: str = ""
    original_text: str = ""
    delegation_id: int | None = None
    slot_id: int | None = None
    speaker: str = ""
    speaker_function: str = ""
    kind: InterventionKind = InterventionKind.STATEMENT
    channel: Channel = Channel.HALL
    review_reason: str = ""  # why a person must decide; "" when it can be filed as it is
    attachments: tuple[FileAttachment, ...] = ()
    source: RequestSource = RequestSource.ADVANCE_EMAIL
    language: str | None = None  # "fr": what the message was written in
    # The message takes the delegation's request for the slot back ("we withdraw our
    # request"): its waiting request leaves the list instead of a new one joining it.
    withdraws: bool = False


@dataclass(frozen=True)
class Filed:
    filing: Filing
    request_id: int | None = None
    review_item_id: int | None = None
    reason: str = ""
    not_registered: bool = False
