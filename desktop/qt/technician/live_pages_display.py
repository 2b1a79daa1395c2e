"""The live list's QR code on the hall's speaker display, between speakers.

An overlay laid on the display (its own label, placed in the band's right part, where the
centred digits leave room), shown only when the technician asks for it, the live pages
are served, nobody has the floor and the display is not blanked: delegations in the hall
point their phones at it while the floor passes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from desktop import settings as options
from desktop.qt.display.fitted_text import zones
from desktop.qt.technician.live_pages_pane import qr_pixmap

if TYPE_CHECKING:
    from desktop.qt.technician.live_pages import LivePages
    from desktop.settings import Settings


class DisplayQrCode(QObject):
    def __init__(
        self,
        live: LivePages,
        display: QWidget,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.live = live
        self.display = display
        self.settings = settings
        self.label = QLabel(display)
        self.label.setObjectName("liveListQrCode")
        self.label.setAccessibleName("QR code of the live list of speakers")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("background: #ffffff; border-radius: 8px;")
        self.label.hide()
        self._address = ""
        self.action = QAction("The live list's QR code on the speaker display, between speakers")
        self.action.setParent(self)
        self.action.setCheckable(True)
        self.action.setChecked(settings.get(options.LIVE_PAGES_QR_ON_DISPLAY))
        self.action.toggled.connect(self._on_toggled)
        display.installEventFilter(self)
        live.serving_changed.connect(self.refresh)
        live.desk.changed_later.connect(self.refresh)
        live.desk.live_changed.connect(self.refresh)
        live.outputs.changed.connect(self.refresh)
        self.refresh()

    def _on_toggled(self, on: bool) -> None:
        self.settings.set(options.LIVE_PAGES_QR_ON_DISPLAY, on)
        self.refresh()

    def wanted(self) -> bool:
        live = self.live
        return (
            self.action.isChecked()
            and live.serving
            and live.desk.current is None
            and not live.outputs.blank
            and live.outputs.message is None
        )

    def refresh(self) -> None:
        if not self.wanted():
            self.label.hide()
            return
        address = self.live.address("list")
        if address != self._address:
            self._address = address
            self._pixmap = qr_pixmap(address, scale=8)
        self._place()
        self.label.show()
        self.label.raise_()

    def _place(self) -> None:
        layout = zones(self.display.size())
        band = layout.band
        # Right of the centred digits (a speaking time or the time of day): a sixth of the
        # width leaves them their room on a 16:9 screen.
        side = min(round(band.height() * 0.8), round(self.display.width() * 0.16))
        top = band.y() + (band.height() - side) // 2
        left = self.display.width() - layout.margin - side
        self.label.setGeometry(QRect(left, top, side, side))
        inner = side - 2 * max(4, side // 20)
        self.label.setPixmap(
            self._pixmap.scaled(
                inner,
                inner,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        placed = event.type() in (QEvent.Type.Resize, QEvent.Type.Show)
        if watched is self.display and placed and not self.label.isHidden():
            self._place()  # the display is resized (or shown) after the code was placed
        return False
