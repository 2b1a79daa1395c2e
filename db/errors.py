"""What a command can refuse, in one sentence a user can read."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


class UnknownRecord(LookupError):
    """A conference, slot, request or intervention that is not (or no longer) there."""


class FloorConflict(Exception):
    """A command that does not fit the state of the list or the floor; ``str()`` says why."""


class ChangeHeld(FloorConflict):
    """The change could not be written now; it is kept and will be written later
    (db/storage_fallback.py)."""


class ChangeRefused(FloorConflict):
    """The change could not be written now and is not kept (``StorageFallback.holds``)."""


class InvalidSlot(ValueError):
    """A slot draft that cannot be stored; ``str()`` is one sentence for the user."""


class InvalidConference(ValueError):
    """Conference details that cannot be stored; ``str()`` is one sentence for the user."""


def found(session: Session, model: type[T], record_id: int, name: str) -> T:
    """The row of ``model`` with that id, or one sentence: "There is no agenda slot 7."
    (``name`` is the row's name in the users' words)."""
    row = session.get(model, record_id)
    if row is None:
        raise UnknownRecord(f"There is no {name} {record_id}.")
    return row
