"""Every change the window makes, as data: a step, carried out on the store.

A step is a small dict naming its op — the journal action it writes (db/meeting/actions.py)
— and its arguments as JSON values: ``{"op": "request.move", "request_id": 7, "index": 2}``.
The desk makes them; the undo history (db/undo_history.py) carries each out and keeps it
with the step that undoes it, in one transaction, so that a change, its undo and its redo
survive a restart and can be made again on another copy of the database
(db/storage_fallback.py). Every op is declared here, once.

``perform`` carries a step out and says what it did (:class:`Done`): where carrying it out
decides something — who gets the floor, the new request's or slot's id, what a deleted slot
held — the step that undoes it comes from there, and the step itself is returned as it
is to be made again (giving the floor again to the same request, without the check of
who was speaking that only the first press makes).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.ordering import Policy
from db.meeting.vocabulary import (
    Channel,
    InterventionKind,
    QuestionStatus,
    RequestStatus,
)

# The store's modules an op calls are imported by the op: the window makes steps (and
# starts) before SQLAlchemy is loaded (its first look, desktop/qt/first_look.py); an op is
# carried out only on the store, when they are loaded.
if TYPE_CHECKING:
    from db.agenda.agenda import Agenda
    from db.floor.floor import Floor
    from db.mail.advance_requests import AdvanceRequests
    from db.people.participants import Participants
    from db.record.record import Record
    from db.speakers.audience_questions import AudienceQuestions
    from db.speakers.chat_proposals import ChatProposals
    from db.speakers.speakers_list import SpeakersList
    from db.transactions import Transactions

Step = dict[str, Any]


class Store(Protocol):
    """What the steps change: the store's command groups (db/store.py). Declared here, not
    imported, so that the store holds its undo history without an import circle."""

    agenda: Agenda
    speakers: SpeakersList
    floor: Floor
    record: Record
    participants: Participants
    advance_requests: AdvanceRequests
    audience_questions: AudienceQuestions
    chat_proposals: ChatProposals


def _transactions(store: Store) -> Transactions:
    """The store's own transactions, for the changes written by functions of their own
    (the booths' language, the statement media): the store is its transactions."""
    from db.transactions import Transactions

    assert isinstance(store, Transactions)
    return store


@dataclass(frozen=True)
class SavedStep:
    """A step of a station's undo history as kept (db/undo_history.py)."""

    sequence: int
    label: str
    redo: dict[str, Any]
    undo: dict[str, Any]
    undone: bool


@dataclass(frozen=True)
class Done:
    """What carrying out a step did."""

    step: Step  # the step as it is to be made again
    undo: Step | None  # the step that undoes it now; None: the one the caller gave stands
    made: int | None = None  # the id of the row it made (a request, a slot, a statement)


Op = Callable[["Store", Step, datetime], Done | None]


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# -- the list of speakers --------------------------------------------------------------


def _add(store: Store, given: Step, now: datetime) -> Done:
    """A request on the list: from a draft, or from a hand raised in the Zoom meeting.
    Made again, it is the same request back on the list, not a second one."""
    at = _when(given.get("at")) or now
    if "participant_id" in given:
        request_id = store.participants.give_raised_hand_a_place(
            given["participant_id"], given["slot_id"], at, InterventionKind(given["kind"])
        )
    else:
        request_id = store.speakers.add(given["slot_id"], RequestDraft(**given["draft"]), at)
    return Done(
        step(Action.REQUEST_STATUS, request_id=request_id, status=RequestStatus.WAITING),
        step(Action.REQUEST_STATUS, request_id=request_id, status=RequestStatus.WITHDRAWN),
        made=request_id,
    )


def _status(store: Store, given: Step, now: datetime) -> None:
    # "expected": the status the request had when the step was made (older steps: none).
    expected = given.get("expected")
    store.speakers.set_status(
        given["request_id"],
        RequestStatus(given["status"]),
        expected=RequestStatus(expected) if expected else None,
    )


def _limit(store: Store, given: Step, now: datetime) -> None:
    store.speakers.set_limit(given["request_id"], given["seconds"])


def _move(store: Store, given: Step, now: datetime) -> None:
    # "from": where the station showed the request when it was moved (None: not known).
    store.speakers.move(given["request_id"], given["index"], seen_index=given.get("from"))


def _absent(store: Store, given: Step, now: datetime) -> None:
    store.speakers.set_absent(given["request_id"], _when(given["at"]))


def _pin(store: Store, given: Step, now: datetime) -> None:
    store.speakers.set_pinned(given["request_id"], bool(given["pinned"]))


def _language(store: Store, given: Step, now: datetime) -> None:
    from db.speakers.booth import set_language

    set_language(_transactions(store), given["request_id"], given["language"])


def _video(store: Store, given: Step, now: datetime) -> None:
    from db.floor.statement_media import StatementMedia

    StatementMedia(_transactions(store)).attach_video(
        given["request_id"], given["path"], given["duration_ms"]
    )


def _close(store: Store, given: Step, now: datetime) -> None:
    store.speakers.close_list(given["slot_id"], _when(given["at"]) or now)


def _reopen(store: Store, given: Step, now: datetime) -> None:
    store.speakers.reopen_list(given["slot_id"])


def _policy(store: Store, given: Step, now: datetime) -> None:
    store.speakers.set_policy(given["slot_id"], Policy.from_json(given["policy"]))


# -- the floor -------------------------------------------------------------------------


def _give(store: Store, given: Step, now: datetime) -> Done:
    """``expected``, when the step has it: who the station saw speaking (a press made on
    an old picture is refused, db/floor/giving.py)."""
    from db.floor.giving import ANYONE

    slot_id = given["slot_id"]
    floor = store.floor.give_floor(
        slot_id, now, given.get("request_id"), expected=given.get("expected", ANYONE)
    )
    again = {"op": Action.FLOOR_GIVE, "slot_id": slot_id, "request_id": floor.request_id}
    undo = {"op": Action.FLOOR_UNDO_GIVE, "given": asdict(floor)}
    return Done(again, undo, floor.intervention_id)


def _undo_give(store: Store, given: Step, now: datetime) -> None:
    from db.floor.giving import FloorGiven

    store.floor.undo_give_floor(FloorGiven(**given["given"]))


def _take_back(store: Store, given: Step, now: datetime) -> Done:
    from db.floor.giving import ANYONE

    ended = store.floor.take_floor_back(
        given["slot_id"], now, expected=given.get("expected", ANYONE)
    )
    return Done(
        {"op": Action.FLOOR_TAKE_BACK, "slot_id": given["slot_id"]},
        {"op": Action.FLOOR_REOPEN, "intervention_id": ended},
    )


def _reopen_floor(store: Store, given: Step, now: datetime) -> None:
    store.floor.reopen_floor(given["intervention_id"])


def _add_time(store: Store, given: Step, now: datetime) -> None:
    store.floor.add_time(given["intervention_id"], given["seconds"])


def _pause(store: Store, given: Step, now: datetime) -> None:
    store.floor.pause(given["intervention_id"], _when(given.get("at")) or now)


def _resume(store: Store, given: Step, now: datetime) -> None:
    store.floor.resume(given["intervention_id"], _when(given.get("at")) or now)


def _audio_lost(store: Store, given: Step, now: datetime) -> None:
    from db.floor.statement_media import StatementMedia

    StatementMedia(_transactions(store)).audio_lost(
        given["intervention_id"], _when(given.get("at")) or now
    )


def _audio_back(store: Store, given: Step, now: datetime) -> None:
    from db.floor.statement_media import StatementMedia

    StatementMedia(_transactions(store)).audio_back(
        given["intervention_id"], _when(given.get("at")) or now
    )


# -- requests from outside the hall ------------------------------------------------------


def _accept(store: Store, given: Step, now: datetime) -> None:
    store.advance_requests.accept(
        given["item_id"],
        delegation_id=given["delegation_id"],
        slot_id=given["slot_id"],
        kind=InterventionKind(given["kind"]),
        channel=Channel(given["channel"]),
        speaker=given.get("speaker", ""),
        speaker_function=given.get("speaker_function", ""),
    )


def _review_reopen(store: Store, given: Step, now: datetime) -> None:
    store.advance_requests.reopen(given["item_id"])


def _dismiss(store: Store, given: Step, now: datetime) -> None:
    store.advance_requests.dismiss(given["item_id"])


def _question(store: Store, given: Step, now: datetime) -> None:
    store.audience_questions.set_status(
        given["question_id"], QuestionStatus(given["status"]), _when(given.get("at"))
    )


def _hand(store: Store, given: Step, now: datetime) -> None:
    store.participants.raise_hand(given["participant_id"], _when(given["at"]))


def _link(store: Store, given: Step, now: datetime) -> Done:
    before = store.participants.link(given["participant_id"], given["delegation_id"])
    undo = step(Action.REMOTE_LINK, participant_id=given["participant_id"], delegation_id=before)
    return Done(given, undo)


def _add_remote(store: Store, given: Step, now: datetime) -> Done:
    """A participant typed in by hand; undone, they leave the list. One already there is
    only marked as in the meeting again, which nothing undoes."""
    from db.people.participants import Participant

    person = Participant(given["name"], given.get("email"), given.get("delegation_id"))
    added = store.participants.add_one(given["conference_id"], person)
    undo = step(Action.REMOTE_REMOVE, participant_id=added) if added is not None else None
    return Done(given, undo, added)


def _remove_remote(store: Store, given: Step, now: datetime) -> Done:
    gone = store.participants.remove_remote(given["participant_id"])
    return Done(
        given,
        step(
            Action.REMOTE_IMPORT,
            conference_id=gone.conference_id,
            name=gone.name,
            email=gone.email,
            delegation_id=gone.delegation_id,
        ),
    )


def _chat_confirm(store: Store, given: Step, now: datetime) -> None:
    store.chat_proposals.confirm(
        given["proposal_id"], slot_id=given["slot_id"], delegation_id=given["delegation_id"]
    )


def _chat_dismiss(store: Store, given: Step, now: datetime) -> None:
    store.chat_proposals.dismiss(given["proposal_id"])


def _chat_reopen(store: Store, given: Step, now: datetime) -> None:
    store.chat_proposals.reopen(given["proposal_id"])


# -- the agenda ----------------------------------------------------------------------------


def _create_slot(store: Store, given: Step, now: datetime) -> Done:
    from db.agenda.drafts import draft_from_plain

    slot_id = store.agenda.add_slot(given["conference_id"], draft_from_plain(given["draft"]))
    return Done(given, {"op": Action.SLOT_DELETE, "slot_id": slot_id}, slot_id)


def _update_slot(store: Store, given: Step, now: datetime) -> None:
    from db.agenda.drafts import draft_from_plain

    store.agenda.update_slot(given["slot_id"], draft_from_plain(given["draft"]))


def _move_slot(store: Store, given: Step, now: datetime) -> None:
    starts_at = _when(given["starts_at"])
    assert starts_at is not None
    store.agenda.move_slot(given["slot_id"], starts_at)


def _delete_slot(store: Store, given: Step, now: datetime) -> Done:
    """The slot goes with its requests; what it held is kept whole in the step that
    restores it."""
    from db.agenda.removed import plain_removed

    removed = store.agenda.remove_slot(given["slot_id"], with_requests=True)
    return Done(given, {"op": Action.SLOT_RESTORE, "removed": plain_removed(removed)})


def _restore_slot(store: Store, given: Step, now: datetime) -> Done:
    """Back under its old id if that is free; the step that deletes it again follows."""
    from db.agenda.removed import removed_from_plain

    slot_id = store.agenda.restore_slot(removed_from_plain(given["removed"]))
    return Done(given, {"op": Action.SLOT_DELETE, "slot_id": slot_id}, slot_id)


# -- the record ----------------------------------------------------------------------------


def _tags(store: Store, given: Step, now: datetime) -> Done:
    before = store.record.set_tags(given["intervention_id"], given["tags"])
    return Done(given, step_of(Action.RECORD_TAGS, given["intervention_id"], tags=before))


def _flags(store: Store, given: Step, now: datetime) -> Done:
    flags = {k: given[k] for k in ("recommendation", "follow_up") if given.get(k) is not None}
    before = store.record.set_flags(given["intervention_id"], **flags)
    return Done(given, step_of(Action.RECORD_FLAGS, given["intervention_id"], **before))


def _correct_speaker(store: Store, given: Step, now: datetime) -> Done:
    delegation_id, speaker = store.record.change_speaker(
        given["intervention_id"], given["delegation_id"], given.get("speaker")
    )
    undo = step_of(
        Action.RECORD_CORRECT_SPEAKER,
        given["intervention_id"],
        delegation_id=delegation_id,
        speaker=speaker,
    )
    return Done(given, undo)


def _taken_back(store: Store, given: Step, now: datetime) -> Done:
    """Undone, a floor closed afterwards is open again (as it was: nobody else may
    have the floor by then), a corrected time is the one before."""
    at = _when(given["at"])
    assert at is not None
    before = store.record.set_taken_back(given["intervention_id"], at)
    if before is None:
        return Done(given, step_of(Action.FLOOR_REOPEN, given["intervention_id"]))
    return Done(given, step_of(Action.RECORD_TAKEN_BACK, given["intervention_id"], at=before))


def _merge(store: Store, given: Step, now: datetime) -> None:
    """Not undoable: its undo would have to put back two interventions' times, pauses,
    notes, tags and statements while later changes (an F8 on the one kept) build on it."""
    store.record.merge(given["keep_id"], given["merged_id"])


def _attach(store: Store, given: Step, now: datetime) -> Done:
    """The file's content travels in the step (base64): the undo of its removal."""
    attachment_id = store.record.attach_statement(
        given["intervention_id"],
        given["filename"],
        base64.b64decode(given["content"]),
        _when(given.get("at")) or now,
        given.get("media_type"),
    )
    return Done(given, step(Action.RECORD_DETACH, attachment_id=attachment_id), attachment_id)


def _detach(store: Store, given: Step, now: datetime) -> Done:
    gone = store.record.remove_statement(given["attachment_id"])
    again = step_of(
        Action.RECORD_ATTACH,
        gone.intervention_id,
        filename=gone.filename,
        content=base64.b64encode(gone.content).decode("ascii"),
        at=gone.added_at,
        media_type=gone.media_type,
    )
    return Done(given, again)


OPS: dict[str, Op] = {
    Action.REQUEST_ADD: _add,
    Action.REQUEST_STATUS: _status,
    Action.REQUEST_LIMIT: _limit,
    Action.REQUEST_MOVE: _move,
    Action.REQUEST_ABSENT: _absent,
    Action.REQUEST_PIN: _pin,
    Action.REQUEST_LANGUAGE: _language,
    Action.REQUEST_VIDEO: _video,
    Action.LIST_CLOSE: _close,
    Action.LIST_REOPEN: _reopen,
    Action.LIST_POLICY: _policy,
    Action.FLOOR_GIVE: _give,
    Action.FLOOR_UNDO_GIVE: _undo_give,
    Action.FLOOR_TAKE_BACK: _take_back,
    Action.FLOOR_REOPEN: _reopen_floor,
    Action.FLOOR_ADD_TIME: _add_time,
    Action.FLOOR_PAUSE: _pause,
    Action.FLOOR_RESUME: _resume,
    Action.FLOOR_AUDIO_LOST: _audio_lost,
    Action.FLOOR_AUDIO_BACK: _audio_back,
    Action.REVIEW_ACCEPT: _accept,
    Action.REVIEW_REOPEN: _review_reopen,
    Action.REVIEW_DISMISS: _dismiss,
    Action.QUESTION_STATUS: _question,
    Action.REMOTE_HAND: _hand,
    Action.REMOTE_LINK: _link,
    Action.REMOTE_IMPORT: _add_remote,
    Action.REMOTE_REMOVE: _remove_remote,
    Action.CHAT_CONFIRM: _chat_confirm,
    Action.CHAT_DISMISS: _chat_dismiss,
    Action.CHAT_REOPEN: _chat_reopen,
    Action.SLOT_CREATE: _create_slot,
    Action.SLOT_UPDATE: _update_slot,
    Action.SLOT_MOVE: _move_slot,
    Action.SLOT_DELETE: _delete_slot,
    Action.SLOT_RESTORE: _restore_slot,
    Action.RECORD_TAGS: _tags,
    Action.RECORD_FLAGS: _flags,
    Action.RECORD_CORRECT_SPEAKER: _correct_speaker,
    Action.RECORD_TAKEN_BACK: _taken_back,
    Action.RECORD_MERGE: _merge,
    Action.RECORD_ATTACH: _attach,
    Action.RECORD_DETACH: _detach,
}


# What the desk notes on a step for itself (who may undo it, desktop/domain/roles.py):
# kept on the steps worked out from it, so an undo stays whose the change was.
THE_DESKS_OWN = ("area",)


def perform(store: Store, step: Step, now: datetime) -> Done:
    """Carry the step out (inside the caller's transaction, if there is one)."""
    done = OPS[step["op"]](store, step, now)
    if done is None:
        return Done(step, None)
    own = {key: step[key] for key in THE_DESKS_OWN if key in step}
    if not own:
        return done
    undo = {**done.undo, **own} if done.undo is not None else None
    return Done({**done.step, **own}, undo, done.made)


def subject(step: Step) -> str:
    """What the step changes: "floor", "request", "slot", "record" …"""
    return Action(step["op"]).subject


def step(op: str, **args: Any) -> Step:
    """A step, with times and enums turned into plain JSON values."""
    if op not in OPS:
        raise KeyError(op)
    plain: Step = {"op": op}
    for key, value in args.items():
        if isinstance(value, datetime):
            value = _stamp(value)
        elif hasattr(value, "value") and isinstance(value.value, str):
            value = value.value
        plain[key] = value
    return plain


def step_of(op: str, intervention_id: int, **args: Any) -> Step:
    """A step on one intervention of the record."""
    return step(op, intervention_id=intervention_id, **args)


def attachment(intervention_id: int, filename: str, content: bytes, at: datetime) -> Step:
    """The step that attaches a written statement, its content carried as text."""
    encoded = base64.b64encode(content).decode("ascii")
    return step_of(Action.RECORD_ATTACH, intervention_id, filename=filename, content=encoded, at=at)
