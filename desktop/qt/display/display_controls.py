"""The desk's row for its outputs: the hall's speaker display, the 16:9 picture for Zoom,
a message to the speaker, blank, and a live miniature of what each output shows.

One row to place in the main window. It only commands the outputs and follows what
they say they are doing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop.qt.display.speaker_display import SpeakerDisplay
    from desktop.qt.technician.video_statement import VideoStatements

WINDOWED_CHOICE = "Window 16:9 (for Zoom)"
MINIATURE = QSize(192, 108)  # two side by side in a dock 420 pixels wide
PRESET_MESSAGES = (
    "Please conclude",
    "One minute",
    "Time is up",
    "Please unmute your microphone",
)
MESSAGE_MAX_LENGTH = 80  # a line a speaker reads at a glance


def available_screens() -> list[QScreen]:
    return list(QGuiApplication.screens())


def screen_label(screen: QScreen, number: int) -> str:
    """'2: HDMI-1 — 1920×1080', in the screen's own pixels."""
    size = screen.size() * screen.devicePixelRatio()
    name = screen.name() or screen.model() or "Screen"
    primary = " (primary)" if screen is QGuiApplication.primaryScreen() else ""
    return f"{number}: {name} — {size.width()}×{size.height()}{primary}"


class DisplayControls(QWidget):
    """The hall's screen (where, show/hide), the Zoom picture, a message, Blank, miniatures."""

    def __init__(
        self,
        display: SpeakerDisplay,
        parent: QWidget | None = None,
        *,
        zoom_picture: SpeakerDisplay | None = None,
    ) -> None:
        super().__init__(parent)
        self.display = display
        self.zoom_picture = zoom_picture
        self.target = QComboBox()
        self.target.setToolTip("Full screen on a screen, or a window to share into Zoom")
        self.target.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.target.setMinimumContentsLength(12)
        self.show_button = QPushButton("Show")
        self.show_button.setCheckable(True)
        self.show_button.setToolTip("Show or hide the hall's speaker display (Ctrl+D)")
        self.zoom_button = QPushButton("Zoom picture")
        self.zoom_button.setCheckable(True)
        self.zoom_button.setToolTip(
            "A 16:9 window of the same picture, to share into Zoom, beside the hall's screen"
        )
        self.zoom_button.setVisible(zoom_picture is not None)
        self.message = QComboBox()
        self.message.setEditable(True)
        self.message.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.message.addItems(PRESET_MESSAGES)
        self.message.setCurrentIndex(-1)
        self.message.setMinimumContentsLength(14)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        editor = self.message.lineEdit()
        assert editor is not None  # an editable combo box has one
        editor.setPlaceholderText("Message to the speaker")
        editor.setMaxLength(MESSAGE_MAX_LENGTH)
        editor.setClearButtonEnabled(True)
        self.pin = QCheckBox("Pin")
        self.pin.setToolTip(
            "A message goes when the floor passes; a pinned one stays until cleared"
        )
        self.send_button = QPushButton("Send")
        self.send_button.setToolTip("Show the message on the speaker display (Enter)")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Take the message off the speaker display")
        self.blank_button = QPushButton("Blank")
        self.blank_button.setCheckable(True)
        self.blank_button.setToolTip("A black screen on the outputs (Ctrl+B)")
        self.miniatures: list[tuple[QLabel, SpeakerDisplay]] = []

        # Three short rows and the miniatures: it fits a dock beside the Zoom pane.
        where = QHBoxLayout()
        where.addWidget(QLabel("Hall screen"))
        where.addWidget(self.target, 1)
        where.addWidget(self.show_button)
        say = QHBoxLayout()
        say.addWidget(self.message, 1)
        say.addWidget(self.pin)
        say.addWidget(self.send_button)
        say.addWidget(self.clear_button)
        also = self.also_row = QHBoxLayout()
        also.addWidget(self.zoom_button)
        also.addWidget(self.blank_button)
        also.addStretch(1)
        self.miniature_row = QHBoxLayout()
        self.miniature_row.setContentsMargins(0, 0, 0, 0)
        self.miniature_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        for row in (where, say, also, self.miniature_row):
            row.setContentsMargins(0, 0, 0, 0)
            layout.addLayout(row)
        layout.addStretch(1)

        self.fill_targets()
        self.target.activated.connect(lambda _index: self._follow_target())
        self.show_button.toggled.connect(self._show_or_hide)
        self.zoom_button.toggled.connect(self._show_or_hide_zoom)
        self.send_button.clicked.connect(self.send)
        editor.returnPressed.connect(self.send)
        self.clear_button.clicked.connect(lambda: self.display.set_message(None))
        self.blank_button.toggled.connect(self.display.set_blank)
        display.shown_changed.connect(self._on_shown)
        display.blank_changed.connect(self._on_blank)
        display.message_changed.connect(self._on_message)
        display.placement_changed.connect(self._on_placement)
        display.placement_changed.connect(lambda _screen: self._describe_outputs())
        display.shown_changed.connect(lambda _shown: self._describe_outputs())
        if zoom_picture is not None:
            zoom_picture.shown_changed.connect(self._on_zoom_shown)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            # Bound methods, not lambdas: Qt drops them when this row is deleted.
            app.screenAdded.connect(self._on_screens_changed)
            app.screenRemoved.connect(self._on_screens_changed)
        self._on_shown(display.isVisible())
        self._on_blank(display.is_blank())
        self._on_message(display.message() or "")

    def show_video_sound(
        self, videos: VideoStatements, kept: str, keep: Callable[[str], None]
    ) -> None:
        """Where a video statement's sound goes: the hall's mixer, or the Zoom machine's.
        ``kept`` is the output chosen before (kept by ``keep``; "" is the system's default):
        chosen again at start when it is connected, shown as not found when it is not."""
        self.video_sound = QComboBox()
        self.video_sound.setToolTip("The sound output of video statements")
        # Device names can be long: they may not widen the dock past the window.
        self.video_sound.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.video_sound.setMinimumContentsLength(10)
        self.video_sound.addItem("System default", None)
        for device, description in videos.player.audio_outputs():
            self.video_sound.addItem(description or device, device)
        if kept:
            found = self.video_sound.findData(kept)
            if found < 0:  # unplugged since: the default plays until it is back
                self.video_sound.addItem(f"{kept} (not found: the default plays)", kept)
                found = self.video_sound.count() - 1
            else:
                videos.player.set_audio_output(kept)
            self.video_sound.setCurrentIndex(found)
        self.video_sound.setEnabled(videos.available)

        def choose(index: int) -> None:
            device = self.video_sound.itemData(index)
            videos.player.set_audio_output(device)
            keep(device or "")

        self.video_sound.activated.connect(choose)
        self.also_row.insertWidget(self.also_row.count() - 1, QLabel("Video sound"))
        self.also_row.insertWidget(self.also_row.count() - 1, self.video_sound, 1)

    def add_miniature(self, miniature: SpeakerDisplay, name: str) -> None:
        """A live miniature of an output (the same picture, blank and message included)."""
        miniature.setFixedSize(MINIATURE)
        caption = QLabel()
        caption.setStyleSheet("color: #4b5563;")
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(miniature)
        box.addWidget(caption)
        self.miniature_row.insertLayout(self.miniature_row.count() - 1, box)
        miniature.setProperty("output_name", name)
        self.miniatures.append((caption, miniature))
        self._describe_outputs()

    def _describe_outputs(self) -> None:
        for caption, miniature in self.miniatures:
            name = str(miniature.property("output_name"))
            output = self.zoom_picture if name == "Zoom" else self.display
            if output is None or not output.isVisible():
                where = "off"
            elif output.is_full_screen():
                where = "full screen"
            else:
                where = "window"
            caption.setText(f"{name}: {where}")

    def fill_targets(self) -> None:
        """The screens there are now, then the window; a second screen is chosen first."""
        chosen = self.target.currentData()
        self.target.clear()
        screens = available_screens()
        for number, screen in enumerate(screens, start=1):
            self.target.addItem(screen_label(screen, number), screen)
        self.target.addItem(WINDOWED_CHOICE, None)
        index = self.target.findData(chosen) if chosen is not None else -1
        if index < 0:
            others = [s for s in screens if s is not QGuiApplication.primaryScreen()]
            index = screens.index(others[0]) if others else len(screens)
        self.target.setCurrentIndex(index)

    def chosen_screen(self) -> QScreen | None:
        """The screen chosen, or None for the 16:9 window."""
        data = self.target.currentData()
        return data if isinstance(data, QScreen) else None

    def send(self) -> None:
        text = self.message.currentText().strip()
        self.display.set_message(text or None, pinned=self.pin.isChecked())

    # -- following the display --------------------------------------------------------

    def _follow_target(self) -> None:
        if self.display.isVisible():
            self._show_target()

    def _show_or_hide(self, show: bool) -> None:
        if show:
            self._show_target()
        else:
            self.display.hide()

    def _show_target(self) -> None:
        screen = self.chosen_screen()
        if screen is None:
            self.display.show_windowed()
        else:
            self.display.show_full_screen(screen)

    def _show_or_hide_zoom(self, show: bool) -> None:
        if self.zoom_picture is None:
            return
        if show:
            self.zoom_picture.show_windowed()
        else:
            self.zoom_picture.hide()
        self._describe_outputs()

    def _on_zoom_shown(self, shown: bool) -> None:
        self.zoom_button.blockSignals(True)
        self.zoom_button.setChecked(shown)
        self.zoom_button.blockSignals(False)
        self._describe_outputs()

    def _on_shown(self, shown: bool) -> None:
        self.show_button.blockSignals(True)
        self.show_button.setChecked(shown)
        self.show_button.blockSignals(False)
        self.show_button.setText("Hide" if shown else "Show")

    def _on_screens_changed(self, _screen: QScreen) -> None:
        self.fill_targets()

    def _on_placement(self, screen: QScreen | None) -> None:
        index = self.target.findData(screen) if screen is not None else self.target.count() - 1
        if index >= 0:
            self.target.setCurrentIndex(index)

    def _on_blank(self, blank: bool) -> None:
        self.blank_button.blockSignals(True)
        self.blank_button.setChecked(blank)
        self.blank_button.blockSignals(False)

    def _on_message(self, text: str) -> None:
        self.clear_button.setEnabled(bool(text))
        self.clear_button.setToolTip(
            f"Take “{text}” off the speaker display" if text else "No message is shown"
        )


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
