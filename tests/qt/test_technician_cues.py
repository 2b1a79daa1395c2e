"""The technician's cues in the real window: whom to unmute in Zoom, whom to prepare, the
readiness board, and "audio lost" (F9) at the technician's and the moderator's desk, with
the gap in the journal and the exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import Channel, RequestSource, RequestStatus
from db.people.participants import Participant
from desktop.domain.clock import FakeClock
from desktop.domain.conference_time import hms
from desktop.qt.main_window import MainWindow
from desktop.record_export import ExportRequest, render
from tests.qt.acting import at_the_moderators_desk

UNODC = "United Nations Office on Drugs and Crime"


def add_request(
    window: MainWindow, panel: SlotView, delegation: str, speaker: str, channel: Channel
) -> int:
    store = window.desk.store
    delegation_id = next(d.id for d in store.delegations.all() if d.name == delegation)
    request_id = store.speakers.add(
        panel.id,
        RequestDraft(
            delegation_id=delegation_id,
            channel=channel,
            source=RequestSource.ZOOM_HAND,
            speaker=speaker,
        ),
        window.desk.clock.now(),
    )
    window.desk.settle()
    return request_id


def empty_list(window: MainWindow, panel: SlotView) -> None:
    """The demo's advance requests withdrawn: the list holds only the test's speakers."""
    store = window.desk.store
    for request in store.speakers.waiting(panel.id):
        store.speakers.set_status(request.id, RequestStatus.WITHDRAWN)
    window.desk.settle()


def in_the_meeting(window: MainWindow, name: str, delegation: str | None) -> None:
    store, conference = window.desk.store, window.desk.conference
    assert conference is not None
    store.participants.add_remote(conference.id, [Participant(name)])
    person = next(p for p in store.participants.remote(conference.id) if p.name == name)
    if delegation is not None:
        delegation_id = next(d.id for d in store.delegations.all() if d.name == delegation)
        store.participants.link(person.id, delegation_id)


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    if QApplication.activeWindow() is not window:
        window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key)
    window.desk.settle()


def test_the_floor_to_a_remote_speaker_cues_the_technician_to_unmute_them(
    qtbot: QtBot, qtmodeltester: ModelTester, window: MainWindow, panel: SlotView
) -> None:
    empty_list(window, panel)
    window.apply_role("technician")
    cues = window.technician_cues
    assert cues.isVisible() and window.dock_of(window.zoom).isVisible()
    in_the_meeting(window, "AWeber-AT", "Austria")
    in_the_meeting(window, "Kenji Sato", None)
    in_the_meeting(window, "UNODC Vienna", UNODC)
    austria = add_request(window, panel, "Austria", "Anna Weber", Channel.REMOTE)
    add_request(window, panel, "Germany", "Jonas Keller", Channel.HALL)
    japan = add_request(window, panel, "Japan", "Kenji Sato", Channel.REMOTE)
    unodc = add_request(window, panel, UNODC, "", Channel.VIDEO)
    window.desk.store_media.attach_video(unodc, "/srv/videos/unodc.mp4", 95_000)
    cues.refresh()
    # Before the floor: the next remote speaker is the one to prepare.
    assert cues.next_cue.text() == (
        "Next remote: Anna Weber (Austria) — make “AWeber-AT” a panellist and ask them to "
        "unmute when called."
    )

    at_the_moderators_desk(window, "give_floor", austria)
    qtbot.waitUntil(lambda: cues.cue.text().startswith("Unmute"))
    assert cues.cue.text() == "Unmute Anna Weber (Austria) in Zoom — shown in Zoom as “AWeber-AT”."
    assert cues.next_cue.text() == (
        "Next remote: Kenji Sato (Japan) — make “Kenji Sato” a panellist and ask them to "
        "unmute when called."
    )
    # The board: the next three remote speakers (the hall's Germany is not one of them).
    board = cues.board_model
    rows = [
        [board.index(r, c).data() for c in range(board.columnCount())]
        for r in range(board.rowCount())
    ]
    japan_row = ["Kenji Sato (Japan)", "✓", "—", "—", ""]
    unodc_row = [f"{UNODC} (video)", "✓", "—", "✓", "✓ unodc.mp4"]
    assert rows[:2] == [japan_row, unodc_row]
    assert board.index(0, 0).data(Qt.ItemDataRole.UserRole) == japan
    qtmodeltester.check(board)
    assert board.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Zoom name: Kenji Sato"

    at_the_moderators_desk(window, "give_floor", japan)
    qtbot.waitUntil(lambda: "Kenji Sato (Japan)" in cues.cue.text())
    assert cues.next_cue.text() == "No remote speaker waits on the list."
    at_the_moderators_desk(window, "give_floor", unodc)
    qtbot.waitUntil(lambda: cues.cue.text() == f"Play the video statement of {UNODC}.")


def test_a_speaker_not_found_in_zoom_is_said_so(
    qtbot: QtBot, window: MainWindow, panel: SlotView
) -> None:
    empty_list(window, panel)
    window.apply_role("technician")
    austria = add_request(window, panel, "Austria", "Anna Weber", Channel.REMOTE)
    at_the_moderators_desk(window, "give_floor", austria)
    cues = window.technician_cues
    qtbot.waitUntil(lambda: cues.cue.text().startswith("Unmute"))
    assert cues.cue.text() == (
        "Unmute Anna Weber (Austria) in Zoom — not found among the participants: "
        "look for them by name."
    )
    assert cues.board_model.rowCount() == 0


def test_audio_lost_at_the_moderators_and_the_technicians_desk_marks_the_gap(
    qtbot: QtBot, window: MainWindow, panel: SlotView, clock: FakeClock, tmp_path: Path
) -> None:
    desk = window.desk
    empty_list(window, panel)
    in_the_meeting(window, "AWeber-AT", "Austria")
    austria = add_request(window, panel, "Austria", "Anna Weber", Channel.REMOTE)
    assert window.audio_lost_action in window.menuBar().actions()[2].menu().actions()
    desk.give_floor(austria)
    given = clock.now()
    clock.advance(40)
    press(qtbot, window, Qt.Key.Key_F9)  # the moderator's desk
    current = desk.current
    assert current is not None and current.is_paused and desk.audio_lost
    window.tick()
    assert window.countdown.isVisible()

    window.apply_role("technician")
    cues = window.technician_cues
    qtbot.waitUntil(lambda: cues.cue.text().startswith("Audio lost — Unmute Anna Weber"))
    clock.advance(35)
    press(qtbot, window, Qt.Key.Key_F9)  # the technician's: audio back
    current = desk.current
    assert current is not None and not current.is_paused and not desk.audio_lost
    qtbot.waitUntil(lambda: cues.cue.text().startswith("Unmute Anna Weber"))
    clock.advance(60)
    window.apply_role("moderator")  # the technician's F8 would be refused
    press(qtbot, window, Qt.Key.Key_F8)
    assert [e.action for e in desk.store.journal_since(0)][-3:] == [
        Action.FLOOR_AUDIO_LOST,
        Action.FLOOR_AUDIO_BACK,
        "floor.take_back",
    ]

    zone = desk.zone
    lost, back = given + timedelta(seconds=40), given + timedelta(seconds=75)
    gap = f"{hms(lost, zone)}–{hms(back, zone)} (0:35)"
    conference = desk.conference
    assert conference is not None
    content = render(desk.store, ExportRequest("csv", tmp_path / "r.csv", conference.id))
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["Audio lost"])
    assert (row["Delegation"], row["Audio lost"], row["Duration (s)"]) == ("Austria", gap, "100")
    document = Document(
        io.BytesIO(render(desk.store, ExportRequest("docx", tmp_path / "r.docx", conference.id)))
    )
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert any(f"Audio lost {gap}" in text for text in cells)


def test_audio_lost_with_nobody_speaking_is_said(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, window, Qt.Key.Key_F9)
    assert window.statusBar().currentMessage() == "Nobody has the floor."
