"""A panel under pressure: the real window driven by keys and clicks only.

The moderator gives the floor, browses two other slots and a search hit in a third,
shows and hides the speaker display, sends a message and passes the floor; the
rapporteur types notes while the floor passes (an F5 of theirs moves nothing) and
merges a running intervention; the
type-ahead is undone and a duplicate added. After every step the database, the desk and
the speaker display must agree on the live slot, who has the floor and who is next.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import RequestStatus
from db.models import Intervention
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.desk.item_models import LIVE_SLOT_BACKGROUND, Roles
from desktop.qt.main_window import MainWindow
from tests.qt.acting import at_the_moderators_desk
from tests.qt.conftest import OpenWindow

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SEARCH_WORD = "zanzibarian"  # in the notes of an intervention of another slot


@pytest.fixture
def seeded(store: Store, panel: SlotView, conference_id: int) -> tuple[SlotView, SlotView]:
    """Two other slots: the keynote before the panel (with one intervention on record,
    its notes holding SEARCH_WORD) and the panel after it."""
    slots = store.agenda.slots(conference_id)
    keynote = next(s for s in slots if s.kind.value == "keynote")
    later = next(s for s in slots if s.kind.value == "panel" and s.starts_at > panel.starts_at)
    austria = next(d for d in store.delegations.all() if d.name == "Austria")
    store.speakers.add(keynote.id, RequestDraft(delegation_id=austria.id), keynote.starts_at)
    at = keynote.starts_at + timedelta(minutes=5)
    given = store.floor.give_floor(keynote.id, at)
    store.floor.set_notes(given.intervention_id, f"Spoke of the {SEARCH_WORD} shelters.")
    store.floor.take_floor_back(keynote.id, at + timedelta(minutes=2))
    return keynote, later


def press(
    qtbot: QtBot,
    window: MainWindow,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key at the desk, wherever its focus is (never on the display: it takes none)."""
    if QApplication.activeWindow() is None:  # a dialog just closed (offscreen: nobody active)
        window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)
    window.desk.settle()  # the views that follow a change a moment later
    window.tick()


def click_row(qtbot: QtBot, view: QAbstractItemView, row: int, column: int = 1) -> None:
    index = view.model().index(row, column)
    view.scrollTo(index)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )


