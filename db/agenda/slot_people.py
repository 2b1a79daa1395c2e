"""Rows for an edited slot: the people and topics it keeps, and the ones it gains.

Editing a slot should not make new rows for what did not change: a person keeps
their row (and so every reference to it), a topic its row (and so the
rapporteur's tags made against it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from db.models import Person, SlotPanellist, SlotTopic
from db.people.persons import find_or_add_person

if TYPE_CHECKING:
    from db.agenda.drafts import PersonDraft


def person_for(session: Session, draft: PersonDraft, current: Person | None) -> Person:
    """The row for ``draft``: the current one if the name is unchanged, else one of that
    name (and delegation) already on file, else a new one."""
    name = draft.name.strip()
    row = current if current is not None and current.name == name else None
    if row is None:
        row = find_or_add_person(
            session, name, draft.delegation_id, function=draft.function, email=draft.email
        )
    row.function = draft.function
    if draft.delegation_id is not None:
        row.delegation_id = draft.delegation_id
    if draft.email is not None:
        row.email = draft.email
    return row


def panellists_for(
    session: Session, current: Sequence[SlotPanellist], drafts: Sequence[PersonDraft]
) -> list[SlotPanellist]:
    by_name: dict[str, SlotPanellist] = {}
    for existing in current:
        by_name.setdefault(existing.person.name, existing)
    seats: list[SlotPanellist] = []
    for position, draft in enumerate(drafts):
        name = draft.name.strip()
        seat = by_name.pop(name) if name in by_name else None
        if seat is None:
            seat = SlotPanellist(person=person_for(session, draft, None))
        else:
            person_for(session, draft, seat.person)
        seat.position = position
        seats.append(seat)
    return seats


def topics_for(current: Sequence[SlotTopic], names: Sequence[str]) -> list[SlotTopic]:
    """Topics in the new order; an unchanged name keeps its row, and the rows left over
    take the new wordings in order, so a corrected topic keeps the tags made against it."""
    by_name: Mapping[str, SlotTopic] = {t.name: t for t in current}
    kept = {name for name in names if name in by_name}
    spare = [t for t in current if t.name not in kept]
    topics: list[SlotTopic] = []
    for position, name in enumerate(names):
        topic = by_name.get(name)
        if topic is None or topic in topics:
            topic = spare.pop(0) if spare else SlotTopic()
            topic.name = name
        topic.position = position
        topics.append(topic)
    return topics
