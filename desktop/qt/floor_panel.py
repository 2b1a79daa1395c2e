"""The centre of the desk: the slot and its clock, the speaker and the countdown.

Every value shown is computed at each tick from stored timestamps and the
clock, so a restart or a blocked event loop never makes the countdown wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from db.views import FloorRequestView
from desktop.domain.conference_time import day_label, hm, to_local
from desktop.domain.speaking_time import Countdown, Phase, countdown, format_clock
from desktop.domain.time_budget import budget
from desktop.qt.desk import Desk
from desktop.qt.palette import IDLE_COLOURS, PHASE_COLOURS

TICK_MS = 100


def _restyle(widget: QWidget, css: str) -> None:
    """Set a style sheet only when it changes: the clocks repaint ten times a second."""
    if widget.styleSheet() != css:
        widget.setStyleSheet(css)


def _label(point_size: float, *, bold: bool = False, colour: str | None = None) -> QLabel:
    label = QLabel()
    font = QFont()
    font.setPointSizeF(point_size)
    font.setBold(bold)
    label.setFont(font)
    if colour:
        label.setStyleSheet(f"color: {colour};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


class SlotHeader(QFrame):
    """Title and times of the chosen slot, its clock and the list's time budget."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("slotHeader")
        self.title = _label(13, bold=True)
        self.title.setWordWrap(True)
        self.details = _label(10, colour="#4b5563")
        self.details.setWordWrap(True)
        self.slot_clock = _label(13, bold=True)
        self.slot_clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.budget = _label(10, colour="#4b5563")
        self.budget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.details)
        right = QVBoxLayout()
        right.addWidget(self.slot_clock)
        right.addWidget(self.budget)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        self.setStyleSheet("#slotHeader { background: #f3f4f6; border-radius: 6px; }")

    def refresh(self, planned_waiting_s: list[int], current: Countdown | None) -> None:
        slot = self.desk.slot
        zone = self.desk.zone
        if self.desk.conference is None:
            self.title.setText("No conference in this database yet")
            self.details.setText("File ▸ Load the demo conference shows how a session runs.")
            self.slot_clock.setText("")
            self.budget.setText("")
            return
        if slot is None:
            self.title.setText("Choose a slot in the agenda")
            self.details.setText("Its list of speakers, timer and record appear here.")
            self.slot_clock.setText("")
            self.budget.setText("")
            return
        self.title.setText(slot.title)
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
            _restyle(self.slot_clock, "color: #374151;")
        elif now <= slot.ends_at:
            self.slot_clock.setText(f"Slot: {format_clock(slot.ends_at - now)} left")
            _restyle(self.slot_clock, "color: #15803d;")
        else:
            self.slot_clock.setText(f"Slot over by {format_clock(now - slot.ends_at)}")
            _restyle(self.slot_clock, "color: #b91c1c;")

        remaining = current.remaining if current and current.phase != Phase.ENDED else timedelta(0)
        plan = budget(now, slot.starts_at, slot.ends_at, remaining, planned_waiting_s)
        if plan.waiting == 0 and remaining <= timedelta(0):
            self.budget.setText("The list of speakers is empty")
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
        _restyle(
            self.budget,
            "color: #b91c1c; font-weight: bold;" if beyond > timedelta(0) else "color: #4b5563;",
        )


class CountdownPanel(QFrame):
    """The current speaker and the countdown, in traffic-light colours."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setObjectName("countdownPanel")
        self.caption = _label(10, bold=True)
        self.delegation = _label(20, bold=True)
        self.delegation.setWordWrap(True)
        self.speaker = _label(11)
        self.speaker.setWordWrap(True)
        self.clock = _label(60, bold=True)
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.clock.setMinimumWidth(260)
        self.limit = _label(10)
        self.limit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)

        who = QVBoxLayout()
        who.addWidget(self.caption)
        who.addWidget(self.delegation)
        who.addWidget(self.speaker)
        who.addStretch(1)
        time_box = QVBoxLayout()
        time_box.addWidget(self.clock)
        time_box.addWidget(self.limit)
        top = QHBoxLayout()
        top.addLayout(who, 1)
        top.addLayout(time_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.phase: Phase | None = None

    def refresh(
        self,
        warning_s: int,
        next_up: FloorRequestView | None = None,
        next_limit: Sequence[int] = (),
    ) -> Countdown | None:
        current = self.desk.current
        if current is None:
            self._show_idle(next_up, next_limit[0] if next_limit else None)
            return None
        state = countdown(current, self.desk.clock.now(), warning_s)
        self.phase = state.phase
        self._paint(PHASE_COLOURS[state.phase], state.phase)
        caption = {
            Phase.RUNNING: "HAS THE FLOOR",
            Phase.WARNING: "HAS THE FLOOR · PLEASE CONCLUDE",
            Phase.EXPIRED: "TIME IS UP · OVERRUN",
            Phase.PAUSED: "PAUSED",
            Phase.ENDED: "FLOOR TAKEN BACK",
        }[state.phase]
        self.caption.setText(caption)
        self.delegation.setText(current.delegation or "(unknown delegation)")
        who = [current.speaker] if current.speaker else []
        who.append(f"{current.kind.label} · {current.channel.label}")
        self.speaker.setText(" — ".join(who))
        self.clock.setText(format_clock(state.remaining, signed=True))
        added = current.added_s
        extra = f" ({'+' if added > 0 else '−'}{format_clock(timedelta(seconds=abs(added)))})"
        self.limit.setText(
            f"of {format_clock(timedelta(seconds=current.limit_s))}"
            + (extra if added else "")
            + f" · spoken {format_clock(state.elapsed)}"
        )
        self.progress.setValue(int(state.fraction_used * 1000))
        return state

    def _show_idle(self, next_up: FloorRequestView | None, limit_s: int | None) -> None:
        self._paint(IDLE_COLOURS, None)
        self.phase = None
        self.progress.setValue(0)
        self.caption.setText("NOBODY HAS THE FLOOR")
        if next_up is None or limit_s is None:
            self.delegation.setText("The list of speakers is empty" if self.desk.slot else "")
            self.speaker.setText(
                "Type a delegation below to add it (Ctrl+L)." if self.desk.slot else ""
            )
            self.clock.setText("")
            self.limit.setText("")
            return
        self.delegation.setText(f"Next: {next_up.nameplate or next_up.delegation}")
        who = [next_up.speaker] if next_up.speaker else []
        who.append(f"{next_up.kind.label} · {next_up.channel.label} — F5 gives the floor")
        self.speaker.setText(" — ".join(who))
        self.clock.setText(format_clock(timedelta(seconds=limit_s)))
        self.limit.setText("speaking time when the floor is given")

    def _paint(self, colours: tuple[str, str], phase: Phase | None) -> None:
        text, background = colours
        key = (text, background)
        if getattr(self, "_painted", None) == key:
            return
        self._painted = key
        self.setStyleSheet(
            f"#countdownPanel {{ background: {background}; border-radius: 8px; }}"
            f"#countdownPanel QLabel {{ color: {text}; }}"
            f"#countdownPanel QProgressBar {{ background: rgba(255,255,255,60); border: none;"
            f" border-radius: 4px; }}"
            f"#countdownPanel QProgressBar::chunk {{ background: {text}; border-radius: 4px; }}"
        )


class Ticker(QTimer):
    """Repaints the clocks often enough that a second never shows late."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setInterval(TICK_MS)
        self.setTimerType(Qt.TimerType.PreciseTimer)
