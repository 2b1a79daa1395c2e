"""The statistics of the record in the window, drawn with QtCharts.

The same charts as the reports (``record_stats.charts``), in the same colours.
The record is read in a worker after each change notice (gathered for half a
second, and only while the view is shown), never on the GUI thread.
"""

from __future__ import annotations

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
from PySide6.QtCore import QMargins, Qt, QThreadPool, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QShowEvent
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from db.record_report import read_record
from db.views import Change
from desktop.domain.record_stats import ChartSpec, RecordStatistics, charts, statistics
from desktop.qt.background import BackgroundJob
from desktop.qt.desk import Desk
from desktop.record_export.chart_images import COLOURS, nice_scale
from desktop.record_export.journal_text import format_clock_s, format_minutes

REFRESH_AFTER_MS = 500
CHART_KEYS = ("groups", "channels", "slots")


class StatisticsView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.scope = QComboBox()
        self.scope.addItem("Whole conference", "conference")
        self.scope.addItem("This slot", "slot")
        self.scope.currentIndexChanged.connect(self.refresh_soon)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.overruns = QLabel()
        self.overruns.setWordWrap(True)
        self.overruns.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.overruns.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.views: dict[str, QChartView] = {}
        grid = QGridLayout()
        for number, key in enumerate(CHART_KEYS):
            view = QChartView(QChart())
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(190, 180)  # two side by side in a narrow dock
            view.chart().setMargins(QMargins(4, 4, 4, 4))
            self.views[key] = view
            grid.addWidget(view, number // 2, number % 2)
        grid.addWidget(self.overruns, 1, 1)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Statistics of the record</b>"))
        top.addStretch(1)
        top.addWidget(self.scope)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.totals)
        layout.addLayout(grid, 1)

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
        job = BackgroundJob(work)
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
            draw(view.chart(), specs.get(key))
        lines = [
            f"{o.delegation or o.speaker} ({o.slot}, no. {o.number}): +{format_clock_s(o.seconds)}"
            for o in stats.overruns[-8:]
        ]
        self.overruns.setText(
            "<b>Overruns</b><br>" + ("<br>".join(lines) if lines else "None so far.")
        )


def draw(chart: QChart, spec: ChartSpec | None) -> None:
    """Put ``spec`` on ``chart`` (an empty chart when there is nothing to show)."""
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    chart.setTitle(spec.title if spec else "")
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
