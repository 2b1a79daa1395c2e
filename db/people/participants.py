"""Who is registered, who is in the Zoom meeting, whose hand is raised.

Registration rows and Zoom participants are kept per conference. An import
replaces nothing a person did by hand: a registration row or a participant
already known (by e-mail, else by name) is updated, a new one added.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.errors import FloorConflict, found
from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource
from db.models import Conference, RegisteredParticipant, RemoteParticipant
from db.speakers.speakers_list import SpeakersList

if TYPE_CHECKING:
    from db.transactions import Transactions

PersonRow = TypeVar("PersonRow", RegisteredParticipant, RemoteParticipant)


@dataclass(frozen=True)
class Registration:
    name: str
    email: str | None = None
    organization: str = ""
    function: str = ""
    delegation_id: int | None = None
    channel: Channel | None = None


@dataclass(frozen=True)
class RemoteParticipantView:
    id: int
    name: str
    email: str | None
    delegation_id: int | None
    delegation: str
    hand_raised_at: datetime | None
    joined_at: datetime | None
    left_at: datetime | None


@dataclass(frozen=True)
class Participant:
    name: str
    email: str | None = None
    delegation_id: int | None = None
    joined_at: datetime | None = None
    left_at: datetime | None = None


@dataclass(frozen=True)
class RemovedParticipant:
    """A remote participant taken off the list, enough to add them again."""

    conference_id: int
    name: str
    email: str | None
    delegation_id: int | None


class Participants:
    def __init__(self, store: Transactions, *, speakers: SpeakersList) -> None:
        self._store = store
        self._speakers = speakers

    # -- registration ------------------------------------------------------------

    def register(self, conference_id: int, rows: Sequence[Registration], at: datetime) -> int:
        """Add or update registration rows; returns how many were new."""
        with self._store.transaction() as session:
            _conference(session, conference_id)
            known = _by_person(
                session.scalars(
                    select(RegisteredParticipant).where(
                        RegisteredParticipant.conference_id == conference_id
                    )
                )
            )
            added = 0
            for entry in rows:
                key = _person_key(entry.email, entry.name)
                row = known.get(key)
                if row is None:
                    row = RegisteredParticipant(conference_id=conference_id, imported_at=at)
                    session.add(row)
                    known[key] = row
                    added += 1
                row.name = entry.name[:200]
                row.email = entry.email
                row.organization = entry.organization[:300]
                row.function = entry.function[:200]
                row.delegation_id = entry.delegation_id
                row.channel = entry.channel
            self._store.journal(
                session,
                Action.REGISTRATION_IMPORT,
                "conference",
                conference_id,
                rows=len(rows),
                added=added,
            )
            return added

    def registered_count(self, conference_id: int) -> int:
        with self._store.reading() as session:
            count = session.scalar(
                select(func.count(RegisteredParticipant.id)).where(
                    RegisteredParticipant.conference_id == conference_id
                )
            )
            return int(count or 0)

    # -- the Zoom meeting --------------------------------------------------------

    def remote(self, conference_id: int) -> list[RemoteParticipantView]:
        """Everyone in the meeting; raised hands first, in the order they were raised."""
        with self._store.reading() as session:
            rows = session.scalars(
                select(RemoteParticipant)
                .where(RemoteParticipant.conference_id == conference_id)
                .options(selectinload(RemoteParticipant.delegation))
            )
            views = [_remote_view(row) for row in rows]
        return sorted(
            views,
            key=lambda v: (v.hand_raised_at is None, v.hand_raised_at or v.joined_at, v.name),
        )

    def add_remote(self, conference_id: int, people: Sequence[Participant]) -> int:
        """Add or update remote participants (by e-mail, else by name); returns the new ones."""
        with self._store.transaction() as session:
            _conference(session, conference_id)
            known = _by_person(
                session.scalars(
                    select(RemoteParticipant).where(
                        RemoteParticipant.conference_id == conference_id
                    )
                )
            )
            added = 0
            for person in people:
                key = _person_key(person.email, person.name)
                row = known.get(key)
                if row is None:
                    row = RemoteParticipant(conference_id=conference_id, name=person.name[:200])
                    session.add(row)
                    known[key] = row
                    added += 1
                row.name = person.name[:200]
                row.email = person.email or row.email
                row.delegation_id = person.delegation_id or row.delegation_id
                row.joined_at = person.joined_at or row.joined_at
                row.left_at = person.left_at
            self._store.journal(
                session, Action.REMOTE_IMPORT, "conference", conference_id, people=len(people)
            )
            return added

    def raise_hand(self, participant_id: int, at: datetime | None) -> datetime | None:
        """Raise (``at``) or lower (None) a hand; returns what it was, for undo."""
        with self._store.transaction() as session:
            row = _remote(session, participant_id)
            before = row.hand_raised_at
            row.hand_raised_at = at
            self._store.journal(
                session,
                Action.REMOTE_HAND,
                "remote_participant",
                row.id,
                conference_id=row.conference_id,
                before=before,
                after=at,
            )
            return before

    def give_raised_hand_a_place(
        self, participant_id: int, slot_id: int, at: datetime, kind: InterventionKind
    ) -> int:
        """The raised hand becomes a remote request on the slot's list; the hand is lowered."""
        with self._store.transaction() as session:
            row = _remote(session, participant_id)
            if row.delegation_id is None:
                raise FloorConflict(
                    f"{row.name} is not linked to a delegation yet; choose one first."
                )
            request_id = self._speakers.add(
                slot_id,
                RequestDraft(
                    delegation_id=row.delegation_id,
                    kind=kind,
                    channel=Channel.REMOTE,
                    source=RequestSource.ZOOM_HAND,
                    speaker=row.name,
                    sender_email=row.email,
                ),
                row.hand_raised_at or at,
            )
            row.hand_raised_at = None
            return request_id

    def link(self, participant_id: int, delegation_id: int | None) -> int | None:
        """Who the participant speaks for; returns the delegation before, for undo."""
        with self._store.transaction() as session:
            row = _remote(session, participant_id)
            before = row.delegation_id
            row.delegation_id = delegation_id
            self._store.journal(
                session,
                Action.REMOTE_LINK,
                "remote_participant",
                row.id,
                conference_id=row.conference_id,
                delegation_id=delegation_id,
            )
            return before

    def add_one(self, conference_id: int, person: Participant) -> int | None:
        """One participant added by hand; returns their id, or None when the meeting had
        them already (``add_remote``'s rules: they are updated)."""
        with self._store.transaction() as session:
            key = _person_key(person.email, person.name[:200])
            known = {
                _person_key(email, name)
                for email, name in session.execute(
                    select(RemoteParticipant.email, RemoteParticipant.name).where(
                        RemoteParticipant.conference_id == conference_id
                    )
                )
            }
            self.add_remote(conference_id, [person])
            if key in known:
                return None
            session.flush()
            rows = session.scalars(
                select(RemoteParticipant).where(RemoteParticipant.conference_id == conference_id)
            )
            return next(row.id for row in rows if _person_key(row.email, row.name) == key)

    def remove_remote(self, participant_id: int) -> RemovedParticipant:
        """Take a participant off the meeting's list (one added by hand, undone)."""
        with self._store.transaction() as session:
            row = _remote(session, participant_id)
            gone = RemovedParticipant(row.conference_id, row.name, row.email, row.delegation_id)
            session.delete(row)
            self._store.journal(
                session,
                Action.REMOTE_REMOVE,
                "remote_participant",
                participant_id,
                conference_id=gone.conference_id,
                name=gone.name,
            )
            return gone


def _person_key(email: str | None, name: str) -> str:
    """The same person twice: by e-mail when there is one, else by name."""
    return (email or "").lower() or name.casefold()


def _by_person(rows: Iterable[PersonRow]) -> dict[str, PersonRow]:
    return {_person_key(row.email, row.name): row for row in rows}


def _conference(session: Session, conference_id: int) -> Conference:
    return found(session, Conference, conference_id, "conference")


def _remote(session: Session, participant_id: int) -> RemoteParticipant:
    return found(session, RemoteParticipant, participant_id, "remote participant")


def _remote_view(row: RemoteParticipant) -> RemoteParticipantView:
    return RemoteParticipantView(
        id=row.id,
        name=row.name,
        email=row.email,
        delegation_id=row.delegation_id,
        delegation=row.delegation.name if row.delegation else "",
        hand_raised_at=row.hand_raised_at,
        joined_at=row.joined_at,
        left_at=row.left_at,
    )
