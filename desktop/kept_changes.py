"""Changes kept when Floordesk last closed with the database unwritable: never written
at the next start without asking.

The store's guard (db/storage_fallback.py) keeps the changes it could not write in a
recovery file beside the user's other state. At the next start the file is moved aside
at once (so that changes held in the new session cannot overwrite it) and the window
lists what it holds and when; the moderator writes them — in their order, with their
own times — or sets them aside, kept in a file with a readable list beside it. Other
stations may have moved on meanwhile: that is the moderator's to judge, not the
program's. Until then they wait in their file, and are offered again at the next start.

No Qt here: the files, and what each change is in words.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from db.guard import StoreCommand
from db.meeting.actions import Action

log = logging.getLogger(__name__)

KEPT = ".kept-"  # moved aside at start, waiting for the moderator's decision
SET_ASIDE = ".set-aside-"  # the moderator's decision: kept, not written


@dataclass(frozen=True)
class KeptChange:
    what: str
    when: datetime | None  # the time the change carries (None: it carries none)
    shown: bool  # False for a change that goes with another (its undo step)


@dataclass(frozen=True)
class KeptSet:
    """One file of changes kept from a session that closed before writing them."""

    path: Path
    commands: list[StoreCommand]
    saved_at: datetime  # when the file was last written (the session's last change)

    def changes(self, names: Callable[[int], str | None] = lambda _id: None) -> list[KeptChange]:
        return [describe(command, names) for command in self.commands]


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def take_at_start(recovery: Path, now: datetime | None = None) -> Path | None:
    """The recovery file left by the last session, moved aside to wait for a decision
    (the guard starts the new session with none); None when there was none."""
    if not recovery.exists():
        return None
    kept = recovery.with_name(f"{recovery.stem}{KEPT}{_stamp(now or datetime.now(UTC))}.pickle")
    try:
        recovery.replace(kept)
    except OSError as error:  # left where it is: offered again at the next start
        log.info("cannot move %s aside: %s", recovery, error)
        return None
    return kept


def waiting_sets(recovery: Path) -> list[KeptSet]:
    """Every set of kept changes for this database not yet written or set aside."""
    sets = []
    for path in sorted(recovery.parent.glob(f"{recovery.stem}{KEPT}*.pickle")):
        commands = read(path)
        if commands:
            saved = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            sets.append(KeptSet(path, commands, saved))
    return sets


def read(path: Path) -> list[StoreCommand]:
    """The changes in a kept file (our own file, in the user's state folder)."""
    try:
        held = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as error:
        log.info("cannot read the kept changes %s: %s", path, error)
        return []
    if not (isinstance(held, list) and all(isinstance(c, StoreCommand) for c in held)):
        return []
    return held


def set_aside(kept: KeptSet, names: Callable[[int], str | None] = lambda _id: None) -> Path:
    """Keep the set in a file of its own, not written, with a readable list beside it;
    returns the file's path."""
    stamp = kept.path.name.split(KEPT, 1)[1].removesuffix(".pickle")
    target = kept.path.with_name(kept.path.name.split(KEPT, 1)[0] + f"{SET_ASIDE}{stamp}.pickle")
    kept.path.replace(target)
    lines = [
        "Changes made at this station that were not written to the database "
        f"(kept {kept.saved_at:%Y-%m-%d %H:%M} UTC), set aside:",
        "",
    ]
    for change in kept.changes(names):
        if change.shown:
            when = f"{change.when:%Y-%m-%d %H:%M:%S} UTC" if change.when else "(no time)"
            lines.append(f"{when}  {change.what}")
    try:
        target.with_suffix(".txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as error:  # the changes themselves are kept: the list is a courtesy
        log.info("cannot write the list beside %s: %s", target, error)
    return target


def keep_aside(
    recovery: Path,
    commands: list[StoreCommand],
    names: Callable[[int], str | None] = lambda _id: None,
    now: datetime | None = None,
) -> Path:
    """Changes the moderator chose not to write (made during an outage): set aside like a
    kept set, in a file with a readable list beside it; returns the file's path."""
    moment = now or datetime.now(UTC)
    path = recovery.with_name(f"{recovery.stem}{KEPT}{_stamp(moment)}.pickle")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(commands))
    return set_aside(KeptSet(path, commands, moment), names)


def entry_in_words(action: str) -> str:
    """A journal entry of another station, in words."""
    words = _STEP_WORDS.get(action)
    if words is None:
        return action.replace(".", ": ").replace("_", " ").capitalize()
    return words


# -- what a change is, in words ---------------------------------------------------------

_WORDS: Mapping[tuple[str, str], str] = {
    ("speakers", "add"): "Added to the list of speakers",
    ("speakers", "set_status"): "A request's status changed",
    ("speakers", "move"): "A request moved in the list",
    ("speakers", "set_limit"): "A request's speaking time set",
    ("speakers", "set_absent"): "A request marked not present (or back)",
    ("speakers", "set_pinned"): "A request given back to the ordering rules",
    ("speakers", "close_list"): "The list of speakers closed",
    ("speakers", "reopen_list"): "The list of speakers reopened",
    ("speakers", "set_policy"): "The list's ordering rules changed",
    ("floor", "give_floor"): "The floor given",
    ("floor", "take_floor_back"): "The floor taken back",
    ("floor", "undo_give_floor"): "The floor given, undone",
    ("floor", "reopen_floor"): "The floor taken back, undone",
    ("floor", "pause"): "The countdown paused",
    ("floor", "resume"): "The countdown resumed",
    ("floor", "add_time"): "Speaking time added or taken",
    ("record", "set_notes"): "Notes written",
    ("record", "set_internal_notes"): "Internal notes written",
    ("record", "set_tags"): "Tags set",
    ("record", "set_flags"): "Recommendation or follow-up marked",
}


# The desk's changes are steps (db/steps.py), kept as the history's commands: carry_out
# (conference, label, step, undo, at), undo and redo (sequence, step, undo, at).
_STEP_WORDS: Mapping[str, str] = {
    Action.REQUEST_ADD: "Added to the list of speakers",
    Action.REQUEST_STATUS: "A request's status changed",
    Action.REQUEST_MOVE: "A request moved in the list",
    Action.REQUEST_LIMIT: "A request's speaking time set",
    Action.REQUEST_ABSENT: "A request marked not present (or back)",
    Action.REQUEST_PIN: "A request given back to the ordering rules",
    Action.LIST_CLOSE: "The list of speakers closed",
    Action.LIST_REOPEN: "The list of speakers reopened",
    Action.LIST_POLICY: "The list's ordering rules changed",
    Action.FLOOR_GIVE: "The floor given",
    Action.FLOOR_TAKE_BACK: "The floor taken back",
    Action.FLOOR_UNDO_GIVE: "The floor given, undone",
    Action.FLOOR_REOPEN: "The floor taken back, undone",
    Action.FLOOR_PAUSE: "The countdown paused",
    Action.FLOOR_RESUME: "The countdown resumed",
    Action.FLOOR_ADD_TIME: "Speaking time added or taken",
    Action.RECORD_TAGS: "Tags set",
    Action.RECORD_FLAGS: "Recommendation or follow-up marked",
}


def _describe_step(command: StoreCommand, names: Callable[[int], str | None]) -> KeptChange:
    args = command.args
    if command.method == "carry_out" and len(args) >= 3:
        label, made = args[1], args[2]
    elif command.method in ("undo", "redo") and len(args) >= 3:
        label, made = "", args[2] if command.method == "undo" else args[1]
    else:  # the undo step kept beside a change, by an earlier version
        return KeptChange("(its place in the undo history)", None, shown=False)
    op = made.get("op", "") if isinstance(made, dict) else ""
    what = _STEP_WORDS.get(op) or label or op.replace(".", ": ").replace("_", " ")
    if command.method == "undo":
        what = f"Undone: {what[:1].lower()}{what[1:]}"
    draft = made.get("draft") if isinstance(made, dict) else None
    delegation_id = draft.get("delegation_id") if isinstance(draft, dict) else None
    named = names(delegation_id) if isinstance(delegation_id, int) else None
    if named:
        what = f"{what} ({named})"
    return KeptChange(what, _time_in(command), shown=True)


def describe(
    command: StoreCommand, names: Callable[[int], str | None] = lambda _id: None
) -> KeptChange:
    """A kept change in words, with the time it carries."""
    if command.group == "history":
        return _describe_step(command, names)
    what = _WORDS.get((command.group, command.method))
    if what is None:
        what = f"{command.group.replace('_', ' ').capitalize()}: {command.method.replace('_', ' ')}"
    named = _delegation_of(command, names)
    if named:
        what = f"{what} ({named})"
    return KeptChange(what, _time_in(command), shown=True)


def _time_in(command: StoreCommand) -> datetime | None:
    for value in (*command.args, *command.kwargs.values()):
        if isinstance(value, datetime):
            return value
    return None


def _delegation_of(command: StoreCommand, names: Callable[[int], str | None]) -> str | None:
    for value in (*command.args, *command.kwargs.values()):
        delegation_id: Any = getattr(value, "delegation_id", None)
        if isinstance(delegation_id, int):
            return names(delegation_id)
    return None
