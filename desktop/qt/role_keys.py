"""The window's keys for this station's role: another role's are disabled and say why.

Which action changes what is written here once, in the words of desktop/domain/roles.py;
the desk refuses the same changes however they are asked for (a pane's button, the
control API), so a disabled key is a courtesy, not the guard. A key of another role
pressed anyway is told in the status bar ("Giving the floor is the moderator's: this
station is the rapporteur's."), never silently swallowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.domain.roles import Area, Role, area_of_request, change_of_role, refusal

if TYPE_CHECKING:
    from desktop.qt.menus import MenuWindow

# (areas, what the action does when it says more than its area)
Guarded = tuple[tuple[Area, ...], str]


def guarded_actions(window: MenuWindow) -> dict[QAction, Guarded]:
    """Every action of the window that changes something, with what it changes."""
    floor, listing, agenda = (Area.FLOOR,), (Area.LIST,), (Area.AGENDA,)
    outputs, video = (Area.OUTPUTS,), (Area.VIDEO,)
    adding = area_of_request(remote=True)  # the technician adds remote requests
    w = window
    table: dict[QAction, Guarded] = {
        w.give_next_action: (floor, "giving the floor"),
        w.give_selected_action: (floor, "giving the floor"),
        w.pause_action: (floor, "pausing the countdown"),
        w.take_back_action: (floor, "taking the floor back"),
        w.more_time_action: (floor, "changing the speaking time"),
        w.less_time_action: (floor, "changing the speaking time"),
        w.audio_lost_action: ((Area.FLOOR, Area.VIDEO), "marking the sound lost"),
        w.focus_entry_action: (adding, "adding to the list of speakers"),
        w.point_of_order_action: (adding, "adding to the list of speakers"),
        w.right_of_reply_action: (adding, "adding to the list of speakers"),
        w.move_up_action: (listing, "moving a request"),
        w.move_down_action: (listing, "moving a request"),
        w.withdraw_action: (listing, "withdrawing a request"),
        w.absent_action: (listing, ""),
        w.accept_late_action: (listing, ""),
        w.refuse_late_action: (listing, ""),
        w.release_action: (listing, ""),
        w.policy_action: (listing, "the list's ordering rules"),
        w.set_limit_action: (listing, "a request's speaking time"),
        w.close_list_action: (listing, "closing the list"),
        w.import_requests_action: (listing, "importing requests"),
        w.add_slot_action: (agenda, ""),
        w.edit_slot_action: (agenda, ""),
        w.delete_slot_action: (agenda, ""),
        w.slot_earlier_action: (agenda, ""),
        w.slot_later_action: (agenda, ""),
        w.import_action: (agenda, "importing an agenda"),
        w.demo_action: (agenda, "loading the demo conference"),
        w.jump_to_live_action: ((Area.RECORD,), "writing the notes"),
        w.display_action: (outputs, "the speaker display"),
        w.conclude_action: (outputs, "the speaker display"),
        w.clear_message_action: (outputs, "the speaker display"),
        w.blank_action: (outputs, "the speaker display"),
        w.live_pages.serve_action: (outputs, "serving the live pages"),
        w.display_qr.action: (outputs, "the speaker display"),
        w.video_play_action: (video, ""),
        w.video_back_action: (video, ""),
        w.video_restart_action: (video, ""),
        w.video_stop_action: (video, ""),
        w.attach_video_action: (video, ""),
    }
    return table


class RoleKeys:
    """Enables the keys of the station's role, disables the others with their reason."""

    def __init__(self, window: MenuWindow) -> None:
        self._window = window
        self._guarded = guarded_actions(window)
        # Each action's own tooltip, given back when its role returns.
        self._tooltips = {action: action.toolTip() for action in self._guarded}

    def apply(self, role: Role) -> None:
        for action, (areas, doing) in self._guarded.items():
            sentence = refusal(role, *areas, doing=doing)
            action.setEnabled(sentence is None)
            action.setToolTip(sentence or self._tooltips[action])
            action.setStatusTip(sentence or "")

    def refusal_for_key(self, event: QKeyEvent) -> str | None:
        """The reason a key of another role did nothing (None: no such key)."""
        pressed = QKeySequence(event.keyCombination())
        focus = QApplication.focusWidget()
        for action in self._guarded:
            if action.isEnabled() or not _has_keys(action, pressed):
                continue
            if action.shortcutContext() != Qt.ShortcutContext.WindowShortcut and not any(
                isinstance(owner, QWidget) and focus is not None and owner.isAncestorOf(focus)
                for owner in action.associatedObjects()
            ):
                continue  # a key of another view (Del in the agenda, not in the list)
            return action.statusTip() or None
        return None


def _has_keys(action: QAction, pressed: QKeySequence) -> bool:
    return any(
        keys.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch
        for keys in action.shortcuts()
    )


def confirm_role(
    window: QWidget, before: Role, after: Role, done: Callable[[bool], None]
) -> QMessageBox:
    """Ask once, without blocking the window, before the station changes its role;
    ``done(accepted)`` is called with the answer."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Change the station's role",
        change_of_role(before, after),
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        window,
    )
    make_it = box.button(QMessageBox.StandardButton.Ok)
    make_it.setText(f"Make it the {after.value}'s")
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.finished.connect(lambda _result: done(box.clickedButton() is make_it))
    box.open()
    return box
