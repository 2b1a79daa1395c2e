"""One path for every change the window makes (STYLE.md): a step through the desk.

The window (desktop/qt/) may read the store as it likes, but it calls none of the store's
commands: every change is a step (db/steps.py) that the desk hands the store's undo
history, which carries it out with its undo step in one transaction. Read from the code
(ast): a call ``….store.<group>.<method>(…)`` — or through a name bound to
``….store.<group>`` — is held to the group's commands, found in the groups' own code:
a method that opens a transaction is a command, one that only reads (or only calls the
group's reads) is a read, and a method that is neither is taken for a command.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine

from db.floor.statement_media import StatementMedia
from db.store import Store

ROOT = Path(__file__).parents[1]
WINDOW = ROOT / "desktop" / "qt"
# What the desk itself calls besides its steps, by (module, group, method), with why.
KNOWN_EXCEPTIONS = frozenset(
    {
        # Notes typed in the record keep their own path: saved as the rapporteur types,
        # each save one transaction with its journal entry, the editor's own undo.
        ("desktop.qt.desk.desk", "record", "set_notes"),
        ("desktop.qt.desk.desk", "record", "set_internal_notes"),
    }
)


@cache
def commands() -> dict[str, frozenset[str]]:
    """Each group's commands, by the name the store gives the group (``store.floor``), and
    the statement media the desk reads (``desk.store_media``)."""
    store = Store(create_engine("sqlite://"))
    try:
        groups = {name: type(group) for name, group in store.command_groups.items()}
    finally:
        store.close()
    groups["store_media"] = StatementMedia
    return {name: _commands_of(cls) for name, cls in groups.items()}


def _commands_of(cls: type) -> frozenset[str]:
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    methods = {
        node.name: node
        for node in tree.body[0].body  # type: ignore[attr-defined]
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }
    reads: set[str] = set()
    calls_of_self: dict[str, set[str]] = {}
    for name, node in methods.items():
        decorators = {ast.unparse(d) for d in node.decorator_list}
        called = {
            call.func.attr
            for call in ast.walk(node)
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
        }
        if decorators & {"staticmethod", "property"} or (
            "reading" in called and "transaction" not in called
        ):
            reads.add(name)
        elif "transaction" not in called:
            calls_of_self[name] = {
                call.func.attr
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
                and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == "self"
            }
    # Neither: a read if it only calls the group's reads (``waiting`` reads ``requests``).
    changed = True
    while changed:
        changed = False
        for name, called in calls_of_self.items():
            if name not in reads and called and called <= reads:
                reads.add(name)
                changed = True
    return frozenset(methods) - reads


def _group_of(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """The group ``node`` names: ``….store.<group>``, ``….store_media``, or an alias."""
    if isinstance(node, ast.Name):
        return aliases.get(node.id)
    if not isinstance(node, ast.Attribute):
        return None
    if node.attr == "store_media":
        return "store_media"
    owner = node.value
    if (isinstance(owner, ast.Attribute) and owner.attr == "store") or (
        isinstance(owner, ast.Name) and owner.id == "store"
    ):
        return node.attr
    return None


def store_commands_called(path: Path) -> list[tuple[int, str, str]]:
    """(line, group, method) of every store command ``path`` calls directly."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    known = commands()
    aliases: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            group = _group_of(node.value, {})
            if isinstance(target, ast.Name) and group in known:
                aliases[target.id] = group
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            group = _group_of(node.func.value, aliases)
            if group in known and node.func.attr in known[group]:
                found.append((node.lineno, group, node.func.attr))
    return sorted(found)


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_the_window_changes_nothing_but_through_the_desk() -> None:
    broken = []
    needed = set()
    for path in sorted(WINDOW.rglob("*.py")):
        module = _module(path)
        for line, group, method in store_commands_called(path):
            if (module, group, method) in KNOWN_EXCEPTIONS:
                needed.add((module, group, method))
                continue
            broken.append(f"{path.relative_to(ROOT)}:{line}: store.{group}.{method}(…)")
    assert not broken, "store commands called from the window, not as steps of the desk:\n" + (
        "\n".join(broken)
    )
    assert needed == KNOWN_EXCEPTIONS, f"no longer needed: {KNOWN_EXCEPTIONS - needed}"


def test_the_commands_are_told_from_the_reads() -> None:
    found = commands()
    assert {"give_floor", "take_floor_back", "add_time"} <= found["floor"]
    assert not {"current", "interventions"} & found["floor"]
    assert {"set_tags", "set_flags", "merge", "set_notes"} <= found["record"]
    assert "topics" not in found["record"]
    assert "waiting" not in found["speakers"] and "add" in found["speakers"]
    assert "delete_slot" in found["agenda"]  # it calls remove_slot, a command
    assert {"carry_out", "undo", "redo"} <= found["history"]
    assert "audio_lost" in found["store_media"] and "video_of" not in found["store_media"]


def test_a_pane_calling_a_store_command_is_found(tmp_path: Path) -> None:
    pane = tmp_path / "pane.py"
    pane.write_text(
        "def save(self, tags):\n"
        "    self.desk.store.record.topics(1)\n"  # a read
        "    self.desk.store.record.set_tags(1, tags)\n"
        "    record = self.desk.store.record\n"
        "    record.merge(1, 2)\n"
        "    self.desk.store_media.audio_lost(1, None)\n",
        encoding="utf-8",
    )
    assert store_commands_called(pane) == [
        (3, "record", "set_tags"),
        (5, "record", "merge"),
        (6, "store_media", "audio_lost"),
    ]
