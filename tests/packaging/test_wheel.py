"""The built wheel carries its data: delegations, demo and migrations load from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(folder),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = folder.glob("floordesk-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_holds_the_data_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "resources/delegations.json",
        "resources/demo/conference.json",
        "resources/icons/floordesk.svg",
        "db/migrations/env.py",
        "db/migrations/script.py.mako",
        "db/migrations/versions/0001_first_schema.py",
    } <= names
    assert not any(name.startswith("tests/") for name in names)


@pytest.mark.slow
def test_the_app_runs_from_the_wheel_alone(wheel: Path, tmp_path: Path) -> None:
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    env = {
        **os.environ,
        "PYTHONPATH": str(unpacked),  # found before the editable install of the source tree
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    database = tmp_path / "from-wheel.sqlite"
    probe = "import desktop, sys; print(desktop.__file__)"
    where = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert where.stdout.startswith(str(unpacked)), where.stdout + where.stderr
    for command in (["demo"], ["agenda", "list", "--json"]):
        result = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", str(database), *command],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) > 10
