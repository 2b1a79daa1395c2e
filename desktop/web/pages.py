"""What each live page shows, as JSON-ready dicts, worked out from the live slot at one
instant.

No personal data leaves here: delegations, groups, kinds and channels only — never a
speaker's name on the list or booth pages, never an e-mail address, a note or a
function. Texts the pages translate are sent as codes ("statement", "paused"); the
timer page shows the hall screen's own words, as the speaker display composes them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from desktop.domain.conference_time import hm
from desktop.domain.speaking_time import Countdown, format_clock
from desktop.domain.time_budget import estimated_starts

if TYPE_CHECKING:
    from db.meeting.snapshots import FloorRequestView, InterventionView, SlotView
    from db.speakers.booth import BoothDetails

Json = dict[str, Any]
BOOTH_AHEAD = 3  # the booths see who speaks now and the next three


@dataclass(frozen=True)
class Floor:
    """The live slot at one instant: everything the pages are computed from."""

    now: datetime
    zone: str
    conference: str
    slot: SlotView | None
    current: InterventionView | None
    countdown: Countdown | None
    waiting: Sequence[FloorRequestView] = ()  # the list, in its order (as the desk's)
    limits_s: Sequence[int] = ()  # each waiting request's speaking time
    next_up: Sequence[FloorRequestView] = ()  # those F5 calls, in turn (present only)
    booth: Mapping[int, BoothDetails] = field(default_factory=dict)

    @property
    def remaining(self) -> timedelta:
        state = self.countdown
        return state.remaining if state is not None else timedelta(0)


def who(speaker: FloorRequestView | InterventionView) -> str:
    """The delegation as its nameplate would say; never the person's name."""
    return speaker.delegation or speaker.nameplate


def _speaker(speaker: FloorRequestView | InterventionView) -> Json:
    return {
        "who": who(speaker),
        "group": speaker.group.value if speaker.group else None,
        "kind": speaker.kind.value,
        "channel": speaker.channel.value,
    }


def _current(floor: Floor) -> Json | None:
    current, state = floor.current, floor.countdown
    if current is None or state is None:
        return None
    return {
        **_speaker(current),
        "remaining_s": int(state.remaining.total_seconds()),
        "digits": format_clock(state.remaining, signed=True),
        "phase": state.phase.value,
    }


def _slot(floor: Floor, projected_end: datetime | None) -> Json | None:
    slot = floor.slot
    if slot is None:
        return None
    return {
        "title": slot.title,
        "kind": slot.kind.value,
        "starts": hm(slot.starts_at, floor.zone),
        "ends": hm(slot.ends_at, floor.zone),
        "list_closed": slot.list_closed_at is not None,
        "projected_end": hm(projected_end, floor.zone) if projected_end else None,
        "overrun": bool(projected_end and projected_end > slot.ends_at),
    }


def list_page(floor: Floor) -> Json:
    """The live list for delegations' phones: the floor, the list with each one's
    estimated start (the desk's time budget), closed or open, the projected end."""
    slot = floor.slot
    speakers: list[Json] = []
    projected_end: datetime | None = None
    if slot is not None:
        *starts, projected_end = estimated_starts(
            floor.now, slot.starts_at, floor.remaining, floor.limits_s
        )
        for place, (request, start) in enumerate(zip(floor.waiting, starts, strict=True), 1):
            speakers.append(
                {
                    "place": place,
                    **_speaker(request),
                    "absent": request.is_absent,
                    "starts_at": hm(start, floor.zone),
                    "starts_in_min": round((start - floor.now).total_seconds() / 60),
                }
            )
        if floor.current is None and not speakers:
            projected_end = None
    return {
        "page": "list",
        "conference": floor.conference,
        "clock": hm(floor.now, floor.zone),
        "slot": _slot(floor, projected_end),
        "current": _current(floor),
        "speakers": speakers,
    }


def timer_page(picture: Mapping[str, Any], message: str | None, blank: bool) -> Json:
    """The speaker display's picture (display_picture.Picture, as a dict), its message and
    blank state: the lectern's page shows exactly what the hall's screen shows."""
    fields = (
        "title",
        "clock",
        "caption",
        "name",
        "details",
        "digits",
        "status",
        "next_label",
        "next_names",
        "progress",
        "is_countdown",
    )
    phase = picture.get("phase")
    return {
        "page": "timer",
        **{name: picture.get(name) for name in fields},
        "phase": str(phase) if phase is not None else None,
        "colours": list(picture.get("colours", ("#ffffff", "#000000"))),
        "message": message or "",
        "blank": blank,
    }


@cache
def usual_languages() -> tuple[str, Mapping[str, str]]:
    """(default, by ISO code): resources/web/usual_languages.json, data a user can correct."""
    text = resources.files("resources").joinpath("web/usual_languages.json").read_text("utf-8")
    data = json.loads(text)
    return str(data["default"]), dict(data["by_iso_code"])


def expected_language(details: BoothDetails | None) -> tuple[str, str]:
    """(language, where it comes from): the request's own (detected or corrected at the
    desk), else the delegation's usual one."""
    if details is not None and details.language:
        return details.language, "request"
    default, by_code = usual_languages()
    code = (details.iso_code or "").upper() if details is not None else ""
    return by_code.get(code, default), "delegation"


def _booth_entry(
    speaker: FloorRequestView | InterventionView,
    request_id: int | None,
    floor: Floor,
    texts: Mapping[int, str | None],
) -> Json:
    details = floor.booth.get(request_id) if request_id is not None else None
    language, source = expected_language(details)
    return {
        **_speaker(speaker),
        "request_id": request_id,
        "language": language,
        "language_from": source,
        "statements": [
            {"id": s.id, "filename": s.filename, "text": texts.get(s.id)}
            for s in (details.statements if details else ())
        ],
    }


def booth_page(floor: Floor, texts: Mapping[int, str | None]) -> Json:
    """Who speaks now and the next three, each with the language expected and the written
    statements sent (``texts``: each statement's text, None where it is only a file)."""
    current = floor.current
    now = (
        _booth_entry(current, current.floor_request_id, floor, texts)
        if current is not None
        else None
    )
    if now is not None and floor.countdown is not None:
        now["digits"] = format_clock(floor.countdown.remaining, signed=True)
        now["phase"] = floor.countdown.phase.value
    return {
        "page": "booth",
        "slot": floor.slot.title if floor.slot else "",
        "now": now,
        "next": [
            _booth_entry(request, request.id, floor, texts)
            for request in floor.next_up[:BOOTH_AHEAD]
        ],
    }


def control_state(floor: Floor, message: str | None, blank: bool) -> Json:
    """The state a controller reads back (Companion's variables): the live list, who F5
    calls next, the message and the blank."""
    state = list_page(floor)
    state["page"] = "control"
    state["next"] = [who(r) for r in floor.next_up[:BOOTH_AHEAD]]
    state["message"] = message or ""
    state["blank"] = blank
    state["paused"] = bool(floor.countdown and floor.countdown.phase.value == "paused")
    return state
