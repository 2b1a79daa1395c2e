"""The speaker display: the confidence monitor in the hall, and the picture shared into Zoom.

A top-level window of its own, full screen on the screen the technician chooses or
a 16:9 window to share. Like the desk's countdown it is drawn from the stored
timestamps and the clock at every tick, so it never drifts from the desk; the list
of speakers is read from the store only when the store announces a change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QScreen,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import QLabel, QWidget

from db.views import FloorRequestView, InterventionView
from desktop.domain.conference_time import hm
from desktop.domain.speaking_time import Phase, countdown, format_clock, request_limit
from desktop.qt.desk import Desk
from desktop.qt.palette import IDLE_COLOURS, PHASE_COLOURS

TICK_MS = 100
WINDOWED_SIZE = QSize(1280, 720)  # what Zoom shares best: 16:9, 720p

# Faces found on Linux (fonts-dejavu), Windows and macOS; the digits' face is narrow so
# the countdown can be taller. Tabular figures keep every digit the same width.
TEXT_FACES = ["DejaVu Sans", "Segoe UI", "Helvetica Neue", "Arial"]
DIGIT_FACES = ["DejaVu Sans Condensed", "Bahnschrift", "Arial Narrow", "DejaVu Sans", "Arial"]

BACKDROP = "#0b0e13"
STRIP = "#161b23"
TITLE_TEXT = "#cbd5e1"
BRIGHT_TEXT = "#f8fafc"
SOFT_TEXT = "#94a3b8"
CAPTION_TEXT = "#64748b"
BANNER = ("#0b0e13", "#ffffff")  # (text, background): the highest contrast there is

STATUS = {
    Phase.RUNNING: "",
    Phase.WARNING: "",
    Phase.EXPIRED: "TIME IS UP",
    Phase.PAUSED: "PAUSED",
    Phase.ENDED: "",
}


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


@dataclass(frozen=True)
class Picture:
    """Every text and colour of one frame; computed from the desk, nothing kept."""

    title: str
    clock: str
    caption: str  # over the name: HAS THE FLOOR / NEXT SPEAKER
    name: str  # the delegation, large
    details: str  # speaker · kind · channel
    digits: str  # the countdown (or, when nobody is waiting, the time of day)
    shape: str  # what the digits are sized for, so the font never jumps
    status: str  # a word in the band: PAUSED, TIME IS UP...
    next_label: str
    next_names: str  # the next two speakers (or, when nobody waits, the next slot)
    colours: tuple[str, str]  # (text, background) of the band
    progress: float | None
    phase: Phase | None
    is_countdown: bool

    @property
    def shape_of_screen(self) -> tuple[str, bool, bool]:
        """What, when it changes, moves the boxes around."""
        return (self.next_label, bool(self.clock), self.is_countdown)


def digit_shape(*texts: str) -> str:
    """The widest of the texts with every digit a zero, and room for the overrun's '+'."""
    shapes = [re.sub(r"\d", "0", t.lstrip("+")) for t in texts]
    return "+" + max(shapes, key=len)


def speaker_lines(who: InterventionView | FloorRequestView) -> tuple[str, str]:
    """(large, small): the delegation, then speaker · kind · channel."""
    name = who.delegation or who.nameplate or who.speaker
    details = [who.speaker] if who.speaker and who.speaker != name else []
    details += [who.kind.label, who.channel.label]
    return name, " · ".join(details)


