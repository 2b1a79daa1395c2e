"""Conferences and their agenda slots."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from db.errors import UnknownRecord
from db.models import AgendaSlot, Conference, Person, SlotPanellist, SlotTopic
from db.views import ConferenceView, SlotView
from db.vocabulary import DEFAULT_LIMITS_S, InterventionKind, SlotKind

if TYPE_CHECKING:
    from db.store import Store


@dataclass(frozen=True)
class PersonDraft:
    name: str
    function: str = ""
    delegation_id: int | None = None
    email: str | None = None


@dataclass(frozen=True)
class SlotDraft:
    kind: SlotKind
    title: str
    starts_at: datetime
    ends_at: datetime
    description: str = ""
    topics: Sequence[str] = ()
    moderator: PersonDraft | None = None
    panellists: Sequence[PersonDraft] = ()
    limits: dict[InterventionKind, int] = field(default_factory=lambda: dict(DEFAULT_LIMITS_S))


def conference_view(row: Conference) -> ConferenceView:
    return ConferenceView(
        id=row.id,
        title=row.title,
        venue=row.venue,
        time_zone=row.time_zone,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        request_deadline=row.request_deadline,
    )


def slot_view(row: AgendaSlot) -> SlotView:
    return SlotView(
        id=row.id,
        conference_id=row.conference_id,
        kind=row.kind,
        title=row.title,
        description=row.description,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        moderator=row.moderator.name if row.moderator else None,
        panellists=tuple(p.person.name for p in row.panellists),
        topics=tuple(t.name for t in row.topics),
        limits={kind: row.limit_for(kind) for kind in InterventionKind},
        list_closed_at=row.list_closed_at,
    )


def person_row(draft: PersonDraft) -> Person:
    return Person(
        name=draft.name,
        function=draft.function,
        delegation_id=draft.delegation_id,
        email=draft.email,
    )


_SLOT_LOAD = (
    selectinload(AgendaSlot.moderator),
    selectinload(AgendaSlot.topics),
    selectinload(AgendaSlot.panellists).selectinload(SlotPanellist.person),
)


class Agenda:
    def __init__(self, store: Store) -> None:
        self._store = store

    # -- reading -------------------------------------------------------------

    def conferences(self) -> list[ConferenceView]:
        with self._store.reading() as session:
            rows = session.scalars(select(Conference).order_by(Conference.starts_on))
            return [conference_view(row) for row in rows]

    def conference(self, conference_id: int) -> ConferenceView:
        with self._store.reading() as session:
            row = session.get(Conference, conference_id)
            if row is None:
                raise UnknownRecord(f"There is no conference {conference_id}.")
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
        from db.store import utc_now

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
            self._store.journal(session, "conference.create", "conference", row.id, title=title)
            return row.id

    def add_slot(self, conference_id: int, draft: SlotDraft) -> int:
        if draft.ends_at < draft.starts_at:
            raise ValueError(f"Slot '{draft.title}' ends before it starts.")
        with self._store.transaction() as session:
            limits = {**DEFAULT_LIMITS_S, **draft.limits}
            row = AgendaSlot(
                conference_id=conference_id,
                kind=draft.kind,
                title=draft.title,
                description=draft.description,
                starts_at=draft.starts_at,
                ends_at=draft.ends_at,
                moderator=person_row(draft.moderator) if draft.moderator else None,
                topics=[SlotTopic(position=i, name=name) for i, name in enumerate(draft.topics)],
                panellists=[
                    SlotPanellist(position=i, person=person_row(p))
                    for i, p in enumerate(draft.panellists)
                ],
                **{f"limit_{kind.value}_s": seconds for kind, seconds in limits.items()},
            )
            session.add(row)
            session.flush()
            self._store.journal(
                session, "slot.create", "agenda_slot", row.id, conference_id=conference_id
            )
            return row.id
