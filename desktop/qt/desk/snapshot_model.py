"""A table model over frozen rows read from the store, declared by its columns.

Two things make it fit for a list of 500 speakers that changes at every key press:

- a refresh tells the view only what changed (a block of rows removed or added, rows
  changed in place), so that the view keeps its selection and scroll position and
  repaints what it must; anything else resets it;
- what the view asks to paint a cell (text, alignment, colours, font) is worked out once
  per row and kept, because every call from Qt into Python costs more than the answer:
  a repaint asks some 500 times.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

if TYPE_CHECKING:
    from db.meeting.snapshots import Change
    from desktop.qt.desk.desk import Desk

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class Roles(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    DAY = Qt.ItemDataRole.UserRole + 2
    ROW = Qt.ItemDataRole.UserRole + 3


class Column(Generic[Row]):
    def __init__(
        self,
        title: str,
        text: Callable[[Row], str],
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        tooltip: Callable[[Row], str] | None = None,
        *,
        ordinal: bool = False,
        sample: str = "",
    ) -> None:
        self.ordinal = ordinal
        # The widest text the column will show: its width is set from it once, instead of
        # being measured from the rows at every change (see views.fit_columns).
        self.sample = sample
        self.title = title
        self.text = text
        self.align = align | Qt.AlignmentFlag.AlignVCenter
        self.tooltip = tooltip


# The roles a view asks for to paint a cell (QStyledItemDelegate), kept per row.
_PAINT_ROLES = (
    Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole,
    Qt.ItemDataRole.BackgroundRole,
    Qt.ItemDataRole.DecorationRole,
    Qt.ItemDataRole.CheckStateRole,
    Qt.ItemDataRole.SizeHintRole,
)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ID = int(Roles.ID)
# What a row shows may depend on more than the row: its slot (the speaking limits), the
# conference (its time zone), a delegation (its name). A change to one of them writes
# every row again.
_AROUND_THE_ROWS = frozenset({"agenda_slot", "conference", "delegation"})


class SnapshotTableModel(QStandardItemModel, Generic[Row]):
    """A table of frozen rows with declared columns, refreshed from the store."""

    columns: Sequence[Column[Row]] = ()
    extra_roles: Sequence[int] = ()  # further roles a model answers (the agenda's day)
    # The paint roles its ``extra_data`` answers; None: any of them. A row written asks
    # ``extra_data`` for each of these in each of its cells: asking for all six, a record
    # of 220 rows made 12,000 calls at start, most of them for nothing.
    # tests/qt/test_every_item_model.py holds each model to what it names.
    paint_roles: Sequence[int] | None = None
    # False: every refresh resets the view (for views that treat a moved current row as
    # the user's choice, like the agenda's).
    incremental = True
    # True: the rows follow a change at once, before the window paints (the list of
    # speakers); False: at the desk's later moment (Desk.changes_later).
    at_once = False
    # Around every refresh, whether the view was reset or told of the rows that changed.
    about_to_refresh = Signal()
    refreshed = Signal()

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        self.desk = desk
        self._rows: list[Row] = []
        self.declare_columns()
        self.invisibleRootItem().setFlags(self.flags_without_row())
        self.connect_reload()

    def declare_columns(self) -> None:
        """The columns' count and headings (again, for a model that changed its columns)."""
        # Worked out once, not for every cell of every row written.
        self._aligns = [int(column.align) for column in self.columns]
        self._painted = [int(role) for role in (*self.answered_paint_roles(), *self.extra_roles)]
        self.setColumnCount(len(self.columns))
        for number, column in enumerate(self.columns):
            self.setHeaderData(number, Qt.Orientation.Horizontal, column.title)
            self.setHeaderData(
                number,
                Qt.Orientation.Horizontal,
                int(column.align),
                Qt.ItemDataRole.TextAlignmentRole,
            )

    def answered_paint_roles(self) -> Sequence[int]:
        """The paint roles worth asking ``extra_data`` for: none where it is not overridden."""
        if type(self).extra_data is SnapshotTableModel.extra_data:
            return ()
        return _PAINT_ROLES if self.paint_roles is None else self.paint_roles

    def connect_reload(self) -> None:
        """When to ask the store again: on the changes it ``wants``, and on another slot."""
        (self.desk.changes if self.at_once else self.desk.changes_later).connect(self._on_changes)
        self.desk.slot_changed.connect(self.reload)

    def wants(self, change: Change) -> bool:
        """Whether a change in the store may change these rows (by default: any)."""
        return True

    def _on_changes(self, changes: list[Change]) -> None:
        wanted = [change for change in changes if self.wants(change)]
        if wanted and not self.follow(wanted):
            # Rows that show the same are left as they are (a request added to a list of
            # 500 writes one row, not 500), unless what they show around them changed.
            fresh = any(change.entity in _AROUND_THE_ROWS for change in wanted)
            self.replace_rows(self.query(), fresh=fresh)

    def follow(self, changes: list[Change]) -> bool:
        """Bring the rows up to date from these changes without asking the store for all of
        them, where the model knows how; False: it does not, ask again (``reload``)."""
        return False

    def query(self) -> list[Row]:
        """The rows to show, asked of the store; each model says which."""
        return []

    def reload(self) -> None:
        """Ask the store again; every row is written afresh (what it shows may depend on
        more than the row: the slot's limits, the conference's time zone)."""
        self.replace_rows(self.query(), fresh=True)

    def replace_rows(self, rows: list[Row], *, fresh: bool = False) -> None:
        self.about_to_refresh.emit()
        self._replace(rows, fresh)
        self.refreshed.emit()

    def drop_rows(self, keys: set[object]) -> None:
        """Take the rows with these keys away; the others stand as they are (no comparing
        of the whole table, as ``replace_rows`` does)."""
        gone = []
        for number, row in enumerate(self._rows):  # near the top, as a rule: stop there
            if self.key(row) in keys:
                gone.append(number)
                if len(gone) == len(keys):
                    break
        if not gone:
            return
        self.about_to_refresh.emit()
        for number in reversed(gone):
            del self._rows[number]
            self.removeRow(number)
        self.refreshed.emit()

    def key(self, row: Row) -> object:
        """What identifies a row from one query to the next."""
        return getattr(row, "id", row)

    def shows_the_same(self, was: Row, now: Row) -> bool:
        """Whether the row, read again, shows what it showed (then it is not written)."""
        return was == now

    def _replace(self, rows: list[Row], fresh: bool) -> None:
        old = self._rows
        old_keys = [self.key(r) for r in old]
        new_keys = [self.key(r) for r in rows]
        shorter = min(len(old_keys), len(new_keys))
        head = 0
        while head < shorter and old_keys[head] == new_keys[head]:
            head += 1
        tail = 0
        while tail < shorter - head and old_keys[-1 - tail] == new_keys[-1 - tail]:
            tail += 1
        if not self.incremental and old_keys != new_keys:
            head = tail = -1  # a reset
        if not old and rows:
            head = tail = -1  # all new: one reset, not a signal (and a layout) for each row
        if head + tail == len(new_keys) == len(old_keys):  # the same rows
            before = old
        elif head + tail == len(new_keys):  # a block of old rows is gone
            before = self._rows = old[:head] + old[len(old) - tail :]
            self.removeRows(head, len(old) - len(rows))
        elif head + tail == len(old_keys):  # a block of new rows came
            before = self._rows = (
                old[:head] + rows[head : len(rows) - tail] + old[len(old) - tail :]
            )
            for number in range(head, len(rows) - tail):
                self.insertRow(number, self._items(rows[number], number))
        else:
            self._rows = rows
            self.beginResetModel()
            blocked = self.blockSignals(True)
            self.setRowCount(0)
            for number, row in enumerate(rows):
                self.appendRow(self._items(row, number))
            self.blockSignals(blocked)
            self.endResetModel()
            return
        self._rows = rows
        for number, (was, now) in enumerate(zip(before, rows, strict=True)):
            if fresh or (was is not now and not self.shows_the_same(was, now)):
                self._write(number, now)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def row_of(self, key: object) -> int | None:
        """Where the row with this key is shown, if it is."""
        return next((i for i, row in enumerate(self._rows) if self.key(row) == key), None)

    def rows(self) -> list[Row]:
        return list(self._rows)

    def flags_without_row(self) -> Qt.ItemFlag:
        """The flags of the empty space below the rows."""
        return Qt.ItemFlag.NoItemFlags

    def row_flags(self, row: Row) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def ordinal_label(self, row: Row) -> str | None:
        """What a numbering column shows instead of the row's place (which the view's
        views.PlaceNumbers delegate draws, so that rows need no renumbering when the rows
        above them come or go)."""
        return None

    def extra_data(self, row: Row, column: int, role: int) -> Any:
        return None

    # -- inside -----------------------------------------------------------------

    def _items(self, row: Row, number: int) -> list[QStandardItem]:
        flags = self.row_flags(row)
        items = []
        for column_number in range(len(self.columns)):
            item = QStandardItem()
            set_data = item.setData
            for role, value in self._roles(row, number, column_number).items():
                if value is not None:
                    set_data(value, role)
            item.setFlags(flags)
            items.append(item)
        return items

    def _write(self, number: int, row: Row) -> None:
        flags = self.row_flags(row)
        for column_number in range(len(self.columns)):
            item = self.item(number, column_number)
            self.setItemData(item.index(), self._roles(row, number, column_number))
            if item.flags() != flags:
                item.setFlags(flags)

    def _roles(self, row: Row, number: int, column_number: int) -> dict[int, Any]:
        column = self.columns[column_number]
        roles: dict[int, Any] = {
            _DISPLAY: self.ordinal_label(row) if column.ordinal else column.text(row),
            _ALIGNMENT: self._aligns[column_number],
            _ID: getattr(row, "id", None),
        }
        if column.tooltip is not None:
            roles[_TOOLTIP] = column.tooltip(row)
        extra_data = self.extra_data
        for role in self._painted:
            roles[role] = extra_data(row, column_number, role)
        return roles


def widest(texts: Iterable[str]) -> str:
    """The longest of some texts: a column's sample, sized before any row is shown."""
    return max(texts, key=len, default="")
