"""What the interpreters' booths read about the next speakers, and the desk's correction of
the language a request is expected in.

Read by request id (the desk already knows who speaks next): the language the request
was written in, the delegation's ISO code (for its usual language) and the written
statements sent with it. Nothing personal: no e-mail address, no speaker's details.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import select

from db.errors import FloorConflict, UnknownRecord, found
from db.meeting.actions import Action
from db.meeting.vocabulary import BOOTH_LANGUAGES
from db.models import Attachment, Delegation, FloorRequest
from db.transactions import Transactions


@dataclass(frozen=True)
class StatementView:
    id: int
    filename: str
    media_type: str


@dataclass(frozen=True)
class BoothDetails:
    request_id: int
    language: str | None  # detected from the request, or corrected at the desk
    iso_code: str | None  # the delegation's, for its usual language
    statements: tuple[StatementView, ...]


def booth_details(store: Transactions, request_ids: Collection[int]) -> dict[int, BoothDetails]:
    """The booths' view of these requests, by id (two statements, whatever the count)."""
    if not request_ids:
        return {}
    ids = list(request_ids)
    with store.reading() as session:
        rows = session.execute(
            select(FloorRequest.id, FloorRequest.language, Delegation.iso_code)
            .outerjoin(Delegation, Delegation.id == FloorRequest.delegation_id)
            .where(FloorRequest.id.in_(ids))
        ).all()
        files = session.execute(
            select(Attachment.floor_request_id, Attachment.id, Attachment.filename)
            .add_columns(Attachment.media_type)
            .where(Attachment.floor_request_id.in_(ids))
            .order_by(Attachment.id)
        ).all()
    statements: dict[int, list[StatementView]] = {}
    for request_id, attachment_id, filename, media_type in files:
        statements.setdefault(request_id, []).append(
            StatementView(attachment_id, filename, media_type)
        )
    return {
        request_id: BoothDetails(
            request_id, language, iso_code, tuple(statements.get(request_id, ()))
        )
        for request_id, language, iso_code in rows
    }


def statement_of_request(store: Transactions, attachment_id: int) -> tuple[str, str, bytes]:
    """(file name, media type, content) of a written statement sent with a request; only
    those (not a review item's files, which may be a whole e-mail)."""
    with store.reading() as session:
        row = session.execute(
            select(Attachment.filename, Attachment.media_type, Attachment.content).where(
                Attachment.id == attachment_id, Attachment.floor_request_id.is_not(None)
            )
        ).first()
    if row is None:
        raise UnknownRecord(f"There is no written statement {attachment_id}.")
    return row[0], row[1], row[2]


def set_language(store: Transactions, request_id: int, language: str | None) -> str | None:
    """The language the speaker is expected in, as corrected at the desk (None: not known).
    Returns the one it had, for undo."""
    if language is not None and language not in BOOTH_LANGUAGES:
        raise FloorConflict(f"{language!r} is not one of the booths' languages.")
    with store.transaction() as session:
        row = found(session, FloorRequest, request_id, "request")
        before = row.language
        row.language = language
        store.journal(
            session,
            Action.REQUEST_LANGUAGE,
            "floor_request",
            row.id,
            slot_id=row.slot_id,
            before=before,
            after=language,
        )
        return before
