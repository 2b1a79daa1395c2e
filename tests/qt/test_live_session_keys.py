"""Keys under pressure and the outputs the desk drives: nudges on every keyboard layout,
a message that belongs to its speaker, the flash at time up, one key for a point of
order, the nameplate of a delegation that waits, a floor given at another station."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import InterventionKind
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.display.speaker_display import FLASH_COLOURS
from desktop.qt.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier
NONE = Qt.KeyboardModifier.NoModifier


def press(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE
) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)
    window.desk.settle()
    window.tick()


def added_s(window: MainWindow) -> int:
    current = window.desk.current
    assert current is not None
    return current.added_s


@pytest.mark.parametrize(
    ("key", "modifier", "seconds"),
    [
        (Qt.Key.Key_Equal, CTRL, 30),  # Ctrl+= (US, UK)
        (Qt.Key.Key_Plus, CTRL, 30),  # Ctrl and "+" (German and Austrian keyboards)
        (Qt.Key.Key_Plus, CTRL | SHIFT, 30),  # Ctrl+Shift+= on a US keyboard
        (Qt.Key.Key_Plus, KEYPAD, 30),  # the keypad
        (Qt.Key.Key_Minus, CTRL, -30),
        (Qt.Key.Key_Minus, KEYPAD, -30),
    ],
)
def test_nudges_work_on_every_keyboard_layout(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier, seconds: int
) -> None:
    press(qtbot, window, Qt.Key.Key_F5)
    window.speakers_view.setFocus()
    press(qtbot, window, key, modifier)
    assert added_s(window) == seconds


def test_the_keypad_plus_types_in_a_text_box(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_F5)
    window.entry.line.setFocus()
    press(qtbot, window, Qt.Key.Key_Plus, KEYPAD)
    assert window.entry.line.text() == "+"
    assert added_s(window) == 0


def test_a_message_goes_with_its_speaker_unless_pinned(qtbot: QtBot, window: MainWindow) -> None:
    outputs = window.outputs
    press(qtbot, window, Qt.Key.Key_F5)
    outputs.set_message("One minute")
    press(qtbot, window, Qt.Key.Key_F5)  # the floor passes
    assert outputs.message is None
    outputs.set_message("Please speak into the microphone", pinned=True)
    press(qtbot, window, Qt.Key.Key_F5)
    assert outputs.message == "Please speak into the microphone"
    window.speaker_display.refresh()
    assert window.speaker_display.banner.text() == "Please speak into the microphone"
    outputs.set_message("Custom")
    press(qtbot, window, Qt.Key.Key_P, CTRL | SHIFT)  # replaces, never clears
    assert outputs.message == "Please conclude"
    press(qtbot, window, Qt.Key.Key_P, CTRL | SHIFT)
    assert outputs.message == "Please conclude"


def test_the_hall_screen_and_the_zoom_picture_show_the_same(
    qtbot: QtBot, window: MainWindow
) -> None:
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    window.display_controls.zoom_button.click()
    assert window.speaker_display.isVisible() and window.zoom_picture.isVisible()
    assert QApplication.activeWindow() is window
    press(qtbot, window, Qt.Key.Key_F5)
    window.outputs.set_message("Two minutes")
    press(qtbot, window, Qt.Key.Key_B, CTRL)
    for output in (window.speaker_display, window.zoom_picture):
        output.refresh()
        assert output.is_blank() and output.message() == "Two minutes"
        assert output.name.text() == window.countdown.delegation.text()
    miniatures = [m for _caption, m in window.display_controls.miniatures]
    assert len(miniatures) == 2
    assert all(m.is_blank() for m in miniatures)
    window.display_controls.zoom_button.click()
    assert not window.zoom_picture.isVisible()


def test_the_band_flashes_for_a_few_seconds_at_time_up(
    qtbot: QtBot, window: MainWindow, clock: FakeClock
) -> None:
    display = window.speaker_display
    press(qtbot, window, Qt.Key.Key_F5)  # 3 minutes
    seen = set()
    clock.advance(180)
    for _ in range(8):  # the first two seconds past the end, a frame every 0.25 s
        clock.advance(0.25)
        display.refresh()
        seen.add(display._picture.colours)
    assert FLASH_COLOURS in seen and len(seen) == 2
    clock.advance(10)  # well past: steady red
    display.refresh()
    assert display._picture.colours != FLASH_COLOURS


def test_one_key_for_a_point_of_order_and_a_right_of_reply(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.entry.line.setFocus()
    qtbot.keyClicks(window.entry.line, "Malta")
    press(qtbot, window, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    first = window.speakers.rows_waiting()[0]
    assert (first.delegation, first.kind) == ("Malta", InterventionKind.POINT_OF_ORDER)
    qtbot.keyClicks(window.entry.line, "Monaco")
    press(qtbot, window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier | SHIFT)
    kinds = {r.delegation: r.kind for r in window.speakers.rows_waiting()}
    assert kinds["Monaco"] is InterventionKind.RIGHT_OF_REPLY


def test_a_typo_and_an_alias_are_said_before_enter(qtbot: QtBot, window: MainWindow) -> None:
    window.entry.line.setFocus()
    qtbot.keyClicks(window.entry.line, "Swizerland")
    assert window.entry.hint.text() == "Swizerland → Switzerland?"
    window.entry.line.clear()
    qtbot.keyClicks(window.entry.line, "Xyzzy")
    press(qtbot, window, Qt.Key.Key_Return)
    assert "No single delegation" in window.entry.hint.text()


def test_the_nameplate_of_a_delegation_already_waiting_asks_again(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    waiting = window.speakers.rows_waiting()
    delegation_id = waiting[0].delegation_id
    assert delegation_id is not None
    window.hall_nameplates.add(delegation_id)
    window.desk.settle()
    assert len(window.speakers.rows_waiting()) == len(waiting)
    assert "click again" in window.statusBar().currentMessage()
    window.hall_nameplates.add(delegation_id)
    window.desk.settle()
    assert len(window.speakers.rows_waiting()) == len(waiting) + 1


def test_the_floor_given_at_another_station_makes_its_slot_live(
    window: MainWindow, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    assert window.desk.conference is not None
    keynote = next(
        s for s in store.agenda.slots(window.desk.conference.id) if s.kind.value == "keynote"
    )
    other = Store.open(store.engine.url, station="rapporteur")
    try:
        austria = next(d for d in other.delegations.all() if d.name == "Austria")
        other.speakers.add(keynote.id, RequestDraft(delegation_id=austria.id), clock.now())
        other.floor.give_floor(keynote.id, clock.now() + timedelta(seconds=1))
    finally:
        other.close()
    window.desk.catch_up()
    window.desk.settle()
    window.tick()
    assert window.desk.live_slot is not None and window.desk.live_slot.id == keynote.id
    assert window.desk.current is not None and window.desk.current.delegation == "Austria"
    assert window.countdown.delegation.text() == "Austria"
    assert window.desk.slot is not None and window.desk.slot.id == panel.id  # still shown
    assert window.live_banner.isVisible()


def test_undo_reaches_the_desk_from_any_empty_text_box(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_F5)
    speaking = window.desk.current
    assert speaking is not None
    window.record.search.field.setFocus()  # an empty search box: nothing of its own to undo
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.desk.current is None  # the floor given is undone
    press(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.desk.current is not None
    qtbot.keyClicks(window.record.search.field, "ab")
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # typing to undo: the box's own
    assert window.record.search.field.text() == ""  # the typing undone, not the floor
    assert window.desk.current is not None


def test_a_change_committed_after_a_later_one_still_reaches_the_desk(
    window: MainWindow, store: Store, panel: SlotView, clock: FakeClock
) -> None:
    """On PostgreSQL, journal entry 11 can commit after entry 12: catch-up must still read
    it (it once read only above the highest id seen, and a station kept 'Nobody has the
    floor' while someone spoke). Made on SQLite by showing the desk a higher entry first,
    then taking it away so that the floor given at the other station gets the lower id."""
    from sqlalchemy import delete

    from db.models import JournalEntry

    window.desk.catch_up()
    last = store.last_journal_id()
    other = Store.open(store.engine.url, station="moderator-2")
    try:
        with other.transaction() as session:
            session.add(
                JournalEntry(
                    id=last + 2,
                    recorded_at=clock.now(),
                    station="moderator-2",
                    action="list.reopen",
                    entity="agenda_slot",
                    entity_id=panel.id,
                    details={},
                )
            )
        assert window.desk.catch_up() == 1  # entry last + 2 seen; last + 1 not yet
        with other.transaction() as session:
            session.execute(delete(JournalEntry).where(JournalEntry.id == last + 2))
        other.floor.give_floor(panel.id, clock.now())
    finally:
        other.close()
    assert store.last_journal_id() == last + 1  # the floor given, below an id seen
    assert window.desk.catch_up() == 1
    window.desk.settle()
    window.tick()
    assert window.desk.current is not None, "the floor given at the other station is shown"
    assert window.countdown.caption.text() != "NOBODY HAS THE FLOOR"


def test_a_reading_that_fails_is_one_sentence_not_an_internal_error(
    window: MainWindow, tmp_path: Path
) -> None:
    """A view reading while the database is away (a server down, a share gone) raises in
    a slot; the desk says what happened in words and goes on."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    from desktop.qt.app import _report_bug

    gone = create_engine(f"sqlite:///{tmp_path / 'no-such-folder' / 'floordesk.sqlite'}")
    try:
        with gone.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as error:
        _report_bug(window)(type(error), error, None)
    finally:
        gone.dispose()
    message = window.statusBar().currentMessage()
    assert message.startswith("The database file cannot be opened: the desk shows")
    assert "Internal error" not in message


def test_the_nameplates_mark_the_live_list_whichever_slot_is_shown(
    window: MainWindow, store: Store, panel: SlotView
) -> None:
    def marks() -> dict[int, int]:
        waiting = store.speakers.waiting(panel.id)
        first = {}
        for place, request in enumerate(waiting, start=1):
            if request.delegation_id is not None:
                first.setdefault(request.delegation_id, place)
        return first

    window.hall_nameplates.mark()
    shown_live = dict(window.nameplates.model._waiting)
    assert shown_live == marks()
    assert window.desk.conference is not None
    keynote = next(
        s for s in store.agenda.slots(window.desk.conference.id) if s.kind.value == "keynote"
    )
    window.choose_slot(keynote.id)  # read from the store now: the views show the keynote
    window.desk.settle()
    assert dict(window.nameplates.model._waiting) == shown_live
