"""The window's keys: every action with its shortcut, in one place.

Made once, when the window is built (``_create_actions``), as attributes of the window:
the menus (menus.py), the buttons of the floor and the roles' keys (role_keys.py) all
take them from there. What the keys do is the desk's or the window's; here is only which
key does what, and where it works (the whole window, or one view).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTableView, QWidget

from db.meeting.vocabulary import InterventionKind
from desktop import settings as options
from desktop.domain.roles import Role

if TYPE_CHECKING:
    from desktop.qt.desk.agenda_pane import AgendaPane
    from desktop.qt.desk.desk import Desk
    from desktop.qt.desk.request_entry import RequestEntry
    from desktop.qt.desk.speakers_pane import SpeakersPane
    from desktop.qt.display.output_state import OutputState
    from desktop.qt.record.record_workspace import RecordWorkspace
    from desktop.qt.technician.video_statement import VideoStatements
    from desktop.services.sound import Chimes
    from desktop.settings import Settings

ROLES = tuple(role.value for role in Role)
ROLE_TITLES = {role.value: role.label for role in Role}


class WindowKeys(QMainWindow):
    """The main window's actions (a base of desktop.qt.main_window.MainWindow)."""

    # What the keys act on, set by the window before it makes them.
    desk: Desk
    settings: Settings
    chimes: Chimes
    agenda: AgendaPane
    speakers_pane: SpeakersPane
    speakers_view: QTableView
    entry: RequestEntry
    record: RecordWorkspace
    outputs: OutputState
    videos: VideoStatements

    if TYPE_CHECKING:  # the window's own commands, which some keys call

        def edit_policy(self) -> None: ...
        def import_requests(self) -> None: ...
        def import_agenda(self) -> None: ...
        def export_record(self) -> None: ...
        def load_demo(self) -> None: ...
        def make_live(self) -> None: ...
        def ask_volume(self) -> None: ...
        def show_shortcuts(self) -> None: ...
        def toggle_display(self) -> None: ...
        def show_conclude(self) -> None: ...
        def toggle_blank(self) -> None: ...
        def choose_role(self, role: str) -> None: ...
        def attach_video_to_selected(self) -> None: ...
        def _on_mute(self) -> None: ...

    @staticmethod
    def keys_of(action: QAction) -> str:
        return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)

    def _action(
        self,
        text: str,
        keys: str | QKeySequence.StandardKey,
        slot: object,
        *,
        scope: QWidget | None = None,
    ) -> QAction:
        """An action with its keys; ``scope``: the keys work only with focus in that view."""
        action = QAction(text, self)
        shortcut = QKeySequence(keys)
        action.setShortcut(shortcut)
        key_text = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{text} ({key_text})" if key_text else text)
        action.triggered.connect(slot)
        if scope is None:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            scope.addAction(action)
        return action

    def _create_actions(self) -> None:
        desk = self.desk
        nudge = self.settings.get(options.NUDGE_SECONDS)
        self.give_next_action = self._action("Next speaker", "F5", lambda: desk.give_floor())
        self.give_selected_action = self._action(
            "Give the floor to the selected request",
            "Ctrl+Return",
            self.speakers_pane.give_floor_to_selected,
        )
        self.pause_action = self._action("Pause / resume", "F6", desk.pause_or_resume)
        self.take_back_action = self._action("Take the floor back", "F8", desk.take_floor_back)
        self.audio_lost_action = self._action("Audio lost / back", "F9", desk.audio_lost_or_back)
        self._create_video_actions()
        self.more_time_action = self._action(f"+{nudge} s", "Ctrl+=", lambda: desk.add_time(nudge))
        self.less_time_action = self._action(f"−{nudge} s", "Ctrl+-", lambda: desk.add_time(-nudge))
        # Every keyboard: "+" is Ctrl and "+" in Vienna, Ctrl+Shift+= in New York; and the
        # keypad (a bare keypad key still types into a text box that has the focus).
        keypad = Qt.KeyboardModifier.KeypadModifier
        control = Qt.KeyboardModifier.ControlModifier
        self.more_time_action.setShortcuts(
            [
                QKeySequence("Ctrl+="),
                QKeySequence("Ctrl++"),
                QKeySequence("Ctrl+Shift+="),
                QKeySequence("Ctrl+Shift++"),
                QKeySequence(QKeyCombination(control | keypad, Qt.Key.Key_Plus)),
                QKeySequence(QKeyCombination(keypad, Qt.Key.Key_Plus)),
            ]
        )
        self.less_time_action.setShortcuts(
            [
                QKeySequence("Ctrl+-"),
                QKeySequence(QKeyCombination(control | keypad, Qt.Key.Key_Minus)),
                QKeySequence(QKeyCombination(keypad, Qt.Key.Key_Minus)),
            ]
        )
        self.focus_entry_action = self._action(
            "Add a request", "Ctrl+L", lambda: self.entry.line.setFocus()
        )
        self.move_up_action = self._action(
            "Move up", "Alt+Up", lambda: self.speakers_pane.move_selected(-1)
        )
        self.move_down_action = self._action(
            "Move down", "Alt+Down", lambda: self.speakers_pane.move_selected(+1)
        )
        self.withdraw_action = self._action(
            "Withdraw the request",
            "Del",
            self.speakers_pane.withdraw_selected,
            scope=self.speakers_view,
        )
        pane = self.speakers_pane
        self.absent_action = self._action(
            "Not present / back", "Alt+N", pane.toggle_selected_absent, scope=self.speakers_view
        )
        self.accept_late_action = self._action(
            "Accept the late request", "Alt+Y", lambda: pane.decide_selected_late(True)
        )
        self.refuse_late_action = self._action(
            "Turn down the late request", "Alt+Shift+Y", lambda: pane.decide_selected_late(False)
        )
        self.release_action = self._action(
            "Back to the ordering rules", "Alt+R", pane.release_selected
        )
        self.policy_action = self._action(
            "Ordering rules of the list…", "Ctrl+Shift+O", self.edit_policy
        )
        self.import_requests_action = self._action(
            "Import requests (e-mail, Zoom, registration, questions)…",
            "Ctrl+Shift+I",
            self.import_requests,
        )
        agenda_view = self.agenda.view
        self.add_slot_action = self._action(
            "Add a slot…", "Ins", self.agenda.add_slot, scope=agenda_view
        )
        self.edit_slot_action = self._action(
            "Edit the slot…", "F2", self.agenda.edit_selected_slot, scope=agenda_view
        )
        self.delete_slot_action = self._action(
            "Delete the slot…", "Del", self.agenda.delete_selected_slot, scope=agenda_view
        )
        self.slot_earlier_action = self._action(
            "Move the slot 5 min earlier",
            "Alt+Shift+Up",
            lambda: self.agenda.move_selected_slot(-5),
            scope=agenda_view,
        )
        self.slot_later_action = self._action(
            "Move the slot 5 min later",
            "Alt+Shift+Down",
            lambda: self.agenda.move_selected_slot(+5),
            scope=agenda_view,
        )
        self.set_limit_action = self._action(
            "Set the speaking time of the request…", "Ctrl+T", self.speakers_pane.ask_selected_limit
        )
        self.close_list_action = self._action(
            "Close / reopen the list of speakers", "Ctrl+K", desk.close_list
        )
        self.follow_clock_action = self._action(
            "Follow the clock (go to the slot of the hour)", "F4", lambda: desk.follow_clock()
        )
        self.follow_clock_action.setCheckable(True)
        self.make_live_action = self._action(
            "Make the slot shown live in the hall", "Shift+F4", self.make_live
        )
        self.show_live_action = self._action(
            "Back to the live slot", "F3", lambda: desk.show_live()
        )
        self.jump_to_live_action = self._action(
            "Notes on the live intervention", "Ctrl+J", self.record.jump_to_live
        )
        self.point_of_order_action = self._action(
            "Point of order for the delegation typed",
            "Alt+O",
            lambda: self.entry.submit(kind=InterventionKind.POINT_OF_ORDER),
        )
        self.right_of_reply_action = self._action(
            "Right of reply for the delegation typed",
            "Alt+Shift+R",
            lambda: self.entry.submit(kind=InterventionKind.RIGHT_OF_REPLY),
        )
        self.mute_action = self._action("Mute the chimes", "Ctrl+M", self._on_mute)
        self.mute_action.setCheckable(True)
        self.mute_action.setChecked(self.chimes.muted)
        self.volume_action = self._action("Chime volume…", "", self.ask_volume)
        self.shortcuts_action = self._action(
            "Keyboard shortcuts", QKeySequence.StandardKey.HelpContents, self.show_shortcuts
        )
        self.undo_action = desk.undo_stack.createUndoAction(self, "Undo:")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = desk.undo_stack.createRedoAction(self, "Redo:")
        # Through the desk, which asks the station's role first (the stack's own would not).
        for action, through_desk in ((self.undo_action, desk.undo), (self.redo_action, desk.redo)):
            action.triggered.disconnect()
            action.triggered.connect(through_desk)
        redo_keys = [QKeySequence("Ctrl+Shift+Z")]  # on every platform, beside its own
        for keys in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
            if keys not in redo_keys:
                redo_keys.append(keys)  # twice the same keys would make both ambiguous
        self.redo_action.setShortcuts(redo_keys)
        self.addActions([self.undo_action, self.redo_action])
        self.quit_action = self._action("Quit", QKeySequence.StandardKey.Quit, self.close)
        self.demo_action = self._action("Load the demo conference", "", self.load_demo)
        self.export_action = self._action("Export the record…", "Ctrl+Shift+E", self.export_record)
        self.import_action = self._action("Import an agenda…", "Ctrl+I", self.import_agenda)
        self.display_action = self._action(
            "Show / hide the speaker display", "Ctrl+D", self.toggle_display
        )
        self.conclude_action = self._action(
            "“Please conclude” on the speaker display", "Ctrl+Shift+P", self.show_conclude
        )
        self.clear_message_action = self._action(
            "Take the message off the speaker display",
            "Ctrl+Shift+Backspace",
            lambda: self.outputs.set_message(None),
        )
        self.blank_action = self._action("Blank the speaker display", "Ctrl+B", self.toggle_blank)

        self.role_group = QActionGroup(self)
        self.role_actions: dict[str, QAction] = {}
        for number, role in enumerate(ROLES, start=1):
            action = self._action(
                ROLE_TITLES[role], f"Ctrl+{number}", lambda _=False, r=role: self.choose_role(r)
            )
            action.setCheckable(True)
            self.role_group.addAction(action)
            self.role_actions[role] = action

    def _create_video_actions(self) -> None:
        """The technician's keys for a video statement (the Video menu and the cues)."""
        videos = self.videos
        self.video_play_action = self._action("Play / pause the video", "F7", videos.play_or_pause)
        self.video_back_action = self._action("Back 10 s", "Alt+Left", lambda: videos.back())
        self.video_restart_action = self._action("Restart the video", "Alt+Home", videos.restart)
        self.video_stop_action = self._action("Stop the video", "Alt+End", videos.stop)
        self.attach_video_action = self._action(
            "Attach a video statement…", "Ctrl+Shift+V", self.attach_video_to_selected
        )
