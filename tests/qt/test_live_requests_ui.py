"""The desk with requests from everywhere: nameplates, the review list, Zoom, imports."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import URL

from db.meeting.drafts import RequestDraft
from db.meeting.ordering import Policy, Rule
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import Channel, RequestSource, RequestStatus
from db.store import Store
from desktop.domain.clock import FakeClock
from desktop.qt.desk.item_models import REQUEST_MIME
from desktop.qt.desk.nameplate_models import PLACE_ROLE
from desktop.qt.imports.requests_import_dialog import RequestsImportDialog
from desktop.qt.main_window import MainWindow
from desktop.requests_import.mail_import import MailImport, import_mail
from desktop.requests_import.outcome import Outcome, RawMessage
from tests.requests_import import mails


def plate_row(window: MainWindow, name: str) -> int:
    grid = window.nameplates
    for row in range(grid.proxy.rowCount()):
        index = grid.proxy.index(row, 0)
        if index.data(Qt.ItemDataRole.DisplayRole) == name:
            return row
    raise AssertionError(name)


def test_a_nameplate_click_adds_the_delegation(
    qtbot: QtBot, window: MainWindow, panel: SlotView
) -> None:
    waiting = len(window.speakers.rows_waiting())
    row = plate_row(window, "Iceland")
    view = window.nameplates.view
    rect = view.visualRect(window.nameplates.proxy.index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    requests = window.speakers.rows_waiting()  # at once; the nameplates at the later moment
    window.desk.settle()
    assert len(requests) == waiting + 1
    assert (requests[-1].delegation, requests[-1].source) == ("Iceland", RequestSource.HALL)
    index = window.nameplates.proxy.index(row, 0)
    assert index.data(PLACE_ROLE) == waiting + 1
    window.desk.undo_stack.undo()
    assert len(window.speakers.rows_waiting()) == waiting
    window.desk.settle()
    assert window.nameplates.proxy.index(row, 0).data(PLACE_ROLE) is None


def test_not_present_and_back(window: MainWindow) -> None:
    first = window.speakers.rows_waiting()[0]
    window.speakers_pane.select_request(first.id)
    window.absent_action.trigger()
    row = window.speakers.rows_waiting()[0]
    assert row.id == first.id and row.is_absent
    assert "not present" in window.speakers.state_of(row)
    window.desk.give_floor()
    assert window.desk.current is not None and window.desk.current.floor_request_id != first.id
    window.desk.undo_stack.undo()  # the floor
    window.desk.undo_stack.undo()  # not present
    assert not window.speakers.rows_waiting()[0].is_absent


def test_drag_and_drop_moves_and_pins(window: MainWindow) -> None:
    model = window.speakers
    ids = [r.id for r in model.rows_waiting()]
    data = model.mimeData([model.index(3, 0)])
    assert data.hasFormat(REQUEST_MIME)
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    moved = model.rows_waiting()
    assert [r.id for r in moved][:2] == [ids[3], ids[0]]
    assert moved[0].pinned and "moved by hand" in model.state_of(moved[0])
    assert not model.dropMimeData(QMimeData(), Qt.DropAction.MoveAction, 0, 0, QModelIndex())
    window.speakers_pane.select_request(ids[3])
    window.release_action.trigger()
    assert [r.id for r in model.rows_waiting()] == ids


def test_the_ordering_rules_reorder_and_undo(window: MainWindow, panel: SlotView) -> None:
    before = [r.id for r in window.speakers.rows_waiting()]
    window.desk.set_policy(Policy((Rule.GROUP_PRECEDENCE,)))
    groups = [r.group for r in window.speakers.rows_waiting()]
    ranks = [
        ["participating_state", "partner_for_cooperation"].index(g)
        if g in ("participating_state", "partner_for_cooperation")
        else 2
        for g in groups
    ]
    assert ranks == sorted(ranks)
    window.desk.undo_stack.undo()
    assert [r.id for r in window.speakers.rows_waiting()] == before


def test_a_late_request_is_accepted_with_a_key(
    window: MainWindow, store: Store, panel: SlotView, conference_id: int
) -> None:
    late = [r for r in window.speakers.rows() if r.status is RequestStatus.LATE]
    assert late, "the demo has a late request on Panel 1"
    window.speakers_pane.select_request(late[0].id)
    window.accept_late_action.trigger()
    assert late[0].id in [r.id for r in window.speakers.rows_waiting()]
    window.desk.undo_stack.undo()
    assert late[0].id not in [r.id for r in window.speakers.rows_waiting()]


def test_the_review_list_accepts_a_message(
    window: MainWindow, store: Store, panel: SlotView, conference_id: int, clock: FakeClock
) -> None:
    plan = MailImport.for_conference(store, conference_id)
    raw = RawMessage(mails.plain("Hello, may we speak?", message_id="<r@x>"), "m")
    [outcome] = import_mail(store, plan, [raw], now=clock.now)
    assert outcome.outcome is Outcome.REVIEW
    window.desk.settle()
    pane = window.review
    assert pane.model.rowCount() == 1
    assert "may we speak" in pane.original.toPlainText()
    pane.delegation.setCurrentIndex(pane.delegation.findText("Malta"))
    pane.slot.setCurrentIndex(pane.slot.findData(panel.id))
    pane.speaker.setText("Joseph Borg")
    pane.accept_selected()
    window.desk.settle()
    assert pane.model.rowCount() == 0
    assert "Malta" in [r.delegation for r in window.speakers.rows_waiting()]
    window.desk.undo_stack.undo()
    window.desk.settle()
    assert pane.model.rowCount() == 1
    assert "Malta" not in [r.delegation for r in window.speakers.rows_waiting()]


def test_another_station_s_change_shows_within_a_second(
    qtbot: QtBot, window: MainWindow, store_url: URL, panel: SlotView, clock: FakeClock
) -> None:
    other = Store.open(store_url, station="rapporteur")
    try:
        malta = next(d.id for d in other.delegations.all() if d.name == "Malta")
        other.speakers.add(panel.id, RequestDraft(malta), clock.now())
        qtbot.waitUntil(
            lambda: "Malta" in [r.delegation for r in window.speakers.rows_waiting()], timeout=3000
        )
    finally:
        other.close()


def test_the_import_dialog_files_an_mbox_without_blocking(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    box = tmp_path / "requests.mbox"
    box.write_bytes(
        mails.mbox(
            mails.plain("Malta asks for the floor in Panel 1.", message_id="<a@mt>"),
            mails.plain("Hello", message_id="<b@x>"),
        )
    )
    dialog = RequestsImportDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.source.setText(str(box))
    dialog.start(dry_run=True)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=20000)
    assert dialog.summary.text().startswith("Preview — nothing changed: 2 read")
    assert "Malta" not in [r.delegation for r in window.speakers.rows_waiting()]
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=5000)
    dialog.start(dry_run=False)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Imported"), timeout=20000)
    assert dialog.progress.value() == 2
    assert "Malta" in [r.delegation for r in window.speakers.rows_waiting()]
    qtbot.waitUntil(lambda: window.review.model.rowCount() == 1)  # at the later moment
    dialog.done(0)


def test_the_zoom_chat_file_is_followed(
    window: MainWindow, store: Store, panel: SlotView, tmp_path: Path, clock: FakeClock
) -> None:
    chat = tmp_path / "meeting_saved_chat.txt"
    chat.write_text("11:40:00\t From  Tech  to  Everyone : Welcome\n", encoding="utf-8")
    zoom = window.zoom
    zoom.follow(chat)
    assert zoom.proposals.rowCount() == 0
    with chat.open("a", encoding="utf-8") as handle:
        handle.write(
            "11:41:10 From Keiko Tanaka (Japan) to Everyone:\n\tJapan requests the floor\n"
        )
        handle.write("11:41:30 From Host to Everyone:\n\tthanks\n")
    day = panel.starts_at.date()
    assert zoom.poll_chat(day) == 1
    window.desk.settle()
    assert zoom.proposals.rowCount() == 1
    zoom.chat.setCurrentIndex(zoom.proposals.index(0, 0))
    zoom.confirm_selected()
    japan = [r for r in window.speakers.rows_waiting() if r.delegation == "Japan"]
    assert japan and japan[-1].channel is Channel.REMOTE
    window.desk.undo_stack.undo()  # back among the chat proposals, off the list
    window.desk.settle()
    assert zoom.proposals.rowCount() == 1
    assert japan[-1].id not in [r.id for r in window.speakers.rows_waiting()]
    zoom.poll_timer.stop()


def test_undo_and_redo_survive_a_restart(
    open_desk: Callable[[Store], MainWindow], store: Store, panel: SlotView
) -> None:
    window = open_desk(store)
    window.choose_slot(panel.id)
    ids = [r.id for r in window.speakers.rows_waiting()]
    window.desk.move_request(ids[2], 0)
    window.desk.withdraw_request(ids[1])
    window.desk.give_floor()
    window.desk.undo_stack.undo()  # the floor is not given after all
    assert window.desk.current is None
    moved = [r.id for r in window.speakers.rows_waiting()]
    window.close()

    again = open_desk(store)
    again.choose_slot(panel.id)
    stack = again.desk.undo_stack
    assert (stack.count(), stack.index()) == (3, 2)
    assert stack.redoText().startswith("Give the floor to ") and stack.undoText().startswith(
        "Withdraw "
    )
    assert [r.id for r in again.speakers.rows_waiting()] == moved
    stack.redo()
    assert again.desk.current is not None
    stack.undo()
    stack.undo()  # the withdrawal
    stack.undo()  # the move
    assert [r.id for r in again.speakers.rows_waiting()] == ids
    again.desk.withdraw_request(ids[0])  # a new step drops the undone ones
    again.close()
    third = open_desk(store)
    assert (third.desk.undo_stack.count(), third.desk.undo_stack.index()) == (1, 1)


def test_a_registration_table_gets_a_column_mapping_step(
    qtbot: QtBot, window: MainWindow, store: Store, conference_id: int, tmp_path: Path
) -> None:
    table = tmp_path / "registration.csv"
    table.write_text(
        "E-mail;Participant;Organization;Attending\n"
        "anna@bmeia.example.at;Anna Weber;Austria;in person\n",
        encoding="utf-8",
    )
    dialog = RequestsImportDialog(window.desk, window)
    qtbot.addWidget(dialog)
    dialog.source.setText(str(table))
    dialog.show_mapping()
    box = dialog.mapping_box
    assert box is not None and "registration export" in box.title()
    mapping = box.mapping()
    assert mapping["email"] == 0 and mapping["organization"] == 2
    box.set_mapping({**mapping, "name": 1})
    dialog.start(dry_run=False)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Imported"), timeout=20000)
    assert store.participants.registered_count(conference_id) == 1
    dialog.done(0)
