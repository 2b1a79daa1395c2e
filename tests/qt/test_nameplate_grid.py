"""The nameplate grid: plates in seating order, a click or a few keys add a delegation.

Run as a script (``python -m tests.qt.test_nameplate_grid``) to save a screenshot
to docs/screenshots/nameplate-grid.png.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from db.meeting.snapshots import DelegationView
from db.store import Store
from desktop.qt.desk.nameplate_grid import DEFAULT_REASON, NameplateGrid
from desktop.qt.desk.nameplate_models import ID_ROLE, PLACE_ROLE, SPOKEN_ROLE, TARGET_ROLE

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "nameplate-grid.png"


def by_plate(delegations: Sequence[DelegationView], nameplate: str) -> DelegationView:
    return next(d for d in delegations if d.nameplate == nameplate)


def build_grid(delegations: Sequence[DelegationView]) -> NameplateGrid:
    grid = NameplateGrid()
    grid.set_delegations(delegations)
    grid.resize(1280, 800)
    return grid


def demo_marks(grid: NameplateGrid, delegations: Sequence[DelegationView]) -> None:
    """Some waiting, some who spoke, one who spoke and asks again."""
    waiting = [delegations[i].id for i in (4, 11, 30, 60, 75)]
    spoken = {delegations[i].id for i in (2, 9, 20, 60)}
    grid.set_marks({d: place for place, d in enumerate(waiting, start=1)}, spoken)


def save_screenshot(delegations: Sequence[DelegationView], path: Path) -> Path:
    """Render the grid at 1280×800 with some marks, as a moderator would see it."""
    grid = build_grid(delegations)
    demo_marks(grid, delegations)
    grid.show()
    grid.focus_search()
    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    assert grid.grab().save(str(path))
    grid.close()
    grid.deleteLater()
    return path


@pytest.fixture
def delegations(store: Store) -> list[DelegationView]:
    return store.delegations.all()


@pytest.fixture
def grid(qtbot: QtBot, delegations: list[DelegationView]) -> NameplateGrid:
    grid = build_grid(delegations)
    qtbot.addWidget(grid)
    grid.show()
    qtbot.waitExposed(grid)
    return grid


def shown_ids(grid: NameplateGrid) -> list[int]:
    proxy = grid.proxy
    return [int(proxy.index(row, 0).data(ID_ROLE)) for row in range(proxy.rowCount())]


def index_of(grid: NameplateGrid, delegation_id: int) -> QModelIndex:
    proxy = grid.proxy
    for row in range(proxy.rowCount()):
        index = proxy.index(row, 0)
        if index.data(ID_ROLE) == delegation_id:
            return index
    raise AssertionError(f"delegation {delegation_id} is not shown")


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Types like a keyboard; QTest's keyClicks takes ASCII only."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def click_plate(qtbot: QtBot, grid: NameplateGrid, delegation_id: int) -> None:
    index = index_of(grid, delegation_id)
    grid.view.scrollTo(index)
    rect = grid.view.visualRect(index)
    assert grid.view.viewport().rect().contains(rect.center())
    qtbot.mouseClick(grid.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_all_plates_in_seating_order(grid: NameplateGrid, delegations: list[DelegationView]):
    assert len(delegations) > 80
    assert shown_ids(grid) == [d.id for d in delegations]
    first = grid.proxy.index(0, 0)
    assert first.data(Qt.ItemDataRole.DisplayRole) == delegations[0].nameplate
    # Plates flow left to right, then wrap to the next row.
    rects = [grid.view.visualRect(grid.proxy.index(row, 0)) for row in range(3)]
    assert rects[0].top() == rects[1].top() == rects[2].top()
    assert rects[0].left() < rects[1].left() < rects[2].left()
    last = grid.view.visualRect(grid.proxy.index(grid.proxy.rowCount() - 1, 0))
    assert last.top() > rects[0].bottom()
    assert rects[0].size() == last.size()


def test_clicking_a_plate_chooses_it(
    qtbot: QtBot, grid: NameplateGrid, delegations: list[DelegationView]
):
    for delegation in (delegations[0], delegations[7], delegations[-1]):
        with qtbot.waitSignal(grid.chosen, timeout=1000) as blocker:
            click_plate(qtbot, grid, delegation.id)
        assert blocker.args == [delegation.id]


def test_double_click_adds_once(
    qtbot: QtBot, grid: NameplateGrid, delegations: list[DelegationView]
):
    chosen: list[int] = []
    grid.chosen.connect(chosen.append)
    centre = grid.view.visualRect(index_of(grid, delegations[3].id)).center()
    # As a real double click arrives: a click, then the second press as a double click.
    qtbot.mouseClick(grid.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(grid.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseRelease(grid.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.wait(50)
    assert chosen == [delegations[3].id]


def test_right_click_adds_nothing(
    qtbot: QtBot, grid: NameplateGrid, delegations: list[DelegationView]
):
    centre = grid.view.visualRect(index_of(grid, delegations[3].id)).center()
    with qtbot.assertNotEmitted(grid.chosen):
        qtbot.mouseClick(grid.view.viewport(), Qt.MouseButton.RightButton, pos=centre)


@pytest.mark.parametrize("typed", ["österr", "Austria", "autriche", "OSTERREICH"])
def test_typing_filters_and_enter_adds(
    qtbot: QtBot, grid: NameplateGrid, delegations: list[DelegationView], typed: str
):
    austria = by_plate(delegations, "Austria")
    grid.focus_search()
    type_text(qtbot, grid.search, typed)
    assert shown_ids(grid) == [austria.id]
    assert index_of(grid, austria.id).data(TARGET_ROLE) is True
    with qtbot.waitSignal(grid.chosen, timeout=1000) as blocker:
        qtbot.keyClick(grid.search, Qt.Key.Key_Return)
    assert blocker.args == [austria.id]
    assert grid.search.text() == ""
    assert len(shown_ids(grid)) == len(delegations)


def test_enter_prefers_the_best_match(
    qtbot: QtBot, grid: NameplateGrid, delegations: list[DelegationView]
):
    # "Ireland" is also in the United Kingdom's full name: the exact match wins.
    ireland = by_plate(delegations, "Ireland")
    qtbot.keyClicks(grid.search, "ireland")
    assert ireland.id in shown_ids(grid)
    with qtbot.waitSignal(grid.chosen, timeout=1000) as blocker:
        qtbot.keyClick(grid.search, Qt.Key.Key_Return)
    assert blocker.args == [ireland.id]


def test_enter_with_no_match_adds_nothing(qtbot: QtBot, grid: NameplateGrid):
    qtbot.keyClicks(grid.search, "atlantis")
    assert shown_ids(grid) == []
    with qtbot.assertNotEmitted(grid.chosen):
        qtbot.keyClick(grid.search, Qt.Key.Key_Return)
    assert grid.search.text() == "atlantis"


def test_escape_clears_the_filter(
    qtbot: QtBot, grid: NameplateGrid, delegations: list[DelegationView]
):
    qtbot.keyClicks(grid.search, "united")
    assert 0 < len(shown_ids(grid)) < len(delegations)
    qtbot.keyClick(grid.search, Qt.Key.Key_Escape)
    assert grid.search.text() == ""
    assert len(shown_ids(grid)) == len(delegations)


def test_down_moves_into_the_grid_and_enter_adds(
    qtbot: QtBot, grid: NameplateGrid, delegations: list[DelegationView]
):
    grid.focus_search()
    qtbot.keyClicks(grid.search, "united")
    shown = shown_ids(grid)
    qtbot.keyClick(grid.search, Qt.Key.Key_Down)
    assert grid.view.hasFocus()
    qtbot.keyClick(grid.view, Qt.Key.Key_Right)
    current = int(grid.view.currentIndex().data(ID_ROLE))
    assert current in shown
    with qtbot.waitSignal(grid.chosen, timeout=1000) as blocker:
        qtbot.keyClick(grid.view, Qt.Key.Key_Space)
    assert blocker.args == [current]
    qtbot.keyClick(grid.view, Qt.Key.Key_Escape)
    assert grid.search.hasFocus()


def test_marks_show_places_and_who_spoke(grid: NameplateGrid, delegations: list[DelegationView]):
    first, second, third = delegations[5], delegations[1], delegations[40]
    grid.set_marks({first.id: 1, second.id: 2}, {third.id, second.id})
    assert index_of(grid, first.id).data(PLACE_ROLE) == 1
    assert index_of(grid, second.id).data(PLACE_ROLE) == 2
    assert index_of(grid, third.id).data(PLACE_ROLE) is None
    assert index_of(grid, third.id).data(SPOKEN_ROLE) is True
    assert index_of(grid, first.id).data(SPOKEN_ROLE) is False
    tip = index_of(grid, second.id).data(Qt.ItemDataRole.ToolTipRole)
    assert second.name in tip
    assert second.group.label in tip
    assert "waiting, #2" in tip
    assert "spoke in this slot" in tip
    grid.set_marks({}, ())
    assert index_of(grid, first.id).data(PLACE_ROLE) is None


def test_spoken_plates_can_be_chosen_again(
    qtbot: QtBot, grid: NameplateGrid, delegations: list[DelegationView]
):
    grid.set_marks({}, {delegations[2].id})
    with qtbot.waitSignal(grid.chosen, timeout=1000) as blocker:
        click_plate(qtbot, grid, delegations[2].id)
    assert blocker.args == [delegations[2].id]


def test_disabled_plates_add_nothing_and_say_why(
    qtbot: QtBot, grid: NameplateGrid, delegations: list[DelegationView]
):
    grid.set_enabled_for_requests(False, "The list of speakers is closed.")
    assert grid.header.text() == "The list of speakers is closed."
    with qtbot.assertNotEmitted(grid.chosen):
        click_plate(qtbot, grid, delegations[0].id)
        qtbot.keyClicks(grid.search, "Austria")
        qtbot.keyClick(grid.search, Qt.Key.Key_Return)
    grid.set_enabled_for_requests(False)
    assert grid.header.text() == DEFAULT_REASON
    grid.set_enabled_for_requests(True)
    assert grid.header.text() != DEFAULT_REASON
    with qtbot.waitSignal(grid.chosen, timeout=1000):
        qtbot.keyClick(grid.search, Qt.Key.Key_Return)


def test_accessible_names_and_hints(grid: NameplateGrid):
    assert grid.search.accessibleName()
    assert grid.view.accessibleName()
    assert grid.search.placeholderText() == "Type a delegation…"
    assert "Enter" in grid.search.toolTip()


def test_plates_flow_with_the_width(qtbot: QtBot, grid: NameplateGrid):
    def per_row() -> int:
        top = grid.view.visualRect(grid.proxy.index(0, 0)).top()
        return sum(
            grid.view.visualRect(grid.proxy.index(row, 0)).top() == top
            for row in range(grid.proxy.rowCount())
        )

    wide = per_row()
    grid.resize(700, 800)
    qtbot.waitUntil(lambda: per_row() < wide, timeout=2000)
    assert per_row() >= 2


def test_screenshot_renders(qtbot: QtBot, delegations: list[DelegationView], tmp_path: Path):
    path = save_screenshot(delegations, tmp_path / "grid.png")
    assert path.stat().st_size > 10_000


def test_the_plate_under_the_pointer(grid: NameplateGrid):
    # Tooltips and clicks find the plate under a point.
    rect = grid.view.visualRect(grid.proxy.index(2, 0))
    assert grid.view.indexAt(rect.center()).row() == 2
    assert grid.view.indexAt(rect.topLeft() + QPoint(-3, 0)).row() != 2


def main() -> int:
    from sqlalchemy.engine import URL

    from desktop.demo import ensure_delegations

    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(URL.create("sqlite", database=str(Path(folder) / "grid.sqlite")))
        try:
            ensure_delegations(store)
            print(save_screenshot(store.delegations.all(), SCREENSHOT))
        finally:
            store.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
