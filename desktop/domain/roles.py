"""Who may change what: the three roles at the desk, declared once.

Each station has a role. What a role may change is this table and nothing else: the
desk asks it before every change (and refuses in one sentence), the window asks it to
disable the keys of another role and to say why. Looking is never restricted: every
station sees the list, the floor, the record and the agenda.

- The floor and the list of speakers are the moderator's; the technician may add the
  requests of remote participants (a raised hand in Zoom, a request in the chat).
- The record (notes, tags, flags, statements, corrections) is the rapporteur's.
- The outputs (the hall's screen, the picture for Zoom, the live pages) and the video
  statements are the technician's; the moderator's desk may run them too, for a desk
  alone in the hall drives its own screen and plays its videos.
- The agenda (its slots, an agenda imported) is the moderator's.

Pure: no Qt, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from db.meeting.actions import Action


class Role(StrEnum):
    MODERATOR = "moderator"
    RAPPORTEUR = "rapporteur"
    TECHNICIAN = "technician"

    @property
    def label(self) -> str:
        """ "Moderator", as a title shows it."""
        return self.value.capitalize()

    @classmethod
    def of(cls, value: object) -> Role:
        """The role a setting names; anything else is the moderator's (the default)."""
        try:
            return cls(str(value))
        except ValueError:
            return cls.MODERATOR


class Area(StrEnum):
    """What a station changes (the value is kept in saved undo steps: never renamed)."""

    FLOOR = "floor"
    LIST = "list"
    REMOTE_REQUESTS = "remote_requests"
    AGENDA = "agenda"
    RECORD = "record"
    OUTPUTS = "outputs"
    VIDEO = "video"

    @property
    def words(self) -> str:
        """The area in the sentence that refuses it."""
        return _WORDS[self]


_WORDS = {
    Area.FLOOR: "giving and taking back the floor",
    Area.LIST: "the list of speakers",
    Area.REMOTE_REQUESTS: "adding remote participants to the list",
    Area.AGENDA: "the agenda",
    Area.RECORD: "the record",
    Area.OUTPUTS: "the hall's screens and the live pages",
    Area.VIDEO: "the video statements",
}


MAY: Mapping[Role, frozenset[Area]] = {
    Role.MODERATOR: frozenset(
        {
            Area.FLOOR,
            Area.LIST,
            Area.REMOTE_REQUESTS,
            Area.AGENDA,
            Area.OUTPUTS,
            Area.VIDEO,
        }
    ),
    Role.RAPPORTEUR: frozenset({Area.RECORD}),
    Role.TECHNICIAN: frozenset({Area.REMOTE_REQUESTS, Area.OUTPUTS, Area.VIDEO}),
}

# Whose an area is, for the sentence: the first role (in this order) that may change it.
_OWNER_ORDER = (Role.MODERATOR, Role.RAPPORTEUR, Role.TECHNICIAN)
_OWNER_OVERRIDE = {Area.OUTPUTS: Role.TECHNICIAN, Area.VIDEO: Role.TECHNICIAN}

