"""Texts that fit their box on the speaker display, and the display's zones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPalette,
)
from PySide6.QtWidgets import QLabel, QWidget

TEXT_FACES = ["DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial"]
DIGIT_FACES = ["DejaVu Sans Condensed", "Bahnschrift", "Arial Narrow", "DejaVu Sans", "Arial"]


def display_font(
    faces: Sequence[str], px: int, *, bold: bool = False, spaced: bool = False
) -> QFont:
    font = QFont()
    font.setFamilies(list(faces))
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPixelSize(max(1, px))
    font.setBold(bold)
    font.setFeature(QFont.Tag("tnum"), 1)
    if spaced:  # small capitals-like captions read better a little apart
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
    return font


class FittedText(QLabel):
    """A text in its box on the display: the font shrinks until it fits, elides at worst.

    Sizes are recomputed only when the box or the text changes (or, with
    ``measure_as``, the shape it is sized for), never at every tick.
    """

    def __init__(
        self,
        parent: QWidget,
        faces: Sequence[str],
        *,
        bold: bool = False,
        spaced: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        wrap: bool = False,
        smallest: float = 0.5,
        centre_digits: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        self.setWordWrap(wrap)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._faces = faces
        self._bold = bold
        self._spaced = spaced
        self._smallest = smallest
        self._centre_digits = centre_digits
        self._box = QRect()
        self._px = 0
        self._full = ""
        self._sample = ""
        self._fitted: tuple[str, int, int, int] | None = None
        self._colour = ""

    def place(self, box: QRect, px: int) -> None:
        self._box = QRect(box)
        self._px = px
        self.setGeometry(box)
        self._fit()

    def show_text(self, text: str, measure_as: str | None = None) -> None:
        sample = measure_as or text
        if text != self._full or sample != self._sample:
            self._full, self._sample = text, sample
            self._fit()

    def full_text(self) -> str:
        return self._full

    def set_colour(self, colour: str) -> None:
        if colour != self._colour:
            self._colour = colour
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
            self.setPalette(palette)

    def fits(self, font: QFont, text: str, box: QRect) -> bool:
        metrics = QFontMetrics(font)
        if self.wordWrap():
            flags = int(self.alignment().value) | int(Qt.TextFlag.TextWordWrap.value)
            needed = metrics.boundingRect(QRect(0, 0, box.width(), 100_000), flags, text)
            return needed.width() <= box.width() and needed.height() <= box.height()
        return metrics.horizontalAdvance(text) <= box.width() and metrics.height() <= box.height()

    def _fit(self) -> None:
        if self._px <= 0:
            return
        key = (self._sample, self._px, self._box.width(), self._box.height())
        if key != self._fitted:
            self._fitted = key
            self.setFont(self._largest_font())
        if self._centre_digits:
            self._centre_on_digits()
        shown = self._full
        if not self.wordWrap():
            metrics = QFontMetrics(self.font())
            shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        if self.text() != shown:
            self.setText(shown)

    def _font(self, px: int) -> QFont:
        return display_font(self._faces, px, bold=self._bold, spaced=self._spaced)

    def _largest_font(self) -> QFont:
        low, high = max(1, int(self._px * self._smallest)), self._px
        if self.fits(self._font(high), self._sample, self._box):
            return self._font(high)
        while high - low > 1:
            middle = (low + high) // 2
            if self.fits(self._font(middle), self._sample, self._box):
                low = middle
            else:
                high = middle
        return self._font(low)

    def _centre_on_digits(self) -> None:
        """Put the middle of the digits (not of the line with its descent) mid-box."""
        metrics = QFontMetricsF(self.font())
        top = self._box.center().y() - metrics.ascent() + metrics.capHeight() / 2
        self.setGeometry(self._box.x(), round(top), self._box.width(), round(metrics.height()))


@dataclass(frozen=True)
class Zones:
    """The bands of the picture, in proportion to the window's height."""

    top: QRect
    speaker: QRect
    band: QRect
    progress: QRect
    next: QRect
    margin: int
    unit: float  # a hundredth of the height: every size is a multiple of it


def zones(size: QSize) -> Zones:
    width, height = size.width(), size.height()
    unit = height / 100
    top_h, speaker_h, next_h = round(8.5 * unit), round(23 * unit), round(10 * unit)
    band_y = top_h + speaker_h
    band = QRect(0, band_y, width, height - next_h - band_y)
    bar = max(4, round(1.1 * unit))
    return Zones(
        top=QRect(0, 0, width, top_h),
        speaker=QRect(0, top_h, width, speaker_h),
        band=band,
        progress=QRect(0, band.bottom() + 1 - bar, width, bar),
        next=QRect(0, height - next_h, width, next_h),
        margin=round(max(width * 0.035, 2 * unit)),
        unit=unit,
    )
