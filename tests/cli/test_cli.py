"""The command line as a user meets it: a real process, real files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__

pytestmark = pytest.mark.slow  # the real app in processes of its own


def floordesk(
    *args: str, home: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "QT_QPA_PLATFORM": "offscreen",
        **(env or {}),
    }
    if "FLOORDESK_DB" not in (env or {}):
        environ.pop("FLOORDESK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


def assert_user_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("floordesk")
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0]


def test_version(tmp_path: Path) -> None:
    result = floordesk("--version", home=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"floordesk {__version__}"


def test_first_use_creates_the_database_in_the_user_data_folder(tmp_path: Path) -> None:
    result = floordesk("db", "upgrade", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "floordesk" / "floordesk.sqlite").is_file()
    again = floordesk("db", "upgrade", home=tmp_path)
    assert "up to date" in again.stdout


def test_demo_then_agenda_list_as_json(tmp_path: Path) -> None:
    database = tmp_path / "desk.sqlite"
    assert floordesk("--db", str(database), "demo", home=tmp_path).returncode == 0
    result = floordesk("--db", str(database), "agenda", "list", "--json", home=tmp_path)
    assert result.returncode == 0, result.stderr
    slots = json.loads(result.stdout)
    first = slots[0]
    assert {"id", "day", "start", "end", "kind", "title", "topics"} <= set(first)
    assert first["day"] == "2026-04-20" and first["start"] == "08:30"  # conference time
    assert sum(1 for s in slots if s["kind"] == "panel") == 3
    text = floordesk("--db", str(database), "agenda", "list", home=tmp_path)
    assert "Panel 1" in text.stdout


def test_the_environment_variable_chooses_the_database(tmp_path: Path) -> None:
    database = tmp_path / "from-env.sqlite"
    result = floordesk("db", "upgrade", home=tmp_path, env={"FLOORDESK_DB": str(database)})
    assert result.returncode == 0, result.stderr
    assert database.is_file()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("oracle://scott@db/orcl", ("SQLite or PostgreSQL",)),
        ("://nothing", ("not a database URL",)),
        ("sqlite+nodriver:///x.db", ("not a known database driver",)),
        ("sqlite:////proc/forbidden/x.sqlite", ("Cannot create the folder",)),
    ],
)
def test_a_bad_database_url_is_one_clear_line(
    url: str, words: tuple[str, ...], tmp_path: Path
) -> None:
    assert_user_error(floordesk("--db", url, "agenda", "list", home=tmp_path), *words)


def test_an_unreachable_server_is_one_clear_line(tmp_path: Path) -> None:
    result = floordesk(
        "--db", "postgresql://floordesk@127.0.0.1:9/conference", "db", "upgrade", home=tmp_path
    )
    assert_user_error(result)


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_bytes(b"Minutes of the 1st meeting\n" * 200)
    before = notes.read_bytes()
    for command in (("agenda", "list"), ("db", "upgrade"), ("demo",)):
        assert_user_error(
            floordesk("--db", str(notes), *command, home=tmp_path), "not a Floordesk database"
        )
    assert notes.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["notes.sqlite"]


def test_a_wrong_argument_is_one_line(tmp_path: Path) -> None:
    assert_user_error(floordesk("agenda", "lsit", home=tmp_path), "invalid choice")


def test_an_unknown_conference_is_one_line(tmp_path: Path) -> None:
    database = tmp_path / "desk.sqlite"
    floordesk("--db", str(database), "demo", home=tmp_path)
    result = floordesk("--db", str(database), "agenda", "list", "--conference", "99", home=tmp_path)
    assert_user_error(result, "no conference 99")


@pytest.mark.slow
def test_the_smoke_test_renders_a_frame_and_reports_the_time(tmp_path: Path) -> None:
    result = floordesk("--smoke-test", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first frame after ")
    assert result.stdout.strip().endswith(" ms")
