"""The record read as plain rows: interventions with their delegation, speaker and pauses.

Two prepared statements (the interventions with their names, then their pauses) instead
of ORM objects: the record of a whole slot, or the one intervention that just changed,
is read in a fraction of a millisecond per row, so the views can follow every change.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, select

from db.meeting.rows import intervention_view_of
from db.meeting.snapshots import InterventionView, PauseView
from db.models import HOLDS_THE_FLOOR as HOLDS_THE_FLOOR
from db.models import Delegation, Intervention, InterventionPause, InterventionTag, Person

_COLUMNS = select(
    Intervention.id,
    Intervention.slot_id,
    Intervention.floor_request_id,
    Delegation.name,
    Delegation.nameplate,
    Delegation.group,
    Person.name,
    Intervention.channel,
    Intervention.kind,
    Intervention.floor_given_at,
    Intervention.floor_taken_at,
    Intervention.limit_s,
    Intervention.added_s,
    Intervention.notes,
    Intervention.recommendation,
    Intervention.follow_up,
    Intervention.internal_notes,
).select_from(
    Intervention.__table__.outerjoin(
        Delegation.__table__, Delegation.id == Intervention.delegation_id
    ).outerjoin(Person.__table__, Person.id == Intervention.person_id)
)
_ORDER = (Intervention.floor_given_at, Intervention.id)
_IN_RECORD = Intervention.merged_into_id.is_(None)  # a merged one lives on in the one kept
# Who has the floor (db/meeting/floor_rules.py, restated for SQL; every statement that looks for
# the slot's speaker uses these two): the floor not taken back, not merged away (the
# condition of the schema's one-speaker index, db/models.py), and of several (there are
# none since migration 0007), the one given the floor last.
LATEST_FIRST = (Intervention.floor_given_at.desc(), Intervention.id.desc())

OF_SLOT = _COLUMNS.where(Intervention.slot_id == bindparam("slot"), _IN_RECORD).order_by(*_ORDER)
# Those still in the record, of these ids.
WITH_IDS = _COLUMNS.where(
    Intervention.id.in_(bindparam("ids", expanding=True)), _IN_RECORD
).order_by(*_ORDER)
# This one, merged away or not.
BY_ID = _COLUMNS.where(Intervention.id == bindparam("id"))
# Of these slots, those where someone has the floor.
SLOTS_WITH_THE_FLOOR = (
    select(Intervention.slot_id)
    .where(Intervention.slot_id.in_(bindparam("slots", expanding=True)), HOLDS_THE_FLOOR)
    .distinct()
)
CURRENT_OF_SLOT = (
    _COLUMNS.where(Intervention.slot_id == bindparam("slot"), HOLDS_THE_FLOOR)
    .order_by(*LATEST_FIRST)
    .limit(1)
)
_PAUSES = (
    select(
        InterventionPause.intervention_id,
        InterventionPause.paused_at,
        InterventionPause.resumed_at,
        InterventionPause.reason,
    )
    .where(InterventionPause.intervention_id.in_(bindparam("ids", expanding=True)))
    .order_by(InterventionPause.intervention_id, InterventionPause.paused_at, InterventionPause.id)
)


_TAGS = (
    select(InterventionTag.intervention_id, InterventionTag.name)
    .where(InterventionTag.intervention_id.in_(bindparam("ids", expanding=True)))
    .order_by(InterventionTag.intervention_id, InterventionTag.id)
)


def read(db: Connection, query: Any, **params: Any) -> list[InterventionView]:
    """The interventions ``query`` (one of the statements above) selects, as views."""
    rows = db.execute(query, params).all()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    pauses = _pauses_of(db, ids)
    tags: dict[int, list[str]] = defaultdict(list)
    for intervention_id, name in db.execute(_TAGS, {"ids": ids}):
        tags[intervention_id].append(name)
    return [
        intervention_view_of(row, pauses.get(row[0], ()), tuple(tags.get(row[0], ())))
        for row in rows
    ]


def _pauses_of(db: Connection, ids: Iterable[int]) -> dict[int, tuple[PauseView, ...]]:
    found: dict[int, list[PauseView]] = defaultdict(list)
    for intervention_id, paused_at, resumed_at, reason in db.execute(_PAUSES, {"ids": list(ids)}):
        found[intervention_id].append(PauseView(paused_at, resumed_at, reason))
    return {key: tuple(value) for key, value in found.items()}
