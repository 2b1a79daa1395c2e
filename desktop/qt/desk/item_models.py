"""Qt item models over the store: the agenda, the list of speakers, the record.

Each model holds the snapshot of its last query and asks the store again when
the desk announces a change; nothing here is the source of truth.
"""

from __future__ import annotations

import copy
import dataclasses
import operator
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from db.meeting.actions import Action
from db.meeting.floor_rules import next_speakers
from db.meeting.snapshots import (
    Change,
    DelegationView,
    FloorRequestView,
    SlotView,
)
from db.meeting.vocabulary import (
    Channel,
    DelegationGroup,
    InterventionKind,
    RequestStatus,
    SlotKind,
)
from desktop.domain.conference_time import hm, to_local
from desktop.domain.speaking_time import (
    format_clock,
    request_limit,
)
from desktop.qt.desk.record_model import RecordModel
from desktop.qt.desk.snapshot_model import Column, Index, Roles, SnapshotTableModel, widest
from desktop.qt.palette import SLOT_KIND_COLOURS

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk

__all__ = ["Column", "RecordModel", "Roles", "SnapshotTableModel"]  # where the panes found them


LIVE_SLOT_BACKGROUND = "#bbf7d0"


class AgendaModel(SnapshotTableModel[SlotView]):
    extra_roles = (Roles.DAY,)
    paint_roles = (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
    )
    incremental = False  # the agenda pane takes a new current row for the user's choice

    def __init__(self, desk: Desk) -> None:
        def zone() -> str:  # read at display time: the conference can change
            return desk.zone

        def tooltip(slot: SlotView) -> str:
            live = desk.live_slot
            here = "Live in the hall now.\n" if live is not None and live.id == slot.id else ""
            return here + _slot_tooltip(slot)

        self.columns = (
            Column("Time", lambda s: f"{hm(s.starts_at, zone())}–{hm(s.ends_at, zone())}"),
            Column("Slot", lambda s: s.title, tooltip=tooltip),
        )
        super().__init__(desk)

    def connect_reload(self) -> None:
        # Only when the agenda itself changes: choosing a slot must not reset the
        # model under the view that is selecting it.
        self.desk.agenda_changed.connect(self.reload)
        self.desk.live_changed.connect(self._mark_live)

    def _mark_live(self) -> None:
        """The live slot's mark moves: a dozen rows written again, the selection kept."""
        for number, row in enumerate(self._rows):
            self._write(number, row)

    def query(self) -> list[SlotView]:
        # The desk reads the agenda again just before it says the agenda changed.
        return list(self.desk.slots)

    def days(self) -> list[date]:
        return sorted({to_local(s.starts_at, self.desk.zone).date() for s in self._rows})

    def extra_data(self, row: SlotView, column: int, role: int) -> Any:
        if role == Roles.DAY:
            return to_local(row.starts_at, self.desk.zone).date().isoformat()
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return QColor(SLOT_KIND_COLOURS[row.kind])
        live = self.desk.live_slot
        if role == Qt.ItemDataRole.BackgroundRole and live is not None and live.id == row.id:
            return QColor(LIVE_SLOT_BACKGROUND)  # the slot in the hall, whatever is selected
        if role == Qt.ItemDataRole.ForegroundRole and not row.kind.has_speakers:
            return QColor("#6b7280")
        if role == Qt.ItemDataRole.FontRole and row.kind in {SlotKind.PANEL, SlotKind.KEYNOTE}:
            font = QFont()
            font.setBold(True)
            return font
        return None


def _slot_tooltip(slot: SlotView) -> str:
    lines = [f"{slot.kind.label}: {slot.title}"]
    if slot.moderator:
        lines.append(f"Moderator: {slot.moderator}")
    if slot.panellists:
        lines.append("Panellists: " + "; ".join(slot.panellists))
    return "\n".join(lines)


