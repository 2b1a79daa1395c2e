"""The live pages fed from the desk, and the control API's commands carried out by it.

The feed reads the store only when the desk announces a change (the live list, the
booths' languages and statements); at each 100 ms tick it recomputes the pages from what
it holds and the clock, and the server sends a page only when its text changed.

Commands go through the desk's own methods, as the keys do: undoable, journaled, seen by
every station. A refusal is the desk's own sentence.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from db.errors import UnknownRecord
from db.meeting.actions import Action as JournalAction
from db.speakers.booth import BoothDetails, booth_details, statement_of_request
from db.steps import step
from desktop.domain.speaking_time import countdown, request_limit
from desktop.qt.display.display_picture import compose
from desktop.web.control import Action, Command
from desktop.web.pages import (
    BOOTH_AHEAD,
    Floor,
    booth_page,
    control_state,
    list_page,
    timer_page,
    who,
)
from desktop.web.statements import statement_text

if TYPE_CHECKING:
    from db.meeting.snapshots import FloorRequestView
    from desktop.qt.desk.desk import Desk
    from desktop.qt.display.output_state import OutputState

log = logging.getLogger(__name__)

TICK_MS = 100  # the timer page follows the desk within this


class LiveFeed(QObject):
    """What each page shows now, computed from the desk; ``updated`` after each change."""

    updated = Signal()

    def __init__(
        self,
        desk: Desk,
        outputs: OutputState,
        warning_s: Callable[[], int],
        publish: Callable[[str, dict[str, Any]], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.outputs = outputs
        self.warning_s = warning_s
        self._publish = publish
        self.waiting: list[FloorRequestView] = []
        self.booth: dict[int, BoothDetails] = {}
        self._texts: dict[int, str | None] = {}
        self._stale = True
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.push)
        desk.changed_later.connect(self._on_change)
        desk.live_changed.connect(self._on_change)
        outputs.changed.connect(self.push)

    def start(self) -> None:
        self._stale = True
        self.push()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _on_change(self) -> None:
        self._stale = True
        if self.timer.isActive():
            self.push()

    def _read(self) -> None:
        """What only a change can alter: the live list, the booths' details."""
        self._stale = False
        desk, store = self.desk, self.desk.store
        live = desk.live_slot
        self.waiting = store.speakers.waiting(live.id) if live else []
        ids = [r.id for r in desk.next_up[:BOOTH_AHEAD]]
        current = desk.current
        if current is not None and current.floor_request_id is not None:
            ids.append(current.floor_request_id)
        self.booth = booth_details(store, ids)
        for details in self.booth.values():
            for statement in details.statements:
                if statement.id not in self._texts:
                    self._texts[statement.id] = self._text_of(statement.id)
        self.updated.emit()

    def _text_of(self, attachment_id: int) -> str | None:
        try:
            filename, media_type, content = statement_of_request(self.desk.store, attachment_id)
        except UnknownRecord:
            return None
        return statement_text(filename, media_type, content)

    def floor(self) -> Floor:
        if self._stale:
            self._read()
        desk = self.desk
        now = desk.clock.now()
        live = desk.live_slot
        current = desk.current
        return Floor(
            now=now,
            zone=desk.zone,
            conference=desk.conference.title if desk.conference else "",
            slot=live,
            current=current,
            countdown=countdown(current, now, self.warning_s()) if current else None,
            waiting=self.waiting,
            limits_s=[request_limit(r, live) or 0 for r in self.waiting],
            next_up=desk.next_up,
            booth=self.booth,
        )

    def state(self, page: str) -> dict[str, Any] | None:
        floor = self.floor()
        outputs = self.outputs
        if page == "list":
            return list_page(floor)
        if page == "booth":
            return booth_page(floor, self._texts)
        if page == "timer":
            picture = compose(self.desk, self.desk.next_up, self.warning_s())
            return timer_page(asdict(picture), outputs.message, outputs.blank)
        if page == "control":
            return control_state(floor, outputs.message, outputs.blank)
        return None

    def push(self) -> None:
        if not self.timer.isActive():
            return  # not serving: nothing is computed for nobody
        for page in ("list", "timer", "booth", "control"):
            state = self.state(page)
            if state is not None:
                self._publish(page, state)

    def statement(self, attachment_id: int) -> tuple[str, str, bytes] | None:
        """A statement's file, only if it is one of the booths' speakers' (now or next)."""
        shown = {s.id for d in self.booth.values() for s in d.statements}
        if attachment_id not in shown:
            return None
        try:
            return statement_of_request(self.desk.store, attachment_id)
        except UnknownRecord:
            return None


class DeskControl:
    """The control API's commands, through the desk and the outputs."""

    def __init__(
        self, desk: Desk, outputs: OutputState, nudge_s: Callable[[], int], feed: LiveFeed
    ) -> None:
        self.desk = desk
        self.outputs = outputs
        self.nudge_s = nudge_s
        self.feed = feed

    def statement(self, attachment_id: int) -> tuple[str, str, bytes] | None:
        return self.feed.statement(attachment_id)

    def run(self, order: Command) -> str | None:
        """Carry the command out; None, or the desk's sentence saying why it did not."""
        said: list[str] = []
        self.desk.problem.connect(said.append)
        try:
            refused = self._run(order)
        finally:
            self.desk.problem.disconnect(said.append)
        if refused is None and said:
            refused = said[0]
        if refused is None:
            self.desk.settle()  # every view (and the pages) follow before the answer goes
        return refused

    def _run(self, order: Command) -> str | None:
        desk, outputs = self.desk, self.outputs
        action = order.action
        current = desk.current
        if action is Action.GIVE_FLOOR:
            desk.give_floor()
        elif action is Action.TAKE_BACK:
            if current is None:
                return "Nobody has the floor."
            desk.take_floor_back()
        elif action in (Action.PAUSE, Action.RESUME):
            if current is None:
                return "Nobody has the floor."
            if current.is_paused != (action is Action.PAUSE):
                desk.pause_or_resume()
        elif action is Action.PAUSE_OR_RESUME:
            desk.pause_or_resume()
        elif action is Action.ADD_TIME:
            desk.add_time(order.seconds if order.seconds is not None else self.nudge_s())
        elif action is Action.MESSAGE:
            outputs.set_message(order.text, pinned=order.pinned)
        elif action is Action.CLEAR_MESSAGE:
            outputs.set_message(None)
        elif action is Action.BLANK:
            outputs.set_blank(not outputs.blank if order.on is None else order.on)
        elif action is Action.NEXT_SLOT:
            return self._next_slot()
        return None

    def _next_slot(self) -> str | None:
        desk = self.desk
        live = desk.live_slot
        later = sorted(
            (s for s in desk.slots if live is None or s.starts_at > live.starts_at),
            key=lambda s: s.starts_at,
        )
        if not later:
            return f"There is no slot after {live.title}." if live else "There is no slot."
        desk.make_live(later[0].id)
        return None


def correct_language(desk: Desk, request: FloorRequestView, language: str | None) -> None:
    """The desk's correction of the language a speaker is expected in (undoable)."""
    details = booth_details(desk.store, [request.id]).get(request.id)
    before = details.language if details else None
    if before == language:
        return
    desk.perform_step(
        f"Expect {language or 'the usual language'} from {who(request) or 'the speaker'}",
        step(JournalAction.REQUEST_LANGUAGE, request_id=request.id, language=language),
        step(JournalAction.REQUEST_LANGUAGE, request_id=request.id, language=before),
    )
