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

from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits

T = TypeVar("T")


@dataclass(frozen=True)
class Option(Generic[T]):
    key: str
    default: T
    title: str


ROLE = Option("desk/role", "moderator", "Role at this station")
STATION_NAME = Option("desk/station", "", "This station's name as shown (empty: the host name)")
# Made at the first start (desktop/station.py): the journal and the undo history name the
# station by it. Further ids: for more Floordesk windows running at once with these settings.
STATION_ID = Option("desk/station_id", "", "This station's unique id (made at first start)")
FURTHER_STATION_IDS = Option(
    "desk/further_station_ids", "", "Ids of further stations started at once on this computer"
)
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
VIDEO_SOUND = Option("video/sound_output", "", "Sound output of video statements (empty: default)")
# The live pages and control API (desktop/qt/technician/live_pages_server.py): off until asked for.
LIVE_PAGES_ENABLED = Option("live_pages/enabled", False, "Serve the live pages at start")
LIVE_PAGES_INTERFACE = Option(
    "live_pages/interface", "0.0.0.0", "IP address the live pages are served on (0.0.0.0: all)"
)
LIVE_PAGES_PORT = Option("live_pages/port", 8765, "Port of the live pages and control API")
# A pairing code for the conference network's devices, shown on the desk and in a QR code
# to anyone at the desk, changed with one click: not a person's secret (those go to the
# keyring), and kept here so that a Stream Deck stays paired across restarts.
LIVE_PAGES_TOKEN = Option("live_pages/token", "", "Token of the control API (made when empty)")
LIVE_PAGES_QR_ON_DISPLAY = Option(
    "live_pages/qr_on_display", False, "The live list's QR code on the speaker display"
)
# What an import reads before it refuses a file or a message (hostile input); the
# defaults are written once, in desktop.agenda_import.limits.
_D = DEFAULT_LIMITS
MAX_UNPACKED_BYTES = Option(
    "import/max_unpacked_bytes", _D.max_unpacked_bytes, "Largest unpacked .xlsx or .docx (bytes)"
)
MAX_PACKAGE_ENTRIES = Option(
    "import/max_package_entries", _D.max_package_entries, "Most files inside an .xlsx or .docx"
)
MAX_JSON_BYTES = Option(
    "import/max_json_bytes", _D.max_json_bytes, "Largest JSON agenda or archive (bytes)"
)
MAIL_MAX_MESSAGE_BYTES = Option(
    "import/mail_max_message_bytes", _D.mail_max_message_bytes, "Largest e-mail read (bytes)"
)
MAIL_MAX_HEADER_BYTES = Option(
    "import/mail_max_header_bytes", _D.mail_max_header_bytes, "Largest e-mail header (bytes)"
)
MAIL_MAX_PARTS = Option("import/mail_max_parts", _D.mail_max_parts, "Most parts in an e-mail")
MAIL_MAX_DEPTH = Option(
    "import/mail_max_depth", _D.mail_max_depth, "Deepest nesting of an e-mail's parts"
)
MAIL_MAX_ATTACHMENT_BYTES = Option(
    "import/mail_max_attachment_bytes",
    _D.mail_max_attachment_bytes,
    "Largest attachment kept from an e-mail (bytes)",
)
_LIMIT_OPTIONS = {
    "max_unpacked_bytes": MAX_UNPACKED_BYTES,
    "max_package_entries": MAX_PACKAGE_ENTRIES,
    "max_json_bytes": MAX_JSON_BYTES,
    "mail_max_message_bytes": MAIL_MAX_MESSAGE_BYTES,
    "mail_max_header_bytes": MAIL_MAX_HEADER_BYTES,
    "mail_max_parts": MAIL_MAX_PARTS,
    "mail_max_depth": MAIL_MAX_DEPTH,
    "mail_max_attachment_bytes": MAIL_MAX_ATTACHMENT_BYTES,
}

OPTIONS: tuple[Option[Any], ...] = (
    ROLE,
    STATION_NAME,
    STATION_ID,
    FURTHER_STATION_IDS,
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
    VIDEO_SOUND,
    LIVE_PAGES_ENABLED,
    LIVE_PAGES_INTERFACE,
    LIVE_PAGES_PORT,
    LIVE_PAGES_TOKEN,
    LIVE_PAGES_QR_ON_DISPLAY,
    *_LIMIT_OPTIONS.values(),
)


_DECLARED: dict[str, Option[Any]] = {option.key: option for option in OPTIONS}


class UndeclaredOption(KeyError):
    """A setting read or written that OPTIONS does not declare: a bug, not a user's error."""


def declared(option: Option[T]) -> Option[T]:
    """``option`` itself, once it is the one OPTIONS declares under its key."""
    if _DECLARED.get(option.key) is not option:
        raise UndeclaredOption(f"{option.key!r} is not declared in desktop.settings.OPTIONS")
    return option


@dataclass(frozen=True)
class OptionState:
    """One line of the settings listing: what it is, what it is now, what it was."""

    option: Option[Any]
    value: Any

    @property
    def changed(self) -> bool:
        return bool(self.value != self.option.default)


def default_settings_path() -> Path:
    return platformdirs.user_config_path("floordesk", appauthor=False) / "floordesk.ini"


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_settings_path()
        self._qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def get(self, option: Option[T]) -> T:
        value = self._qsettings.value(declared(option).key, option.default)
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
        self._qsettings.setValue(declared(option).key, value)

    def states(self) -> list[OptionState]:
        """Every option, in the order declared, with its value at this station."""
        return [OptionState(option, self.get(option)) for option in OPTIONS]

    def sync(self) -> None:
        self._qsettings.sync()


def listing(settings: Settings) -> str:
    """Every option with its title, its value and, when changed, its default: for
    ``floordesk settings`` (and a settings dialog to come). The control API's token is
    not printed (it pairs devices; whoever is at the desk sees it there)."""
    lines = [f"# {settings.path}"]
    for state in settings.states():
        if isinstance(state.option.default, QByteArray):
            continue  # the window's geometry: bytes, nothing a person reads
        value = "(set)" if state.option is LIVE_PAGES_TOKEN and state.value else state.value
        note = f" (default: {_shown(state.option.default)})" if state.changed else ""
        lines.append(f"{state.option.key} = {_shown(value)}  # {state.option.title}{note}")
    return "\n".join(lines)


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if value != "" else '""'


def import_limits(settings: Settings) -> ImportLimits:
    """The import limits this station is set to; a value below 1 keeps the default."""
    values = {field: settings.get(option) for field, option in _LIMIT_OPTIONS.items()}
    return ImportLimits(
        **{
            field: value if value >= 1 else _LIMIT_OPTIONS[field].default
            for field, value in values.items()
        }
    )


def station_limits(owner: object = None) -> ImportLimits:
    """The import limits of this station, the one way the window's imports and the command
    line learn them: from ``owner`` when it is the station's Settings or holds them (the
    main window, a dialog's parent), else from the station's settings file."""
    settings = owner if isinstance(owner, Settings) else getattr(owner, "settings", None)
    return import_limits(settings if isinstance(settings, Settings) else Settings())
