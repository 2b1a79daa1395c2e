"""The one door to the data: the store, with its command groups by subject.

The transactions, the journal and the listeners are the store's core
(db/transactions.py); each subject's package (db/agenda/, db/speakers/, db/floor/,
db/mail/, db/people/, db/record/) holds a command group that is handed that core, and
the groups another group calls, never the whole store: so no group imports this module
and db/ has no import circle. Every group's commands pass the store's guard
(db/guard.py) through ``command_group``.
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from db import migrate
from db.agenda.agenda import Agenda
from db.engine import describe, open_engine
from db.floor.floor import Floor
from db.guard import StoreGuard
from db.mail.advance_requests import AdvanceRequests
from db.mail.mailbox_memory import MailboxMemory
from db.people.delegations import Delegations
from db.people.participants import Participants
from db.record.record import Record
from db.speakers.audience_questions import AudienceQuestions
from db.speakers.chat_proposals import ChatProposals
from db.speakers.speakers_list import SpeakersList
from db.transactions import Transactions, default_station, utc_now
from db.undo_history import UndoHistory

__all__ = ["Store", "default_station", "utc_now"]

log = logging.getLogger(__name__)


class Store(Transactions):
    """The transactions (db/transactions.py) with the query and command groups hanging off."""

    def __init__(
        self, engine: Engine, *, station: str | None = None, guard: StoreGuard | None = None
    ) -> None:
        super().__init__(engine, station=station, guard=guard)
        self.agenda = self.command_group("agenda", Agenda(self))
        self.delegations = self.command_group("delegations", Delegations(self))
        self.speakers = self.command_group("speakers", SpeakersList(self))
        self.record = self.command_group("record", Record(self))
        self.floor = self.command_group("floor", Floor(self, record=self.record))
        self.advance_requests = self.command_group(
            "advance_requests", AdvanceRequests(self, speakers=self.speakers)
        )
        self.chat_proposals = self.command_group(
            "chat_proposals", ChatProposals(self, speakers=self.speakers)
        )
        self.mailbox_memory = self.command_group("mailbox_memory", MailboxMemory(self))
        self.participants = self.command_group(
            "participants", Participants(self, speakers=self.speakers)
        )
        self.audience_questions = self.command_group("audience_questions", AudienceQuestions(self))
        # The one command group the desk changes data by: each change a step (db/steps.py)
        # carried out with its undo step in one transaction. The store's own, so that a
        # step kept while the storage failed is written at the next start, desk or none.
        self.history = self.command_group("history", UndoHistory(self, groups=self))

    @classmethod
    def open(cls, url: URL, *, station: str | None = None) -> Store:
        """Open (and if need be create or upgrade) the database at ``url``."""
        engine = open_engine(url)
        try:
            result = migrate.upgrade(engine)
        except BaseException:
            engine.dispose()
            raise
        if result.changed:
            log.info(
                "database %s upgraded from %s to %s (backup: %s)",
                describe(url),
                result.before,
                result.after,
                result.backup,
            )
        return cls(engine, station=station)
