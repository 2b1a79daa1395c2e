"""The nameplates stand for the hall: a click puts a delegation on the live slot's list,
and each plate shows its place on that list and whether the delegation spoke there.

The grid (nameplate_grid.py) reads no database; here the desk's signals mark it, and its
clicks become requests, whatever slot the window shows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, RequestSource

if TYPE_CHECKING:
    from db.meeting.snapshots import DelegationView, FloorRequestView
    from desktop.qt.desk.desk import Desk
    from desktop.qt.desk.item_models import RecordModel, SpeakersListModel
    from desktop.qt.desk.nameplate_grid import NameplateGrid

NO_SLOT_LIVE = "No slot is live: F4 follows the clock, Shift+F4 makes one live."


class HallNameplates(QObject):
    def __init__(
        self,
        desk: Desk,
        grid: NameplateGrid,
        speakers: SpeakersListModel,
        record: RecordModel,
        say: Callable[[str], None],
    ) -> None:
        super().__init__(grid)
        self.desk, self.grid = desk, grid
        self._speakers, self._record, self._say = speakers, record, say
        self._delegations: list[DelegationView] = []
        self._live_waiting: list[FloorRequestView] = []
        self._warned: int | None = None  # the delegation whose second request was asked about
        grid.chosen.connect(self.add)
        desk.agenda_changed.connect(self.refresh)
        desk.changed_later.connect(self.mark)
        desk.live_changed.connect(self.mark)
        desk.slot_changed.connect(self.mark)  # the views' rows change hands
        self.refresh()

    def refresh(self) -> None:
        self._delegations = self.desk.delegations()
        self.grid.set_delegations(self._delegations)
        self.mark()

    def mark(self) -> None:
        """Each plate's place on the live list, and whether it spoke in the live slot."""
        slot = self.desk.live_slot
        if slot is None:
            self.grid.set_enabled_for_requests(False, NO_SLOT_LIVE)
            self.grid.set_marks({}, ())
            return
        if not slot.kind.has_speakers:
            self.grid.set_enabled_for_requests(False, f"{slot.title}: no list of speakers.")
        elif slot.list_closed_at is not None:
            self.grid.set_enabled_for_requests(
                False, f"The list of {slot.title} is closed; reopen it to add speakers (Ctrl+K)."
            )
        else:
            self.grid.set_enabled_for_requests(True)
        # The live slot's list and record: held by the views when they show it (no query
        # after every F5), read from the store only while another slot is shown.
        if self.desk.viewing_live:
            self._live_waiting = self._speakers.rows_waiting()
            record = self._record.rows()
        else:
            self._live_waiting = self.desk.store.speakers.waiting(slot.id)
            record = self.desk.store.floor.interventions(slot.id)
        waiting: dict[int, int] = {}
        for place, request in enumerate(self._live_waiting, start=1):
            if request.delegation_id is not None:
                waiting.setdefault(request.delegation_id, place)
        ids = {d.name: d.id for d in self._delegations}
        spoken = {ids[i.delegation] for i in record if i.delegation in ids}
        self.grid.set_marks(waiting, spoken)

    def add(self, delegation_id: int) -> None:
        """A raised nameplate joins the live list; a second click on a delegation already
        waiting or speaking is asked for again before a second request is added."""
        slot = self.desk.live_slot
        if slot is None:
            self._say(NO_SLOT_LIVE)
            return
        name = next((d.name for d in self._delegations if d.id == delegation_id), "")
        current = self.desk.current
        places = [
            place
            for place, r in enumerate(self._live_waiting, start=1)
            if r.delegation_id == delegation_id
        ]
        speaking = current is not None and current.delegation == name
        if (places or speaking) and self._warned != delegation_id:
            self._warned = delegation_id
            where = "has the floor" if speaking else f"is on the list already ({places[0]})"
            self._say(f"{name} {where}; click again to add a second request.")
            return
        self._warned = None
        self.desk.add_request(
            RequestDraft(
                delegation_id=delegation_id, channel=Channel.HALL, source=RequestSource.HALL
            ),
            slot_id=slot.id,
        )
