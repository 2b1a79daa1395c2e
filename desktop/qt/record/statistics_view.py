"""The statistics of the record in the window, drawn with QtCharts.

The same charts as the reports (``record_stats.charts``), in the same colours.
The record is read in a worker after each change notice (gathered for half a
second, and only while the view is shown), never on the GUI thread.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QObject, Qt, QThreadPool, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.exc import OperationalError

from db.meeting.vocabulary import DelegationGroup
from db.record.report import read_record
from desktop.domain.record_stats import (
    ChartSpec,
    Overrun,
    RecordStatistics,
    charts,
    statistics,
)
from desktop.qt.background import BackgroundJob
from desktop.record_export.chart_images import COLOURS, nice_scale
from desktop.record_export.journal_text import format_clock_s, format_minutes

if TYPE_CHECKING:
    from db.meeting.snapshots import Change
    from desktop.qt.desk.desk import Desk

REFRESH_AFTER_MS = 500
CHART_KEYS = ("groups", "channels", "slots")
CHART_MIN_WIDTH = 240
CHART_MIN_HEIGHT = 220
TITLE_LINE_CHARACTERS = 30
WIDE_CHART_WIDTH = 330  # below twice this, the charts go one under the other


def scrolling(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area


def short_slot(title: str) -> str:
    """'Panel 1' for 'Panel 1 – Follow the money: …', 'Side event' for 'Side event:
    Compensation…': what a narrow line has room for."""
    cuts = [at for at in (title.find(" – "), title.find(": ")) if at > 0]
    return title[: min(cuts)] if cuts else title


def overrun_lines(overruns: Sequence[Overrun]) -> str:
    """Every overrun: by how much, then who and where (the slot's short name) on lines
    that wrap to the dock's width."""
    if not overruns:
        return "None so far."
    rows = [
        "<tr>"
        f"<td align='right'><b>+{format_clock_s(o.seconds)}</b></td>"
        f"<td>{escape(o.delegation or o.speaker)} — "
        f"{_unbroken(f'{short_slot(o.slot)}, no. {o.number}')}</td>"
        "</tr>"
        for o in overruns
    ]
    return "<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"


def narrow_labels(spec: ChartSpec | None) -> ChartSpec | None:
    """The labels a dock has room for: groups as the list of speakers writes them (pS,
    IO…), slots by their short name, channels without their brackets; the full ones are
    in the chart's tooltip."""
    if spec is None:
        return None
    if spec.key == "groups":
        short = {group.label: group.short_label for group in DelegationGroup}
        return replace(spec, categories=tuple(short.get(c, c) for c in spec.categories))
    if spec.key == "slots":
        return replace(spec, categories=tuple(short_slot(c) for c in spec.categories))
    # "Remote (Zoom)" → "Remote": the pie's legend holds every channel on one line.
    return replace(spec, categories=tuple(re.sub(r" \(.*\)$", "", c) for c in spec.categories))


def _unbroken(text: str) -> str:
    return escape(text).replace(" ", "&nbsp;")


def chart_tooltip(spec: ChartSpec | None) -> str:
    """The chart's numbers with the full labels that a narrow chart had to shorten."""
    if spec is None:
        return ""
    lines = [spec.title]
    for number, category in enumerate(spec.categories):
        if len(spec.series) == 1:
            values = f"{spec.series[0].values[number]:g} {spec.unit}"
        else:
            named = (f"{s.name.lower()} {s.values[number]:g}" for s in spec.series)
            values = f"{', '.join(named)} ({spec.unit})"
        lines.append(f"{category}: {values}")
    return "\n".join(lines)