# The desk's changes (db/steps.py) by the name of their operation.
STEP_AREAS: Mapping[str, Area] = {
    Action.REQUEST_STATUS: Area.LIST,
    Action.REQUEST_LIMIT: Area.LIST,
    Action.REQUEST_MOVE: Area.LIST,
    Action.REQUEST_ABSENT: Area.LIST,
    Action.REQUEST_PIN: Area.LIST,
    Action.REQUEST_LANGUAGE: Area.OUTPUTS,  # the interpreters' booth page: the technician's
    Action.LIST_CLOSE: Area.LIST,
    Action.LIST_REOPEN: Area.LIST,
    Action.LIST_POLICY: Area.LIST,
    Action.REVIEW_ACCEPT: Area.LIST,
    Action.REVIEW_REOPEN: Area.LIST,
    Action.REVIEW_DISMISS: Area.LIST,
    Action.QUESTION_STATUS: Area.LIST,
    Action.FLOOR_GIVE: Area.FLOOR,
    Action.FLOOR_UNDO_GIVE: Area.FLOOR,
    Action.FLOOR_TAKE_BACK: Area.FLOOR,
    Action.FLOOR_REOPEN: Area.FLOOR,
    Action.FLOOR_ADD_TIME: Area.FLOOR,
    Action.REMOTE_HAND: Area.REMOTE_REQUESTS,
    Action.CHAT_CONFIRM: Area.REMOTE_REQUESTS,
    Action.CHAT_DISMISS: Area.REMOTE_REQUESTS,
    Action.CHAT_REOPEN: Area.REMOTE_REQUESTS,
    Action.REQUEST_ADD: Area.LIST,  # a remote participant's: the step names its areas
    Action.REQUEST_VIDEO: Area.VIDEO,
    Action.FLOOR_PAUSE: Area.FLOOR,  # held to a video: the step names the video's area
    Action.FLOOR_RESUME: Area.FLOOR,
    Action.FLOOR_AUDIO_LOST: Area.FLOOR,
    Action.FLOOR_AUDIO_BACK: Area.FLOOR,
    Action.REMOTE_IMPORT: Area.REMOTE_REQUESTS,
    Action.REMOTE_LINK: Area.REMOTE_REQUESTS,
    Action.REMOTE_REMOVE: Area.REMOTE_REQUESTS,
    Action.SLOT_CREATE: Area.AGENDA,
    Action.SLOT_UPDATE: Area.AGENDA,
    Action.SLOT_MOVE: Area.AGENDA,
    Action.SLOT_DELETE: Area.AGENDA,
    Action.SLOT_RESTORE: Area.AGENDA,
    Action.RECORD_TAGS: Area.RECORD,
    Action.RECORD_FLAGS: Area.RECORD,
    Action.RECORD_ATTACH: Area.RECORD,
    Action.RECORD_DETACH: Area.RECORD,
    Action.RECORD_CORRECT_SPEAKER: Area.RECORD,
    Action.RECORD_TAKEN_BACK: Area.RECORD,
    Action.RECORD_MERGE: Area.RECORD,
}
# A step may name its areas itself (a remote participant's request added by the
# technician is withdrawn again by the technician's undo): under this key, as a list.
STEP_AREA_KEY = "area"


def owner(area: Area) -> Role:
    """The role an area belongs to, as the refusal names it."""
    if area in _OWNER_OVERRIDE:
        return _OWNER_OVERRIDE[area]
    return next(role for role in _OWNER_ORDER if area in MAY[role])


def may(role: Role, *areas: Area) -> bool:
    """Whether ``role`` may change any of ``areas``."""
    return any(area in MAY[role] for area in areas)


def refusal(role: Role, *areas: Area, doing: str = "") -> str | None:
    """One sentence when ``role`` may change none of ``areas`` (None when it may): for
    example "Giving the floor is the moderator's: this station is the rapporteur's."
    ``doing`` names the action more closely than the area does."""
    if not areas or may(role, *areas):
        return None
    what = doing or areas[0].words
    whose = owner(areas[0]).value
    return f"{what[:1].upper()}{what[1:]} is the {whose}'s: this station is the {role.value}'s."


def area_of_request(*, remote: bool) -> tuple[Area, ...]:
    """Adding a request: the list's, and for a remote participant's also the technician's."""
    return (Area.LIST, Area.REMOTE_REQUESTS) if remote else (Area.LIST,)


def step_areas(step: Mapping[str, Any]) -> tuple[Area, ...]:
    """The areas an undoable step changes (unknown operations: the list's, the strictest)."""
    named = step.get(STEP_AREA_KEY)
    values = [named] if isinstance(named, str) else named if isinstance(named, list | tuple) else []
    areas = tuple(Area(value) for value in values if value in _WORDS)
    return areas or (STEP_AREAS.get(str(step.get("op", "")), Area.LIST),)


def change_of_role(before: Role, after: Role) -> str:
    """What changing the station's role does, in one sentence (the window asks with it)."""
    gained = sorted(MAY[after] - MAY[before], key=list(Area).index)
    lost = sorted(MAY[before] - MAY[after], key=list(Area).index)
    parts = []
    if lost:
        parts.append(f"its keys for {_listed(lost)} are disabled")
    if gained:
        parts.append(f"it may change {_listed(gained)}")
    detail = "; ".join(parts) if parts else "nothing else changes"
    return f"This station becomes the {after.value}'s: {detail}."


def _listed(areas: list[Area]) -> str:
    names = [area.words for area in areas]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
