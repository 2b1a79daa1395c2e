"""The speaker and the countdown, in the centre of the desk.

Every value shown is computed at each tick from stored timestamps and the
clock, so a restart or a blocked event loop never makes the countdown wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.speaking_time import Countdown, Phase, countdown, format_clock
from desktop.qt.labels import label as _label
from desktop.qt.palette import IDLE_COLOURS, PHASE_COLOURS

if TYPE_CHECKING:
    from db.meeting.snapshots import FloorRequestView
    from desktop.qt.desk.desk import Desk

TICK_MS = 100
COMPACT_WIDTH = 600  # below it the countdown's digits and name are set smaller


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
        self._compact: bool | None = None
        self._short = False

    def resizeEvent(self, event: QResizeEvent) -> None:
        """In a narrow column (the rapporteur's, on a laptop) the digits and the name get
        smaller rather than cut."""
        super().resizeEvent(event)
        compact = event.size().width() < COMPACT_WIDTH
        if compact == self._compact:
            return
        self._compact = compact
        self._size_type()

    def set_short(self, short: bool) -> None:
        """On a short screen (a laptop's 768 lines) the panel gives up some height, so
        that the list of speakers below it keeps room for the next five or so."""
        if short == self._short:
            return
        self._short = short
        layout = self.layout()
        if layout is not None:
            layout.setContentsMargins(*((16, 4, 16, 6) if short else (16, 10, 16, 12)))
        self._size_type()

    def _size_type(self) -> None:
        compact, short = bool(self._compact), self._short
        sizes = ((self.clock, 60, 46, 36), (self.delegation, 20, 18, 15))
        for widget, large, shorter, small in sizes:
            font = widget.font()
            font.setPointSizeF(small if compact else shorter if short else large)
            widget.setFont(font)
        self.clock.setMinimumWidth(150 if compact else 260)

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
            live = self.desk.live_slot
            self.delegation.setText(
                f"The list of {live.title} is empty" if live else "No slot is live"
            )
            self.speaker.setText(
                "F4 follows the clock; Shift+F4 makes the slot shown live."
                if live is None
                else "Type a delegation below to add it (Ctrl+L)."
                if self.desk.viewing_live
                else "F3 shows its list."
            )
            self.clock.setText("")
            self.limit.setText("")
            return
        self.delegation.setText(f"Next: {next_up.nameplate or next_up.delegation}")
        who = [next_up.speaker] if next_up.speaker else []
        hint = "" if self._compact else " — F5 gives the floor"
        who.append(f"{next_up.kind.label} · {next_up.channel.label}{hint}")
        self.speaker.setText(" — ".join(who))
        self.clock.setText(format_clock(timedelta(seconds=limit_s)))
        self.limit.setText(
            "speaking time" if self._compact else "speaking time when the floor is given"
        )

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
