"""At start, the changes kept when Floordesk last closed: listed, written only when asked.

Floordesk closed (or died) while the database could not be written, with changes made at
this station that never reached it. They are not written silently at the next start —
other stations may have moved on since, and a floor given at 10:41 written at 11:20
would rewrite what the hall saw. The window lists them (what, and when), without
blocking the desk, and the moderator writes them, in their order and with their own
times, or sets them aside: kept in a file with a readable list beside it, never lost.

And at quit: changes not yet written (the database still cannot be written) are said,
and the user is asked before Floordesk closes; they are kept in a file and offered here
at the next start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.conference_time import to_local

if TYPE_CHECKING:
    from desktop.kept_changes import KeptSet
    from desktop.qt.desk.desk import Desk
    from desktop.qt.storage_guard import StorageGuard


class KeptChangesDialog(QDialog):
    """One set of kept changes: the list, and the two decisions."""

    def __init__(
        self, kept: KeptSet, guard: StorageGuard, desk: Desk, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.kept, self.guard, self.desk = kept, guard, desk
        self.setWindowTitle("Changes not written when Floordesk last closed")
        names = self._delegation_names()
        changes = [c for c in kept.changes(names) if c.shown]
        zone = desk.zone
        saved = to_local(kept.saved_at, zone)
        count = "1 change" if len(changes) == 1 else f"{len(changes)} changes"
        self.intro = QLabel(
            f"Floordesk closed at {saved:%H:%M} on {saved.day} {saved:%B} with {count} made "
            "here that the database could not take. They are not written by themselves: other "
            "stations may have moved on since. Write them now, with the times they were made, "
            "or set them aside — kept in a file, nothing is lost."
        )
        self.intro.setWordWrap(True)
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["When", "What"])
        for change in changes:
            when = to_local(change.when, zone).strftime("%d %b %H:%M:%S") if change.when else "—"
            row = [QStandardItem(when), QStandardItem(change.what)]
            for item in row:
                item.setEditable(False)
            self.model.appendRow(row)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        buttons, self.write_button, self.aside_button = write_or_set_aside(
            ("Write them to the database", self.write), ("Set them aside", self.set_aside)
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(640, 360)
        self.outcome = ""  # the sentence said once decided; Escape decides nothing (kept)

    def write(self) -> None:
        done = self.guard.write_kept(self.kept, self._delegation_names())
        self.desk.restore_history()  # their undo steps, written with them
        self.outcome = (
            "The changes kept from the last session are written."
            if done.written
            else f"{self.guard.sentence()}"
        )
        if done.aside is not None:
            some = "1 of them" if done.set_aside == 1 else f"{done.set_aside} of them"
            self.outcome += (
                f" {some} may have been saved already, over a week ago, and can no longer "
                f"be told apart: set aside in {done.aside}, not written twice."
            )
        self.desk.problem.emit(self.outcome)
        self.accept()

    def set_aside(self) -> None:
        path = self.guard.set_aside(self.kept, self._delegation_names())
        self.outcome = f"The changes kept from the last session are set aside in {path}."
        self.desk.problem.emit(self.outcome)
        self.reject()

    def _delegation_names(self) -> Callable[[int], str | None]:
        names = {d.id: d.name for d in self.desk.store.delegations.all()}
        return names.get


def write_or_set_aside(
    write: tuple[str, Callable[[], None]], aside: tuple[str, Callable[[], None]]
) -> tuple[QDialogButtonBox, QPushButton, QPushButton]:
    """The two answers to changes that wait (kept at the last close, or made during an
    outage): write them, or set them aside in a file. Neither is the default: Enter, from
    a key still held down at the desk, decides nothing."""
    buttons = QDialogButtonBox()
    made = []
    for (text, then), role in (
        (write, QDialogButtonBox.ButtonRole.AcceptRole),
        (aside, QDialogButtonBox.ButtonRole.RejectRole),
    ):
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(then)
        buttons.addButton(button, role)
        made.append(button)
    return buttons, made[0], made[1]


def offer_kept_changes(guard: StorageGuard, desk: Desk, parent: QWidget) -> list[KeptChangesDialog]:
    """A dialog for each set of kept changes waiting for a decision, open beside the desk
    (not blocking it)."""
    dialogs = []
    for kept in guard.kept_sets():
        dialog = KeptChangesDialog(kept, guard, desk, parent)
        dialog.setModal(False)  # open() would make it window-modal: the desk stays free
        dialog.show()
        dialogs.append(dialog)
    return dialogs


def confirm_quit(
    parent: QWidget, waiting: int, problem: str, quit_now: Callable[[], None]
) -> QMessageBox:
    """Ask before quitting with changes not yet written (without blocking the window)."""
    changes = "1 change made here is" if waiting == 1 else f"{waiting} changes made here are"
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Changes not written yet",
        f"{changes} not written to the database yet ({problem or 'it cannot be written'}). "
        "If you quit now they are kept in a file, and offered at the next start to write "
        "or set aside.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    quit_button = box.addButton(
        "Quit, keep them for the next start", QMessageBox.ButtonRole.AcceptRole
    )
    stay = box.addButton("Stay", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _result: quit_now() if box.clickedButton() is quit_button else None)
    box.open()
    return box
