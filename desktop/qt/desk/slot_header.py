"""The slot at the top of the desk: its clock, the day against the agenda, the time budget."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.conference_time import day_label, hm, to_local
from desktop.domain.speaking_time import Countdown, Phase, format_clock
from desktop.domain.time_budget import (
    Advice,
    Budget,
    agenda_offset,
    budget,
    in_minutes,
    start_delay,
)
from desktop.qt.labels import TitleLabel, label, restyle

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk

ON_TIME = timedelta(minutes=1)
GREY, GREEN, RED = "#374151", "#15803d", "#b91c1c"
_AMBER_BOX = "background: #fef3c7; color: #78350f; border: 1px solid #f59e0b;"
_RED_BOX = "background: #fee2e2; color: #7f1d1d; border: 1px solid #ef4444;"
ADVICE_STYLES = {
    Advice.CLOSE_THE_LIST: _AMBER_BOX,
    Advice.SHORTEN: _RED_BOX,
    Advice.OVERRUN: _RED_BOX,
}


class SlotHeader(QFrame):
    """Title and times of the chosen slot, its clock and the day against the agenda."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("slotHeader")
        self.title = TitleLabel(13, bold=True)
        self.details = label(10, colour="#4b5563")
        self.details.setWordWrap(True)
        self.slot_clock = label(13, bold=True)
        self.day_offset = label(10, bold=True)
        self.budget = label(10, colour="#4b5563")
        for right_aligned in (self.slot_clock, self.day_offset, self.budget):
            right_aligned.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.setSpacing(2)
        right.addWidget(self.slot_clock)
        right.addWidget(self.day_offset)
        right.addWidget(self.budget)
        below = QHBoxLayout()
        below.addWidget(self.details, 1)
        below.addLayout(right, 1)
        self.budget.setWordWrap(True)  # a narrow column (the rapporteur's) wraps, not cuts
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addWidget(self.title)
        layout.addLayout(below)
        self.setStyleSheet("#slotHeader { background: #f3f4f6; border-radius: 6px; }")
        self.plan: Budget | None = None

    def set_short(self, short: bool) -> None:
        """On a short screen the title keeps to one line (cut, whole in its tooltip)."""
        self.title.set_one_line(short)

    def _clear(self, title: str, details: str) -> None:
        self.title.set_title(title)
        self.details.setText(details)
        for widget in (self.slot_clock, self.day_offset, self.budget):
            widget.setText("")
        self.plan = None

    def refresh(
        self,
        waiting_limits_s: Sequence[int],
        current: Countdown | None,
        first_floor_given_at: datetime | None,
    ) -> Budget | None:
        """Recompute everything from the clock; returns the time budget, if there is a slot."""
        slot = self.desk.slot
        zone = self.desk.zone
        if self.desk.conference is None:
            self._clear(
                "No conference in this database yet",
                "File ▸ Load the demo conference shows how a session runs.",
            )
            return None
        if slot is None:
            self._clear(
                "Choose a slot in the agenda", "Its list of speakers, timer and record appear here."
            )
            return None
        self.title.set_title(slot.title)
        day = to_local(slot.starts_at, zone).date()
        parts = [
            f"{slot.kind.label} · {day_label(day)}, {hm(slot.starts_at, zone)}–"
            f"{hm(slot.ends_at, zone)}"
        ]
        if slot.moderator:
            parts.append(f"Moderator: {slot.moderator}")
        self.details.setText("\n".join(parts))

        now = self.desk.clock.now()
        if now < slot.starts_at:
            self.slot_clock.setText(f"Starts in {format_clock(slot.starts_at - now)}")
            restyle(self.slot_clock, f"color: {GREY};")
        elif now <= slot.ends_at:
            self.slot_clock.setText(f"Slot: {format_clock(slot.ends_at - now)} left")
            restyle(self.slot_clock, f"color: {GREEN};")
        else:
            self.slot_clock.setText(f"Slot over by {format_clock(now - slot.ends_at)}")
            restyle(self.slot_clock, f"color: {RED};")

        live = current is not None and current.phase != Phase.ENDED
        remaining = current.remaining if current is not None and live else timedelta(0)
        plan = budget(now, slot.starts_at, slot.ends_at, remaining, waiting_limits_s)
        self.plan = plan
        self._show_day_offset(now, plan, first_floor_given_at)
        self._show_budget(plan, live)
        return plan

    def _show_day_offset(
        self, now: datetime, plan: Budget, first_floor_given_at: datetime | None
    ) -> None:
        slot = self.desk.slot
        assert slot is not None
        if now < slot.starts_at:
            self.day_offset.setText("")
            return
        # Behind: what this slot will push onto the next. Ahead: only what has really
        # been gained, a slot that started early (spare time in the list is not a gain
        # until the moderator ends the slot).
        offset = agenda_offset(slot.ends_at, now, plan.projected_end)
        delay = start_delay(slot.starts_at, first_floor_given_at)
        if offset >= ON_TIME:
            text, colour = f"Day {in_minutes(offset)} behind the agenda", RED
        elif delay is not None and delay <= -ON_TIME:
            text, colour = f"Day {in_minutes(delay)} ahead of the agenda", GREEN
        else:
            text, colour = "Day on time", GREEN
        if delay is not None and abs(delay) >= ON_TIME:
            text += f" · started {in_minutes(delay)} {'late' if delay > timedelta(0) else 'early'}"
        self.day_offset.setText(text)
        restyle(self.day_offset, f"color: {colour};")

    def _show_budget(self, plan: Budget, live: bool) -> None:
        zone = self.desk.zone
        if plan.waiting == 0 and not live:
            self.budget.setText("The list of speakers is empty")
            restyle(self.budget, "color: #4b5563;")
            return
        beyond = plan.beyond_slot
        verdict = (
            f"{format_clock(beyond)} after the slot"
            if beyond > timedelta(0)
            else f"{format_clock(-beyond)} to spare"
        )
        speakers = "speaker" if plan.waiting == 1 else "speakers"
        self.budget.setText(
            f"{plan.waiting} {speakers} waiting · list ends {hm(plan.projected_end, zone)}, "
            f"{verdict}"
        )
        restyle(
            self.budget,
            f"color: {RED}; font-weight: bold;" if beyond > timedelta(0) else "color: #4b5563;",
        )


