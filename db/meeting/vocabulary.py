"""The words of the domain that the database stores.

Plain enums with no SQLAlchemy import, so the pure domain code can use them too.
Values are what is written to the database: never rename one without a migration.
"""

from __future__ import annotations

from enum import StrEnum


class SlotKind(StrEnum):
    REGISTRATION = "registration"
    OPENING = "opening"
    KEYNOTE = "keynote"
    PANEL = "panel"
    BREAK = "break"
    LUNCH = "lunch"
    SIDE_EVENT = "side_event"
    CLOSING = "closing"
    RECEPTION = "reception"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _SLOT_LABELS[self]

    @property
    def has_speakers(self) -> bool:
        """Whether the floor is given in slots of this kind."""
        return self not in {
            SlotKind.REGISTRATION,
            SlotKind.BREAK,
            SlotKind.LUNCH,
            SlotKind.RECEPTION,
        }


_SLOT_LABELS = {
    SlotKind.REGISTRATION: "Registration",
    SlotKind.OPENING: "Opening",
    SlotKind.KEYNOTE: "Keynote",
    SlotKind.PANEL: "Panel",
    SlotKind.BREAK: "Break",
    SlotKind.LUNCH: "Lunch",
    SlotKind.SIDE_EVENT: "Side event",
    SlotKind.CLOSING: "Closing",
    SlotKind.RECEPTION: "Reception",
    SlotKind.OTHER: "Other",
}


class InterventionKind(StrEnum):
    PANELLIST = "panellist"
    STATEMENT = "statement"
    QUESTION = "question"
    POINT_OF_ORDER = "point_of_order"
    RIGHT_OF_REPLY = "right_of_reply"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Channel(StrEnum):
    HALL = "hall"
    REMOTE = "remote"
    VIDEO = "video"

    @property
    def label(self) -> str:
        return {"hall": "Hall", "remote": "Remote (Zoom)", "video": "Video"}[self.value]


class RequestSource(StrEnum):
    ADVANCE_EMAIL = "advance_email"
    REGISTRATION = "registration"
    HALL = "hall"
    ZOOM_HAND = "zoom_hand"
    ZOOM_CHAT = "zoom_chat"
    QUESTION = "question"

    @property
    def label(self) -> str:
        return {
            "advance_email": "E-mail",
            "registration": "Registration",
            "hall": "Hall",
            "zoom_hand": "Zoom hand",
            "zoom_chat": "Zoom chat",
            "question": "Question",
        }[self.value]


class RequestStatus(StrEnum):
    WAITING = "waiting"  # on the list of speakers
    LATE = "late"  # arrived after the deadline: waits for the moderator's decision
    REVIEW = "review"  # could not be matched: waits for a person to look at it
    SPEAKING = "speaking"  # has the floor now
    SPOKEN = "spoken"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"


class ReviewStatus(StrEnum):
    """Where a review item or a proposed request from the Zoom chat stands."""

    OPEN = "open"  # waits for a person
    ACCEPTED = "accepted"  # became (or updated) a floor request
    DISMISSED = "dismissed"


class QuestionStatus(StrEnum):
    NEW = "new"
    SELECTED = "selected"  # the moderator will put it
    PUT = "put"  # put to the panel
    DISMISSED = "dismissed"


class DelegationGroup(StrEnum):
    PARTICIPATING_STATE = "participating_state"
    PARTNER = "partner_for_cooperation"
    INTERNATIONAL_ORGANIZATION = "international_organization"
    CIVIL_SOCIETY = "civil_society"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "participating_state": "Participating State",
            "partner_for_cooperation": "Partner for Co-operation",
            "international_organization": "International organization",
            "civil_society": "Civil society",
            "other": "Other",
        }[self.value]

    @property
    def short_label(self) -> str:
        return {
            "participating_state": "pS",
            "partner_for_cooperation": "Partner",
            "international_organization": "IO",
            "civil_society": "CSO",
            "other": "Other",
        }[self.value]


DEFAULT_LIMITS_S: dict[InterventionKind, int] = {
    InterventionKind.PANELLIST: 7 * 60,
    InterventionKind.STATEMENT: 3 * 60,
    InterventionKind.QUESTION: 90,
    InterventionKind.POINT_OF_ORDER: 60,
    InterventionKind.RIGHT_OF_REPLY: 2 * 60,
}


# The OSCE's official languages: those a booth works from.
BOOTH_LANGUAGES = ("en", "fr", "de", "it", "ru", "es")
