"""The control API's commands, checked before anything is done.

A command comes as a POST to /api/control/<action> (its arguments in the query string or
a JSON body) or as a WebSocket message {"action": ..., ...}; both become one ``Command``,
which the desk carries out through the same steps as the keys (undoable, journaled).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

MAX_NUDGE_S = 600
MAX_MESSAGE_CHARS = 200
BOOTH_LANGUAGES = ("en", "fr", "de", "it", "ru", "es")


class Action(StrEnum):
    GIVE_FLOOR = "give-floor"  # to the next speaker (F5)
    TAKE_BACK = "take-back"  # F8
    PAUSE = "pause"  # pause (nothing if paused already)
    RESUME = "resume"  # resume (nothing if running)
    PAUSE_OR_RESUME = "pause-or-resume"  # F6
    ADD_TIME = "add-time"  # seconds: ±, default the desk's nudge
    MESSAGE = "message"  # text, pinned
    CLEAR_MESSAGE = "clear-message"
    BLANK = "blank"  # on: true / false / absent (toggle)
    NEXT_SLOT = "next-slot"  # make the agenda's next slot live


class Signal(StrEnum):
    """What a booth tells the chair."""

    SLOWER = "slower"  # "slower, please"
    NO_SOUND = "no-sound"  # "no sound from the floor"
    RELAY_LOST = "relay-lost"  # "relay lost"

    @property
    def sentence(self) -> str:
        return {
            "slower": "Slower, please",
            "no-sound": "No sound from the floor",
            "relay-lost": "Relay lost",
        }[self.value]


class CommandError(ValueError):
    """One sentence for the client (HTTP 400)."""


@dataclass(frozen=True)
class Command:
    action: Action
    seconds: int | None = None
    text: str = ""
    pinned: bool = False
    on: bool | None = None


@dataclass(frozen=True)
class BoothSignal:
    signal: Signal
    language: str


def _boolean(value: Any, name: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "1", "on", "yes"}:
        return True
    if isinstance(value, str) and value.lower() in {"false", "0", "off", "no"}:
        return False
    raise CommandError(f"{name} must be true or false.")


def command(action: str, arguments: Mapping[str, Any]) -> Command:
    """The command named ``action`` with its arguments (from a query string, a JSON body
    or a WebSocket message), or CommandError saying what is wrong."""
    try:
        chosen = Action(action)
    except ValueError:
        known = ", ".join(a.value for a in Action)
        raise CommandError(f"{str(action)[:40]!r} is not an action; use one of {known}.") from None
    if chosen is Action.ADD_TIME:
        seconds = arguments.get("seconds")
        if seconds is None:
            return Command(chosen)
        if isinstance(seconds, str) and seconds.lstrip("+-").isdigit():
            seconds = int(seconds)
        if isinstance(seconds, bool) or not isinstance(seconds, int):
            raise CommandError("seconds must be a whole number, such as 30 or -30.")
        if seconds == 0 or abs(seconds) > MAX_NUDGE_S:
            raise CommandError(f"seconds must be between -{MAX_NUDGE_S} and {MAX_NUDGE_S}, not 0.")
        return Command(chosen, seconds=seconds)
    if chosen is Action.MESSAGE:
        text = arguments.get("text")
        if not isinstance(text, str) or not text.strip():
            raise CommandError("A message needs a text.")
        if len(text) > MAX_MESSAGE_CHARS or any(ord(c) < 32 and c not in "\t\n" for c in text):
            raise CommandError(
                f"A message is at most {MAX_MESSAGE_CHARS} characters of plain text."
            )
        return Command(chosen, text=text, pinned=bool(_boolean(arguments.get("pinned"), "pinned")))
    if chosen is Action.BLANK:
        return Command(chosen, on=_boolean(arguments.get("on"), "on"))
    return Command(chosen)


def booth_signal(arguments: Mapping[str, Any]) -> BoothSignal:
    """A booth's signal {"signal": "slower", "language": "fr"}, or CommandError."""
    try:
        signal = Signal(str(arguments.get("signal")))
    except ValueError:
        known = ", ".join(s.value for s in Signal)
        raise CommandError(f"signal must be one of {known}.") from None
    language = arguments.get("language")
    if language not in BOOTH_LANGUAGES:
        raise CommandError(f"language must be one of {', '.join(BOOTH_LANGUAGES)}.")
    return BoothSignal(signal, str(language))
