"""Settings are declared once (desktop/settings.py OPTIONS), and only those are used."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import cli, settings
from desktop.settings import OPTIONS, Option, Settings, UndeclaredOption, listing


def test_every_option_defined_is_declared_once() -> None:
    defined = [value for value in vars(settings).values() if isinstance(value, Option)]
    assert defined and all(any(option is d for d in OPTIONS) for option in defined)
    keys = [option.key for option in OPTIONS]
    assert len(keys) == len(set(keys))
    assert all(option.title.strip() for option in OPTIONS)


def test_an_undeclared_option_is_refused(tmp_path: Path) -> None:
    station = Settings(tmp_path / "floordesk.ini")
    stray = Option("desk/stray", 1, "Declared nowhere")
    with pytest.raises(UndeclaredOption):
        station.get(stray)
    with pytest.raises(UndeclaredOption):
        station.set(stray, 2)
    copy = Option(settings.ROLE.key, "rapporteur", "Another role")  # a key, declared again
    with pytest.raises(UndeclaredOption):
        station.get(copy)
    assert station.get(settings.ROLE) == "moderator"


def test_the_listing_names_every_option_with_its_title(tmp_path: Path) -> None:
    station = Settings(tmp_path / "floordesk.ini")
    station.set(settings.NUDGE_SECONDS, 15)
    station.set(settings.LIVE_PAGES_TOKEN, "pairing-code-1234")
    text = listing(station)
    for option in OPTIONS:
        if option is not settings.WINDOW_GEOMETRY:
            assert f"{option.key} = " in text and option.title in text
    assert "timer/nudge_seconds = 15  # Time added or taken by a nudge (default: 30)" in text
    assert "live_pages/token = (set)" in text and "pairing-code-1234" not in text


def test_floordesk_settings_lists_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["settings"]) == 0
    out = capsys.readouterr().out
    assert "desk/role = moderator  # Role at this station" in out