def agenda_row(window: MainWindow, slot_id: int) -> int:
    view = window.agenda.view
    for row in range(view.model().rowCount()):
        if view.model().index(row, 0).data(Roles.ID) == slot_id:
            return row
    raise AssertionError(f"slot {slot_id} is not in the agenda shown")


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Click into the box (a text editor's page, where a click lands), then type."""
    target = widget.viewport() if isinstance(widget, QAbstractScrollArea) else widget
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
    assert widget.hasFocus() or widget.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClicks(widget, text)


def agree(window: MainWindow, store: Store, live: SlotView) -> None:
    """The database, the desk and the speaker display tell one story."""
    desk = window.desk
    with store.reading() as session:
        open_rows = session.execute(
            select(Intervention.id, Intervention.slot_id).where(
                Intervention.floor_taken_at.is_(None), Intervention.merged_into_id.is_(None)
            )
        ).all()
    assert len(open_rows) <= 1, "two people speaking"
    assert desk.live_slot is not None and desk.live_slot.id == live.id
    current = desk.current
    if open_rows:
        assert current is not None and current.id == open_rows[0].id
        assert open_rows[0].slot_id == live.id
        assert window.countdown.delegation.text() == current.delegation
        assert window.speaker_display.name.text() in {current.delegation, ""}
        assert window.countdown.caption.text() != "NOBODY HAS THE FLOOR"
    else:
        assert current is None
    following = store.speakers.upcoming(live.id, 3)
    assert [r.id for r in desk.next_up] == [r.id for r in following]
    shown_next = window.speaker_display.next_speakers_text()
    if current is not None and following:
        assert shown_next.startswith("Next: ")
        assert (following[0].nameplate or following[0].delegation) in shown_next
    if current is None and following:
        assert window.countdown.delegation.text().startswith("Next: ")


def test_a_panel_under_pressure(
    qtbot: QtBot,
    open_desk: OpenWindow,
    store: Store,
    panel: SlotView,
    clock: FakeClock,
    seeded: tuple[SlotView, SlotView],
) -> None:
    keynote, later = seeded
    window = open_desk(store)
    window.resize(1366, 768)
    window.activateWindow()
    assert window.desk.live_slot is not None and window.desk.live_slot.id == panel.id
    click_row(qtbot, window.agenda.view, agenda_row(window, panel.id))
    agree(window, store, panel)

    # The floor to the first speaker.
    press(qtbot, window, Qt.Key.Key_F5)
    first = window.desk.current
    assert first is not None
    agree(window, store, panel)

    # Browsing two other slots: the hall, the floor and F8 stay with the panel.
    for other in (keynote, later):
        click_row(qtbot, window.agenda.view, agenda_row(window, other.id))
        assert window.desk.slot is not None and window.desk.slot.id == other.id
        window.tick()
        assert window.live_banner.isVisible()
        assert panel.title in window.live_banner.text()
        agree(window, store, panel)
    press(qtbot, window, Qt.Key.Key_F3)  # back to live
    assert window.desk.slot is not None and window.desk.slot.id == panel.id
    assert not window.live_banner.isVisible()

    # A search hit in another slot, as the rapporteur.
    become(qtbot, window, Qt.Key.Key_2)
    type_into(qtbot, window.record.search.field, SEARCH_WORD)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.desk.slot is not None and window.desk.slot.id == keynote.id
    agree(window, store, panel)
    press(qtbot, window, Qt.Key.Key_F3)
    become(qtbot, window, Qt.Key.Key_1)

    # The speaker display shown: the desk keeps the keys.
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert window.speaker_display.isVisible()
    assert QApplication.activeWindow() is window
    press(qtbot, window, Qt.Key.Key_F6)  # pause: the key reaches the desk
    assert window.desk.current is not None and window.desk.current.is_paused
    press(qtbot, window, Qt.Key.Key_F6)
    agree(window, store, panel)

    # A message to the speaker, then the floor passes: the message goes with them.
    become(qtbot, window, Qt.Key.Key_3)
    type_into(qtbot, window.display_controls.message, "Two minutes")
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.speaker_display.message() == "Two minutes"
    clock.advance(70)
    become(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_F5)
    second = window.desk.current
    assert second is not None and second.id != first.id
    assert window.speaker_display.message() is None
    assert window.speaker_display.name.text() == second.delegation
    agree(window, store, panel)
    press(qtbot, window, Qt.Key.Key_P, CTRL | SHIFT)
    assert window.speaker_display.message() == "Please conclude"

    # The rapporteur types while the floor passes (at the moderator's station: the
    # rapporteur's F5 moves nothing): the sentence stays with its speaker.
    become(qtbot, window, Qt.Key.Key_2)
    press(qtbot, window, Qt.Key.Key_J, CTRL)  # notes on the one speaking, the cursor in them
    assert window.record.shown_id == second.id
    assert window.record.notes.hasFocus()
    qtbot.keyClicks(window.record.notes, "Called for shelters")
    clock.advance(50)
    press(qtbot, window, Qt.Key.Key_F5)
    assert window.desk.current is not None and window.desk.current.id == second.id
    assert "moderator's" in window.statusBar().currentMessage()
    agree(window, store, panel)
    at_the_moderators_desk(window, "give_floor")
    window.tick()
    third = window.desk.current
    assert third is not None and third.id != second.id
    qtbot.keyClicks(window.record.notes, " in every region.")
    window.record.save_notes()
    assert store.floor.intervention(second.id).notes == "Called for shelters in every region."
    assert store.floor.intervention(third.id).notes == ""
    assert window.speaker_display.message() is None  # the floor passed
    assert "Ctrl+J" in window.record.notes_heading.text()
    press(qtbot, window, Qt.Key.Key_J, CTRL)
    assert window.record.shown_id == third.id
    agree(window, store, panel)

    # The running intervention merged into the one before it: nobody holds the floor
    # twice, and the next F5 leaves exactly one speaker.
    row = window.record.model.row_of(third.id)
    assert row is not None
    click_row(qtbot, window.record.view, row)
    accept_next_dialog(qtbot)
    window.record.merge()
    window.desk.settle()
    window.tick()
    agree(window, store, panel)
    clock.advance(30)
    become(qtbot, window, Qt.Key.Key_1)
    press(qtbot, window, Qt.Key.Key_F5)
    agree(window, store, panel)

    # The type-ahead: Enter adds, Ctrl+Z undoes the addition, not the typing.
    waiting = {r.delegation for r in window.speakers.rows_waiting()}
    name = next(n for n in ("Ukraine", "Iceland", "Malta", "Monaco") if n not in waiting)
    press(qtbot, window, Qt.Key.Key_L, CTRL)
    qtbot.keyClicks(window.entry.line, name)
    press(qtbot, window, Qt.Key.Key_Return)
    added = [r for r in window.speakers.rows_waiting() if r.delegation == name]
    assert len(added) == 1
    assert window.entry.line.text() == ""
    assert window.undo_action.text() == f"Undo: Add {name} to the list"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert not [r for r in window.speakers.rows_waiting() if r.delegation == name]
    assert store.speakers.requests_with_ids([added[0].id])[0].status is RequestStatus.WITHDRAWN
    assert window.entry.line.text() == ""
    agree(window, store, panel)

    # A duplicate under another name: said beside the field, added only when confirmed.
    qtbot.keyClicks(window.entry.line, "Turkey")
    assert "Türkiye" in window.entry.hint.text()
    press(qtbot, window, Qt.Key.Key_Return)
    if "already" in window.entry.hint.text():  # Türkiye was waiting before: add it now
        press(qtbot, window, Qt.Key.Key_Return)
    count = len(window.speakers.rows_waiting())
    qtbot.keyClicks(window.entry.line, "Turkiye")  # QTest types ASCII only
    press(qtbot, window, Qt.Key.Key_Return)
    assert "already" in window.entry.hint.text()
    assert len(window.speakers.rows_waiting()) == count
    press(qtbot, window, Qt.Key.Key_Return)  # again, on purpose
    assert len(window.speakers.rows_waiting()) == count + 1
    agree(window, store, panel)

    # And F8 still ends the speaker, whatever was browsed.
    click_row(qtbot, window.agenda.view, agenda_row(window, later.id))
    press(qtbot, window, Qt.Key.Key_F8)
    assert window.desk.current is None
    agree(window, store, panel)
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert not window.speaker_display.isVisible()


def become(qtbot: QtBot, window: MainWindow, number: Qt.Key) -> None:
    """Ctrl+1, 2 or 3: this laptop changes hands, and the question is answered yes."""
    accept_next_dialog(qtbot)
    press(qtbot, window, number, CTRL)
    role = ("moderator", "rapporteur", "technician")[int(number) - int(Qt.Key.Key_1)]
    qtbot.waitUntil(lambda: window.role == role and QApplication.activeModalWidget() is None)
    window.activateWindow()  # offscreen, nobody gives the desk its activation back
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def accept_next_dialog(qtbot: QtBot) -> None:
    """Enter in the dialog about to open (its default choice), as the user would."""

    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, accept)
            return
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, accept)


def test_the_agenda_marks_the_live_slot_not_the_one_selected(
    qtbot: QtBot, seeded: tuple[SlotView, SlotView], window: MainWindow, panel: SlotView
) -> None:
    keynote, _later = seeded

    def background(slot_id: int) -> str | None:
        view = window.agenda.view
        index = view.model().index(agenda_row(window, slot_id), 1)
        colour = index.data(Qt.ItemDataRole.BackgroundRole)
        return colour.name() if colour is not None else None

    assert background(panel.id) == LIVE_SLOT_BACKGROUND
    click_row(qtbot, window.agenda.view, agenda_row(window, keynote.id))
    assert background(panel.id) == LIVE_SLOT_BACKGROUND
    assert background(keynote.id) is None
    press(qtbot, window, Qt.Key.Key_F4, SHIFT)  # make the slot shown live
    assert background(keynote.id) == LIVE_SLOT_BACKGROUND
    assert background(panel.id) is None
    assert "Live in the hall" in str(
        window.agenda.view.model()
        .index(agenda_row(window, keynote.id), 1)
        .data(Qt.ItemDataRole.ToolTipRole)
    )
