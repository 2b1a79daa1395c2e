"""The video statement's picture on an output: the hall's screen, the Zoom picture, a miniature.

A child of the speaker display that covers it while a video statement has the floor:
the picture fills the screen (letterboxed on black), with a caption strip at the foot
saying whose statement it is and how long it has left, so the hall and the lectern
still read the countdown. It paints the player's last picture; it takes no keys and
no clicks, like the display under it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from desktop.domain.speaking_time import countdown, format_clock

if TYPE_CHECKING:
    from desktop.qt.technician.video_statement import VideoStatements

CAPTION_SHARE = 0.1  # of the height: read from the back of the hall, small beside the picture


class VideoSurface(QWidget):
    def __init__(
        self,
        statements: VideoStatements,
        parent: QWidget,
        *,
        blank: Callable[[], bool] = lambda: False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("videoSurface")
        self.statements = statements
        self._blank = blank
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        statements.picture_changed.connect(self.follow)
        statements.state_changed.connect(self.follow)
        self.hide()

    def follow(self) -> None:
        """Shown while a video statement has the floor and a picture has come (not blanked)."""
        wanted = self.statements.loaded and not self._blank()
        if wanted != self.isVisible():
            self.setVisible(wanted)
            if wanted:
                self.raise_()
        if wanted:
            self.update()

    def caption(self) -> tuple[str, str]:
        """('VIDEO STATEMENT · Austria', '2:41'): whose statement, and what is left."""
        desk = self.statements.desk
        current = desk.current
        if current is None:
            return "", ""
        who = current.delegation or current.speaker or ""
        state = countdown(current, desk.clock.now())
        left = format_clock(max(state.remaining, timedelta(0)))
        if self.statements.failed:
            left = "stopped"
        elif current.is_paused:
            left = f"{left} paused"
        return f"VIDEO STATEMENT · {who}", left

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#000000"))
        image = self.statements.image
        strip_h = max(12, round(self.height() * CAPTION_SHARE))
        area = self.rect().adjusted(0, 0, 0, -strip_h)
        if image is not None and not image.isNull():
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, size.width(), size.height())
            target.moveCenter(area.center())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(QRectF(target), image)
        strip = QRect(0, self.height() - strip_h, self.width(), strip_h)
        painter.fillRect(strip, QColor("#111827"))
        title, left = self.caption()
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(max(8, round(strip_h * 0.45)))
        painter.setFont(font)
        painter.setPen(QColor("#f9fafb"))
        margin = round(strip_h * 0.4)
        inner = strip.adjusted(margin, 0, -margin, 0)
        align = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(inner, align | Qt.AlignmentFlag.AlignRight, left)
        painter.drawText(inner, align | Qt.AlignmentFlag.AlignLeft, title)
