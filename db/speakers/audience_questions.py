"""Questions from the audience (the conference hashtag) that the moderator may put to a panel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from db.errors import UnknownRecord, found
from db.meeting.actions import Action
from db.meeting.vocabulary import QuestionStatus
from db.models import AudienceQuestion, Conference

if TYPE_CHECKING:
    from db.transactions import Transactions


@dataclass(frozen=True)
class QuestionDraft:
    source_id: str
    text: str
    author: str = ""
    posted_at: datetime | None = None


@dataclass(frozen=True)
class QuestionView:
    id: int
    slot_id: int | None
    source_id: str
    author: str
    text: str
    posted_at: datetime
    status: QuestionStatus
    put_at: datetime | None


class AudienceQuestions:
    def __init__(self, store: Transactions) -> None:
        self._store = store

    def add(
        self,
        conference_id: int,
        drafts: Sequence[QuestionDraft],
        at: datetime,
        slot_id: int | None = None,
    ) -> list[int | None]:
        """Add the questions not seen before; None for each one already there."""
        with self._store.transaction() as session:
            if session.get(Conference, conference_id) is None:
                raise UnknownRecord(f"There is no conference {conference_id}.")
            known = set(
                session.scalars(
                    select(AudienceQuestion.source_id).where(
                        AudienceQuestion.conference_id == conference_id
                    )
                )
            )
            ids: list[int | None] = []
            for draft in drafts:
                if draft.source_id in known:
                    ids.append(None)
                    continue
                known.add(draft.source_id)
                row = AudienceQuestion(
                    conference_id=conference_id,
                    slot_id=slot_id,
                    source_id=draft.source_id[:200],
                    author=draft.author[:200],
                    text=draft.text,
                    posted_at=draft.posted_at or at,
                    status=QuestionStatus.NEW,
                )
                session.add(row)
                session.flush()
                ids.append(row.id)
            added = [i for i in ids if i is not None]
            if added:
                self._store.journal(
                    session, Action.QUESTIONS_ADD, "conference", conference_id, ids=added
                )
            return ids

    def questions(
        self, conference_id: int, statuses: Sequence[QuestionStatus] | None = None
    ) -> list[QuestionView]:
        with self._store.reading() as session:
            query = select(AudienceQuestion).where(AudienceQuestion.conference_id == conference_id)
            if statuses is not None:
                query = query.where(AudienceQuestion.status.in_(statuses))
            rows = session.scalars(query.order_by(AudienceQuestion.posted_at, AudienceQuestion.id))
            return [_view(row) for row in rows]

    def set_status(
        self, question_id: int, status: QuestionStatus, at: datetime | None = None
    ) -> QuestionStatus:
        """Select, put (to the panel, at ``at``) or dismiss a question; returns the old status."""
        with self._store.transaction() as session:
            row = found(session, AudienceQuestion, question_id, "audience question")
            before = row.status
            row.status = status
            row.put_at = at if status is QuestionStatus.PUT else None
            self._store.journal(
                session,
                Action.QUESTION_STATUS,
                "audience_question",
                row.id,
                conference_id=row.conference_id,
                before=before,
                after=status,
            )
            return before


def _view(row: AudienceQuestion) -> QuestionView:
    return QuestionView(
        id=row.id,
        slot_id=row.slot_id,
        source_id=row.source_id,
        author=row.author,
        text=row.text,
        posted_at=row.posted_at,
        status=row.status,
        put_at=row.put_at,
    )
