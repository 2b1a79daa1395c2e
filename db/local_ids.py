"""The ids a station gave on its standby copy, and the server's for the same rows.

Each change held during an outage was made on the copy (db/standby_copy.py), and wrote
journal entries there: what it did to which row (``floor.give`` on intervention
1 090 000 001). Written to the server, the same change writes the same entries, in the
same order, with the server's ids. Zipped, the two lists say which local row is which
server row; the later held changes that name a local row (the F8 that ends the
intervention the F5 made) are rewritten with the server's id before they are written.

No SQL here: entries in, arguments out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from db.meeting.actions import of_subject
from db.standby_copy import is_local_id

_FLOOR = of_subject("floor")


class Made(NamedTuple):
    """One journal entry a change wrote: its action, on which row, in which slot."""

    action: str
    entity: str
    entity_id: int | None
    slot_id: int | None = None


class IdMap:
    """Local ids to the server's, learnt change by change."""

    def __init__(self) -> None:
        self.server_id: dict[int, int] = {}

    def learn(self, local: Sequence[Made], server: Sequence[Made]) -> None:
        """The entries one change wrote on the copy and on the server, in their order:
        a local row is the server's row named by the next entry of the same action on
        the same kind of row (an entry only one side wrote — an F5 that ended a speaker
        on the copy and nobody on the server — is passed over)."""
        position = 0
        for here in local:
            for number in range(position, len(server)):
                there = server[number]
                if (here.action, here.entity) == (there.action, there.entity):
                    position = number + 1
                    if is_local_id(here.entity_id) and there.entity_id is not None:
                        assert here.entity_id is not None
                        self.server_id.setdefault(here.entity_id, there.entity_id)
                    break

    def rewrite(self, value: Any) -> Any:
        """``value`` (a command's arguments: steps, dataclasses, lists …) with every local
        id the map knows replaced by the server's."""
        if is_local_id(value):
            return self.server_id.get(value, value)
        if isinstance(value, dict):
            return {key: self.rewrite(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.rewrite(item) for item in value]
        if isinstance(value, tuple) and not hasattr(value, "_fields"):
            return tuple(self.rewrite(item) for item in value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {
                f.name: self.rewrite(getattr(value, f.name))
                for f in dataclasses.fields(value)
                if f.init
            }
            return dataclasses.replace(value, **changes)
        return value


def local_ids_in(value: Any) -> set[int]:
    """The local ids ``value`` still names (once rewritten: rows the server never got)."""
    found: set[int] = set()
    _collect(value, found)
    return found


def _collect(value: Any, found: set[int]) -> None:
    if is_local_id(value):
        found.add(value)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _collect(getattr(value, f.name), found)


def floor_slots(made: Iterable[Made]) -> set[int]:
    """The slots whose floor these entries changed."""
    return {entry.slot_id for entry in made if entry.action in _FLOOR and entry.slot_id is not None}