class StatisticsView(QWidget):
    """Totals, the charts (side by side when the dock is wide, one under the other when
    narrow, scrolling) and every overrun (scrolling), readable at the dock's width."""

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.scope = QComboBox()
        self.scope.addItem("Whole conference", "conference")
        self.scope.addItem("This slot", "slot")
        self.scope.currentIndexChanged.connect(self.refresh_soon)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.views: dict[str, QChartView] = {}
        self.charts = QWidget()
        self._grid = QGridLayout(self.charts)
        self._grid.setContentsMargins(0, 0, 0, 0)
        for key in CHART_KEYS:
            view = QChartView(QChart())
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(CHART_MIN_WIDTH, CHART_MIN_HEIGHT)
            view.chart().setMargins(QMargins(4, 4, 4, 4))
            self.views[key] = view
        self._columns = 0
        self.chart_area = scrolling(self.charts)
        self.chart_area.viewport().installEventFilter(self)
        # One chart's width at least: a dock squeezed further would cut every label.
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.chart_area.setMinimumWidth(CHART_MIN_WIDTH + scroll_bar)
        self._lay_out_charts(1)
        self.overruns_heading = QLabel("<b>Overruns</b>")
        self.overruns = QLabel()
        self.overruns.setWordWrap(True)
        self.overruns.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.overruns.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.overruns.setTextFormat(Qt.TextFormat.RichText)
        self.overrun_area = scrolling(self.overruns)
        overrun_box = QWidget()
        overrun_layout = QVBoxLayout(overrun_box)
        overrun_layout.setContentsMargins(0, 4, 0, 0)
        overrun_layout.addWidget(self.overruns_heading)
        overrun_layout.addWidget(self.overrun_area, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.chart_area)
        self.splitter.addWidget(overrun_box)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([3000, 2000])  # weights: 3/5 charts, 2/5 overruns
        top = QHBoxLayout()
        title = QLabel("<b>Statistics of the record</b>")
        title.setWordWrap(True)
        top.addWidget(title, 1)
        top.addWidget(self.scope)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.totals)
        layout.addWidget(self.splitter, 1)

        self.stats: RecordStatistics | None = None
        self._stale = True
        self._job: BackgroundJob | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_AFTER_MS)
        self._timer.timeout.connect(self.refresh)
        desk.changes_later.connect(self._on_changes)
        desk.slot_changed.connect(self.refresh_soon)
        desk.agenda_changed.connect(self.refresh_soon)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.chart_area.viewport() and event.type() == QEvent.Type.Resize:
            width = self.chart_area.viewport().width()
            self._lay_out_charts(2 if width >= 2 * WIDE_CHART_WIDTH else 1)
        return super().eventFilter(watched, event)

    def _lay_out_charts(self, columns: int) -> None:
        """Two charts a row when there is room for both to be read, else one."""
        if columns == self._columns:
            return
        self._columns = columns
        for view in self.views.values():
            self._grid.removeWidget(view)
        for number, view in enumerate(self.views.values()):
            self._grid.addWidget(view, number // columns, number % columns)
        self._place_pie_legend()

    def _place_pie_legend(self) -> None:
        """Beside the pie when the charts are side by side, under it when narrow."""
        wide = self._columns > 1
        self.views["channels"].chart().legend().setAlignment(
            Qt.AlignmentFlag.AlignRight if wide else Qt.AlignmentFlag.AlignBottom
        )

    def _on_changes(self, changes: list[Change]) -> None:
        if any(c.entity in {"intervention", "agenda_slot", "conference"} for c in changes):
            self.refresh_soon()

    def refresh_soon(self) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:  # at once, without changing the timer's delay for later changes
            QTimer.singleShot(0, self.refresh)

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden (another tab, the window closed): nothing is read until shown again."""
        super().hideEvent(event)
        if self._timer.isActive():
            self._timer.stop()
            self._stale = True
        if self._job is not None:
            self._job.cancel()

    def refresh(self) -> None:
        """Read the record in a worker; the charts change when it answers."""
        conference, slot = self.desk.conference, self.desk.slot
        if conference is None or not self.isVisible():
            return
        self._stale = False
        store = self.desk.store
        by_slot = self.scope.currentData() == "slot" and slot is not None
        slot_id = slot.id if by_slot and slot is not None else None
        conference_id = None if slot_id is not None else conference.id
        now = self.desk.clock.now()

        def work(_progress: object) -> RecordStatistics:
            report = read_record(store, conference_id=conference_id, slot_id=slot_id, public=True)
            return statistics(report, now)

        if self._job is not None:
            self._job.cancel()
        # The database away (a server lost, a share gone) is no bug: the charts keep what
        # they showed, and are read again at the next change.
        job = BackgroundJob(work, refusals=(OperationalError,))
        job.signals.finished.connect(self._on_finished)
        self._job = job
        self._pool.start(job)

    def _on_finished(self, number: int, result: object) -> None:
        if self._job is None or number != self._job.number:
            return
        assert isinstance(result, RecordStatistics)
        self.show_statistics(result)

    def show_statistics(self, stats: RecordStatistics) -> None:
        self.stats = stats
        self.totals.setText(
            f"{stats.interventions} interventions, {format_minutes(stats.speaking_s)} "
            f"of speaking time, {len(stats.overruns)} over their time."
        )
        specs = {spec.key: spec for spec in charts(stats)}
        for key, view in self.views.items():
            spec = specs.get(key)
            draw(view.chart(), narrow_labels(spec))
            view.setToolTip(chart_tooltip(spec))
            if spec is not None and spec.kind == "bars":
                bars = len(spec.categories) * len(spec.series)
                view.setMinimumHeight(max(CHART_MIN_HEIGHT, 110 + 22 * bars))
        self._place_pie_legend()
        self.overruns_heading.setText(f"<b>Overruns</b> ({len(stats.overruns)})")
        self.overruns.setText(overrun_lines(stats.overruns))


def draw(chart: QChart, spec: ChartSpec | None) -> None:
    """Put ``spec`` on ``chart`` (an empty chart when there is nothing to show)."""
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    # On lines that a chart of the narrowest dock holds (QtCharts elides, never wraps).
    lines = textwrap.wrap(spec.title, TITLE_LINE_CHARACTERS) if spec else []
    chart.setTitle("<br>".join(escape(line) for line in lines))
    chart.legend().setVisible(spec is not None and (spec.kind == "pie" or len(spec.series) > 1))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    if spec is None:
        return
    if spec.kind == "pie":
        pie = QPieSeries()
        total = sum(spec.series[0].values) or 1.0
        for number, (label, value) in enumerate(
            zip(spec.categories, spec.series[0].values, strict=True)
        ):
            piece = pie.append(f"{label} {value / total:.0%}", value)
            piece.setColor(QColor(COLOURS[number % len(COLOURS)]))
        chart.addSeries(pie)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        return
    bars = QHorizontalBarSeries()
    # Horizontal bars are drawn from the bottom up: reverse, to read like the report.
    for number, series in reversed(list(enumerate(spec.series))):
        bar_set = QBarSet(series.name)
        bar_set.append(list(reversed(series.values)))
        bar_set.setColor(QColor(COLOURS[number % len(COLOURS)]))
        bar_set.setLabelColor(QColor("#111827"))
        bars.append(bar_set)
    bars.setLabelsVisible(True)
    bars.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(bars)
    categories = QBarCategoryAxis()
    categories.append(list(reversed(spec.categories)))
    smaller = categories.labelsFont()
    smaller.setPointSizeF(max(smaller.pointSizeF() - 1, 7.0))
    categories.setLabelsFont(smaller)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(categories)
    values = QValueAxis()
    top, step = nice_scale(max((v for s in spec.series for v in s.values), default=0.0))
    values.setRange(0, top)
    values.setTickCount(round(top / step) + 1)
    values.setLabelFormat("%g")
    values.setTitleText(spec.unit)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(values)
