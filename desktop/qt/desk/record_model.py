"""The record of the slot shown, as a table: who had the floor, when, for how long, the
overrun; the intervention under way in bold. Followed one intervention at a time: an F5
reads the new one and the one it ended, not the whole record."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from db.meeting.actions import Action
from db.meeting.snapshots import Change, InterventionView
from db.meeting.vocabulary import Channel, InterventionKind
from desktop.domain.conference_time import hms
from desktop.domain.speaking_time import format_duration, speaking_elapsed
from desktop.qt.desk.snapshot_model import Column, SnapshotTableModel, widest

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk


class RecordModel(SnapshotTableModel[InterventionView]):
    """The slot's interventions: who had the floor, when, for how long."""

    paint_roles: tuple[int, ...] = (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole)

    def __init__(self, desk: Desk) -> None:
        def zone() -> str:
            return desk.zone

        right = Qt.AlignmentFlag.AlignRight
        self.columns = (
            Column("Given", lambda i: hms(i.floor_given_at, zone()), right, sample="23:59:59"),
            Column("Delegation", lambda i: i.nameplate, tooltip=_speaker_of),
            Column("Duration", _duration, right, sample="speaking"),
            Column("Overrun", _overrun, right, sample="+59:59"),
            Column(
                "Kind", lambda i: i.kind.label, sample=widest(k.label for k in InterventionKind)
            ),
            Column("Channel", lambda i: i.channel.label, sample=widest(c.label for c in Channel)),
            Column("Taken back", lambda i: _taken(i, zone()), right, sample="23:59:59"),
        )
        super().__init__(desk)

    def wants(self, change: Change) -> bool:
        return change.entity in {"intervention", "agenda_slot"}

    def follow(self, changes: list[Change]) -> bool:
        """The interventions these changes touched are read again, one by one; the rest of
        the record stands."""
        if not all(change.action in _ONE_INTERVENTION_AT_A_TIME for change in changes):
            return False
        touched = {change.entity_id for change in changes if change.entity_id is not None}
        fresh = {row.id: row for row in self.desk.store.floor.interventions_with_ids(touched)}
        kept = []
        for row in self._rows:
            if row.id not in touched:
                kept.append(row)
            elif row.id in fresh:  # changed; if it is not fresh, it is gone (undone)
                kept.append(fresh.pop(row.id))
        # New ones (the floor just given) join in the order the floor was given.
        kept.extend(fresh.values())
        kept.sort(key=lambda row: (row.floor_given_at, row.id))
        self.replace_rows(kept)
        return True

    def query(self) -> list[InterventionView]:
        slot = self.desk.slot
        return self.desk.store.floor.interventions(slot.id) if slot else []

    def extra_data(self, row: InterventionView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and row.is_current:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == 3 and _overrun(row):
            return QColor("#b91c1c")
        return None


_ONE_INTERVENTION_AT_A_TIME = frozenset(
    {
        Action.FLOOR_GIVE,
        Action.FLOOR_TAKE_BACK,
        Action.FLOOR_PAUSE,
        Action.FLOOR_RESUME,
        Action.FLOOR_ADD_TIME,
        Action.FLOOR_REOPEN,
        Action.RECORD_NOTES,
        Action.RECORD_INTERNAL_NOTES,
        Action.RECORD_TAGS,
        Action.RECORD_FLAGS,
    }
)


def _speaker_of(intervention: InterventionView) -> str:
    return "\n".join(p for p in (intervention.delegation, intervention.speaker) if p)


def _taken(intervention: InterventionView, zone: str) -> str:
    if intervention.floor_taken_at is None:
        return ""
    return hms(intervention.floor_taken_at, zone)


def _duration(intervention: InterventionView) -> str:
    if intervention.floor_taken_at is None:
        return "speaking"
    return format_duration(
        speaking_elapsed(
            intervention.floor_given_at, intervention.pauses, intervention.floor_taken_at
        )
    )


def _overrun(intervention: InterventionView) -> str:
    if intervention.floor_taken_at is None:
        return ""
    elapsed = speaking_elapsed(
        intervention.floor_given_at, intervention.pauses, intervention.floor_taken_at
    )
    over = elapsed - timedelta(seconds=intervention.limit_s + intervention.added_s)
    return f"+{format_duration(over)}" if over >= timedelta(seconds=1) else ""
