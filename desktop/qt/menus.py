"""The window's menus, tool bar and floor buttons, built from its actions."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMenuBar,
    QSizePolicy,
    QToolBar,
)

from desktop.qt.action_button import ActionButton


class ServesPages(Protocol):
    serve_action: QAction


class ShowsQrCode(Protocol):
    action: QAction


class MenuWindow(Protocol):
    """What the menus need of the main window: its actions and where to put them (the
    window passes itself; declared here so that this module does not import the window)."""

    absent_action: QAction
    accept_late_action: QAction
    add_slot_action: QAction
    attach_video_action: QAction
    audio_lost_action: QAction
    blank_action: QAction
    clear_message_action: QAction
    close_list_action: QAction
    conclude_action: QAction
    delete_slot_action: QAction
    demo_action: QAction
    display_action: QAction
    edit_slot_action: QAction
    export_action: QAction
    focus_entry_action: QAction
    follow_clock_action: QAction
    give_next_action: QAction
    give_selected_action: QAction
    import_action: QAction
    import_requests_action: QAction
    jump_to_live_action: QAction
    less_time_action: QAction
    make_live_action: QAction
    more_time_action: QAction
    move_down_action: QAction
    move_up_action: QAction
    mute_action: QAction
    pause_action: QAction
    point_of_order_action: QAction
    policy_action: QAction
    quit_action: QAction
    redo_action: QAction
    refuse_late_action: QAction
    release_action: QAction
    right_of_reply_action: QAction
    set_limit_action: QAction
    shortcuts_action: QAction
    show_live_action: QAction
    slot_earlier_action: QAction
    slot_later_action: QAction
    take_back_action: QAction
    undo_action: QAction
    video_back_action: QAction
    video_play_action: QAction
    video_restart_action: QAction
    video_stop_action: QAction
    volume_action: QAction
    withdraw_action: QAction
    role_actions: dict[str, QAction]
    dock_roles: dict[QDockWidget, tuple[str, ...]]

    @property
    def live_pages(self) -> ServesPages: ...

    @property
    def display_qr(self) -> ShowsQrCode: ...

    def menuBar(self) -> QMenuBar: ...

    def addToolBar(self, title: str) -> QToolBar: ...

    @staticmethod
    def keys_of(action: QAction) -> str: ...


def build_menus(self: MenuWindow) -> None:
    menus = self.menuBar()
    file_menu = menus.addMenu("&File")
    file_menu.addAction(self.import_action)
    file_menu.addAction(self.import_requests_action)
    file_menu.addAction(self.demo_action)
    file_menu.addAction(self.export_action)
    file_menu.addSeparator()
    file_menu.addAction(self.quit_action)
    edit = menus.addMenu("&Edit")
    edit.addActions([self.undo_action, self.redo_action])
    edit.addSeparator()
    edit.addAction(self.jump_to_live_action)
    floor = menus.addMenu("F&loor")
    floor.addActions(
        [
            self.give_next_action,
            self.give_selected_action,
            self.pause_action,
            self.more_time_action,
            self.less_time_action,
            self.take_back_action,
            self.audio_lost_action,
        ]
    )
    floor.addSeparator()
    floor.addActions([self.focus_entry_action, self.point_of_order_action])
    floor.addActions([self.right_of_reply_action, self.move_up_action, self.move_down_action])
    floor.addActions([self.withdraw_action, self.set_limit_action, self.close_list_action])
    floor.addSeparator()
    floor.addActions([self.absent_action, self.release_action, self.policy_action])
    floor.addActions([self.accept_late_action, self.refuse_late_action])
    agenda = menus.addMenu("&Agenda")
    agenda.addActions([self.follow_clock_action, self.make_live_action, self.show_live_action])
    agenda.addSeparator()
    agenda.addActions(
        [
            self.add_slot_action,
            self.edit_slot_action,
            self.delete_slot_action,
            self.slot_earlier_action,
            self.slot_later_action,
        ]
    )
    view = menus.addMenu("&Role")
    view.addActions(list(self.role_actions.values()))
    if self.dock_roles:
        panes = menus.addMenu("&Panes")
        for dock in self.dock_roles:
            panes.addAction(dock.toggleViewAction())
    display = menus.addMenu("&Display")
    display.addActions([self.display_action, self.conclude_action, self.clear_message_action])
    display.addAction(self.blank_action)
    display.addSeparator()
    display.addAction(self.live_pages.serve_action)
    display.addAction(self.display_qr.action)
    video = menus.addMenu("&Video")
    video.addActions(
        [
            self.video_play_action,
            self.video_back_action,
            self.video_restart_action,
            self.video_stop_action,
        ]
    )
    video.addSeparator()
    video.addAction(self.attach_video_action)
    sound = menus.addMenu("&Sound")
    sound.addActions([self.mute_action, self.volume_action])
    help_menu = menus.addMenu("&Help")
    help_menu.addAction(self.shortcuts_action)

    bar = self.addToolBar("Role")
    bar.setObjectName("roleBar")
    bar.setMovable(False)
    bar.addWidget(QLabel("  Role: "))
    for action in self.role_actions.values():
        bar.addAction(action)
    bar.addSeparator()
    bar.addAction(self.undo_action)
    bar.addAction(self.redo_action)


def floor_buttons(self: MenuWindow) -> QHBoxLayout:
    row = QHBoxLayout()
    for action, primary in (
        (self.give_next_action, True),
        (self.pause_action, False),
        (self.less_time_action, False),
        (self.more_time_action, False),
        (self.take_back_action, False),
    ):
        button = ActionButton(action, f"{action.text()}   {self.keys_of(action)}")
        button.setMinimumHeight(34)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        if primary:
            button.setStyleSheet("font-weight: bold;")
        row.addWidget(button, 2 if primary else 1)
    return row
