"""Conferences and their agenda slots."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.agenda.drafts import (
    MAX_SLOT_LIMIT_S,
    PersonDraft,
    SlotDraft,
    check_slot,
    checked_limits,
    conference_view,
    draft_record,
    slot_draft,
    slot_view,
)
from db.agenda.removed import RemovedSlot, delete_rows, restore_rows, snapshot
from db.agenda.slot_people import panellists_for, person_for, topics_for
from db.errors import FloorConflict, InvalidConference, InvalidSlot, UnknownRecord, found
from db.meeting.actions import Action
from db.meeting.snapshots import ConferenceView, SlotView
from db.meeting.vocabulary import SlotKind
from db.models import (
    AgendaSlot,
    Conference,
    FloorRequest,
    Intervention,
    SlotPanellist,
    SlotTopic,
)

__all__ = [
    "MAX_SLOT_LIMIT_S",
    "Agenda",
    "InvalidConference",
    "InvalidSlot",
    "PersonDraft",
    "SlotDraft",
]

if TYPE_CHECKING:
    from db.transactions import Transactions


_SLOT_LOAD = (
    selectinload(AgendaSlot.moderator),
    selectinload(AgendaSlot.topics),
    selectinload(AgendaSlot.panellists).selectinload(SlotPanellist.person),
)


class Agenda:
    def __init__(self, store: Transactions) -> None:
        self._store = store

    # -- reading -------------------------------------------------------------

    def conferences(self) -> list[ConferenceView]:
        with self._store.reading() as session:
            rows = session.scalars(select(Conference).order_by(Conference.starts_on))
            return [conference_view(row) for row in rows]

    def conference(self, conference_id: int) -> ConferenceView:
        with self._store.reading() as session:
            row = found(session, Conference, conference_id, "conference")
            return conference_view(row)

    def count_conferences(self) -> int:
        with self._store.reading() as session:
            return session.scalar(select(func.count(Conference.id))) or 0

    def slots(self, conference_id: int) -> list[SlotView]:
        with self._store.reading() as session:
            rows = session.scalars(
                select(AgendaSlot)
                .where(AgendaSlot.conference_id == conference_id)
                .options(*_SLOT_LOAD)
                .order_by(AgendaSlot.starts_at, AgendaSlot.id)
            )
            return [slot_view(row) for row in rows]

    def slot(self, slot_id: int) -> SlotView:
        with self._store.reading() as session:
            return slot_view(self.slot_row(session, slot_id))

    @staticmethod
    def bare_slot(session: Session, slot_id: int) -> AgendaSlot:
        """The slot's own row, without its topics and panellists (one primary-key lookup)."""
        return found(session, AgendaSlot, slot_id, "agenda slot")

    @staticmethod
    def slot_row(session: Session, slot_id: int) -> AgendaSlot:
        row = session.scalars(
            select(AgendaSlot).where(AgendaSlot.id == slot_id).options(*_SLOT_LOAD)
        ).one_or_none()
        if row is None:
            raise UnknownRecord(f"There is no agenda slot {slot_id}.")
        return row

    # -- changing ------------------------------------------------------------

    def create_conference(
        self,
        *,
        title: str,
        starts_on: date,
        ends_on: date,
        venue: str = "",
        time_zone: str = "Europe/Vienna",
        request_deadline: datetime | None = None,
    ) -> int:
        from db.transactions import utc_now

        with self._store.transaction() as session:
            row = Conference(
                title=title,
                venue=venue,
                time_zone=time_zone,
                starts_on=starts_on,
                ends_on=ends_on,
                request_deadline=request_deadline,
                created_at=utc_now(),
            )
            session.add(row)
            session.flush()
            self._store.journal(
                session, Action.CONFERENCE_CREATE, "conference", row.id, title=title
            )
            return row.id

    def add_slot(self, conference_id: int, draft: SlotDraft) -> int:
        check_slot(draft)
        with self._store.transaction() as session:
            limits = checked_limits(draft)
            row = AgendaSlot(
                conference_id=conference_id,
                kind=SlotKind(draft.kind),
                title=draft.title,
                description=draft.description,
                starts_at=draft.starts_at,
                ends_at=draft.ends_at,
                moderator=(person_for(session, draft.moderator, None) if draft.moderator else None),
                topics=[SlotTopic(position=i, name=name) for i, name in enumerate(draft.topics)],
                panellists=[
                    SlotPanellist(position=i, person=person_for(session, p, None))
                    for i, p in enumerate(draft.panellists)
                ],
                **{f"limit_{kind.value}_s": seconds for kind, seconds in limits.items()},
            )
            session.add(row)
            session.flush()
            self._store.journal(
                session,
                Action.SLOT_CREATE,
                "agenda_slot",
                row.id,
                conference_id=conference_id,
                title=draft.title,
                starts_at=draft.starts_at,
                ends_at=draft.ends_at,
            )
            return row.id

    def slot_draft(self, slot_id: int) -> SlotDraft:
        """The slot's current values as a draft: for an edit dialog, and for undo."""
        with self._store.reading() as session:
            return slot_draft(self.slot_row(session, slot_id))

    def update_slot(self, slot_id: int, draft: SlotDraft) -> None:
        """Replace everything the agenda editor shows: kind, title, times, people, topics, limits.

        People are kept as the same rows where the name is unchanged (a corrected
        function is written to that row); topics keep their rows, and so the tags
        made against them, where the name is unchanged or only the wording changed.
        """
        check_slot(draft)
        with self._store.transaction() as session:
            row = self.slot_row(session, slot_id)
            before = draft_record(slot_draft(row))
            row.kind = SlotKind(draft.kind)
            row.title = draft.title
            row.description = draft.description
            row.starts_at = draft.starts_at
            row.ends_at = draft.ends_at
            row.moderator = (
                person_for(session, draft.moderator, row.moderator) if draft.moderator else None
            )
            row.panellists = panellists_for(session, row.panellists, draft.panellists)
            row.topics = topics_for(row.topics, draft.topics)
            for kind, seconds in checked_limits(draft).items():
                setattr(row, f"limit_{kind.value}_s", seconds)
            after = draft_record(draft)
            changed = [key for key in after if after[key] != before[key]]
            self._store.journal(
                session,
                Action.SLOT_UPDATE,
                "agenda_slot",
                slot_id,
                conference_id=row.conference_id,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
            )

    def move_slot(self, slot_id: int, starts_at: datetime) -> None:
        """Start the slot at ``starts_at``, keeping its length."""
        if starts_at.tzinfo is None:
            raise InvalidSlot("A slot's start needs a time zone.")
        with self._store.transaction() as session:
            row = self.slot_row(session, slot_id)
            before = row.starts_at
            length: timedelta = row.ends_at - row.starts_at
            row.starts_at = starts_at
            row.ends_at = starts_at + length
            self._store.journal(
                session,
                Action.SLOT_MOVE,
                "agenda_slot",
                slot_id,
                conference_id=row.conference_id,
                before=before,
                after=starts_at,
            )

    def delete_slot(self, slot_id: int, *, with_requests: bool = False) -> SlotDraft:
        """Delete the slot; returns it as a draft, from which it can be added again.

        ``remove_slot`` does the same and keeps enough to restore the slot exactly,
        with its id and its requests; the agenda editor's undo uses that.
        """
        return self.remove_slot(slot_id, with_requests=with_requests).draft

    def remove_slot(self, slot_id: int, *, with_requests: bool = False) -> RemovedSlot:
        """Delete the slot (and with ``with_requests`` its requests for the floor).

        Refuses a slot with interventions: the session record must not lose them.
        """
        with self._store.transaction() as session:
            row = self.slot_row(session, slot_id)
            _refuse_removal(session, row, with_requests=with_requests)
            removed = snapshot(session, row, slot_draft(row))
            delete_rows(session, row, removed)
            self._store.journal(
                session,
                Action.SLOT_DELETE,
                "agenda_slot",
                slot_id,
                conference_id=removed.conference_id,
                slot=draft_record(removed.draft),
                requests=removed.request_ids,
            )
            return removed

    def check_removal(self, slot_id: int, *, with_requests: bool = False) -> None:
        """Raise the FloorConflict that ``remove_slot`` would raise, deleting nothing."""
        with self._store.reading() as session:
            _refuse_removal(session, self.slot_row(session, slot_id), with_requests=with_requests)

    def restore_slot(self, removed: RemovedSlot) -> int:
        """Put a removed slot back with its requests; returns its id (the old one if free)."""
        with self._store.transaction() as session:
            if session.get(Conference, removed.conference_id) is None:
                raise UnknownRecord(f"There is no conference {removed.conference_id}.")
            slot_id, request_ids = restore_rows(session, removed)
            self._store.journal(
                session,
                Action.SLOT_RESTORE,
                "agenda_slot",
                slot_id,
                conference_id=removed.conference_id,
                deleted_as=removed.slot_id,
                requests=request_ids,
            )
            return slot_id

    def update_conference(
        self,
        conference_id: int,
        *,
        title: str,
        venue: str,
        time_zone: str,
        starts_on: date,
        ends_on: date,
        request_deadline: datetime | None,
    ) -> None:
        """Change the conference's details. Stored times are UTC and stay as they are."""
        if not title.strip():
            raise InvalidConference("A conference needs a title.")
        try:
            ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise InvalidConference(f"'{time_zone}' is not a known time zone.") from None
        if ends_on < starts_on:
            raise InvalidConference("A conference cannot end before it starts.")
        if request_deadline is not None and request_deadline.tzinfo is None:
            raise InvalidConference("The request deadline needs a time zone.")
        with self._store.transaction() as session:
            row = found(session, Conference, conference_id, "conference")
            after: dict[str, Any] = {
                "title": title,
                "venue": venue,
                "time_zone": time_zone,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "request_deadline": request_deadline,
            }
            before = {key: getattr(row, key) for key in after}
            changed = [key for key in after if after[key] != before[key]]
            for key in changed:
                setattr(row, key, after[key])
            self._store.journal(
                session,
                Action.CONFERENCE_UPDATE,
                "conference",
                conference_id,
                before={key: before[key] for key in changed},
                after={key: after[key] for key in changed},
            )


def _refuse_removal(session: Session, row: AgendaSlot, *, with_requests: bool) -> None:
    spoken = session.scalar(
        select(func.count(Intervention.id)).where(Intervention.slot_id == row.id)
    )
    if spoken:
        raise FloorConflict(
            f"'{row.title}' has {_count(spoken, 'intervention')} on record; "
            "a slot with a session record cannot be deleted."
        )
    requests = session.scalar(
        select(func.count(FloorRequest.id)).where(FloorRequest.slot_id == row.id)
    )
    if requests and not with_requests:
        raise FloorConflict(
            f"'{row.title}' has {_count(requests, 'request')} for the floor; "
            "move or withdraw them first, or delete them with the slot."
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
