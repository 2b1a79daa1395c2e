"""Every module loaded by a name in a string is declared to the freezer.

PyInstaller follows ``import`` statements, not ``importlib.import_module("x")``
or ``__import__("x")``: a module loaded that way is missing from the frozen
build unless packaging/floordesk.spec lists it in ``hiddenimports`` — the bundle
then dies at run time with ModuleNotFoundError, as it did for
``desktop.cli_requests``. This test reads the sources and the spec (no build).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "floordesk.spec"
PACKAGES = ("desktop", "db")
LOADERS = {"import_module", "__import__"}


@dataclass(frozen=True)
class DynamicImport:
    where: str
    name: str | None
    """The module's name when the call gives it as a string literal, else None."""


def dynamic_imports(source: str, where: str) -> list[DynamicImport]:
    """The calls of ``import_module``/``__import__`` in ``source`` (any spelling:
    ``importlib.import_module``, ``from importlib import import_module``, ``__import__``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        called = (
            function.attr
            if isinstance(function, ast.Attribute)
            else function.id
            if isinstance(function, ast.Name)
            else None
        )
        if called not in LOADERS:
            continue
        first = node.args[0] if node.args else None
        name = (
            first.value
            if isinstance(first, ast.Constant) and isinstance(first.value, str)
            else None
        )
        found.append(DynamicImport(f"{where}:{node.lineno}", name))
    return found


def declared_hidden_imports(spec_source: str) -> set[str]:
    """The string literals of ``hiddenimports = [...]`` and ``hiddenimports += [...]``."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(spec_source)):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign):
            targets = [node.target]
        else:
            continue
        if not any(isinstance(t, ast.Name) and t.id == "hiddenimports" for t in targets):
            continue
        if isinstance(node.value, ast.List | ast.Tuple):
            for element in node.value.elts:
                if isinstance(element, ast.Constant) and isinstance(element.value, str):
                    names.add(element.value)
    return names


def undeclared(imports: list[DynamicImport], declared: set[str]) -> list[str]:
    problems = []
    for found in imports:
        if found.name is None:
            problems.append(
                f"{found.where}: a module loaded by a computed name; import it plainly "
                "so that PyInstaller sees it"
            )
        elif found.name not in declared:
            problems.append(
                f"{found.where}: {found.name!r} is loaded by name but not in the "
                "spec's hiddenimports; import it plainly or declare it there"
            )
    return problems


def project_sources() -> list[Path]:
    return sorted(
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        # Alembic's scripts are shipped as files and run by Alembic, not frozen.
        if "migrations" not in path.relative_to(ROOT).parts
    )


def test_every_module_loaded_by_name_is_declared_to_the_freezer() -> None:
    imports = [
        found
        for path in project_sources()
        for found in dynamic_imports(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    declared = declared_hidden_imports(SPEC.read_text(encoding="utf-8"))
    assert undeclared(imports, declared) == []


def test_the_spec_declares_the_modules_that_nothing_imports() -> None:
    declared = declared_hidden_imports(SPEC.read_text(encoding="utf-8"))
    # files("resources") names the package without importing it; Alembic's
    # dialect support is found by name at run time.
    assert {"resources", "alembic.ddl.sqlite", "alembic.ddl.postgresql"} <= declared


SAMPLE = """
import importlib
from importlib import import_module

def load(name):
    importlib.import_module("desktop.cli_requests")
    import_module("desktop.declared")
    __import__("desktop.other")
    return importlib.import_module(name)
"""


def test_the_check_finds_each_spelling_and_computed_names() -> None:
    found = dynamic_imports(SAMPLE, "sample.py")
    assert [f.name for f in found] == [
        "desktop.cli_requests",
        "desktop.declared",
        "desktop.other",
        None,
    ]
    problems = undeclared(found, {"desktop.declared"})
    assert len(problems) == 3
    assert "desktop.cli_requests" in problems[0]
    assert "computed name" in problems[2]


@pytest.mark.parametrize(
    ("spec", "names"),
    [
        ("hiddenimports = ['a', 'b']\nhiddenimports += ['c']\n", {"a", "b", "c"}),
        ("hiddenimports = []\n", set()),
    ],
)
def test_the_spec_is_read_without_pyinstaller(spec: str, names: set[str]) -> None:
    assert declared_hidden_imports(spec) == names
