"""Zoom chat messages that ask for the floor: proposed, then confirmed with one click.

A message read twice (the chat file is read again, or by two stations) is one
proposal: its fingerprint is unique per conference.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.errors import FloorConflict, UnknownRecord, found
from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import (
    Channel,
    InterventionKind,
    RequestSource,
    RequestStatus,
    ReviewStatus,
)
from db.models import ChatProposal, Conference, FloorRequest
from db.speakers.speakers_list import SpeakersList

if TYPE_CHECKING:
    from db.transactions import Transactions


@dataclass(frozen=True)
class ChatProposalView:
    id: int
    conference_id: int
    slot_id: int | None
    said_at: datetime
    sender: str
    text: str
    delegation_id: int | None
    delegation: str
    kind: InterventionKind
    status: ReviewStatus
    floor_request_id: int | None


@dataclass(frozen=True)
class ProposalDraft:
    conference_id: int
    slot_id: int | None
    said_at: datetime
    sender: str
    text: str
    fingerprint: str
    delegation_id: int | None = None
    kind: InterventionKind = InterventionKind.STATEMENT
    language: str | None = None  # "fr": what the message was written in


@dataclass(frozen=True)
class Withdrawal:
    """What a chat message that takes a request back did."""

    proposal_id: int | None  # the row that remembers the message; None if read before
    withdrawn_request_id: int | None = None  # a request that left the list
    dismissed_proposal_id: int | None = None  # an unconfirmed proposal it cancelled


def _read_before(session: Session, draft: ProposalDraft) -> bool:
    """Whether this chat message was read before (the same file read again)."""
    if session.get(Conference, draft.conference_id) is None:
        raise UnknownRecord(f"There is no conference {draft.conference_id}.")
    known = session.scalar(
        select(ChatProposal.id).where(
            ChatProposal.conference_id == draft.conference_id,
            ChatProposal.fingerprint == draft.fingerprint,
        )
    )
    return known is not None


def _message_row(draft: ProposalDraft, status: ReviewStatus) -> ChatProposal:
    """The row that remembers a chat message (a proposal, or a withdrawal kept decided)."""
    return ChatProposal(
        conference_id=draft.conference_id,
        slot_id=draft.slot_id,
        said_at=draft.said_at,
        sender=draft.sender[:200],
        text=draft.text,
        fingerprint=draft.fingerprint,
        delegation_id=draft.delegation_id,
        kind=draft.kind,
        status=status,
        language=draft.language,
    )


class ChatProposals:
    def __init__(self, store: Transactions, *, speakers: SpeakersList) -> None:
        self._store = store
        self._speakers = speakers

    def propose(self, draft: ProposalDraft) -> int | None:
        """Add a proposal; None when this message was proposed before."""
        with self._store.transaction() as session:
            if _read_before(session, draft):
                return None
            row = _message_row(draft, ReviewStatus.OPEN)
            session.add(row)
            session.flush()
            self._store.journal(
                session,
                Action.CHAT_PROPOSE,
                "chat_proposal",
                row.id,
                conference_id=draft.conference_id,
                slot_id=draft.slot_id,
                sender=draft.sender,
            )
            return row.id

    def withdraw(self, draft: ProposalDraft) -> Withdrawal:
        """A chat message takes its delegation's request back, in one transaction.

        The sender's (or delegation's) proposal not yet confirmed is dismissed; else the
        delegation's request still waiting in the message's slot leaves the list. The
        message itself is kept as a decided (dismissed) proposal, so that reading the
        chat file again does not withdraw a request made after it.
        """
        with self._store.transaction() as session:
            if _read_before(session, draft):
                return Withdrawal(None)
            dismissed = self._open_proposal_of(session, draft)
            withdrawn: int | None = None
            if dismissed is not None:
                dismissed.status = ReviewStatus.DISMISSED
                self._store.journal(
                    session,
                    Action.CHAT_DISMISS,
                    "chat_proposal",
                    dismissed.id,
                    conference_id=dismissed.conference_id,
                )
            elif draft.delegation_id is not None and draft.slot_id is not None:
                withdrawn = session.scalar(
                    select(FloorRequest.id)
                    .where(
                        FloorRequest.slot_id == draft.slot_id,
                        FloorRequest.delegation_id == draft.delegation_id,
                        FloorRequest.status.in_((RequestStatus.WAITING, RequestStatus.LATE)),
                    )
                    .order_by(FloorRequest.received_at.desc(), FloorRequest.id.desc())
                    .limit(1)
                )
                if withdrawn is not None:
                    self._speakers.withdraw_if_waiting(session, withdrawn)
            row = _message_row(draft, ReviewStatus.DISMISSED)
            row.floor_request_id = withdrawn
            session.add(row)
            session.flush()
            self._store.journal(
                session,
                Action.CHAT_WITHDRAW,
                "chat_proposal",
                row.id,
                conference_id=draft.conference_id,
                slot_id=draft.slot_id,
                sender=draft.sender,
                request_id=withdrawn,
                proposal_id=dismissed.id if dismissed is not None else None,
            )
            return Withdrawal(row.id, withdrawn, dismissed.id if dismissed is not None else None)

    @staticmethod
    def _open_proposal_of(session: Session, draft: ProposalDraft) -> ChatProposal | None:
        """The latest proposal still waiting from the same sender, or the same delegation."""
        same = ChatProposal.sender == draft.sender[:200]
        if draft.delegation_id is not None:
            same = same | (ChatProposal.delegation_id == draft.delegation_id)
        return session.scalars(
            select(ChatProposal)
            .where(
                ChatProposal.conference_id == draft.conference_id,
                ChatProposal.status == ReviewStatus.OPEN,
                same,
            )
            .order_by(ChatProposal.said_at.desc(), ChatProposal.id.desc())
            .limit(1)
        ).first()

    def open(self, conference_id: int) -> list[ChatProposalView]:
        with self._store.reading() as session:
            rows = session.scalars(
                select(ChatProposal)
                .where(
                    ChatProposal.conference_id == conference_id,
                    ChatProposal.status == ReviewStatus.OPEN,
                )
                .options(selectinload(ChatProposal.delegation))
                .order_by(ChatProposal.said_at, ChatProposal.id)
            )
            return [_view(row) for row in rows]

    def confirm(
        self, proposal_id: int, *, slot_id: int, delegation_id: int, speaker: str = ""
    ) -> int:
        """The proposal becomes a remote request on the slot's list; returns its id."""
        with self._store.transaction() as session:
            row = _proposal(session, proposal_id)
            if row.status is not ReviewStatus.OPEN:
                raise FloorConflict("This chat message has already been decided.")
            request_id = self._speakers.add(
                slot_id,
                RequestDraft(
                    delegation_id=delegation_id,
                    kind=row.kind,
                    channel=Channel.REMOTE,
                    source=RequestSource.ZOOM_CHAT,
                    speaker=speaker or row.sender,
                    note=row.text[:500],
                ),
                row.said_at,
            )
            SpeakersList.request_row(session, request_id).language = row.language
            row.status = ReviewStatus.ACCEPTED
            row.floor_request_id = request_id
            self._store.journal(
                session,
                Action.CHAT_CONFIRM,
                "chat_proposal",
                row.id,
                conference_id=row.conference_id,
                request_id=request_id,
                slot_id=slot_id,
            )
            return request_id

    def reopen(self, proposal_id: int) -> None:
        """Undo a decision: the message waits again (a confirmed one's request is withdrawn)."""
        with self._store.transaction() as session:
            row = _proposal(session, proposal_id)
            if row.status is ReviewStatus.OPEN:
                raise FloorConflict("This chat message is still waiting for a decision.")
            if row.floor_request_id is not None:
                self._speakers.withdraw_if_waiting(session, row.floor_request_id)
                row.floor_request_id = None
            row.status = ReviewStatus.OPEN
            self._store.journal(
                session,
                Action.CHAT_REOPEN,
                "chat_proposal",
                row.id,
                conference_id=row.conference_id,
            )

    def dismiss(self, proposal_id: int) -> None:
        with self._store.transaction() as session:
            row = _proposal(session, proposal_id)
            if row.status is not ReviewStatus.OPEN:
                raise FloorConflict("This chat message has already been decided.")
            row.status = ReviewStatus.DISMISSED
            self._store.journal(
                session,
                Action.CHAT_DISMISS,
                "chat_proposal",
                row.id,
                conference_id=row.conference_id,
            )


def _proposal(session: Session, proposal_id: int) -> ChatProposal:
    return found(session, ChatProposal, proposal_id, "chat proposal")


def _view(row: ChatProposal) -> ChatProposalView:
    return ChatProposalView(
        id=row.id,
        conference_id=row.conference_id,
        slot_id=row.slot_id,
        said_at=row.said_at,
        sender=row.sender,
        text=row.text,
        delegation_id=row.delegation_id,
        delegation=row.delegation.name if row.delegation else "",
        kind=row.kind,
        status=row.status,
        floor_request_id=row.floor_request_id,
    )
