"""The statistics charts drawn with QPainter into PNG images, for the DOCX and the PDF.

QPainter on a QImage works in any thread (QtCharts needs widgets and the GUI
thread), so an export in a worker draws its own charts. The statistics view
draws the same ChartSpec with QtCharts, in the same colours.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from desktop.domain.record_stats import ChartSpec

COLOURS = ("#1d4ed8", "#f59e0b", "#059669", "#dc2626", "#7c3aed", "#6b7280")
INK = QColor("#111827")
FAINT = QColor("#d1d5db")


def chart_png(spec: ChartSpec, width: int = 1600, height: int = 0) -> bytes:
    """The chart as PNG bytes, ``width`` pixels wide (the height follows the content)."""
    rows = len(spec.categories) * (len(spec.series) if spec.kind == "bars" else 1)
    height = height or (640 if spec.kind == "pie" else max(520, 200 + rows * 64))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(7874)  # 200 dpi: sharp in print, 8 inches wide
    image.setDotsPerMeterY(7874)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    title = QFont("Sans Serif")
    title.setPixelSize(44)
    title.setBold(True)
    painter.setFont(title)
    painter.setPen(INK)
    painter.drawText(QRectF(0, 16, width, 64), Qt.AlignmentFlag.AlignCenter, spec.title)
    body = QFont("Sans Serif")
    body.setPixelSize(30)
    painter.setFont(body)
    area = QRectF(40, 100, width - 80, height - 130)
    if spec.kind == "pie":
        _pie(painter, spec, area)
    else:
        _bars(painter, spec, area)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # Quality 80: less squeezing, several times faster. The stubs want bytes, Qt a str.
    image.save(buffer, "PNG", 80)  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def _bars(painter: QPainter, spec: ChartSpec, area: QRectF) -> None:
    metrics = QFontMetricsF(painter.font())
    label_w = min(area.width() * 0.38, max(metrics.horizontalAdvance(c) for c in spec.categories))
    legend_h = 50.0 if len(spec.series) > 1 else 0.0
    if legend_h:
        _legend(
            painter,
            [s.name for s in spec.series],
            QRectF(area.left(), area.top(), area.width(), 40),
        )
    top = area.top() + legend_h
    axis_h = 50.0
    plot = QRectF(
        area.left() + label_w + 20,
        top,
        area.width() - label_w - 190,
        area.height() - legend_h - axis_h,
    )
    biggest, step = nice_scale(max((v for s in spec.series for v in s.values), default=0.0))
    ticks = round(biggest / step)
    groups = len(spec.categories)
    band = plot.height() / max(groups, 1)
    bar = min(56.0, band * 0.8 / len(spec.series))
    painter.setPen(QPen(FAINT, 2))
    for tick in range(ticks + 1):
        x = plot.left() + plot.width() * tick / ticks
        painter.drawLine(int(x), int(plot.top()), int(x), int(plot.bottom()))
    painter.setPen(INK)
    for tick in range(ticks + 1):
        x = plot.left() + plot.width() * tick / ticks
        painter.drawText(
            QRectF(x - 80, plot.bottom() + 6, 160, 40),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            f"{step * tick:g}",
        )
    painter.drawText(
        QRectF(plot.right() + 50, plot.bottom() + 6, 140, 40),
        Qt.AlignmentFlag.AlignLeft,
        spec.unit,
    )
    for index, category in enumerate(spec.categories):
        centre = plot.top() + band * (index + 0.5)
        label = metrics.elidedText(category, Qt.TextElideMode.ElideRight, label_w)
        painter.setPen(INK)
        painter.drawText(
            QRectF(area.left(), centre - 25, label_w, 50),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        first = centre - bar * len(spec.series) / 2
        for number, series in enumerate(spec.series):
            value = series.values[index]
            y = first + number * bar
            length = plot.width() * value / biggest
            painter.fillRect(
                QRectF(plot.left(), y + 3, length, bar - 6), QColor(COLOURS[number % len(COLOURS)])
            )
            painter.drawText(
                QRectF(plot.left() + length + 8, y, 130, bar),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{value:g}",
            )


def _pie(painter: QPainter, spec: ChartSpec, area: QRectF) -> None:
    values = spec.series[0].values if spec.series else ()
    total = sum(values) or 1.0
    side = min(area.height(), area.width() * 0.5) - 20
    circle = QRectF(area.left() + 40, area.top() + (area.height() - side) / 2, side, side)
    angle = 90 * 16
    painter.setPen(QPen(QColor("white"), 4))
    for index, value in enumerate(values):
        span = round(-value / total * 360 * 16)
        painter.setBrush(QColor(COLOURS[index % len(COLOURS)]))
        painter.drawPie(circle, angle, span)
        angle += span
    painter.setBrush(Qt.BrushStyle.NoBrush)
    labels = [
        f"{name}: {value / total:.0%} ({value:g} {spec.unit})"
        for name, value in zip(spec.categories, values, strict=True)
    ]
    left = circle.right() + 60
    _legend(
        painter,
        labels,
        QRectF(left, circle.top(), area.right() - left, circle.height()),
        vertical=True,
    )


def _legend(painter: QPainter, labels: list[str], box: QRectF, *, vertical: bool = False) -> None:
    metrics = QFontMetricsF(painter.font())
    x, y = box.left(), box.top() + (box.height() - len(labels) * 56) / 2 if vertical else box.top()
    painter.setPen(INK)
    for index, label in enumerate(labels):
        painter.fillRect(QRectF(x, y + 6, 28, 28), QColor(COLOURS[index % len(COLOURS)]))
        painter.drawText(
            QRectF(x + 40, y, box.width() - 40, 40), Qt.AlignmentFlag.AlignVCenter, label
        )
        if vertical:
            y += 56
        else:
            x += 40 + metrics.horizontalAdvance(label) + 40


def nice_scale(biggest: float) -> tuple[float, float]:
    """An axis end and a round step (1, 2, 2.5 or 5 × 10ⁿ) with four to eight ticks."""
    if biggest <= 0:
        return 1.0, 0.25
    magnitude = 10 ** math.floor(math.log10(biggest))
    for factor in (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0):
        step = factor * magnitude
        if biggest / step <= 8:
            return math.ceil(biggest / step - 1e-9) * step, step
    return biggest, biggest / 4
