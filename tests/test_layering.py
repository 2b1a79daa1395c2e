"""The rooms of the house (STYLE.md) kept apart: who may import whom, read from the code.

Every import statement of db/ and desktop/ is parsed (ast, so lazy imports inside
functions and TYPE_CHECKING blocks count too) and held to the rules:

- db/ imports neither Qt (PySide6) nor anything from desktop/;
- db/meeting/ (the words and rules the store, the domain and the window share) is pure:
  nothing but the standard library and itself;
- the pure packages of desktop/ (domain, agenda_import, requests_import, record_export)
  import no PySide6, and none of desktop/'s packages but qt/ imports desktop.qt;
- desktop/domain/ imports no SQLAlchemy and nothing of db/ but db/meeting/;
- neither db/ nor desktop/qt/ has an import circle (a group of the store importing the
  store, the menus importing the main window).

desktop/qt/ and the application's entry points may import anything else, but not
SQLAlchemy at import: the window's modules, imported, leave it unloaded until the store
opens (``test_the_window_loads_no_sqlalchemy_until_its_store_opens``, run apart).

What breaks a rule today is listed below, by name: a new violation fails, and so does an
entry that is no longer needed, so the list only shrinks.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).parents[1]
PURE_PACKAGES = ("domain", "agenda_import", "requests_import", "record_export")
NOT_THE_WINDOW = (*PURE_PACKAGES, "services", "web")
SHARED = "db.meeting"
STANDARD_LIBRARY = frozenset(sys.stdlib_module_names) | {"__future__"}

# Known exceptions, (importing module, imported module).
KNOWN_EXCEPTIONS = frozenset(
    {
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
    if room == "domain" and (
        _within(imported, "sqlalchemy")
        or (_within(imported, "db") and not _within(imported, SHARED))
    ):
        broken.append(f"desktop/domain/ imports no SQLAlchemy and nothing of db/ but {SHARED}")
    if _within(importer, SHARED) and not (
        _within(imported, SHARED) or imported.split(".")[0] in STANDARD_LIBRARY
    ):
        broken.append(f"{SHARED} is pure: the standard library and itself only")
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
    assert broken_rules("db.store", "desktop.qt.desk.desk")
    assert broken_rules("db.migrations.env", "PySide6.QtCore")
    assert broken_rules("desktop.requests_import.sources", "PySide6.QtWidgets")
    assert broken_rules("desktop.web.http", "desktop.qt.desk.desk")
    assert broken_rules("desktop.domain.clock", "sqlalchemy.orm")
    assert broken_rules("db.meeting.snapshots", "sqlalchemy")
    assert not broken_rules("desktop.qt.desk.desk", "db.store")
    assert not broken_rules("desktop.requests_import.sources", "db.store")
    assert not broken_rules("db.store", "sqlalchemy.orm")
    assert broken_rules("desktop.domain.clock", "db.store")
    assert not broken_rules("desktop.domain.clock", "db.meeting.vocabulary")
    assert broken_rules("db.meeting.vocabulary", "db.models")
    assert not broken_rules("db.meeting.snapshots", "dataclasses")


def _graph(top: str) -> dict[str, set[str]]:
    """Which of ``top``'s modules each of its modules imports."""
    modules = {_module(p).removesuffix(".__init__") for p in ROOT.glob(f"{top}/**/*.py")}
    graph: dict[str, set[str]] = {}
    for path in ROOT.glob(f"{top}/**/*.py"):
        importer = _module(path).removesuffix(".__init__")
        imported = set()
        for name in _imports(path):
            # "from db.floor import giving" names the module db.floor.giving
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != importer and not importer.startswith(f"{name}."):
                imported.add(name)
        graph[importer] = imported
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import circles of ``graph``: its strongly connected groups of two or more."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in graph.get(module, ()):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while (member := stack.pop()) != module:
                group.append(member)
            if group:
                found.append(sorted([module, *group]))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_db_has_no_import_circle() -> None:
    assert circles(_graph("db")) == []


def test_the_window_has_no_import_circle() -> None:
    assert circles(_graph("desktop/qt")) == []


def test_circles_are_found() -> None:
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_domain_loads_neither_sqlalchemy_nor_qt() -> None:
    """What the domain imports, followed all the way (db/__init__ included)."""
    modules = sorted(
        _module(p).removesuffix(".__init__") for p in ROOT.glob("desktop/domain/**/*.py")
    )
    code = "\n".join(
        [
            "import importlib, sys",
            *(f"importlib.import_module({m!r})" for m in modules),
            "print(sorted({n.split('.')[0] for n in sys.modules} & {'sqlalchemy', 'PySide6'}))",
        ]
    )
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert run.stdout.strip() == "[]"


def test_the_window_loads_no_sqlalchemy_until_its_store_opens() -> None:
    """The window and its start, imported (db/first_look.py paints the first frame before
    the store is loaded): SQLAlchemy comes with the store, never with a module of the
    window's."""
    code = "\n".join(
        [
            "import sys",
            "import desktop.qt.app, desktop.qt.main_window, desktop.cli",
            "print(sorted(n for n in sys.modules if n.split('.')[0] == 'sqlalchemy'))",
        ]
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert run.stdout.strip() == "[]"
