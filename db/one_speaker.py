"""One speaker per slot: what the schema's index refuses, said as the floor's conflict.

Every change of a slot's floor first holds the slot (``db.floor.giving.hold_the_slot``),
so two stations take turns and the second is refused on what it expected; the index
``ix_intervention_one_speaker`` (db/models.py) is the last word should any path forget
to: a second intervention holding the floor in a slot is not written. The store turns
that refusal into a :class:`FloorConflict` with one sentence, once the transaction is
rolled back (nothing written), naming who holds the floor now.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db.errors import FloorConflict
from db.models import HOLDS_THE_FLOOR, Delegation, Intervention, Person

log = logging.getLogger(__name__)

INDEX = "ix_intervention_one_speaker"
_SLOT = "floordesk.floor_slot"  # the slot whose floor the session's transaction holds


def holding(session: Session, slot_id: int) -> None:
    """The transaction changes this slot's floor (said when it takes the slot's lock)."""
    session.info[_SLOT] = slot_id


def held_slot(session: Session) -> int | None:
    slot: int | None = session.info.get(_SLOT)
    return slot


def given_elsewhere(who: str | None) -> str:
    """The sentence for a floor change that another station's came before."""
    return (
        f"{who or 'Someone'} was just given the floor at another station; press again to move on."
    )


def refusal(engine: Engine, slot_id: int | None, error: IntegrityError) -> FloorConflict | None:
    """The conflict to tell for ``error`` if the one-speaker index refused it, else None.
    Called after the rollback: reads who holds the floor on a connection of its own."""
    if not refused_by_the_index(error):
        return None
    if slot_id is None:
        slot_id = _slot_of(error)
    who = None
    if slot_id is not None:
        try:
            with engine.connect() as connection:
                row = connection.execute(
                    select(Delegation.name, Person.name)
                    .select_from(Intervention)
                    .outerjoin(Delegation, Delegation.id == Intervention.delegation_id)
                    .outerjoin(Person, Person.id == Intervention.person_id)
                    .where(Intervention.slot_id == slot_id, HOLDS_THE_FLOOR)
                    .limit(1)
                ).first()
        except Exception as failure:  # the sentence goes without the name
            log.info("cannot read who holds the floor of slot %s: %s", slot_id, failure)
            row = None
        if row is not None:
            who = row[0] or row[1]
    return FloorConflict(given_elsewhere(who))


def refused_by_the_index(error: IntegrityError) -> bool:
    """PostgreSQL names the index in the error's diagnostics; SQLite names its column (no
    other unique index of the interventions is on the slot alone)."""
    diagnostics: Any = getattr(error.orig, "diag", None)
    if diagnostics is not None:
        return getattr(diagnostics, "constraint_name", None) == INDEX
    return "UNIQUE constraint failed: intervention.slot_id" in str(error.orig)


def _slot_of(error: IntegrityError) -> int | None:
    """PostgreSQL's detail says the slot: 'Key (slot_id)=(12) already exists.'"""
    diagnostics: Any = getattr(error.orig, "diag", None)
    detail = str(getattr(diagnostics, "message_detail", "") or "")
    start = detail.find(")=(")
    end = detail.find(")", start + 3)
    if start < 0 or end < 0:
        return None
    number = detail[start + 3 : end]
    return int(number) if number.isdigit() else None
