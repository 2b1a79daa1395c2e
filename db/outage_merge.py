"""What the other stations changed on the server while this one worked on its standby
copy, and which of this station's changes meet theirs.

Read when the server answers again, before anything is written: the journal's entries
after the last one the copy held, made by other stations. A change this station made on
its copy that changed the floor of a slot whose floor another station changed meanwhile
is a conflict: the moderator decides whether it is written (unticked by default,
desktop/qt/outage_merge_dialog.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from db.guard import StoreCommand
from db.local_ids import Made, floor_slots
from db.models import JournalEntry


@dataclass(frozen=True)
class ChangedElsewhere:
    recorded_at: datetime
    station: str
    made: Made


def changed_elsewhere(server: Engine, after_id: int, station: str) -> list[ChangedElsewhere]:
    """The other stations' journal entries after ``after_id``, in their order."""
    with server.connect() as connection:
        rows = connection.execute(
            select(JournalEntry.recorded_at, JournalEntry.station, JournalEntry.action)
            .add_columns(JournalEntry.entity, JournalEntry.entity_id, JournalEntry.details)
            .where(JournalEntry.id > after_id, JournalEntry.station != station)
            .order_by(JournalEntry.id)
        )
        found = []
        for at, by, action, entity, entity_id, details in rows:
            slot_id = (details or {}).get("slot_id")
            found.append(ChangedElsewhere(at, by, Made(action, entity, entity_id, slot_id)))
        return found


def in_conflict(held: Sequence[StoreCommand], elsewhere: Sequence[ChangedElsewhere]) -> list[bool]:
    """For each held change: does it change the floor of a slot whose floor another
    station changed meanwhile?"""
    taken = floor_slots(change.made for change in elsewhere)
    return [
        bool(floor_slots(Made(*entry) for entry in getattr(command, "made_here", [])) & taken)
        for command in held
    ]
