"""Every item model of desktop/qt obeys Qt's contract, by construction.

The test finds every QAbstractItemModel subclass defined in desktop/qt (importing each
module and walking the subclasses), finds their instances in a real main window on the
demo conference (the views, combo boxes and completers, through their proxies), builds
the dialogs' own, and runs qtmodeltester over each. A model class it finds but cannot
build fails the test: teach ``dialog_models`` (or the window) to build it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QAbstractProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QCompleter
from pytestqt.modeltest import ModelTester

import desktop.qt
from desktop.agenda_import import read_agenda
from desktop.domain.clock import FakeClock
from desktop.qt.desk.snapshot_model import SnapshotTableModel
from desktop.qt.imports.agenda_import_preview import ImportPreviewModel
from desktop.qt.imports.import_outcomes import OutcomesModel
from desktop.qt.main_window import MainWindow
from desktop.qt.pane_dock import PaneDock
from desktop.requests_import.outcome import ItemOutcome, Outcome

AGENDA = Path(__file__).parents[1] / "agenda_import" / "data" / "agenda.csv"
# Bases that are only ever used through their subclasses: checked through those.
CHECKED_THROUGH_SUBCLASSES = {
    "desktop.qt.desk.snapshot_model.SnapshotTableModel",
    "desktop.qt.desk.record_model.RecordModel",
}


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def model_classes() -> set[type[QAbstractItemModel]]:
    """Every item model class that desktop/qt defines."""
    for module in pkgutil.iter_modules(desktop.qt.__path__):
        importlib.import_module(f"desktop.qt.{module.name}")

    def below(cls: type[QAbstractItemModel]) -> Iterator[type[QAbstractItemModel]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    return {c for c in below(QAbstractItemModel) if c.__module__.startswith("desktop.qt.")}


def window_models(window: MainWindow) -> list[QAbstractItemModel]:
    """The models the window's views, combo boxes and completers show, proxies' sources too
    (of every pane: those hidden at start are built here, as when first shown)."""
    for dock in window.findChildren(PaneDock):
        dock.pane()
    found: list[QAbstractItemModel | None] = list(window.findChildren(QAbstractItemModel))
    found += [view.model() for view in window.findChildren(QAbstractItemView)]
    found += [combo.model() for combo in window.findChildren(QComboBox)]
    found += [completer.model() for completer in window.findChildren(QCompleter)]
    models: dict[int, QAbstractItemModel] = {}
    while found:
        model = found.pop()
        if model is None or id(model) in models:
            continue
        models[id(model)] = model
        if isinstance(model, QAbstractProxyModel):
            found.append(model.sourceModel())
    return list(models.values())


def dialog_models() -> list[QAbstractItemModel]:
    """The import dialogs' models, filled as the dialogs fill them (unparented: the
    tester outlives any dialog)."""
    preview = ImportPreviewModel()
    preview.set_agenda(read_agenda(AGENDA))
    outcomes = OutcomesModel()
    outcomes.show(
        [
            ItemOutcome("requests.mbox #1", Outcome.QUEUED, "Malta, Panel 1"),
            ItemOutcome("requests.mbox #2", Outcome.REVIEW, "no delegation named"),
            ItemOutcome("requests.mbox #3", Outcome.ERROR, "not an e-mail"),
        ]
    )
    return [preview, outcomes]


def test_every_item_model_passes_the_model_tester(
    qtmodeltester: ModelTester, window: MainWindow, clock: FakeClock
) -> None:
    window.give_next_action.trigger()  # something on the record, and one on the floor
    clock.advance(timedelta(seconds=20).total_seconds())
    window.give_next_action.trigger()
    window.desk.settle()
    models = [
        m for m in window_models(window) + dialog_models() if _name(type(m)).startswith("desktop")
    ]
    built = {type(m) for m in models}
    for model in models:
        qtmodeltester.check(model, force_py=True)

    classes = model_classes()
    unknown = {
        _name(c) for c in classes if c not in built and _name(c) not in CHECKED_THROUGH_SUBCLASSES
    }
    assert not unknown, f"item models this test cannot build: {sorted(unknown)}"
    for base in CHECKED_THROUGH_SUBCLASSES:
        assert any(_name(b) == base for c in built for b in c.__mro__[1:]), base
    assert len(built) >= 14  # the fourteen models of issue 17's count, at the least


def test_each_table_model_asks_only_for_the_paint_roles_it_answers(
    window: MainWindow, clock: FakeClock
) -> None:
    """A model that names its paint roles (``paint_roles``) is asked for no other when its
    rows are written: its ``extra_data`` must answer None for every other role, in every
    cell of the demo's rows (late, urgent, off-hall and current ones among them)."""
    window.give_next_action.trigger()
    clock.advance(20)
    window.give_next_action.trigger()
    window.desk.settle()
    every_role = [int(role) for role in Qt.ItemDataRole]
    checked = 0
    for model in window_models(window):
        if not isinstance(model, SnapshotTableModel):
            continue
        named = {int(role) for role in (*model.answered_paint_roles(), *model.extra_roles)}
        for row in model.rows():
            for column in range(len(model.columns)):
                for role in every_role:
                    if role not in named:
                        assert model.extra_data(row, column, role) is None, (
                            f"{type(model).__name__}.extra_data answers role {role}, "
                            "which its paint_roles do not name"
                        )
            checked += 1
    assert checked > 0
