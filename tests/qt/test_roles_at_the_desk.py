"""Each station's role, at the real window driven by keys: the keys of another role are
disabled and say why, a key pressed anyway is refused in one sentence and writes
nothing, and the role changes only when asked for and confirmed."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import Channel, RequestSource, RequestStatus
from db.models import Intervention, JournalEntry
from db.store import Store
from desktop import settings as options
from desktop.qt.main_window import MainWindow
from tests.qt.acting import press

CTRL = Qt.KeyboardModifier.ControlModifier
GIVING = "Giving the floor is the moderator's: this station is the rapporteur's."


def answer_next_question(qtbot: QtBot, key: Qt.Key) -> None:
    """Enter (its default) or Escape in the question about to open."""

    def answer() -> None:
        box = next(
            (
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()
            ),
            None,
        )
        if box is None:
            QTimer.singleShot(10, answer)
            return
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, answer)


def journal_length(store: Store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count(JournalEntry.id))) or 0


def open_interventions(store: Store, slot_id: int) -> int:
    with store.reading() as session:
        return (
            session.scalar(
                select(func.count(Intervention.id)).where(
                    Intervention.slot_id == slot_id, Intervention.floor_taken_at.is_(None)
                )
            )
            or 0
        )


def test_a_rapporteurs_f5_is_refused_and_nothing_is_written(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView
) -> None:
    window.apply_role("rapporteur")
    assert not window.give_next_action.isEnabled()
    assert window.give_next_action.toolTip() == GIVING
    assert window.give_next_action.statusTip() == GIVING
    assert not window.take_back_action.isEnabled()
    assert window.record.notes.isVisible()
    written = journal_length(store)
    window.activateWindow()
    window.record.notes.setEnabled(True)
    window.record.notes.setFocus()
    press(qtbot, window, Qt.Key.Key_F5)  # typing notes, the rapporteur reaches for F5
    assert open_interventions(store, panel.id) == 0
    assert journal_length(store) == written
    assert window.statusBar().currentMessage() == GIVING
    press(qtbot, window, Qt.Key.Key_F8)
    assert "moderator's" in window.statusBar().currentMessage()
    # However it is asked for (a pane's button, the control API): the desk refuses.
    window.desk.give_floor()
    assert open_interventions(store, panel.id) == 0 and journal_length(store) == written


def test_the_moderators_keys_work_and_the_records_do_not(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView
) -> None:
    assert window.role == "moderator"
    assert window.give_next_action.isEnabled()
    assert not window.jump_to_live_action.isEnabled()
    assert "rapporteur's" in window.jump_to_live_action.toolTip()
    press(qtbot, window, Qt.Key.Key_F5)
    assert open_interventions(store, panel.id) == 1
    current = window.desk.current
    assert current is not None
    written = journal_length(store)
    window.desk.save_notes(current.id, "A moderator's aside.", based_on="")
    assert store.floor.intervention(current.id).notes == ""
    assert journal_length(store) == written
    assert "Writing the notes is the rapporteur's" in window.statusBar().currentMessage()


def test_the_technician_adds_and_undoes_remote_requests_only(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView
) -> None:
    window.apply_role("technician")
    austria = next(d.id for d in store.delegations.all() if d.name == "Austria")
    remote = RequestDraft(austria, channel=Channel.REMOTE, source=RequestSource.ZOOM_HAND)
    added = window.desk.add_request(remote, slot_id=panel.id)
    assert added is not None
    hall = window.desk.add_request(RequestDraft(austria), slot_id=panel.id)
    assert hall is None
    assert "moderator's" in window.statusBar().currentMessage()
    assert not window.move_up_action.isEnabled() and not window.give_next_action.isEnabled()
    assert window.video_play_action.isEnabled() and window.display_action.isEnabled()
    window.undo_action.trigger()  # the technician's own addition, undone
    assert [r.status for r in store.speakers.requests_with_ids([added])] == [
        RequestStatus.WITHDRAWN
    ]


def test_an_undo_of_another_roles_change_is_refused_and_stays_on_the_stack(
    qtbot: QtBot, window: MainWindow, store: Store, panel: SlotView
) -> None:
    press(qtbot, window, Qt.Key.Key_F5)  # as the moderator
    given = window.desk.current
    assert given is not None
    window.apply_role("rapporteur")  # the same laptop, handed to the rapporteur
    index = window.desk.undo_stack.index()
    window.undo_action.trigger()
    assert window.desk.undo_stack.index() == index
    assert store.floor.current(panel.id) is not None
    assert window.statusBar().currentMessage().endswith("this station is the rapporteur's.")
    window.apply_role("moderator")
    window.undo_action.trigger()
    assert store.floor.current(panel.id) is None


def test_the_role_changes_only_when_confirmed(
    qtbot: QtBot, window: MainWindow, settings: options.Settings
) -> None:
    answer_next_question(qtbot, Qt.Key.Key_Escape)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(
        lambda: (
            not any(
                isinstance(w, QMessageBox) for w in QApplication.topLevelWidgets() if w.isVisible()
            )
        )
    )
    assert window.role == "moderator" and window.role_actions["moderator"].isChecked()
    assert window.give_next_action.isEnabled()
    answer_next_question(qtbot, Qt.Key.Key_Return)
    press(qtbot, window, Qt.Key.Key_2, CTRL)
    qtbot.waitUntil(lambda: window.role == "rapporteur")
    assert window.role_actions["rapporteur"].isChecked()
    assert not window.give_next_action.isEnabled()
    assert "Rapporteur" in window.windowTitle()
    assert settings.get(options.ROLE) == "rapporteur"
    assert "now the rapporteur's" in window.statusBar().currentMessage()


def test_a_change_the_database_user_may_not_make_is_one_sentence(window: MainWindow) -> None:
    """A station whose database user lacks the grant (README: the database roles) is told
    so in one sentence, not "Internal error"."""
    from sqlalchemy.exc import ProgrammingError

    from desktop.qt.app import _report_bug

    class InsufficientPrivilege(Exception):
        sqlstate = "42501"

    error = ProgrammingError(
        "UPDATE floor_request …", {}, InsufficientPrivilege("permission denied")
    )
    _report_bug(window)(ProgrammingError, error, None)
    assert window.statusBar().currentMessage().startswith("The database refused the change:")
