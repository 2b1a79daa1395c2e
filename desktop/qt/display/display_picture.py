"""What the speaker display shows, worked out from the desk at one instant."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from desktop.domain.conference_time import hm
from desktop.domain.speaking_time import Phase, countdown, format_clock, request_limit
from desktop.qt.palette import IDLE_COLOURS, PHASE_COLOURS

if TYPE_CHECKING:
    from db.meeting.snapshots import FloorRequestView, InterventionView
    from desktop.qt.desk.desk import Desk

BACKDROP = "#0b0e13"
STRIP = "#161b23"
TITLE_TEXT = "#cbd5e1"
BRIGHT_TEXT = "#f8fafc"
SOFT_TEXT = "#94a3b8"
CAPTION_TEXT = "#64748b"
BANNER = ("#0b0e13", "#ffffff")  # (text, background): the highest contrast there is

STATUS = {
    Phase.RUNNING: "",
    Phase.WARNING: "",
    Phase.EXPIRED: "TIME IS UP",
    Phase.PAUSED: "PAUSED",
    Phase.ENDED: "",
}


@dataclass(frozen=True)
class Picture:
    """Every text and colour of one frame; computed from the desk, nothing kept."""

    title: str
    clock: str
    caption: str  # over the name: HAS THE FLOOR / NEXT SPEAKER
    name: str  # the delegation, large
    details: str  # speaker · kind · channel
    digits: str  # the countdown (or, when nobody is waiting, the time of day)
    shape: str  # what the digits are sized for, so the font never jumps
    status: str  # a word in the band: PAUSED, TIME IS UP...
    next_label: str
    next_names: str  # the next two speakers (or, when nobody waits, the next slot)
    colours: tuple[str, str]  # (text, background) of the band
    progress: float | None
    phase: Phase | None
    is_countdown: bool
    seconds_over: float = 0.0  # past the speaking time (for the flash at time up)

    @property
    def shape_of_screen(self) -> tuple[str, bool, bool]:
        """What, when it changes, moves the boxes around."""
        return (self.next_label, bool(self.clock), self.is_countdown)


def digit_shape(*texts: str) -> str:
    """The widest of the texts with every digit a zero, and room for the overrun's '+'."""
    shapes = [re.sub(r"\d", "0", t.lstrip("+")) for t in texts]
    return "+" + max(shapes, key=len)


def speaker_lines(who: InterventionView | FloorRequestView) -> tuple[str, str]:
    """(large, small): the delegation, then speaker · kind · channel."""
    name = who.delegation or who.nameplate or who.speaker
    details = [who.speaker] if who.speaker and who.speaker != name else []
    details += [who.kind.label, who.channel.label]
    return name, " · ".join(details)


def compose(desk: Desk, waiting: Sequence[FloorRequestView], warning_s: int) -> Picture:
    now = desk.clock.now()
    zone = desk.zone
    clock = hm(now, zone)
    slot = desk.live_slot
    title = slot.title if slot else ""
    current = desk.current
    if current is not None:
        state = countdown(current, now, warning_s)
        text = format_clock(state.remaining, signed=True)
        name, details = speaker_lines(current)
        return Picture(
            title=title,
            clock=clock,
            caption="HAS THE FLOOR",
            name=name,
            details=details,
            digits=text,
            shape=digit_shape(text, format_clock(state.limit)),
            status=STATUS[state.phase],
            next_label="NEXT" if waiting else "",
            next_names=" · ".join(r.nameplate or r.delegation for r in waiting[:2]),
            colours=PHASE_COLOURS[state.phase],
            progress=state.fraction_used,
            phase=state.phase,
            is_countdown=True,
            seconds_over=max(0.0, -state.remaining.total_seconds()),
        )
    if waiting:
        first = waiting[0]
        limit = request_limit(first, slot)
        text = format_clock(timedelta(seconds=limit)) if limit else ""
        name, details = speaker_lines(first)
        return Picture(
            title=title,
            clock=clock,
            caption="NEXT SPEAKER",
            name=name,
            details=details,
            digits=text,
            shape=digit_shape(text),
            status="SPEAKING TIME" if text else "",
            next_label="THEN" if waiting[1:] else "",
            next_names=" · ".join(r.nameplate or r.delegation for r in waiting[1:3]),
            colours=IDLE_COLOURS,
            progress=None,
            phase=None,
            is_countdown=bool(text),
        )
    # Nobody speaks and nobody waits: the slot large, the time of day, what comes after.
    conference = desk.conference
    city = zone.split("/")[-1].replace("_", " ")
    caption = ""
    if slot is not None:
        caption = f"{slot.kind.label} · {hm(slot.starts_at, zone)}–{hm(slot.ends_at, zone)}"
    after = slot.ends_at if slot is not None else now
    later = sorted((s for s in desk.slots if s.starts_at >= after), key=lambda s: s.starts_at)
    return Picture(
        title=conference.title if conference else "",
        clock="",  # the time of day is shown large instead
        caption=caption.upper(),
        name=title,
        details=f"Moderator: {slot.moderator}" if slot and slot.moderator else "",
        digits=clock,
        shape="00:00",
        status=f"{city} time".upper(),
        next_label="AFTER" if later else "",
        next_names=f"{hm(later[0].starts_at, zone)}  {later[0].title}" if later else "",
        colours=IDLE_COLOURS,
        progress=None,
        phase=None,
        is_countdown=False,
    )
