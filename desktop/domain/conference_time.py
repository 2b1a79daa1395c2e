"""Conference time: every clock on every screen shows the conference's zone.

Stored times are UTC; the station's own zone never matters.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Vienna"


class UnknownTimeZone(ValueError):
    pass


@lru_cache(maxsize=16)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownTimeZone(f"'{name}' is not a known time zone.") from None


def to_local(moment: datetime, zone_name: str) -> datetime:
    return moment.astimezone(zone(zone_name))


def from_local(day: date, clock: time, zone_name: str) -> datetime:
    """A wall-clock time on a conference day, as UTC."""
    return datetime.combine(day, clock, tzinfo=zone(zone_name)).astimezone(UTC)


def today(zone_name: str = DEFAULT_ZONE) -> date:
    """Today's date where the conference is (not where this station is)."""
    return datetime.now(zone(zone_name)).date()


# Formatted by hand, not with strftime: it imports the time module at each call, which
# with PySide6 loaded goes through its import hook (a record of 200 rows has 400 times).
def hm(moment: datetime, zone_name: str) -> str:
    local = to_local(moment, zone_name)
    return f"{local.hour:02d}:{local.minute:02d}"


def hms(moment: datetime, zone_name: str) -> str:
    local = to_local(moment, zone_name)
    return f"{local.hour:02d}:{local.minute:02d}:{local.second:02d}"


def day_label(day: date) -> str:
    """'Monday 20 April 2026' — the way a concept note names a day."""
    return f"{day:%A} {day.day} {day:%B %Y}"
