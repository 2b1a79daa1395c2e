"""The desk's undoable changes as data, so that the undo history can be kept and restored.

A step is a small dict: ``{"op": "request.move", "request_id": 7, "index": 2}``.
``perform`` carries it out on the store; when doing it again creates new rows
(giving the floor again makes a new intervention), it returns the step that now
undoes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime
from typing import Any

from db.floor.giving import FloorGiven
from db.meeting.actions import Action
from db.meeting.ordering import Policy
from db.meeting.vocabulary import Channel, InterventionKind, QuestionStatus, RequestStatus
from db.store import Store

Step = dict[str, Any]
Op = Callable[[Store, Step, datetime], Step | None]


def _when(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


def _stamp(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _status(store: Store, step: Step, now: datetime) -> None:
    store.speakers.set_status(step["request_id"], RequestStatus(step["status"]))


def _limit(store: Store, step: Step, now: datetime) -> None:
    store.speakers.set_limit(step["request_id"], step["seconds"])


def _move(store: Store, step: Step, now: datetime) -> None:
    store.speakers.move(step["request_id"], step["index"])


def _absent(store: Store, step: Step, now: datetime) -> None:
    store.speakers.set_absent(step["request_id"], _when(step["at"]))


def _pin(store: Store, step: Step, now: datetime) -> None:
    store.speakers.set_pinned(step["request_id"], bool(step["pinned"]))


def _close(store: Store, step: Step, now: datetime) -> None:
    store.speakers.close_list(step["slot_id"], _when(step["at"]) or now)


def _reopen(store: Store, step: Step, now: datetime) -> None:
    store.speakers.reopen_list(step["slot_id"])


def _policy(store: Store, step: Step, now: datetime) -> None:
    store.speakers.set_policy(step["slot_id"], Policy.from_json(step["policy"]))


def _give(store: Store, step: Step, now: datetime) -> Step:
    given = store.floor.give_floor(step["slot_id"], now, step.get("request_id"))
    return {"op": Action.FLOOR_UNDO_GIVE, "given": asdict(given)}


def _undo_give(store: Store, step: Step, now: datetime) -> None:
    store.floor.undo_give_floor(FloorGiven(**step["given"]))


def _take_back(store: Store, step: Step, now: datetime) -> Step:
    ended = store.floor.take_floor_back(step["slot_id"], now)
    return {"op": Action.FLOOR_REOPEN, "intervention_id": ended}


def _reopen_floor(store: Store, step: Step, now: datetime) -> None:
    store.floor.reopen_floor(step["intervention_id"])


def _add_time(store: Store, step: Step, now: datetime) -> None:
    store.floor.add_time(step["intervention_id"], step["seconds"])


def _accept(store: Store, step: Step, now: datetime) -> None:
    store.advance_requests.accept(
        step["item_id"],
        delegation_id=step["delegation_id"],
        slot_id=step["slot_id"],
        kind=InterventionKind(step["kind"]),
        channel=Channel(step["channel"]),
        speaker=step.get("speaker", ""),
        speaker_function=step.get("speaker_function", ""),
    )


def _review_reopen(store: Store, step: Step, now: datetime) -> None:
    store.advance_requests.reopen(step["item_id"])


def _dismiss(store: Store, step: Step, now: datetime) -> None:
    store.advance_requests.dismiss(step["item_id"])


def _question(store: Store, step: Step, now: datetime) -> None:
    store.audience_questions.set_status(
        step["question_id"], QuestionStatus(step["status"]), _when(step.get("at"))
    )


def _hand(store: Store, step: Step, now: datetime) -> None:
    store.participants.raise_hand(step["participant_id"], _when(step["at"]))


def _chat_confirm(store: Store, step: Step, now: datetime) -> None:
    store.chat_proposals.confirm(
        step["proposal_id"], slot_id=step["slot_id"], delegation_id=step["delegation_id"]
    )


def _chat_dismiss(store: Store, step: Step, now: datetime) -> None:
    store.chat_proposals.dismiss(step["proposal_id"])


def _chat_reopen(store: Store, step: Step, now: datetime) -> None:
    store.chat_proposals.reopen(step["proposal_id"])


OPS: dict[str, Op] = {
    Action.CHAT_CONFIRM: _chat_confirm,
    Action.CHAT_DISMISS: _chat_dismiss,
    Action.CHAT_REOPEN: _chat_reopen,
    Action.REQUEST_STATUS: _status,
    Action.REQUEST_LIMIT: _limit,
    Action.REQUEST_MOVE: _move,
    Action.REQUEST_ABSENT: _absent,
    Action.REQUEST_PIN: _pin,
    Action.LIST_CLOSE: _close,
    Action.LIST_REOPEN: _reopen,
    Action.LIST_POLICY: _policy,
    Action.FLOOR_GIVE: _give,
    Action.FLOOR_UNDO_GIVE: _undo_give,
    Action.FLOOR_TAKE_BACK: _take_back,
    Action.FLOOR_REOPEN: _reopen_floor,
    Action.FLOOR_ADD_TIME: _add_time,
    Action.REVIEW_ACCEPT: _accept,
    Action.REVIEW_REOPEN: _review_reopen,
    Action.REVIEW_DISMISS: _dismiss,
    Action.QUESTION_STATUS: _question,
    Action.REMOTE_HAND: _hand,
}


def perform(store: Store, step: Step, now: datetime) -> Step | None:
    """Carry the step out; returns the step that now undoes it, when that changed."""
    return OPS[step["op"]](store, step, now)


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
