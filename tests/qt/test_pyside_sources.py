"""PySide6's import hook answered without keeping sources (desktop/qt/pyside_sources.py)."""

from __future__ import annotations

import inspect
import subprocess
import sys

import db.first_look
import db.store
import desktop.qt.app
import desktop.qt.desk.desk
from desktop.qt.pyside_sources import names_pyside


def test_the_answer_is_the_hooks_own() -> None:
    for module in (desktop.qt.app, desktop.qt.desk.desk, db.first_look, db.store, inspect, sys):
        try:
            expected = "PySide6" in inspect.getsource(module)
        except (TypeError, OSError):
            expected = False
        assert names_pyside(module) is expected, module.__name__


KEPT_AFTER_IMPORTS = """
import linecache, sys
import desktop.qt  # answers PySide6's hook from here on
import db.store  # SQLAlchemy, the models, the store: imported after PySide6
from shibokensupport import feature
print(feature._mod_uses_pyside.__module__)
# (SQLAlchemy keeps there the code it generates itself, under names of its own.)
print(sum(1 for name in linecache.cache if name.endswith(".py") and "sqlalchemy" in name))
"""


def test_no_source_is_kept_for_the_modules_imported_after_pyside() -> None:
    said = subprocess.run(
        [sys.executable, "-c", KEPT_AFTER_IMPORTS],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert said == ["desktop.qt.pyside_sources", "0"]
