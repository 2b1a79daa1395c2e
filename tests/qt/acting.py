"""Acting at the desk as a user would, in a test."""

from __future__ import annotations

from PySide6.QtGui import QAction

from desktop.qt.main_window import MainWindow


def act(window: MainWindow, action: QAction) -> None:
    """Trigger the action, then let the views that follow the list of speakers a moment
    later (Desk.changes_later) catch up, as the event loop does before the next key."""
    action.trigger()
    window.desk.settle()


def at_the_moderators_desk(window: MainWindow, command: str, *args: object) -> None:
    """The moderator's station beside this one (the same database and clock) gives the
    floor (``"give_floor"``, to a request if given) or takes it back
    (``"take_floor_back"``): a rapporteur's or a technician's window may not, and hears
    of it as of any change."""
    from desktop.qt.desk.desk import Desk

    shown = window.desk
    moderator = Desk(shown.store, shown.clock)
    try:
        moderator.open_conference(shown.conference.id if shown.conference else None)
        if shown.live_slot is not None:
            moderator.make_live(shown.live_slot.id)
        getattr(moderator, command)(*args)
    finally:
        moderator.close()
    shown.settle()
