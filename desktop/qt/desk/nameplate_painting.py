"""How a nameplate looks: its group's colour, its name fitted to the plate, its place on
the list as a badge, a tick once it spoke; and the legend of those colours."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from db.meeting.vocabulary import DelegationGroup
from desktop.qt.desk.nameplate_models import PlateRole

Index = QModelIndex | QPersistentModelIndex


# Calm colours, told apart at a glance; also used in the legend line.
GROUP_COLOURS: dict[DelegationGroup, str] = {
    DelegationGroup.PARTICIPATING_STATE: "#2563eb",
    DelegationGroup.PARTNER: "#0d9488",
    DelegationGroup.INTERNATIONAL_ORGANIZATION: "#d97706",
    DelegationGroup.CIVIL_SOCIETY: "#9333ea",
    DelegationGroup.OTHER: "#6b7280",
}

PLATE_SIZE = QSize(196, 64)
PLATE_GAP = 6
PLATE_POINT_SIZE = 14.0
SMALLEST_POINT_SIZE = 10.0
BADGE_COLOUR = "#1e3a8a"
SPOKEN_COLOUR = "#15803d"
TEXT_COLOUR = "#111827"
MUTED_TEXT_COLOUR = "#6b7280"
REASON_COLOUR = "#b45309"


class PlateDelegate(QStyledItemDelegate):
    """Paints a plate: the nameplate large and bold, a band of its group's colour,
    its place on the list in a corner badge, a check mark once it has spoken."""

    def __init__(self, accepting: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._accepting = accepting
        self._fitted: dict[tuple[str, int, int, str], QFont] = {}
        self.plate_size = QSize(PLATE_SIZE)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(self.plate_size)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        rect = QRect(option.rect).adjusted(2, 2, -2, -2)
        state: QStyle.StateFlag = option.state
        base_font: QFont = option.font
        palette: QPalette = option.palette
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        place = index.data(PlateRole.PLACE)
        spoken = bool(index.data(PlateRole.SPOKEN))
        group = index.data(PlateRole.GROUP)
        colour = QColor(GROUP_COLOURS.get(group, GROUP_COLOURS[DelegationGroup.OTHER]))
        accepting = self._accepting()
        hovered = bool(state & QStyle.StateFlag.State_MouseOver) and accepting
        focused = bool(state & QStyle.StateFlag.State_HasFocus) or bool(
            index.data(PlateRole.TARGET)
        )

        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not accepting:
            painter.setOpacity(0.5)
        background = QColor("#f3f4f6" if spoken else "#ffffff")
        if hovered:
            background = QColor("#eef2ff")
        border = QColor(palette.color(QPalette.ColorRole.Highlight) if focused else colour)
        if not focused:
            border.setAlpha(110)
        painter.setPen(QPen(border, 2.5 if focused else 1.2))
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(rect).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)

        band = QRectF(rect.left() + 1.5, rect.top() + 1.5, 7, rect.height() - 3)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour if not spoken else colour.lighter(150))
        painter.drawRoundedRect(band, 3, 3)

        corner = 30  # room kept on the right for the badge and the check mark
        text_rect = rect.adjusted(16, 4, -corner, -4)
        font = self._fit(text, text_rect, base_font)
        painter.setFont(font)
        painter.setPen(QColor(MUTED_TEXT_COLOUR if spoken else TEXT_COLOUR))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(text_rect, int(flags | Qt.TextFlag.TextWordWrap), text)

        if place is not None:
            self._badge(painter, rect, f"#{place}", base_font)
        if spoken:
            mark_font = QFont(base_font)
            mark_font.setPointSizeF(13)
            mark_font.setBold(True)
            painter.setFont(mark_font)
            painter.setPen(QColor(SPOKEN_COLOUR))
            mark_rect = QRect(rect.right() - corner, rect.bottom() - 28, corner - 6, 26)
            right_bottom = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom
            painter.drawText(mark_rect, int(right_bottom), "✓")
        painter.restore()

    def _badge(self, painter: QPainter, rect: QRect, label: str, base_font: QFont) -> None:
        font = QFont(base_font)
        font.setPointSizeF(9.5)
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = max(metrics.horizontalAdvance(label) + 10, metrics.height() + 2)
        badge = QRectF(rect.right() - width - 4, rect.top() + 4, width, metrics.height() + 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(BADGE_COLOUR))
        painter.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), label)

    def _fit(self, text: str, box: QRect, base_font: QFont) -> QFont:
        """The largest bold font, down to the smallest allowed, the text fits in ``box``."""
        key = (text, box.width(), box.height(), base_font.key())
        font = self._fitted.get(key)
        if font is not None:
            return font
        size = PLATE_POINT_SIZE
        while True:
            font = QFont(base_font)
            font.setPointSizeF(size)
            font.setBold(True)
            metrics = QFontMetrics(font)
            words_fit = all(metrics.horizontalAdvance(w) <= box.width() for w in text.split())
            bounds = metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), text)
            if (words_fit and bounds.height() <= box.height()) or size <= SMALLEST_POINT_SIZE:
                break
            size -= 0.5
        self._fitted[key] = font
        return font


def legend_html() -> str:
    items = [
        f'<span style="color:{GROUP_COLOURS[group]}; font-size:13pt">■</span>&nbsp;{group.label}'
        for group in DelegationGroup
    ]
    items.append(
        f'<span style="background:{BADGE_COLOUR}; color:#ffffff">&nbsp;#3&nbsp;</span>&nbsp;waiting'
    )
    items.append(f'<span style="color:{SPOKEN_COLOUR}; font-weight:bold">✓</span>&nbsp;spoke')
    return '<span style="color:#4b5563">' + " &nbsp; ".join(items) + "</span>"
