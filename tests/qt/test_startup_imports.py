"""What opening the window imports: none of the heavy modules only some actions need.

In a process of its own (an import cannot be undone in this one), the window opened by
the command line on a database at the current schema, one frame rendered; then its
sys.modules is read. Each of these costs start-up time and memory, and is imported when
first used: the readers and writers of other formats, the charts, the migrations, the
PostgreSQL driver, the request readers, the QR codes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SQLiteTemplates

HEAVY = (
    "docx",  # python-docx: the record's DOCX export, concept notes
    "openpyxl",  # spreadsheets: agenda and registration imports, the XLSX export
    "extract_msg",  # Outlook .msg files
    "icalendar",  # .ics agendas
    "PySide6.QtCharts",  # the statistics pane, built when first shown
    "alembic",  # migrations: only when the schema is not current
    "psycopg",  # PostgreSQL
    "sqlalchemy.dialects.postgresql",  # its SQLAlchemy dialect, 35 ms (db.models.on_postgresql)
    "multiprocessing",  # the standby copier's process, 20 ms: with a server's first copy
    "lingua",  # the language of a request
    "Stemmer",  # the words that ask for the floor
    "rapidfuzz",  # typing mistakes in delegation names
    "segno",  # the live pages' QR codes
    "PySide6.QtNetwork",  # the live pages' server, off until the technician starts it
    "PySide6.QtWebSockets",
)

OPEN_THE_WINDOW = """
import json, sys
from desktop.cli import main

status = main(["--db", sys.argv[1], "--smoke-test"])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


@pytest.mark.slow
def test_opening_the_window_imports_no_heavy_optional_module(
    tmp_path: Path, sqlite_templates: SQLiteTemplates
) -> None:
    database = tmp_path / "current.sqlite"
    shutil.copyfile(sqlite_templates.demo()[0], database)
    result = subprocess.run(
        [sys.executable, "-c", OPEN_THE_WINDOW, str(database)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("first frame after"), result.stdout
    opened = json.loads(lines[-1])
    assert opened["status"] == 0
    imported = [
        name
        for name in opened["modules"]
        if any(name == heavy or name.startswith(f"{heavy}.") for heavy in HEAVY)
    ]
    assert imported == [], f"opening the window imported {imported}"


OPEN_AND_LOOK_AT_THE_FIRST_FRAME = """
import json, sys
import desktop.qt.app as app

measured = app.process_age_ms
seen = {}

def at_the_first_frame():
    if not seen:  # then again once the store is in place
        seen["vlc"] = "vlc" in sys.modules
        seen["sqlalchemy"] = "sqlalchemy" in sys.modules
    return measured()

app.process_age_ms = at_the_first_frame
from desktop.cli import main

status = main(["--db", sys.argv[1], "--smoke-test"])
after = {"vlc": "vlc" in sys.modules, "sqlalchemy": "sqlalchemy" in sys.modules}
print(json.dumps({"status": status, "at_first_frame": seen, "after": after}))
"""


@pytest.mark.slow
def test_libvlc_and_the_store_come_once_the_first_frame_is_painted(
    tmp_path: Path, sqlite_templates: SQLiteTemplates
) -> None:
    """The first frame of a station restarted on its file is painted from its first look
    (db/first_look.py): SQLAlchemy is not imported before it, and the store is in place by
    the time the smoke test ends. The chimes and the video player open on threads after
    the first paint (desktop.qt.app.open_libvlc): python-vlc is not even imported before
    it, and is by the time the smoke test ends (which waits for them, as the app has them
    a moment later)."""
    database = tmp_path / "current.sqlite"
    shutil.copyfile(sqlite_templates.demo()[0], database)
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LOOK_AT_THE_FIRST_FRAME, str(database)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("first frame after") and lines[1].startswith("store in place")
    said = json.loads(lines[-1])
    assert said == {
        "status": 0,
        "at_first_frame": {"vlc": False, "sqlalchemy": False},
        "after": {"vlc": True, "sqlalchemy": True},
    }
