"""Every setting declared once, typed, with its default and title.

Settings never hold secrets (those go to the OS keyring) nor anything the
database holds; they remember the station's own choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import platformdirs
from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T
    title: str


ROLE = Option("desk/role", "moderator", "Role at this station")
STATION_NAME = Option("desk/station", "", "Station name written in the journal")
LAST_CONFERENCE = Option("desk/last_conference", 0, "Conference shown at start")
LAST_SLOT = Option("desk/last_slot", 0, "Agenda slot shown at start")
FOLLOW_CLOCK = Option("desk/follow_clock", True, "The live slot moves on with the agenda's clock")
LIVE_SLOT = Option("desk/live_slot", 0, "Agenda slot made live by hand (when not following)")
FLASH_AT_EXPIRY = Option(
    "display/flash_at_expiry", True, "The speaker display flashes for a few seconds at time up"
)
WARNING_SECONDS = Option("timer/warning_seconds", 30, "Warning before the end of speaking time")
NUDGE_SECONDS = Option("timer/nudge_seconds", 30, "Time added or taken by a nudge")
WINDOW_GEOMETRY = Option("window/geometry", QByteArray(), "Main window geometry")
CHIME_VOLUME = Option("sound/volume", 80, "Chime volume (0–100)")
CHIME_MUTED = Option("sound/muted", False, "Chimes muted")

OPTIONS: tuple[Option[Any], ...] = (
    ROLE,
    STATION_NAME,
    LAST_CONFERENCE,
    LAST_SLOT,
    FOLLOW_CLOCK,
    LIVE_SLOT,
    FLASH_AT_EXPIRY,
    WARNING_SECONDS,
    NUDGE_SECONDS,
    WINDOW_GEOMETRY,
    CHIME_VOLUME,
    CHIME_MUTED,
)


def default_settings_path() -> Path:
    return platformdirs.user_config_path("floordesk", appauthor=False) / "floordesk.ini"


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_settings_path()
        self._qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, option: Option[T]) -> T:
        value = self._qsettings.value(option.key, option.default)
        if value is None:
            return option.default
        kind = type(option.default)
        if isinstance(value, kind):
            return value
        try:
            if kind is bool:
                return str(value).lower() in {"1", "true", "yes"}  # type: ignore[return-value]
            return kind(value)  # type: ignore[call-arg]
        except (TypeError, ValueError):
            return option.default

    def set(self, option: Option[T], value: T) -> None:
        self._qsettings.setValue(option.key, value)

    def sync(self) -> None:
        self._qsettings.sync()
