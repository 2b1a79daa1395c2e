"""The moderator composes the list's ordering rules: which apply, in which precedence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.meeting.ordering import Policy, Rule

_ALWAYS = (
    "Whatever the rules: a point of order goes to the top; a right of reply waits until "
    "the list is closed; a request moved by hand stays where it was put."
)


class OrderingDialog(QDialog):
    """Tick the rules that apply and drag (or move) them into their precedence."""

    def __init__(self, policy: Policy, slot_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Ordering rules of the list of speakers")
        self.rules = QListWidget()
        self.rules.setAccessibleName("Ordering rules, first one first")
        self.rules.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        chosen = list(policy.rules)
        for rule in chosen + [r for r in Rule if r not in chosen]:
            item = QListWidgetItem(rule.label)
            item.setData(Qt.ItemDataRole.UserRole, rule.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if rule in chosen else Qt.CheckState.Unchecked)
            self.rules.addItem(item)
        self.rules.setCurrentRow(0)
        up = QPushButton("Move up")
        down = QPushButton("Move down")
        up.clicked.connect(lambda: self._move(-1))
        down.clicked.connect(lambda: self._move(+1))
        buttons = QVBoxLayout()
        buttons.addWidget(up)
        buttons.addWidget(down)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.rules, 1)
        row.addLayout(buttons)
        intro = QLabel(
            f"<b>{slot_title}</b><br>Tick the rules that order this slot's list; the first "
            "ticked rule counts most. Order of request always settles what remains."
        )
        intro.setWordWrap(True)
        always = QLabel(_ALWAYS)
        always.setWordWrap(True)
        always.setStyleSheet("color: #4b5563;")
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(always)
        layout.addWidget(box)
        self.resize(560, 380)

    def _move(self, step: int) -> None:
        row = self.rules.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.rules.count():
            return
        item = self.rules.takeItem(row)
        self.rules.insertItem(target, item)
        self.rules.setCurrentRow(target)

    def policy(self) -> Policy:
        rules = []
        for row in range(self.rules.count()):
            item = self.rules.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                rules.append(Rule(item.data(Qt.ItemDataRole.UserRole)))
        return Policy(tuple(rules)) if rules else Policy()
