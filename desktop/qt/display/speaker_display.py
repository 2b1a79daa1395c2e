"""The speaker display: the confidence monitor in the hall, and the picture shared into Zoom.

A top-level window of its own, full screen on the screen the technician chooses or
a 16:9 window to share. Like the desk's countdown it is drawn from the stored
timestamps and the clock at every tick, so it never drifts from the desk; the list
of speakers is read from the store only when the store announces a change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QGuiApplication,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QScreen,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk
    from desktop.qt.display.video_surface import VideoSurface
    from desktop.qt.technician.video_statement import VideoStatements

from desktop.domain.speaking_time import Phase
from desktop.qt.display.display_picture import (
    BACKDROP,
    BANNER,
    BRIGHT_TEXT,
    CAPTION_TEXT,
    SOFT_TEXT,
    STRIP,
    TITLE_TEXT,
    Picture,
    compose,
)
from desktop.qt.display.fitted_text import DIGIT_FACES, TEXT_FACES, FittedText, display_font, zones
from desktop.qt.display.output_state import OutputState

TICK_MS = 100
WINDOWED_SIZE = QSize(1280, 720)  # what Zoom shares best: 16:9, 720p
FLASH_S = 5  # at expiry the band flashes this long (if the setting asks for it)
FLASH_COLOURS = ("#7f1d1d", "#fef2f2")

# Faces found on Linux (fonts-dejavu), Windows and macOS; the digits' face is narrow so
# the countdown can be taller. Tabular figures keep every digit the same width.


class SpeakerDisplay(QWidget):
    """The hall's speaker display: who speaks, the countdown, who is next, the slot, the time."""

    blank_changed = Signal(bool)
    message_changed = Signal(str)  # "" once cleared
    shown_changed = Signal(bool)
    placement_changed = Signal(object)  # the QScreen it fills, or None for the 16:9 window

    def __init__(
        self,
        desk: Desk,
        warning_s: Callable[[], int],
        state: OutputState | None = None,
        *,
        flash: Callable[[], bool] = lambda: False,
        embedded: bool = False,
        title: str = "speaker display",
    ) -> None:
        # An output the desk drives: it never takes the keyboard from the desk, and nothing
        # typed on it changes where it is. Embedded, it is the desk's miniature of itself.
        flags = Qt.WindowType.Widget if embedded else Qt.WindowType.Window
        if not embedded:
            flags |= Qt.WindowType.WindowDoesNotAcceptFocus
        super().__init__(None, flags)
        self.setWindowTitle(f"Floordesk — {title}")
        self.setObjectName("speakerDisplay")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        # Closing the desk's window ends the program even while this one is up.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.desk = desk
        self._warning_s = warning_s
        self._flash = flash
        self.state = state if state is not None else OutputState(self)
        self._full_screen_on: QScreen | None = None
        self._windowed_size = QSize(WINDOWED_SIZE)
        self._width_led = True  # which side the user dragged: the other follows to 16:9

        centre, right = Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignRight
        self.title = FittedText(self, TEXT_FACES, smallest=0.8)
        self.clock = FittedText(self, TEXT_FACES, bold=True, align=right)
        self.caption = FittedText(self, TEXT_FACES, bold=True, spaced=True)
        self.name = FittedText(self, TEXT_FACES, bold=True, wrap=True, smallest=0.45)
        self.details = FittedText(self, TEXT_FACES, smallest=0.6)
        self.status = FittedText(self, TEXT_FACES, bold=True, spaced=True, align=centre)
        self.digits = FittedText(
            self, DIGIT_FACES, bold=True, align=centre, smallest=0.2, centre_digits=True
        )
        self.next_label = FittedText(self, TEXT_FACES, bold=True, spaced=True)
        self.next_names = FittedText(self, TEXT_FACES, bold=True, smallest=0.6)
        self.banner = FittedText(self, TEXT_FACES, bold=True, align=centre, wrap=True, smallest=0.3)
        self._speaker_texts = (self.caption, self.name, self.details)
        self.title.set_colour(TITLE_TEXT)
        self.clock.set_colour(BRIGHT_TEXT)
        self.caption.set_colour(CAPTION_TEXT)
        self.name.set_colour(BRIGHT_TEXT)
        self.details.set_colour(SOFT_TEXT)
        self.next_label.set_colour(CAPTION_TEXT)
        self.next_names.set_colour(BRIGHT_TEXT)
        self.banner.set_colour(BANNER[0])

        self._picture = compose(desk, desk.next_up, warning_s())
        self._zones = zones(WINDOWED_SIZE)
        self._progress_px = -1
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self.ticker.timeout.connect(self.refresh)
        self._aspect_timer = QTimer(self)
        self._aspect_timer.setSingleShot(True)
        self._aspect_timer.timeout.connect(self._keep_aspect)
        desk.changed_later.connect(self.refresh)
        desk.live_changed.connect(self.refresh)
        self.state.changed.connect(self._on_state)
        self.state.blank_changed.connect(self.blank_changed)
        self.state.message_changed.connect(self.message_changed)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self._on_screen_removed)
        self.video_surface: VideoSurface | None = None
        self.resize(WINDOWED_SIZE)
        self._lay_out()
        self._on_state()

    def show_videos_of(self, statements: VideoStatements) -> None:
        """A video statement that has the floor plays over this output."""
        from desktop.qt.display.video_surface import VideoSurface

        self.video_surface = VideoSurface(statements, self, blank=lambda: self.state.blank)
        self.video_surface.setGeometry(self.rect())

    # -- what tests and the controls read ----------------------------------------

    @property
    def phase(self) -> Phase | None:
        return self._picture.phase

    def countdown_text(self) -> str:
        return self._picture.digits if self._picture.is_countdown else ""

    def next_speakers_text(self) -> str:
        """'Next: Germany · UNODC' (or 'Then: ...' below the next speaker); '' if none."""
        picture = self._picture
        if picture.next_label not in {"NEXT", "THEN"}:
            return ""
        return f"{picture.next_label.capitalize()}: {picture.next_names}"

    def message(self) -> str | None:
        return self.state.message

    def is_blank(self) -> bool:
        return self.state.blank

    @property
    def _blank(self) -> bool:
        return self.state.blank

    @property
    def _message(self) -> str | None:
        return self.state.message

    def is_full_screen(self) -> bool:
        return self._full_screen_on is not None

    def texts(self) -> list[FittedText]:
        """The texts on screen now."""
        return [t for t in self.findChildren(FittedText) if t.isVisibleTo(self) and t.text()]

    # -- the technician's commands ----------------------------------------------------

    def show_full_screen(self, screen: QScreen) -> None:
        """Fill ``screen`` (the confidence monitor or the projector)."""
        self._full_screen_on = screen
        if self.isFullScreen():
            self.showNormal()  # some window managers move a full-screen window only this way
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        # Not showFullScreen(): it activates the window, and the keys must stay at the desk.
        self.setWindowState(
            (self.windowState() & ~Qt.WindowState.WindowMaximized) | Qt.WindowState.WindowFullScreen
        )
        self.setVisible(True)
        self.setCursor(Qt.CursorShape.BlankCursor)
        self.placement_changed.emit(screen)

    def show_windowed(self) -> None:
        """A 16:9 window, to share into Zoom."""
        was_full_screen = self._full_screen_on is not None or self.isFullScreen()
        self._full_screen_on = None
        self.unsetCursor()
        if was_full_screen:
            self.showNormal()
        if self.size() != self._windowed_size:
            self.resize(self._windowed_size)
        self.show()
        self.placement_changed.emit(None)

    def set_message(self, text: str | None, *, pinned: bool = False) -> None:
        """A short message to the speaker who has the floor, shown large until the floor
        passes (or, pinned, until cleared with None or "")."""
        self.state.set_message(text, pinned=pinned)

    def set_blank(self, blank: bool) -> None:
        """Plain black, nothing else (the timer goes on underneath)."""
        self.state.set_blank(blank)

    # -- drawing ------------------------------------------------------------------

    def refresh(self) -> None:
        """Draw the frame the desk's state and the clock call for now."""
        current = self.desk.current
        self.state.follow_floor(current.id if current else None)
        picture = self._flashing(compose(self.desk, self.desk.next_up, self._warning_s()))
        before, self._picture = self._picture, picture
        self.title.show_text(picture.title)
        self.clock.show_text(picture.clock, "00:00")
        self.caption.show_text(picture.caption)
        self.name.show_text(picture.name)
        self.details.show_text(picture.details)
        self.digits.show_text(picture.digits, picture.shape)
        self.status.show_text(picture.status)
        self.next_label.show_text(picture.next_label)
        self.next_names.show_text(picture.next_names)
        text_colour = picture.colours[0]
        self.digits.set_colour(text_colour)
        self.status.set_colour(text_colour)
        progress = self._progress_width(picture)
        if before.colours != picture.colours or progress != self._progress_px:
            self._progress_px = progress
            self.update(self._zones.band)
        if before.shape_of_screen != picture.shape_of_screen:
            self._lay_out()
        if self.video_surface is not None:
            self.video_surface.follow()  # its caption's countdown, and blank

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self._blank:
            painter.fillRect(self.rect(), QColor("#000000"))
            return
        z = self._zones
        painter.fillRect(self.rect(), QColor(BACKDROP))
        painter.fillRect(z.top, QColor(STRIP))
        painter.fillRect(z.next, QColor(STRIP))
        if self._message:
            painter.fillRect(z.speaker, QColor(BANNER[1]))
        text, background = self._picture.colours
        painter.fillRect(z.band, QColor(background))
        if self._picture.progress is not None:
            done = QColor(text)
            done.setAlpha(190)
            painter.fillRect(
                z.progress.adjusted(0, 0, self._progress_px - z.progress.width(), 0), done
            )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        old, new = event.oldSize(), event.size()
        if old.isValid():
            self._width_led = abs(new.width() - old.width()) >= abs(new.height() - old.height())
        self._lay_out()
        if self.video_surface is not None:
            self.video_surface.setGeometry(self.rect())
        if self._keeps_aspect():
            self._aspect_timer.start(0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
        self.ticker.start()
        self.shown_changed.emit(True)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.ticker.stop()
        self.shown_changed.emit(False)

    # -- plumbing ------------------------------------------------------------------

    def _on_state(self) -> None:
        self.banner.show_text(self.state.message or "")
        self._sync_visible()
        self.refresh()
        self.update()

    def _flashing(self, picture: Picture) -> Picture:
        """In the first seconds past the end, the band flashes twice a second (a setting:
        colour alone is missed from the lectern)."""
        past = picture.seconds_over
        if picture.phase is not Phase.EXPIRED or not self._flash():
            return picture
        if past >= FLASH_S or int(past * 2) % 2 == 0:
            return picture
        return replace(picture, colours=FLASH_COLOURS)

    def _on_screen_removed(self, screen: QScreen) -> None:
        if screen is self._full_screen_on:  # the projector was unplugged: keep a window
            self.show_windowed()

    def _sync_visible(self) -> None:
        for text in self.findChildren(FittedText):
            text.setVisible(not self._blank)
        self.banner.setVisible(not self._blank and self._message is not None)
        for text in self._speaker_texts:
            text.setVisible(not self._blank and self._message is None)

    def _progress_width(self, picture: Picture) -> int:
        if picture.progress is None:
            return 0
        return round(self._zones.progress.width() * picture.progress)

    def _lay_out(self) -> None:
        z = self._zones = zones(self.size())
        u, m, width = z.unit, z.margin, self.width()
        inner = width - 2 * m

        def row(y: float, height: float) -> QRect:
            return QRect(m, round(y), inner, round(height))

        clock_px = round(5.2 * u)
        clock_w = QFontMetrics(display_font(TEXT_FACES, clock_px, bold=True)).horizontalAdvance(
            "00:00"
        )
        clock_w += round(u)
        top = z.top
        self.clock.place(QRect(width - m - clock_w, top.y(), clock_w, top.height()), clock_px)
        title_w = width - 2 * m - (clock_w + round(3 * u) if self._picture.clock else 0)
        self.title.place(QRect(m, top.y(), title_w, top.height()), round(4.0 * u))

        y = z.speaker.y()
        self.caption.place(row(y + 3.0 * u, 3.6 * u), round(2.7 * u))
        self.name.place(row(y + 6.6 * u, 10.4 * u), round(8.6 * u))
        self.details.place(row(y + 17.0 * u, 5.4 * u), round(4.3 * u))
        self.banner.place(row(y + 1.5 * u, z.speaker.height() - 3 * u), round(10 * u))

        band = z.band
        self.status.place(row(band.y() + 2.2 * u, 4.4 * u), round(3.2 * u))
        # The time of day, when shown large, stays smaller than any countdown.
        digits_px = round((48 if self._picture.is_countdown else 34) * u)
        self.digits.place(QRect(m, band.y(), inner, band.height()), digits_px)
        self._place_next()
        self._progress_px = self._progress_width(self._picture)
        self.update()

    def _place_next(self) -> None:
        z = self._zones
        u, m, strip = z.unit, z.margin, z.next
        label_px = round(3.2 * u)
        label_font = display_font(TEXT_FACES, label_px, bold=True, spaced=True)
        label_w = QFontMetrics(label_font).horizontalAdvance(self._picture.next_label) + 2
        self.next_label.place(QRect(m, strip.y(), label_w, strip.height()), label_px)
        gap = round(2.2 * u) if self._picture.next_label else 0
        names_x = m + label_w + gap
        names = QRect(names_x, strip.y(), self.width() - m - names_x, strip.height())
        self.next_names.place(names, round(5.2 * u))

    def _keeps_aspect(self) -> bool:
        if not self.isWindow():  # a miniature: its layout decides
            return False
        windowed = not (self.isFullScreen() or self.isMaximized() or self.isMinimized())
        return self.isVisible() and self._full_screen_on is None and windowed

    def _keep_aspect(self) -> None:
        if not self._keeps_aspect():
            return
        size = self.size()
        if self._width_led:
            wanted = QSize(size.width(), round(size.width() * 9 / 16))
        else:
            wanted = QSize(round(size.height() * 16 / 9), size.height())
        if abs(wanted.width() - size.width()) > 1 or abs(wanted.height() - size.height()) > 1:
            self.resize(wanted)
        else:
            self._windowed_size = size