def compose(desk: Desk, waiting: Sequence[FloorRequestView], warning_s: int) -> Picture:
    now = desk.clock.now()
    zone = desk.zone
    clock = hm(now, zone)
    slot = desk.slot
    title = slot.title if slot else ""
    current = desk.current
    if current is not None:
        state = countdown(current, now, warning_s)
        text = format_clock(state.remaining, signed=True)
        name, details = speaker_lines(current)
        return Picture(
            title=title,
            clock=clock,
            caption="HAS THE FLOOR",
            name=name,
            details=details,
            digits=text,
            shape=digit_shape(text, format_clock(state.limit)),
            status=STATUS[state.phase],
            next_label="NEXT" if waiting else "",
            next_names=" · ".join(r.nameplate or r.delegation for r in waiting[:2]),
            colours=PHASE_COLOURS[state.phase],
            progress=state.fraction_used,
            phase=state.phase,
            is_countdown=True,
        )
    if waiting:
        first = waiting[0]
        limit = request_limit(first, slot)
        text = format_clock(timedelta(seconds=limit)) if limit else ""
        name, details = speaker_lines(first)
        return Picture(
            title=title,
            clock=clock,
            caption="NEXT SPEAKER",
            name=name,
            details=details,
            digits=text,
            shape=digit_shape(text),
            status="SPEAKING TIME" if text else "",
            next_label="THEN" if waiting[1:] else "",
            next_names=" · ".join(r.nameplate or r.delegation for r in waiting[1:3]),
            colours=IDLE_COLOURS,
            progress=None,
            phase=None,
            is_countdown=bool(text),
        )
    # Nobody speaks and nobody waits: the slot large, the time of day, what comes after.
    conference = desk.conference
    city = zone.split("/")[-1].replace("_", " ")
    caption = ""
    if slot is not None:
        caption = f"{slot.kind.label} · {hm(slot.starts_at, zone)}–{hm(slot.ends_at, zone)}"
    after = slot.ends_at if slot is not None else now
    later = sorted((s for s in desk.slots if s.starts_at >= after), key=lambda s: s.starts_at)
    return Picture(
        title=conference.title if conference else "",
        clock="",  # the time of day is shown large instead
        caption=caption.upper(),
        name=title,
        details=f"Moderator: {slot.moderator}" if slot and slot.moderator else "",
        digits=clock,
        shape="00:00",
        status=f"{city} time".upper(),
        next_label="AFTER" if later else "",
        next_names=f"{hm(later[0].starts_at, zone)}  {later[0].title}" if later else "",
        colours=IDLE_COLOURS,
        progress=None,
        phase=None,
        is_countdown=False,
    )


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


class SpeakerDisplay(QWidget):
    """The hall's speaker display: who speaks, the countdown, who is next, the slot, the time."""

    blank_changed = Signal(bool)
    message_changed = Signal(str)  # "" once cleared
    shown_changed = Signal(bool)
    placement_changed = Signal(object)  # the QScreen it fills, or None for the 16:9 window

    def __init__(self, desk: Desk, warning_s: Callable[[], int]) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("Floordesk — speaker display")
        self.setObjectName("speakerDisplay")
        # Closing the desk's window ends the program even while this one is up.
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.desk = desk
        self._warning_s = warning_s
        self._message: str | None = None
        self._blank = False
        self._waiting: list[FloorRequestView] = []
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

        self._picture = compose(desk, [], warning_s())
        self._zones = zones(WINDOWED_SIZE)
        self._progress_px = -1
        self.ticker = QTimer(self)
        self.ticker.setInterval(TICK_MS)
        self.ticker.setTimerType(Qt.TimerType.PreciseTimer)
        self.ticker.timeout.connect(self.refresh)
        self._aspect_timer = QTimer(self)
        self._aspect_timer.setSingleShot(True)
        self._aspect_timer.timeout.connect(self._keep_aspect)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.show_windowed)
        QShortcut(QKeySequence(Qt.Key.Key_B), self, lambda: self.set_blank(not self._blank))
        desk.changed.connect(self._on_list_changed)
        desk.slot_changed.connect(self._on_list_changed)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self._on_screen_removed)
        self.resize(WINDOWED_SIZE)
        self._lay_out()
        self._sync_visible()
        self._on_list_changed()

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
        return self._message

    def is_blank(self) -> bool:
        return self._blank

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
        self.showFullScreen()
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
        self.raise_()
        self.placement_changed.emit(None)

    def set_message(self, text: str | None) -> None:
        """A short message to the speaker, shown large until cleared (None or "")."""
        text = " ".join(text.split()) if text else ""
        self._message = text or None
        self.banner.show_text(text)
        self._sync_visible()
        self.update()
        self.message_changed.emit(text)

    def set_blank(self, blank: bool) -> None:
        """Plain black, nothing else (the timer goes on underneath)."""
        if blank == self._blank:
            return
        self._blank = blank
        self._sync_visible()
        self.refresh()
        self.update()
        self.blank_changed.emit(blank)

    # -- drawing ------------------------------------------------------------------

    def refresh(self) -> None:
        """Draw the frame the desk's state and the clock call for now."""
        picture = compose(self.desk, self._waiting, self._warning_s())
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

    def _on_list_changed(self) -> None:
        slot = self.desk.slot
        self._waiting = self.desk.store.speakers.waiting(slot.id)[:3] if slot else []
        self.refresh()

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
