"""Zoom chat messages that ask for the floor become proposals the technician confirms.

Whether a message asks is read by meaning (desktop.requests_import.floor_intent),
in the six languages; a message that takes a request back ("we withdraw our
request") withdraws the delegation's proposal not yet confirmed, or its request
still waiting in the slot. A message that declines the floor or asks about the
list is conversation. The language each request is written in is kept with it.

The chat file gives only clock times; the day is the conference day being
imported (today, or the day of the chosen slot), in the conference's time zone.
A message is matched to the slot running when it was written. A cloud
recording's chat counts from the start of the recording: its times are read
from the start of the chosen slot, and without one the message has no slot yet.
Lines of the file that belong to no message are reported, one outcome each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from db.meeting.folding import fold
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import InterventionKind, SlotKind
from db.speakers.chat_proposals import ProposalDraft, Withdrawal
from db.store import Store
from desktop.domain.conference_time import from_local, to_local
from desktop.requests_import.chat_floor_phrases import DEFAULT_FLOOR_PHRASES, asks_for_floor
from desktop.requests_import.delegation_match import DelegationMatcher
from desktop.requests_import.floor_intent import FloorIntent, FloorReading, read_intent
from desktop.requests_import.outcome import ItemOutcome, Outcome
from desktop.requests_import.request_language import request_language
from desktop.requests_import.request_reading import read_kind
from desktop.requests_import.zoom_chat import ChatMessage, ChatReading

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

    def intent(self, message: ChatMessage) -> FloorReading:
        """What the message says about the floor; the configured phrases still ask."""
        if message.reaction:
            return FloorReading(FloorIntent.NONE)
        reading = read_intent(message.text)
        # Phrases a user configured still ask (the default list is what the recogniser
        # reads better: "das Wort" alone would also take "ich erteile das Wort").
        custom = self.phrases != DEFAULT_FLOOR_PHRASES
        none = reading.intent is FloorIntent.NONE
        if custom and none and asks_for_floor(message.text, self.phrases):
            return FloorReading(FloorIntent.REQUEST, None, "a phrase of the list")
        return reading

    def said_at(self, message: ChatMessage, day: date) -> datetime:
        if message.elapsed:
            start = next((s.starts_at for s in self.slots if s.id == self.slot_id), None)
            since = timedelta(
                hours=message.said_at.hour,
                minutes=message.said_at.minute,
                seconds=message.said_at.second,
            )
            if start is not None:
                return start + since
            return from_local(day, time(0), self.zone) + since
        return from_local(message.said_on or day, message.said_at, self.zone)

    def draft(
        self, message: ChatMessage, day: date, floor: FloorReading | None = None
    ) -> ProposalDraft:
        said_at = self.said_at(message, day)
        reading = self.matcher.read([("sender", message.sender), ("body", message.text)])
        folded = fold(message.text)
        kind = read_kind(folded)
        if any(fold(p) in folded for p in _POINT_OF_ORDER):
            kind = InterventionKind.POINT_OF_ORDER
        hint = floor.language if floor is not None else None
        return ProposalDraft(
            conference_id=self.conference_id,
            slot_id=None if message.elapsed and self.slot_id is None else self.slot_at(said_at),
            said_at=said_at,
            sender=message.sender,
            text=message.text,
            fingerprint=message.fingerprint(),
            delegation_id=reading.match.delegation_id if reading.match else None,
            kind=kind,
            language=request_language(message.text, hint),
        )


def import_chat(
    store: Store,
    plan: ChatImport,
    messages: Iterable[ChatMessage],
    *,
    today: date,
    dry_run: bool = False,
) -> list[ItemOutcome]:
    """One outcome per message that asks for the floor or takes a request back (the others
    are conversation), and one per line of the file that belongs to no message."""
    day = plan.day(today)
    outcomes = []
    if isinstance(messages, ChatReading):
        for line in messages.unplaced:
            reason = f"{line.why}: “{line.text[:80]}”"
            outcomes.append(ItemOutcome(f"line {line.line_number}", Outcome.ERROR, reason))
    for message in messages:
        floor = plan.intent(message)
        if floor.intent not in (FloorIntent.REQUEST, FloorIntent.WITHDRAWAL):
            continue
        draft = plan.draft(message, day, floor)
        origin = f"line {message.line_number}"
        details = {
            "sender": message.sender,
            "date": draft.said_at,
            "delegation_id": draft.delegation_id,
            "slot": draft.slot_id,
            "kind": draft.kind,
            "channel": "remote",
            "language": draft.language,
            "text": message.text,
        }
        if floor.intent is FloorIntent.WITHDRAWAL:
            outcomes.append(_withdraw(store, draft, origin, details, dry_run=dry_run))
            continue
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


def _withdraw(
    store: Store, draft: ProposalDraft, origin: str, details: dict[str, object], *, dry_run: bool
) -> ItemOutcome:
    """A message that takes a request back: what it withdrew, or why nothing."""
    if dry_run:
        return ItemOutcome(origin, Outcome.UPDATED, "asks to withdraw its request", details)
    done: Withdrawal = store.chat_proposals.withdraw(draft)
    if done.proposal_id is None:
        return ItemOutcome(origin, Outcome.SKIPPED, "read before", details)
    if done.dismissed_proposal_id is not None:
        reason = "withdraws the request it made in the chat (not yet confirmed)"
        details = {**details, "proposal": done.dismissed_proposal_id}
        return ItemOutcome(origin, Outcome.UPDATED, reason, details)
    if done.withdrawn_request_id is not None:
        reason = "withdraws this delegation's request from the list"
        details = {**details, "request": done.withdrawn_request_id}
        return ItemOutcome(origin, Outcome.UPDATED, reason, details)
    reason = "asks to withdraw a request, but none of this sender or delegation waits"
    return ItemOutcome(origin, Outcome.SKIPPED, reason, details)
