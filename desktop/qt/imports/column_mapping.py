"""The mapping step of a table import: which column of the file holds which field.

One combo box per field over the file's headers, pre-filled by guess_mapping;
``changed`` is emitted when the user picks another column (not when it is filled).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QWidget

from desktop.agenda_import.table import FIELD_LABELS, FIELDS, guess_mapping

NO_COLUMN = -1


class ColumnMapping(QGroupBox):
    """By default the fields of an agenda table; other tables give their own fields."""

    changed = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        fields: Sequence[str] = FIELDS,
        labels: Mapping[str, str] = FIELD_LABELS,
        guess: Callable[[Sequence[str]], Mapping[str, int]] = guess_mapping,
    ) -> None:
        super().__init__("Columns of the table", parent)
        self._guess = guess
        grid = QGridLayout(self)
        self.combos: dict[str, QComboBox] = {}
        for index, field in enumerate(fields):
            combo = QComboBox()
            combo.setAccessibleName(f"Column for {labels.get(field, field)}")
            combo.setMinimumContentsLength(14)
            combo.currentIndexChanged.connect(self.changed)
            self.combos[field] = combo
            label = QLabel(f"{labels.get(field, field)}:")
            label.setBuddy(combo)
            grid.addWidget(label, index // 3, (index % 3) * 2)
            grid.addWidget(combo, index // 3, (index % 3) * 2 + 1)

    def fill(self, headers: Sequence[str]) -> None:
        """Offer the file's headers, and choose what guess_mapping proposes."""
        guessed = self._guess(headers)
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("(none)", NO_COLUMN)
            for column, header in enumerate(headers):
                combo.addItem(header or f"Column {column + 1}", column)
            combo.setCurrentIndex(max(combo.findData(guessed.get(field, NO_COLUMN)), 0))
            combo.blockSignals(False)

    def mapping(self) -> dict[str, int]:
        chosen = {field: combo.currentData() for field, combo in self.combos.items()}
        return {field: int(column) for field, column in chosen.items() if column != NO_COLUMN}

    def set_mapping(self, mapping: Mapping[str, int]) -> None:
        """Choose the columns as a user would; ``changed`` is emitted once."""
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(mapping.get(field, NO_COLUMN)), 0))
            combo.blockSignals(False)
        self.changed.emit()
