"""The rooms of the house (STYLE.md) kept apart: who may import whom, read from the code.

Every import statement of db/ and desktop/ is parsed (ast, so lazy imports inside
functions and TYPE_CHECKING blocks count too) and held to the rules:

- db/ imports neither Qt (PySide6) nor anything from desktop/;
- the pure packages of desktop/ (domain, agenda_import, requests_import, record_export)
  import no PySide6, and none of desktop/'s packages but qt/ imports desktop.qt;
- desktop/domain/ imports nothing from db/ and no SQLAlchemy;
- the db/ modules the domain shares are pure: no SQLAlchemy.

desktop/qt/ and the application's entry points may import anything.

What breaks a rule today is listed below, by name, with issue 17 ("The house"): a new
violation fails, and so does an entry that is no longer needed, so the list only shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).parents[1]
PURE_PACKAGES = ("domain", "agenda_import", "requests_import", "record_export")
NOT_THE_WINDOW = (*PURE_PACKAGES, "services", "web")
# The db/ modules that hold the domain's words and rules; issue 17 makes them one small
# package with no SQLAlchemy.
SHARED_DB_MODULES = ("db.vocabulary", "db.views", "db.ordering", "db.floor_rules", "db.folding")

# Known exceptions, (importing module, imported module); issue 17 removes them.
KNOWN_EXCEPTIONS = frozenset(
    {
        # The domain reads db/'s pure vocabulary, views and rules (STYLE: it must not
        # import db/); issue 17 moves them into a pure package of their own.
        ("desktop.domain.agenda_clock", "db.views"),
        ("desktop.domain.delegation_lookup", "db.folding"),
        ("desktop.domain.delegation_lookup", "db.views"),
        ("desktop.domain.record_stats", "db.vocabulary"),
        ("desktop.domain.remote_readiness", "db.vocabulary"),
        ("desktop.domain.speaking_time", "db.floor_rules"),
        ("desktop.domain.speaking_time", "db.views"),
        # ... and the record's report, which pulls in SQLAlchemy (issue 17).
        ("desktop.domain.record_stats", "db.record_report"),
        # The PDF and the charts are drawn with Qt (QPdfWriter, QPainter) off the window.
        ("desktop.record_export.__init__", "PySide6.QtGui"),
        ("desktop.record_export.__init__", "PySide6.QtWidgets"),
        ("desktop.record_export.chart_images", "PySide6.QtCore"),
        ("desktop.record_export.chart_images", "PySide6.QtGui"),
        ("desktop.record_export.pdf_journal", "PySide6.QtCore"),
        ("desktop.record_export.pdf_journal", "PySide6.QtGui"),
    }
)


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imports(path: Path) -> Iterator[str]:
    """The modules ``path`` imports, relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module(path).split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                yield module
            else:  # from . import x
                yield from (f"{module}.{alias.name}" for alias in node.names)


def _within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in packages)


def broken_rules(importer: str, imported: str) -> list[str]:
    """The rules ``importer`` breaks by importing ``imported``."""
    parts = importer.split(".")
    room = parts[1] if parts[0] == "desktop" and len(parts) > 2 else None
    broken = []
    if parts[0] == "db" and _within(imported, "PySide6", "desktop"):
        broken.append("db/ imports neither Qt nor desktop/")
    if room in PURE_PACKAGES and _within(imported, "PySide6"):
        broken.append(f"desktop/{room}/ imports no Qt")
    if room in NOT_THE_WINDOW and _within(imported, "desktop.qt"):
        broken.append(f"desktop/{room}/ imports nothing of the window (desktop/qt/)")
    if room == "domain" and _within(imported, "db", "sqlalchemy"):
        broken.append("desktop/domain/ imports neither db/ nor SQLAlchemy")
    if importer in SHARED_DB_MODULES and _within(imported, "sqlalchemy"):
        broken.append(f"{importer} is pure: no SQLAlchemy")
    return broken


def violations() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for path in sorted([*ROOT.glob("db/**/*.py"), *ROOT.glob("desktop/**/*.py")]):
        importer = _module(path)
        for imported in _imports(path):
            broken = broken_rules(importer, imported)
            if broken:
                found[(importer, imported)] = broken
    return found


def test_no_import_breaks_the_layering() -> None:
    new = {pair: why for pair, why in violations().items() if pair not in KNOWN_EXCEPTIONS}
    assert not new, "\n".join(f"{a} imports {b}: {'; '.join(w)}" for (a, b), w in new.items())


def test_every_known_exception_is_still_needed() -> None:
    healed = KNOWN_EXCEPTIONS - violations().keys()
    assert not healed, f"no longer needed, remove from KNOWN_EXCEPTIONS: {sorted(healed)}"


def test_the_rules_catch_what_they_should() -> None:
    assert broken_rules("db.store", "desktop.qt.desk")
    assert broken_rules("db.migrations.env", "PySide6.QtCore")
    assert broken_rules("desktop.requests_import.sources", "PySide6.QtWidgets")
    assert broken_rules("desktop.web.http", "desktop.qt.desk")
    assert broken_rules("desktop.domain.clock", "sqlalchemy.orm")
    assert broken_rules("db.views", "sqlalchemy")
    assert not broken_rules("desktop.qt.desk", "db.store")
    assert not broken_rules("desktop.requests_import.sources", "db.store")
    assert not broken_rules("db.store", "sqlalchemy.orm")
