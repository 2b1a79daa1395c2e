"""The history of an intervention: its journal entries read back as sentences."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from db.meeting.actions import Action
from db.models import JournalEntry


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    station: str
    text: str


def history_lines(
    entries: Sequence[JournalEntry],
    intervention_id: int,
    delegations: Mapping[int, str],
    zone: str,
) -> list[HistoryLine]:
    """One line per entry, oldest first; a run of note saves is one line."""
    local = ZoneInfo(zone)

    def clock(value: Any) -> str:
        if not value:
            return "—"
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return moment.astimezone(local).strftime("%H:%M:%S")

    def delegation(value: Any) -> str:
        return delegations.get(value, "no delegation") if value is not None else "no delegation"

    lines: list[HistoryLine] = []
    saves = 0  # note saves in a row, told as one line
    for entry in entries:
        details = entry.details or {}
        if "replaced" in details and entry.action in (
            Action.RECORD_NOTES,
            Action.RECORD_INTERNAL_NOTES,
        ):
            saves = 0  # told on its own line: what another station had written
            which = "Notes" if entry.action == Action.RECORD_NOTES else "Internal notes"
            text = (
                f"{which} saved over what another station had written meanwhile, "
                f"kept here: “{details['replaced']}”"
            )
        elif entry.action == Action.RECORD_NOTES:
            saves += 1
            chars = details.get("chars", 0)
            told = "save" if saves == 1 else "saves"
            text = f"Notes written ({chars} characters, {saves} {told})."
            if saves > 1:
                lines.pop()
        else:
            saves = 0
            text = _sentence(
                entry.action, details, clock, delegation, intervention_id, entry.entity_id
            )
        if entry.entity_id != intervention_id and entry.action != Action.RECORD_MERGE:
            text = f"Before the merge, intervention {entry.entity_id}: {text}"
        lines.append(HistoryLine(entry.recorded_at, entry.station, text))
    return lines


def _sentence(
    action: str,
    details: Mapping[str, Any],
    clock: Any,
    delegation: Any,
    intervention_id: int,
    entity_id: int | None,
) -> str:
    if action == Action.FLOOR_GIVE:
        return f"Floor given at {clock(details.get('at'))}."
    if action == Action.FLOOR_TAKE_BACK:
        return f"Floor taken back at {clock(details.get('at'))}."
    if action == Action.FLOOR_PAUSE:
        return f"Countdown paused at {clock(details.get('at'))}."
    if action == Action.FLOOR_RESUME:
        return f"Countdown resumed at {clock(details.get('at'))}."
    if action == Action.FLOOR_AUDIO_LOST:
        return f"Audio lost at {clock(details.get('at'))}: countdown stopped."
    if action == Action.FLOOR_AUDIO_BACK:
        return f"Audio back at {clock(details.get('at'))}: countdown running again."
    if action == Action.FLOOR_ADD_TIME:
        seconds = int(details.get("seconds", 0))
        return f"{'Given' if seconds >= 0 else 'Took'} {abs(seconds)} s of speaking time."
    if action == Action.FLOOR_REOPEN:
        return "Floor given back (taking it back was undone)."
    if action == Action.RECORD_INTERNAL_NOTES:
        return f"Internal notes written ({details.get('chars', 0)} characters)."
    if action == Action.RECORD_TAGS:
        parts = []
        if details.get("added"):
            parts.append("tagged " + ", ".join(f"“{t}”" for t in details["added"]))
        if details.get("removed"):
            parts.append("tag removed: " + ", ".join(f"“{t}”" for t in details["removed"]))
        text = "; ".join(parts) or "tags edited"
        return text[0].upper() + text[1:] + "."
    if action == Action.RECORD_FLAGS:
        parts = []
        if "recommendation" in details:
            parts.append(
                "marked as a recommendation"
                if details["recommendation"]
                else "no longer a recommendation"
            )
        if "follow_up" in details:
            parts.append(
                "marked for follow-up" if details["follow_up"] else "no longer for follow-up"
            )
        text = "; ".join(parts) or "flags edited"
        return text[0].upper() + text[1:] + "."
    if action == Action.RECORD_ATTACH:
        return f"Written statement attached: {details.get('filename', '')}."
    if action == Action.RECORD_DETACH:
        return f"Written statement taken off: {details.get('filename', '')}."
    if action == Action.RECORD_CORRECT_SPEAKER:
        parts = []
        if details.get("delegation_before") != details.get("delegation_after"):
            parts.append(
                f"Delegation corrected from {delegation(details.get('delegation_before'))} "
                f"to {delegation(details.get('delegation_after'))}."
            )
        if details.get("speaker_before") != details.get("speaker_after"):
            before = details.get("speaker_before") or "no name"
            after = details.get("speaker_after") or "no name"
            parts.append(f"Speaker corrected from “{before}” to “{after}”.")
        return " ".join(parts) or "Speaker confirmed."
    if action == Action.RECORD_MERGE:
        if entity_id == intervention_id:
            return f"Merged into intervention {details.get('into')}; it left the record."
        return f"Intervention {entity_id} merged into this one (the floor was given twice)."
    if action == Action.RECORD_TAKEN_BACK:
        if details.get("before"):
            return (
                f"Time the floor was taken back corrected from {clock(details.get('before'))} "
                f"to {clock(details.get('at'))}."
            )
        return f"Floor closed afterwards: taken back at {clock(details.get('at'))}."
    return action.replace(".", ": ").replace("_", " ") + "."
