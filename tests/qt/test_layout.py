"""The first window on a laptop's and a desktop's screen: no agenda time cut in any role,
the shortcut sheet within the screen, every overrun in the statistics dock."""

from __future__ import annotations

from dataclasses import replace
from html import escape

import pytest
from PySide6.QtCharts import QBarCategoryAxis
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QStyle
from pytestqt.qtbot import QtBot

from db.meeting.vocabulary import DelegationGroup
from desktop.domain.record_stats import Overrun, Share
from desktop.qt.desk.agenda_pane import TIME_COLUMN, time_column_width
from desktop.qt.main_window import MainWindow
from desktop.qt.record.statistics_view import CHART_MIN_WIDTH
from desktop.qt.shortcut_sheet import ShortcutSheet, in_columns
from desktop.qt.window_keys import ROLES
from desktop.qt.window_size import first_window_size, room_on_screen

# Available geometry, a task bar of 40 pixels taken off.
SCREENS = {"1366x768": QRect(0, 0, 1366, 728), "1920x1080": QRect(0, 0, 1920, 1040)}


def settle(qtbot: QtBot, window: MainWindow, size: QSize) -> None:
    window.resize(size)
    qtbot.waitUntil(lambda: window.size() == size)
    QApplication.processEvents()


def test_the_first_window_fits_the_screen() -> None:
    assert first_window_size(SCREENS["1920x1080"]) == QSize(1440, 860)
    laptop = first_window_size(SCREENS["1366x768"])
    room = room_on_screen(SCREENS["1366x768"])
    assert laptop.width() <= room.width() and laptop.height() <= room.height()
    assert laptop.width() >= 1024 and laptop.height() >= 640  # the window's minimum


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_no_agenda_time_is_cut_in_any_role(qtbot: QtBot, window: MainWindow, screen: QRect) -> None:
    settle(qtbot, window, first_window_size(screen))
    view = window.agenda.view
    icon = view.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, view)
    for role in ROLES:
        window.apply_role(role)
        QApplication.processEvents()
        assert view.isVisible() and view.model().rowCount() > 5
        width = view.columnWidth(TIME_COLUMN)
        # The whole column inside the viewport, with room for a title beside it.
        assert view.columnViewportPosition(TIME_COLUMN) == 0
        assert width + 8 * view.fontMetrics().averageCharWidth() <= view.viewport().width()
        for row in range(view.model().rowCount()):
            index = view.model().index(row, TIME_COLUMN)
            text = index.data()
            font = index.data(Qt.ItemDataRole.FontRole) or view.font()
            assert isinstance(font, QFont)
            assert QFontMetrics(font).horizontalAdvance(text) + icon < width, (role, text)
    # The widest time there can be, in bold, fits as well.
    assert time_column_width(view) <= view.columnWidth(TIME_COLUMN)


def menu_keys(window: MainWindow) -> list[str]:
    return [
        action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        for top in window.menuBar().actions()
        if isinstance(menu := top.menu(), QMenu)
        for action in menu.actions()
        if not action.shortcut().isEmpty()
    ]


@pytest.mark.parametrize("screen", SCREENS.values(), ids=SCREENS.keys())
def test_the_shortcut_sheet_fits_the_screen_with_every_key(
    qtbot: QtBot, window: MainWindow, screen: QRect
) -> None:
    sheet = ShortcutSheet(window.menuBar(), window, available=screen)
    qtbot.addWidget(sheet)
    sheet.show()
    qtbot.waitExposed(sheet)
    QApplication.processEvents()  # the scroll area settles its bars
    room = room_on_screen(screen)
    assert sheet.width() <= room.width() and sheet.height() <= room.height()
    assert len(sheet.column_labels) > 1  # columns, not one strip taller than the screen
    shown = "".join(label.text() for label in sheet.column_labels)
    for keys in menu_keys(window):
        assert f"<b>{escape(keys)}</b>" in shown
    # Every line in view, or within reach of the scroll bar; nothing off to the side.
    viewport, scroll = sheet.area.viewport(), sheet.area.verticalScrollBar()
    for label in sheet.column_labels:
        bottom = label.mapTo(sheet.content, label.rect().topLeft()).y() + label.sizeHint().height()
        assert bottom <= viewport.height() + scroll.maximum()
        right = label.mapTo(sheet.content, label.rect().topLeft()).x() + label.sizeHint().width()
        assert right <= viewport.width()
    if screen.height() >= 1000:
        assert scroll.maximum() == 0


def test_the_sections_are_split_into_columns_of_about_the_same_height() -> None:
    assert in_columns([100, 40, 400, 120, 60, 100, 60, 40], 2) == [[0, 1, 2], [3, 4, 5, 6, 7]]
    assert in_columns([100, 40], 3) == [[0], [1]]
    assert in_columns([50, 60], 1) == [[0, 1]]
    assert in_columns([], 2) == []


def test_the_statistics_dock_lists_every_overrun_and_keeps_the_full_labels(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.apply_role("rapporteur")
    view = window.statistics
    qtbot.waitUntil(lambda: view.stats is not None)
    assert view.stats is not None
    overruns = tuple(
        Overrun(f"Panel {n % 3 + 1} – Follow the money: assets", n, f"Delegation {n}", "", 9 + n)
        for n in range(1, 31)
    )
    groups = (
        Share(DelegationGroup.PARTICIPATING_STATE.label, 12, 2400.0, 0.6),
        Share(DelegationGroup.INTERNATIONAL_ORGANIZATION.label, 4, 1600.0, 0.4),
    )
    view.show_statistics(replace(view.stats, overruns=overruns, per_group=groups))
    qtbot.waitUntil(lambda: view.overrun_area.verticalScrollBar().maximum() > 0)
    text = view.overruns.text()
    assert all(f"Delegation {n} —" in text for n in range(1, 31))
    assert "Panel&nbsp;2,&nbsp;no." in text and "money" not in text  # the short name
    assert "(30)" in view.overruns_heading.text()
    # Scrolls to the last one; nothing runs off to the side.
    area = view.overrun_area
    area.verticalScrollBar().setValue(area.verticalScrollBar().maximum())
    assert view.overruns.height() - area.verticalScrollBar().value() <= area.viewport().height()
    assert view.overruns.width() <= area.viewport().width()
    # The charts are at least as wide as one chart needs, the full labels in a tooltip.
    assert view.chart_area.viewport().width() >= CHART_MIN_WIDTH
    assert "Participating State: 40 minutes" in view.views["groups"].toolTip()
    axes = view.views["groups"].chart().axes(Qt.Orientation.Vertical)
    assert isinstance(axes[0], QBarCategoryAxis) and axes[0].categories() == ["IO", "pS"]
