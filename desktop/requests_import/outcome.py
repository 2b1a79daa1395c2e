"""What became of each item an import read: one line of the report, one object of ``--json``.

Every importer (e-mail, IMAP, Zoom chat and participants, registration, audience
questions) reports with these, so the command line and the import dialog show
them the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    QUEUED = "queued"  # on the list of speakers
    LATE = "late"  # after the deadline: waits for the moderator's decision
    REVIEW = "review"  # could not be matched: on the review list with its original
    UPDATED = "updated"  # a second request from the same delegation for the same slot
    PROPOSED = "proposed"  # a Zoom chat message asking for the floor, to confirm
    ADDED = "added"  # a participant, registration row or audience question
    SKIPPED = "skipped"  # read before (same message or row): nothing to do
    ERROR = "error"  # could not be read; the reason says why


@dataclass(frozen=True)
class ItemOutcome:
    origin: str  # where the item came from: "requests.mbox #12", "line 14", "imaps://…/INBOX UID 7"
    outcome: Outcome
    reason: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "outcome": self.outcome.value,
            "reason": self.reason,
            **{key: _plain(value) for key, value in self.details.items()},
        }


@dataclass(frozen=True)
class RawMessage:
    """One e-mail as bytes, from a file, an mbox, an Outlook .msg or an IMAP mailbox."""

    data: bytes
    origin: str
    received_at: datetime | None = None  # when the mailbox got it, if known
    unreadable: str = ""  # why the source could not even give the bytes (one sentence)
    skipped: str = ""  # why this is not a message to read (an Outlook contact, a task…)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value
