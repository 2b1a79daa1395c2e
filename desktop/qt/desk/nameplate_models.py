"""The nameplates' data: one row per delegation in seating order, with its place on
the list and whether it spoke (roles below), and the filter of the type-ahead box, which
finds a delegation by any of its names."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QWidget,
)

from db.meeting.folding import fold

if TYPE_CHECKING:
    from db.meeting.snapshots import DelegationView

Index = QModelIndex | QPersistentModelIndex


class PlateRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1
    PLACE = Qt.ItemDataRole.UserRole + 2  # 1-based place on the list, or None
    SPOKEN = Qt.ItemDataRole.UserRole + 3  # bool: spoke in this slot
    GROUP = Qt.ItemDataRole.UserRole + 4  # DelegationGroup
    DELEGATION = Qt.ItemDataRole.UserRole + 5  # the DelegationView
    TARGET = Qt.ItemDataRole.UserRole + 6  # bool: what Enter in the search box adds


ID_ROLE = PlateRole.ID
PLACE_ROLE = PlateRole.PLACE
SPOKEN_ROLE = PlateRole.SPOKEN
TARGET_ROLE = PlateRole.TARGET


def match_rank(names: Sequence[str], wanted: str) -> int | None:
    """How well folded ``names`` match folded ``wanted``: 0 best, None not at all."""
    if not wanted:
        return 3
    best: int | None = None
    for name in names:
        if name == wanted:
            return 0
        if name.startswith(wanted):
            rank = 1
        elif any(word.startswith(wanted) for word in _words(name)):
            rank = 2
        elif wanted in name:
            rank = 3
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def _words(name: str) -> list[str]:
    return name.replace("-", " ").replace("(", " ").split()


class PlateModel(QAbstractListModel):
    """The delegations in seating order, with their marks for the current slot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DelegationView] = []
        self._folded: list[tuple[str, ...]] = []
        self._waiting: dict[int, int] = {}
        self._spoken: frozenset[int] = frozenset()
        self._target: int | None = None

    def set_delegations(self, delegations: Sequence[DelegationView]) -> None:
        self.beginResetModel()
        self._rows = list(delegations)
        self._folded = [
            tuple(fold(n) for n in (d.nameplate, d.name, *d.aliases) if n) for d in self._rows
        ]
        self.endResetModel()

    def set_marks(self, waiting: Mapping[int, int], spoken: Collection[int]) -> None:
        waiting, spoken = dict(waiting), frozenset(spoken)
        if (waiting, spoken) != (self._waiting, self._spoken):
            self._waiting, self._spoken = waiting, spoken
            self._all_changed()

    def set_target(self, delegation_id: int | None) -> None:
        if delegation_id != self._target:
            self._target = delegation_id
            self._all_changed()

    def _all_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def delegation_at(self, row: int) -> DelegationView:
        return self._rows[row]

    def rank(self, row: int, wanted: str) -> int | None:
        return match_rank(self._folded[row], wanted)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        delegation = self._rows[index.row()]
        place = self._waiting.get(delegation.id)
        spoken = delegation.id in self._spoken
        if role == Qt.ItemDataRole.DisplayRole:
            return delegation.nameplate
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return plate_tooltip(delegation, place, spoken)
        if role == PlateRole.ID:
            return delegation.id
        if role == PlateRole.PLACE:
            return place
        if role == PlateRole.SPOKEN:
            return spoken
        if role == PlateRole.GROUP:
            return delegation.group
        if role == PlateRole.DELEGATION:
            return delegation
        if role == PlateRole.TARGET:
            return delegation.id == self._target
        return None


def plate_tooltip(delegation: DelegationView, place: int | None, spoken: bool) -> str:
    lines = [delegation.name, delegation.group.label]
    if place is not None:
        lines.append(f"waiting, #{place}")
    if spoken:
        lines.append("spoke in this slot")
    return "\n".join(lines)


class PlateFilter(QSortFilterProxyModel):
    """Keeps the plates whose nameplate, name or an alias holds the typed text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wanted = ""

    @property
    def wanted(self) -> str:
        return self._wanted

    def set_text(self, text: str) -> None:
        wanted = fold(text)
        if wanted == self._wanted:
            return
        self.beginFilterChange()
        self._wanted = wanted
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def plates(self) -> PlateModel:
        model = self.sourceModel()
        assert isinstance(model, PlateModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return not self._wanted or self.plates().rank(source_row, self._wanted) is not None

    def best_row(self) -> int | None:
        """The visible row Enter adds: the best match, the first in seating order on a tie."""
        best: tuple[int, int] | None = None
        for row in range(self.rowCount()):
            source_row = self.mapToSource(self.index(row, 0)).row()
            rank = self.plates().rank(source_row, self._wanted)
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, row)
        return None if best is None else best[1]
