"""Which messages of an IMAP mailbox were read already, by UID (the mailbox is never changed)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select

from db.models import MailboxSeen

if TYPE_CHECKING:
    from db.transactions import Transactions


class MailboxMemory:
    def __init__(self, store: Transactions) -> None:
        self._store = store

    def seen(self, conference_id: int, mailbox: str, uid_validity: int) -> set[int]:
        """The UIDs read before; a new UIDVALIDITY (a rebuilt mailbox) starts afresh."""
        with self._store.reading() as session:
            return set(
                session.scalars(
                    select(MailboxSeen.uid).where(
                        MailboxSeen.conference_id == conference_id,
                        MailboxSeen.mailbox == mailbox,
                        MailboxSeen.uid_validity == uid_validity,
                    )
                )
            )

    def remember(
        self, conference_id: int, mailbox: str, uid_validity: int, uid: int, at: datetime
    ) -> None:
        with self._store.transaction() as session:
            session.add(
                MailboxSeen(
                    conference_id=conference_id,
                    mailbox=mailbox,
                    uid_validity=uid_validity,
                    uid=uid,
                    seen_at=at,
                )
            )
