"""The speaker display in the hall: countdown, who is next, a message, blank, the 16:9 window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.meeting.snapshots import FloorRequestView, SlotView
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.domain.conference_time import hm
from desktop.domain.speaking_time import Phase
from desktop.qt.display.display_controls import WINDOWED_CHOICE, DisplayControls, available_screens
from desktop.qt.display.speaker_display import SpeakerDisplay
from desktop.qt.main_window import MainWindow
from desktop.qt.palette import IDLE_COLOURS, PHASE_COLOURS
from tests.qt.acting import act

WARNING_S = 30


@pytest.fixture
def display(window: MainWindow) -> SpeakerDisplay:
    """The window's own display (its warning: WARNING_S, the default)."""
    return window.speaker_display


@pytest.fixture
def waiting(store: Store, panel: SlotView) -> list[FloorRequestView]:
    return store.speakers.waiting(panel.id)


def shown_at(qtbot: QtBot, display: SpeakerDisplay, width: int, height: int) -> None:
    display.show_windowed()
    display.resize(width, height)
    qtbot.waitUntil(lambda: display.size() == QSize(width, height))


def band_colour(display: SpeakerDisplay) -> str:
    """The colour at the left edge of the countdown's band, as painted."""
    image = display.grab().toImage()
    return image.pixelColor(3, display.height() // 2).name()


def plate(request: FloorRequestView) -> str:
    return request.nameplate or request.delegation


def test_the_countdown_follows_the_clock_through_the_traffic_light(
    qtbot: QtBot, window: MainWindow, display: SpeakerDisplay, clock: FakeClock
) -> None:
    shown_at(qtbot, display, 1280, 720)
    act(window, window.give_next_action)  # a statement: 3 minutes
    assert display.countdown_text() == "3:00"
    assert display.phase is Phase.RUNNING
    assert band_colour(display) == PHASE_COLOURS[Phase.RUNNING][1]

    clock.advance(10)  # no store change: only the display's own timer can show this
    qtbot.waitUntil(lambda: display.countdown_text() == "2:50")

    clock.advance(145.5)
    display.refresh()
    assert (display.countdown_text(), display.phase) == ("0:25", Phase.WARNING)
    assert band_colour(display) == PHASE_COLOURS[Phase.WARNING][1]

    clock.advance(39.5)
    display.refresh()
    assert (display.countdown_text(), display.phase) == ("+0:15", Phase.EXPIRED)
    assert band_colour(display) == PHASE_COLOURS[Phase.EXPIRED][1]
    assert display.status.text() == "TIME IS UP"

    act(window, window.pause_action)
    clock.advance(60)  # the wall clock goes on, the speaker's time does not
    display.refresh()
    assert (display.countdown_text(), display.phase) == ("+0:15", Phase.PAUSED)
    assert band_colour(display) == PHASE_COLOURS[Phase.PAUSED][1]
    assert display.status.text() == "PAUSED"

    act(window, window.pause_action)
    act(window, window.take_back_action)
    assert display.phase is None
    assert band_colour(display) == IDLE_COLOURS[1]


def test_the_speaker_and_the_next_two_are_shown(
    window: MainWindow, display: SpeakerDisplay, waiting: list[FloorRequestView]
) -> None:
    first, second, third, fourth = waiting[:4]
    # Nobody has the floor: the next speaker, with the time they will have.
    assert display.caption.text() == "NEXT SPEAKER"
    assert display.name.text() == first.delegation
    assert display.countdown_text() == "3:00"
    assert display.phase is None
    assert display.next_speakers_text() == f"Then: {plate(second)} · {plate(third)}"

    act(window, window.give_next_action)
    assert display.caption.text() == "HAS THE FLOOR"
    assert display.name.text() == first.delegation
    assert display.details.text() == f"{first.speaker} · Statement · {first.channel.label}"
    assert display.next_speakers_text() == f"Next: {plate(second)} · {plate(third)}"

    act(window, window.take_back_action)
    act(window, window.give_next_action)
    assert display.name.text() == second.delegation
    assert display.next_speakers_text() == f"Next: {plate(third)} · {plate(fourth)}"


def test_the_list_is_read_on_change_notices_not_at_each_tick(
    monkeypatch: pytest.MonkeyPatch,
    window: MainWindow,
    display: SpeakerDisplay,
    store: Store,
    clock: FakeClock,
    waiting: list[FloorRequestView],
) -> None:
    reads: list[int] = []
    read_upcoming = store.speakers.upcoming

    def counted(slot_id: int, count: int) -> list[FloorRequestView]:
        reads.append(slot_id)
        return read_upcoming(slot_id, count)

    monkeypatch.setattr(store.speakers, "upcoming", counted)
    for _ in range(20):
        clock.advance(0.1)
        display.refresh()
    assert reads == []  # the ticks read nothing
    act(window, window.give_next_action)
    # Who comes next is read once per change (by the desk, for every output; and by the
    # technician's cues for the remote speakers further down), never at a tick.
    live = window.desk.live_slot
    assert live is not None and reads and set(reads) == {live.id} and len(reads) <= 2
    read_at_the_change = len(reads)
    assert display.next_speakers_text() == f"Next: {plate(waiting[1])} · {plate(waiting[2])}"
    miniature = SpeakerDisplay(window.desk, lambda: WARNING_S, embedded=True)
    assert miniature.next_speakers_text() == display.next_speakers_text()
    assert len(reads) == read_at_the_change  # another output reads nothing of its own
    miniature.close()


def test_nobody_waiting_shows_the_slot_and_the_time_of_day(
    window: MainWindow, display: SpeakerDisplay, store: Store, clock: FakeClock
) -> None:
    assert window.desk.conference is not None
    keynote = next(
        s for s in store.agenda.slots(window.desk.conference.id) if s.kind.value == "keynote"
    )
    window.choose_slot(keynote.id)  # looked at: the hall still shows the live panel
    assert display.name.text() != keynote.title
    window.make_live_action.trigger()
    assert window.desk.live_slot is not None and window.desk.live_slot.id == keynote.id
    assert store.speakers.waiting(keynote.id) == []
    assert display.countdown_text() == ""
    assert display.phase is None
    assert display.next_speakers_text() == ""
    assert display.name.text() == keynote.title
    assert display.digits.text() == hm(clock.now(), window.desk.zone)
    assert display.next_names.text().endswith("Coffee break")


def test_a_message_is_shown_until_cleared(window: MainWindow, display: SpeakerDisplay) -> None:
    act(window, window.give_next_action)
    display.set_message("  Please   conclude ")
    assert display.message() == "Please conclude"
    assert display.banner.isVisibleTo(display)
    assert display.banner.text() == "Please conclude"
    assert not display.name.isVisibleTo(display)  # the banner takes the speaker's place
    assert display.digits.isVisibleTo(display)  # the countdown stays

    display.set_message(None)
    assert display.message() is None
    assert not display.banner.isVisibleTo(display)
    assert display.name.isVisibleTo(display)
    display.set_message("   ")
    assert display.message() is None


def test_blank_shows_plain_black_and_keys_on_the_display_change_nothing(
    qtbot: QtBot, window: MainWindow, display: SpeakerDisplay
) -> None:
    shown_at(qtbot, display, 1280, 720)
    act(window, window.give_next_action)
    display.set_message("One minute")
    with qtbot.waitSignal(display.blank_changed):
        display.set_blank(True)
    assert display.is_blank()
    assert display.texts() == []
    black = QImage(display.size(), QImage.Format.Format_RGB32)
    black.fill(QColor("#000000"))
    assert display.grab().toImage().convertToFormat(QImage.Format.Format_RGB32) == black

    qtbot.keyClick(display, Qt.Key.Key_B)  # the display takes no keys: only the desk
    assert display.is_blank()
    display.set_blank(False)
    assert not display.is_blank()
    assert display.banner.isVisibleTo(display)  # the message is still there
    assert display.digits.text() == display.countdown_text()


def test_the_window_for_zoom_is_16_by_9(qtbot: QtBot, display: SpeakerDisplay) -> None:
    display.show_windowed()
    assert display.size() == QSize(1280, 720)
    display.resize(1000, 700)  # dragged wider than 16:9: the height follows
    qtbot.waitUntil(lambda: abs(display.height() - 1000 * 9 / 16) <= 1)
    assert display.width() == 1000
    display.resize(1000, 450)  # dragged by the bottom edge: the width follows
    qtbot.waitUntil(lambda: abs(display.width() - 450 * 16 / 9) <= 1)
    assert display.height() == 450


def test_full_screen_on_a_chosen_screen_and_escape_changes_nothing(
    qtbot: QtBot, display: SpeakerDisplay
) -> None:
    screen = available_screens()[-1]
    display.show_full_screen(screen)
    qtbot.waitUntil(display.isFullScreen)
    assert display.is_full_screen()
    assert display.geometry() == screen.geometry()

    assert QApplication.activeWindow() is not display  # the desk keeps the keys
    qtbot.keyClick(display, Qt.Key.Key_Escape)  # nothing typed on it moves it
    assert display.isFullScreen()
    assert display.is_full_screen()
    display.show_windowed()
    qtbot.waitUntil(lambda: not display.isFullScreen())
    assert display.width() * 9 == display.height() * 16


@pytest.mark.parametrize("size", [QSize(1280, 720), QSize(1920, 1080)])
def test_no_text_is_clipped(
    qtbot: QtBot,
    window: MainWindow,
    display: SpeakerDisplay,
    clock: FakeClock,
    waiting: list[FloorRequestView],
    size: QSize,
) -> None:
    shown_at(qtbot, display, size.width(), size.height())
    assert_fits(display)  # nobody has the floor: the next speaker
    longest = max(waiting, key=lambda r: len(r.delegation))
    window.desk.give_floor(longest.id)
    window.desk.settle()
    assert display.name.text() == longest.delegation
    assert_fits(display)
    clock.advance(500)  # well past the limit: the overrun with its '+'
    display.refresh()
    assert display.phase is Phase.EXPIRED
    assert_fits(display)
    display.set_message("Please unmute your microphone, the hall cannot hear you")
    assert_fits(display)
    if size.height() >= 1080:
        digit = QFontMetrics(display.digits.font()).tightBoundingRect("0")
        assert digit.height() >= 350, "readable across a hall"


def assert_fits(display: SpeakerDisplay) -> None:
    wrap = int(Qt.TextFlag.TextWordWrap.value)
    assert display.texts(), "something is shown"
    for text in display.texts():
        box = text.contentsRect()
        metrics = QFontMetrics(text.font())
        assert display.rect().contains(text.geometry()), text.text()
        if text.wordWrap():
            flags = int(text.alignment().value) | wrap
            needed = metrics.boundingRect(box, flags, text.text())
            assert box.contains(needed), (text.text(), needed, box)
        else:
            assert metrics.horizontalAdvance(text.text()) <= box.width(), text.text()
            assert metrics.height() <= box.height(), text.text()
            if text is not display.title:  # only the slot's title may be elided
                assert text.text() == text.full_text()


def test_the_controls_place_the_display_and_send_messages(
    qtbot: QtBot, display: SpeakerDisplay
) -> None:
    controls = DisplayControls(display)
    qtbot.addWidget(controls)
    assert controls.target.count() == len(QGuiApplication.screens()) + 1
    controls.target.setCurrentIndex(controls.target.findText(WINDOWED_CHOICE))
    controls.show_button.click()
    qtbot.waitUntil(display.isVisible)
    assert not display.is_full_screen()
    assert controls.show_button.text() == "Hide"

    controls.message.setCurrentText("Please conclude")
    controls.send_button.click()
    assert display.message() == "Please conclude"
    assert controls.clear_button.isEnabled()
    controls.clear_button.click()
    assert display.message() is None
    assert not controls.clear_button.isEnabled()

    controls.blank_button.click()
    assert display.is_blank()
    display.set_blank(False)  # as with B on the display: the button follows
    assert not controls.blank_button.isChecked()

    controls.target.setCurrentIndex(0)
    controls.target.activated.emit(0)
    qtbot.waitUntil(display.isFullScreen)
    assert display.geometry() == available_screens()[0].geometry()
    display.show_windowed()
    assert controls.target.currentText() == WINDOWED_CHOICE

    controls.show_button.click()
    qtbot.waitUntil(lambda: not display.isVisible())
    assert controls.show_button.text() == "Show"


def test_the_window_drives_the_speaker_display(window: MainWindow, clock: FakeClock) -> None:
    window.apply_role("technician")
    assert window.display_controls.isVisible()
    window.display_action.trigger()
    assert window.speaker_display.isVisible()
    act(window, window.give_next_action)
    window.speaker_display.refresh()
    assert window.speaker_display.countdown_text() == "3:00"
    window.conclude_action.trigger()
    assert window.speaker_display.message() == "Please conclude"
    window.conclude_action.trigger()  # always shows it, never toggles it off
    assert window.speaker_display.message() == "Please conclude"
    window.clear_message_action.trigger()
    assert not window.speaker_display.message()
    window.blank_action.trigger()
    assert window.speaker_display.is_blank()
    window.display_action.trigger()
    assert not window.speaker_display.isVisible()