class SpeakersListModel(SnapshotTableModel[FloorRequestView]):
    at_once = True  # what the moderator acts on: shown before the other views follow
    paint_roles = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole)

    def __init__(self, desk: Desk) -> None:
        def zone() -> str:
            return desk.zone

        centre = Qt.AlignmentFlag.AlignCenter
        self.columns = (
            Column("#", lambda r: "", Qt.AlignmentFlag.AlignRight, ordinal=True, sample="late"),
            Column("Delegation", lambda r: r.nameplate or "(unmatched)", tooltip=_who),
            Column(
                "Group",
                lambda r: r.group.short_label if r.group else "",
                centre,
                sample=widest(g.short_label for g in DelegationGroup),
            ),
            Column(
                "Kind", lambda r: r.kind.label, sample=widest(k.label for k in InterventionKind)
            ),
            Column("Channel", lambda r: r.channel.label, sample=widest(c.label for c in Channel)),
            Column(
                "Limit",
                lambda r: format_clock_s(self.limit_of(r)),
                Qt.AlignmentFlag.AlignRight,
                sample="10:00",
            ),
            Column(
                "Received",
                lambda r: _received(r, zone()),
                Qt.AlignmentFlag.AlignRight,
                sample="30 Nov 23:59",
            ),
            Column("State", lambda r: self.state_of(r), tooltip=lambda r: self.state_of(r)),
        )
        super().__init__(desk)

    def wants(self, change: Change) -> bool:
        return change.entity in _LIST_ENTITIES and change.action != Action.RECORD_NOTES

    def follow(self, changes: list[Change]) -> bool:
        """Giving the floor takes the speaker off the list; the countdown's own changes
        leave it as it is. A few requests changed (one added, moved, withdrawn…): the
        list's order is read, and those requests alone. Anything else: the list is read
        again."""
        if all(change.action in _LEAVE_THE_LIST_AS_IT_IS for change in changes):
            # Taking the floor back names no request: the speaker left the list when called.
            self.drop_rows({c.details["request_id"] for c in changes if "request_id" in c.details})
            return True
        slot = self.desk.slot
        if (
            slot is None
            or len(changes) > _FOLLOW_AT_MOST
            or not all(change.entity == "floor_request" for change in changes)
        ):
            return False
        speakers = self.desk.store.speakers
        places = speakers.places(slot.id, _ON_THE_LIST)
        held = {row.id: row for row in self._rows}
        named = {change.entity_id for change in changes if change.entity_id is not None}
        fresh = {
            row.id: row
            for row in speakers.requests_with_ids(
                named | {request_id for request_id, _ in places if request_id not in held}
            )
        }
        rows = []
        for request_id, position in places:
            row = fresh.get(request_id) or held.get(request_id)
            if row is None:  # changed again meanwhile: its own change will follow
                return False
            rows.append(row if row.position == position else _moved(row, position))
        self.replace_rows(rows)
        return True

    def query(self) -> list[FloorRequestView]:
        """The waiting requests in their order, then those sent late, for a decision."""
        slot = self.desk.slot
        if slot is None:
            return []
        return self.desk.store.speakers.requests(slot.id, _ON_THE_LIST)

    def shows_the_same(self, was: FloorRequestView, now: FloorRequestView) -> bool:
        """A place on the list is not shown (the view numbers the rows): a request that
        only moved down when another came before it is not written again."""
        return was == now or _SHOWN(was) == _SHOWN(now)

    def rows_waiting(self) -> list[FloorRequestView]:
        return [r for r in self._rows if r.status is RequestStatus.WAITING]

    def upcoming(self, count: int) -> list[FloorRequestView]:
        """The next ``count`` speakers, those F5 would call in turn (the rule of
        floor_rules.next_speakers, as SpeakersList.upcoming), from the rows held (no query)."""
        slot = self.desk.slot
        if slot is None:
            return []
        return next_speakers(self._rows, list_closed=slot.list_closed_at is not None, count=count)

    def next_speaker(self) -> tuple[FloorRequestView, int] | None:
        """Whom F5 calls next on this list, with the speaking time they will get."""
        found = self.upcoming(1)
        return (found[0], self.limit_of(found[0])) if found else None

    def limit_of(self, request: FloorRequestView) -> int:
        """The speaking time the request gets (floor_rules.speaking_limit)."""
        return request_limit(request, self.desk.slot) or 0

    def planned_seconds(self) -> int:
        return sum(self.limit_of(r) for r in self.rows_waiting())

    def state_of(self, request: FloorRequestView) -> str:
        """What the moderator should know about this entry, in a few words."""
        slot = self.desk.slot
        words = []
        if request.status is RequestStatus.LATE:
            words.append("sent late — accept or turn down")
        if request.is_absent:
            words.append("not present")
        if request.pinned:
            words.append("moved by hand")
        elif (
            request.kind is InterventionKind.RIGHT_OF_REPLY
            and slot is not None
            and slot.list_closed_at is None
        ):
            words.append("waits for the list to close")
        if request.not_registered:
            words.append("not registered")
        return " · ".join(words)

    def ordinal_label(self, row: FloorRequestView) -> str | None:
        return "late" if row.status is RequestStatus.LATE else None

    def extra_data(self, row: FloorRequestView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status is RequestStatus.LATE or row.is_absent:
                return QColor("#92400e") if row.status is RequestStatus.LATE else QColor("#9ca3af")
            if column == 4 and row.channel.value != "hall":
                return QColor("#0e7490")  # the technician's cue: this speaker is not in the hall
            if column == 3 and row.kind in _URGENT_KINDS:
                return QColor("#b91c1c")
        if role == Qt.ItemDataRole.FontRole and (
            row.status is RequestStatus.LATE or row.kind in _URGENT_KINDS
        ):
            font = QFont()
            font.setItalic(row.status is RequestStatus.LATE)
            font.setBold(row.kind in _URGENT_KINDS)
            return font
        return None

    # -- drag and drop: a move by hand, like Alt+Up/Down --------------------------------

    def flags_without_row(self) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsDropEnabled

    def row_flags(self, row: FloorRequestView) -> Qt.ItemFlag:
        base = super().row_flags(row)
        if row.status is RequestStatus.WAITING:
            return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [REQUEST_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        data = QMimeData()
        ids = sorted({int(self._rows[i.row()].id) for i in indexes if i.isValid()})
        data.setData(REQUEST_MIME, QByteArray(",".join(map(str, ids)).encode()))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index
    ) -> bool:
        """Move the dragged request to where it was dropped (the store reorders; the view
        reloads). Returns False so that the view removes nothing itself."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(REQUEST_MIME):
            return False
        text = bytes(data.data(REQUEST_MIME).data()).decode()
        ids = [int(part) for part in text.split(",") if part.isdigit()]
        if len(ids) != 1:
            return False
        target = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        waiting = self.rows_waiting()
        current = next((i for i, r in enumerate(waiting) if r.id == ids[0]), None)
        if current is None:
            return False
        target = min(target, len(waiting))
        if target > current:
            target -= 1  # dropped below itself: the rows above close up
        if target != current:
            self.desk.move_request(ids[0], target, seen_index=current)
        return False


REQUEST_MIME = "application/x-floordesk-request"
_LIST_ENTITIES = frozenset({"floor_request", "intervention", "agenda_slot", "conference"})
# Changes to the record that take at most one speaker off the list (the one given the floor).
_LEAVE_THE_LIST_AS_IT_IS = frozenset(
    {
        Action.FLOOR_GIVE,
        Action.FLOOR_TAKE_BACK,
        Action.FLOOR_PAUSE,
        Action.FLOOR_RESUME,
        Action.FLOOR_ADD_TIME,
    }
)


def _moved(row: FloorRequestView, position: int) -> FloorRequestView:
    """The row at its new place (a copy: dataclasses.replace takes five times as long,
    and a point of order moves all 500)."""
    moved = copy.copy(row)
    object.__setattr__(moved, "position", position)
    return moved


_ON_THE_LIST = (RequestStatus.WAITING, RequestStatus.LATE)  # late ones wait for a decision
# More changes at once than this (an import): the list is read again.
_FOLLOW_AT_MOST = 50
_SHOWN = operator.attrgetter(
    *(f.name for f in dataclasses.fields(FloorRequestView) if f.name != "position")
)
_URGENT_KINDS = frozenset({InterventionKind.POINT_OF_ORDER, InterventionKind.RIGHT_OF_REPLY})


KIND_SAMPLE = widest(kind.label for kind in InterventionKind)


def format_clock_s(seconds: int) -> str:
    return format_clock(timedelta(seconds=seconds))


def _who(request: FloorRequestView) -> str:
    parts = [request.delegation]
    if request.speaker:
        parts.append(
            f"{request.speaker}, {request.speaker_function}"
            if request.speaker_function
            else request.speaker
        )
    parts.append(f"Source: {request.source.label}")
    if request.note:
        parts.append(request.note)
    return "\n".join(p for p in parts if p)


def _received(request: FloorRequestView, zone: str) -> str:
    local = to_local(request.received_at, zone)
    return local.strftime("%d %b %H:%M")


class DelegationListModel(QAbstractListModel):
    """Delegation names for the type-ahead box, in seating order."""

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.desk = desk
        self._rows: list[DelegationView] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._rows = self.desk.delegations()
        self.endResetModel()

    def rows(self) -> list[DelegationView]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.name} — {row.group.label}"
        if role == Roles.ID:
            return row.id
        if role == Roles.ROW:
            return row
        return None
