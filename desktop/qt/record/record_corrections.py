"""Dialogs for correcting the record: who spoke, two interventions that were one,
when the floor was taken back. Each correction is one store command, journalled."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QWidget,
)

from desktop.domain.conference_time import hms, to_local

if TYPE_CHECKING:
    from db.meeting.snapshots import DelegationView, InterventionView


def _who(intervention: InterventionView, zone: str) -> str:
    speaker = f" — {intervention.speaker}" if intervention.speaker else ""
    return f"{hms(intervention.floor_given_at, zone)}  {intervention.delegation}{speaker}"


class _Dialog(QDialog):
    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        self.form.addRow(label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def finish(self) -> None:
        self.form.addRow(self.buttons)
        self.setMinimumWidth(460)


class SpeakerDialog(_Dialog):
    """Correct the delegation (and the speaker's name) of an intervention."""

    def __init__(
        self,
        intervention: InterventionView,
        delegations: list[DelegationView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Correct who spoke",
            "The correction is kept in the intervention's history.",
            parent,
        )
        self.delegations = delegations
        self.delegation = QComboBox()
        self.delegation.setEditable(True)
        self.delegation.addItem("(no delegation)", None)
        for delegation in delegations:
            self.delegation.addItem(delegation.name, delegation.id)
        completer = self.delegation.completer()
        if completer is not None:
            completer.setFilterMode(completer.filterMode().MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        current = self.delegation.findText(intervention.delegation)
        self.delegation.setCurrentIndex(max(current, 0))
        self.speaker = QLineEdit(intervention.speaker)
        self.speaker.setPlaceholderText("Name of the speaker (may stay empty)")
        self.form.addRow("Delegation", self.delegation)
        self.form.addRow("Speaker", self.speaker)
        self.finish()

    def chosen_delegation(self) -> int | None:
        index = self.delegation.findText(self.delegation.currentText())
        data = self.delegation.itemData(index) if index >= 0 else None
        return int(data) if data is not None else None

    def is_valid(self) -> bool:
        text = self.delegation.currentText()
        return self.delegation.findText(text) >= 0


class MergeDialog(_Dialog):
    """Choose the intervention that the selected one was really part of."""

    def __init__(
        self,
        merged: InterventionView,
        others: list[InterventionView],
        zone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "Merge two interventions",
            f"<b>{_who(merged, zone)}</b> leaves the record: its time, notes, tags and "
            "statements join the intervention chosen here. The history keeps both.",
            parent,
        )
        self.target = QComboBox()
        earlier = [o for o in others if o.floor_given_at < merged.floor_given_at]
        for other in others:
            self.target.addItem(_who(other, zone), other.id)
        if earlier:  # the one just before is the usual case
            self.target.setCurrentIndex(others.index(earlier[-1]))
        self.form.addRow("Merge into", self.target)
        self.finish()

    def chosen(self) -> int:
        return int(self.target.currentData())


class TakenBackDialog(_Dialog):
    """When the floor was taken back, set afterwards."""

    def __init__(
        self,
        intervention: InterventionView,
        suggested: datetime,
        zone: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            "When was the floor taken back?",
            f"<b>{_who(intervention, zone)}</b><br>"
            + (
                "The floor was never taken back; set the time it ended."
                if intervention.floor_taken_at is None
                else "Correct the time the floor was taken back."
            ),
            parent,
        )
        self.zone = zone
        self.given = intervention.floor_given_at
        local = to_local(suggested, zone)
        self.time = QTimeEdit(QTime(local.hour, local.minute, local.second))
        self.time.setDisplayFormat("HH:mm:ss")
        self.form.addRow("Taken back at", self.time)
        self.finish()

    def chosen(self) -> datetime:
        """The time chosen, on the day the floor was given (or the next, past midnight)."""
        chosen = self.time.time()
        given_local = to_local(self.given, self.zone)
        moment = given_local.replace(
            hour=chosen.hour(), minute=chosen.minute(), second=chosen.second(), microsecond=0
        )
        if moment < given_local - timedelta(hours=12):
            moment += timedelta(days=1)
        return moment
