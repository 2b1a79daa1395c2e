"""The seam between the store and a guard of its storage.

A guard decides what happens to a change when the storage fails (the file turned
read-only, the disk is full): see db/storage_fallback.py, the one guard Floordesk has.
The store consults it at two points, and only there:

1. Each command group of the store (``store.floor``, ``store.speakers`` …, and the
   desk's undo history) is declared through ``Transactions.command_group``, which puts a
   :class:`CommandGroup` in front of it. A call of one of its public methods, such as
   ``store.floor.give_floor(slot_id, now)``, reaches the group through
   ``guard.run_command(StoreCommand("floor", "give_floor", args, kwargs), method)``:
   the guard runs it, and may run it again elsewhere or keep it to run later, since the
   command is named and carries the arguments it was made with. ``method`` is the
   group's method run as that command (``Transactions.exactly_once``): however often the guard
   runs it, the change is made once.
2. ``Transactions.transaction()`` calls ``guard.before_transaction()`` before it begins, so
   the guard knows a command writes, and may refuse it (by raising) while earlier
   changes wait.

Without a guard, both are a plain call (the command still run as itself, exactly once).
This module imports neither Qt nor SQLAlchemy.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol


def new_key() -> str:
    return uuid.uuid4().hex


@dataclass
class StoreCommand:
    """One call of a store command, by its group's and its method's names, with the
    arguments it was made with: enough to make it again, and to keep it in a file.

    ``key`` is the change's identity, chosen here, by the station, when the command is
    made: its transaction writes it, so that the command sent again (held and written
    back, retried after a lost reply) is recognised as made (db/exactly_once.py).
    ``attempted``: a transaction of it began, so it may have been made; ``in_doubt``: its
    COMMIT was sent and no reply came back, so whether it was made is not known."""

    group: str
    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)
    key: str = field(default_factory=new_key, compare=False)
    attempted: bool = field(default=False, compare=False)
    in_doubt: bool = field(default=False, compare=False)
    # The journal entries it wrote on a standby copy during an outage, as
    # ``db.local_ids.Made`` tuples: what tells its local ids from the server's later.
    made_here: list[tuple[Any, ...]] = field(default_factory=list, compare=False)


class Guarded(Protocol):
    """What of the store a command group needs (db/transactions.py): its guard, if any, and
    the one way to run a command, exactly once."""

    guard: StoreGuard | None

    def exactly_once(
        self, command: StoreCommand, method: Callable[..., Any]
    ) -> Callable[..., Any]: ...


class StoreGuard(Protocol):
    """What the store asks of its guard."""

    def run_command(self, command: StoreCommand, method: Callable[..., Any]) -> Any:
        """Run ``method`` (the group's method ``command`` names) and return what it returns."""

    def before_transaction(self) -> None:
        """Called before each outermost transaction; may refuse it by raising."""


class CommandGroup:
    """A store command group, with each call of its public methods put to the store's
    guard (when the store has one). Attributes that are not methods are the group's own."""

    def __init__(self, store: Guarded, name: str, group: object) -> None:
        vars(self).update(_store=store, _name=name, _group=group)

    def __getattr__(self, attribute: str) -> Any:
        value = getattr(self._group, attribute)
        if (
            attribute.startswith("_")
            or not callable(value)
            or isinstance(value, type)
            or isinstance(getattr(type(self._group), attribute, None), property)
        ):
            return value
        call = _through_guard(self._store, self._name, attribute, value)
        vars(self)[attribute] = call  # found directly from the next call on
        return call

    def __setattr__(self, attribute: str, value: Any) -> None:
        setattr(self._group, attribute, value)  # the group's (a test's stand-in, too)
        vars(self).pop(attribute, None)

    def __delattr__(self, attribute: str) -> None:
        delattr(self._group, attribute)
        vars(self).pop(attribute, None)

    def __repr__(self) -> str:
        return f"<{self._name}: {self._group!r}, through the store's guard>"


def _through_guard(
    store: Guarded, group: str, name: str, method: Callable[..., Any]
) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        command = StoreCommand(group, name, args, kwargs)
        once = store.exactly_once(command, method)
        guard = store.guard
        if guard is None:
            return once(*args, **kwargs)
        return guard.run_command(command, once)

    call.__name__ = name
    call.__qualname__ = f"{group}.{name}"
    call.__doc__ = method.__doc__
    call.__wrapped__ = method  # type: ignore[attr-defined]
    return call
