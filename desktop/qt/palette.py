"""Colours with a meaning: slot kinds and the traffic light of the countdown."""

from __future__ import annotations

from db.meeting.vocabulary import SlotKind
from desktop.domain.speaking_time import Phase

SLOT_KIND_COLOURS: dict[SlotKind, str] = {
    SlotKind.REGISTRATION: "#9ca3af",
    SlotKind.OPENING: "#1d4ed8",
    SlotKind.KEYNOTE: "#7c3aed",
    SlotKind.PANEL: "#0f766e",
    SlotKind.BREAK: "#d1d5db",
    SlotKind.LUNCH: "#d1d5db",
    SlotKind.SIDE_EVENT: "#c2410c",
    SlotKind.CLOSING: "#1d4ed8",
    SlotKind.RECEPTION: "#9ca3af",
    SlotKind.OTHER: "#6b7280",
}

# (text, background) per phase: readable from across a hall, not only on a desk.
PHASE_COLOURS: dict[Phase, tuple[str, str]] = {
    Phase.RUNNING: ("#ffffff", "#15803d"),
    Phase.WARNING: ("#1f2937", "#facc15"),
    Phase.EXPIRED: ("#ffffff", "#b91c1c"),
    Phase.PAUSED: ("#ffffff", "#475569"),
    Phase.ENDED: ("#e5e7eb", "#1f2937"),
}
IDLE_COLOURS = ("#9ca3af", "#1f2937")