class BudgetAdvice(QLabel):
    """One line that tells the moderator, in time, to close the list or shorten turns."""

    def __init__(self, desk: Desk, close_keys: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.close_keys = close_keys
        self.setWordWrap(True)
        self.advice = Advice.NONE
        self.hide()

    def refresh(self, plan: Budget | None) -> None:
        slot = self.desk.slot
        closed = slot is not None and slot.list_closed_at is not None
        advice = plan.advice(closed) if plan is not None and slot is not None else Advice.NONE
        self.advice = advice
        if advice is Advice.NONE or plan is None:
            self.hide()
            return
        zone = self.desk.zone
        ends = hm(plan.projected_end, zone)
        fits = plan.limit_that_fits()
        close = "" if closed else f"close the list ({self.close_keys}) and "
        if advice is Advice.CLOSE_THE_LIST:
            spare = in_minutes(-plan.beyond_slot)
            text = (
                f"<b>Close the list now</b> ({self.close_keys}): it ends at {ends}, "
                f"{spare} before the slot; new requests would push it past."
            )
        elif advice is Advice.SHORTEN and fits is not None:
            text = (
                f"<b>The list runs {in_minutes(plan.beyond_slot)} past the slot</b> "
                f"(ends {ends}): {close}give {format_clock(fits)} per speaker to end on time."
            )
        else:
            text = (
                f"<b>The list cannot end on time</b> (ends {ends}, "
                f"{in_minutes(plan.beyond_slot)} late) even with short turns: {close}"
                "take fewer speakers or agree an extension."
            )
        self.setText(text)
        restyle(self, f"QLabel {{ {ADVICE_STYLES[advice]} border-radius: 4px; padding: 6px; }}")
        self.show()
