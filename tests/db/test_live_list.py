"""The list of speakers under the moderator's rules, and the live sources that feed it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from db.errors import FloorConflict
from db.meeting.drafts import RequestDraft
from db.meeting.ordering import Policy, Rule
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import Channel, InterventionKind, QuestionStatus, RequestSource
from db.people.participants import Participant, Registration
from db.speakers.chat_proposals import ProposalDraft
from db.store import Store
from desktop.domain.clock import FakeClock
from tests.db.test_store import delegation_id


def live(store: Store, slot: SlotView, clock: FakeClock, name: str, **kw: object) -> int:
    clock.advance(5)
    draft = RequestDraft(delegation_id=delegation_id(store, name), **kw)  # type: ignore[arg-type]
    return store.speakers.add(slot.id, draft, clock.now())


def names(store: Store, slot: SlotView) -> list[str]:
    return [r.delegation for r in store.speakers.waiting(slot.id)]


def fresh_slot(store: Store, conference_id: int) -> SlotView:
    """Panel 3: its advance requests withdrawn, so that the tests start from an empty list."""
    slot = next(s for s in store.agenda.slots(conference_id) if s.title.startswith("Panel 3"))
    from db.meeting.vocabulary import RequestStatus

    for request in store.speakers.requests(slot.id):
        store.speakers.set_status(request.id, RequestStatus.WITHDRAWN)
    return slot


def test_group_precedence_orders_the_list(
    store: Store, conference_id: int, clock: FakeClock
) -> None:
    slot = fresh_slot(store, conference_id)
    live(store, slot, clock, "La Strada International")
    live(store, slot, clock, "Japan")
    live(store, slot, clock, "Malta")
    assert names(store, slot) == ["La Strada International", "Japan", "Malta"]
    before = store.speakers.set_policy(slot.id, Policy((Rule.GROUP_PRECEDENCE,)))
    assert before == Policy()
    assert names(store, slot) == ["Malta", "Japan", "La Strada International"]
    assert store.speakers.policy(slot.id).rules == (Rule.GROUP_PRECEDENCE,)


def test_alternating_hall_and_remote(store: Store, conference_id: int, clock: FakeClock) -> None:
    slot = fresh_slot(store, conference_id)
    store.speakers.set_policy(slot.id, Policy((Rule.ALTERNATE_CHANNELS,)))
    live(store, slot, clock, "Malta")
    live(store, slot, clock, "Canada")
    live(store, slot, clock, "Japan", channel=Channel.REMOTE)
    assert names(store, slot) == ["Malta", "Japan", "Canada"]


def test_a_manual_move_stays_when_requests_arrive(
    store: Store, conference_id: int, clock: FakeClock
) -> None:
    slot = fresh_slot(store, conference_id)
    store.speakers.set_policy(slot.id, Policy((Rule.GROUP_PRECEDENCE,)))
    live(store, slot, clock, "Malta")
    ngo = live(store, slot, clock, "La Strada International")
    store.speakers.move(ngo, 0)
    live(store, slot, clock, "Canada")
    assert names(store, slot) == ["La Strada International", "Malta", "Canada"]
    store.speakers.set_pinned(ngo, False)
    assert names(store, slot) == ["Malta", "Canada", "La Strada International"]


def test_a_right_of_reply_waits_for_the_list_to_close(
    store: Store, conference_id: int, clock: FakeClock
) -> None:
    slot = fresh_slot(store, conference_id)
    live(store, slot, clock, "Armenia", kind=InterventionKind.RIGHT_OF_REPLY)
    live(store, slot, clock, "Malta")
    assert names(store, slot) == ["Malta", "Armenia"]
    store.floor.give_floor(slot.id, clock.now())
    with pytest.raises(FloorConflict, match="right of reply waiting for the list to close"):
        store.floor.give_floor(slot.id, clock.now())
    store.speakers.close_list(slot.id, clock.now())
    given = store.floor.give_floor(slot.id, clock.now())
    assert store.floor.intervention(given.intervention_id).delegation == "Armenia"


def test_not_present_is_skipped_and_keeps_its_place(
    store: Store, conference_id: int, clock: FakeClock
) -> None:
    slot = fresh_slot(store, conference_id)
    malta = live(store, slot, clock, "Malta")
    live(store, slot, clock, "Canada")
    live(store, slot, clock, "Japan")
    store.speakers.set_absent(malta, clock.now())
    given = store.floor.give_floor(slot.id, clock.now())
    assert store.floor.intervention(given.intervention_id).delegation == "Canada"
    assert names(store, slot) == ["Malta", "Japan"]
    assert store.speakers.waiting(slot.id)[0].is_absent
    store.speakers.set_absent(malta, None)
    given = store.floor.give_floor(slot.id, clock.now())
    assert store.floor.intervention(given.intervention_id).delegation == "Malta"


def test_not_yet_spoken_first(store: Store, conference_id: int, clock: FakeClock) -> None:
    slot = fresh_slot(store, conference_id)
    store.speakers.set_policy(slot.id, Policy((Rule.NOT_YET_SPOKEN_SLOT,)))
    live(store, slot, clock, "Malta")
    store.floor.give_floor(slot.id, clock.now())
    live(store, slot, clock, "Malta")
    live(store, slot, clock, "Canada")
    assert names(store, slot) == ["Canada", "Malta"]


def test_chat_proposals_are_confirmed_once(
    store: Store, conference_id: int, clock: FakeClock
) -> None:
    slot = fresh_slot(store, conference_id)
    draft = ProposalDraft(
        conference_id, slot.id, clock.now(), "Joseph Borg (Malta)", "May I take the floor?", "f1"
    )
    proposal = store.chat_proposals.propose(draft)
    assert proposal is not None
    assert store.chat_proposals.propose(draft) is None  # the same message read again
    request_id = store.chat_proposals.confirm(
        proposal, slot_id=slot.id, delegation_id=delegation_id(store, "Malta")
    )
    [request] = store.speakers.waiting(slot.id)
    assert request.id == request_id
    assert (request.channel, request.source) == (Channel.REMOTE, RequestSource.ZOOM_CHAT)
    assert store.chat_proposals.open(conference_id) == []
    with pytest.raises(FloorConflict, match="already been decided"):
        store.chat_proposals.dismiss(proposal)


def test_raised_hands_become_remote_requests(
    store: Store, conference_id: int, clock: FakeClock
) -> None:
    slot = fresh_slot(store, conference_id)
    malta = delegation_id(store, "Malta")
    store.participants.add_remote(
        conference_id,
        [Participant("Joseph Borg", "jb@gov.mt", malta), Participant("Unknown guest")],
    )
    borg, guest = store.participants.remote(conference_id)
    store.participants.raise_hand(guest.id, clock.now())
    first = store.participants.remote(conference_id)[0]
    assert first.name == "Unknown guest" and first.hand_raised_at == clock.now()
    with pytest.raises(FloorConflict, match="not linked to a delegation"):
        store.participants.give_raised_hand_a_place(
            guest.id, slot.id, clock.now(), InterventionKind.QUESTION
        )
    store.participants.raise_hand(borg.id, clock.now())
    store.participants.give_raised_hand_a_place(
        borg.id, slot.id, clock.now(), InterventionKind.QUESTION
    )
    [request] = store.speakers.waiting(slot.id)
    assert (request.delegation, request.source) == ("Malta", RequestSource.ZOOM_HAND)
    assert request.speaker == "Joseph Borg"
    assert all(
        p.hand_raised_at is None
        for p in store.participants.remote(conference_id)
        if p.id == borg.id
    )


def test_registration_flags_unregistered_senders(
    store: Store, conference_id: int, clock: FakeClock
) -> None:
    from db.mail.mailed import MailedRequest

    slot = fresh_slot(store, conference_id)
    added = store.participants.register(
        conference_id, [Registration("Anna Weber", "anna@bmeia.at")], clock.now()
    )
    assert added == 1
    assert (
        store.participants.register(
            conference_id, [Registration("Anna Weber", "ANNA@bmeia.at")], clock.now()
        )
        == 0
    )
    assert store.participants.registered_count(conference_id) == 1

    def mailed(sender: str, name: str) -> MailedRequest:
        return MailedRequest(
            conference_id,
            clock.now() - timedelta(days=10),
            message_id=f"<{sender}>",
            sender_email=sender,
            delegation_id=delegation_id(store, name),
            slot_id=slot.id,
        )

    assert not store.advance_requests.file(
        mailed("anna@bmeia.at", "Austria"), clock.now()
    ).not_registered
    assert store.advance_requests.file(mailed("x@gov.mt", "Malta"), clock.now()).not_registered


def test_audience_questions(store: Store, conference_id: int, clock: FakeClock) -> None:
    from db.speakers.audience_questions import QuestionDraft

    ids = store.audience_questions.add(
        conference_id,
        [QuestionDraft("1", "How?", "@a"), QuestionDraft("2", "Why?", "@b")],
        clock.now(),
    )
    assert None not in ids
    assert store.audience_questions.add(
        conference_id, [QuestionDraft("1", "How?", "@a")], clock.now()
    ) == [None]
    first = ids[0]
    assert first is not None
    store.audience_questions.set_status(first, QuestionStatus.PUT, clock.now())
    [put, new] = store.audience_questions.questions(conference_id)
    assert (put.status, put.put_at, new.status) == (
        QuestionStatus.PUT,
        clock.now(),
        QuestionStatus.NEW,
    )
