"""Zoom chat messages that ask for the floor become proposals the technician confirms.

The chat file gives only clock times; the day is the conference day being
imported (today, or the day of the chosen slot), in the conference's time zone.
A message is matched to the slot running when it was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from db.chat_proposals import ProposalDraft
from db.store import Store
from db.views import SlotView
from db.vocabulary import InterventionKind, SlotKind
from desktop.domain.conference_time import from_local, to_local
from desktop.domain.delegation_lookup import fold
from desktop.requests_import.delegation_match import DelegationMatcher
from desktop.requests_import.outcome import ItemOutcome, Outcome
from desktop.requests_import.request_reading import read_kind
from desktop.requests_import.zoom_chat import DEFAULT_FLOOR_PHRASES, ChatMessage, asks_for_floor

_POINT_OF_ORDER = (
    *("point of order", "motion d'ordre", "zur geschäftsordnung", "по порядку"),
    *("cuestión de orden", "mozione d'ordine", "questione d'ordine"),
)
_QUIET = frozenset({SlotKind.BREAK, SlotKind.LUNCH, SlotKind.REGISTRATION, SlotKind.RECEPTION})


@dataclass(frozen=True)
class ChatImport:
    conference_id: int
    zone: str
    slots: tuple[SlotView, ...]
    matcher: DelegationMatcher
    slot_id: int | None = None
    phrases: tuple[str, ...] = DEFAULT_FLOOR_PHRASES

    @classmethod
    def for_conference(
        cls,
        store: Store,
        conference_id: int,
        slot_id: int | None = None,
        phrases: Sequence[str] | None = None,
    ) -> ChatImport:
        conference = store.agenda.conference(conference_id)
        return cls(
            conference_id,
            conference.time_zone,
            tuple(store.agenda.slots(conference_id)),
            DelegationMatcher(store.delegations.all()),
            slot_id,
            tuple(phrases) if phrases else DEFAULT_FLOOR_PHRASES,
        )

    def day(self, today: date) -> date:
        """The day chat times belong to: the chosen slot's, else ``today``."""
        for slot in self.slots:
            if slot.id == self.slot_id:
                return to_local(slot.starts_at, self.zone).date()
        return today

    def slot_at(self, moment: datetime) -> int | None:
        if self.slot_id is not None:
            return self.slot_id
        for slot in self.slots:
            if slot.kind not in _QUIET and slot.starts_at <= moment < slot.ends_at:
                return slot.id
        return None

    def draft(self, message: ChatMessage, day: date) -> ProposalDraft:
        said_at = from_local(message.said_on or day, message.said_at, self.zone)
        reading = self.matcher.read([("sender", message.sender), ("body", message.text)])
        folded = fold(message.text)
        kind = read_kind(folded)
        if any(fold(p) in folded for p in _POINT_OF_ORDER):
            kind = InterventionKind.POINT_OF_ORDER
        return ProposalDraft(
            conference_id=self.conference_id,
            slot_id=self.slot_at(said_at),
            said_at=said_at,
            sender=message.sender,
            text=message.text,
            fingerprint=message.fingerprint(),
            delegation_id=reading.match.delegation_id if reading.match else None,
            kind=kind,
        )


def import_chat(
    store: Store,
    plan: ChatImport,
    messages: Iterable[ChatMessage],
    *,
    today: date,
    dry_run: bool = False,
) -> list[ItemOutcome]:
    """One outcome per message that asks for the floor (the others are conversation)."""
    day = plan.day(today)
    outcomes = []
    for message in messages:
        if message.reaction or not asks_for_floor(message.text, plan.phrases):
            continue
        draft = plan.draft(message, day)
        origin = f"line {message.line_number}"
        details = {
            "sender": message.sender,
            "date": draft.said_at,
            "delegation_id": draft.delegation_id,
            "slot": draft.slot_id,
            "kind": draft.kind,
            "channel": "remote",
            "text": message.text,
        }
        if dry_run:
            outcomes.append(ItemOutcome(origin, Outcome.PROPOSED, "", details))
            continue
        proposal_id = store.chat_proposals.propose(draft)
        if proposal_id is None:
            outcomes.append(ItemOutcome(origin, Outcome.SKIPPED, "proposed before", details))
        else:
            outcomes.append(
                ItemOutcome(origin, Outcome.PROPOSED, "", {**details, "proposal": proposal_id})
            )
    return outcomes
