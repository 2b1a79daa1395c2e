"""Exactly-once writes: a change is made once, however often it is sent.

Every store command carries a key its station chose (a uuid, minted with the command:
``StoreCommand.key`` in db/guard.py). The command's transaction writes the key, what the
command returned and the journal entries it wrote into ``applied_change``, and commits
them with the change (``Store.exactly_once``). A command sent again with the same key —
held while the server was away and written back, retried at once after the connection
dropped between COMMIT and its reply, read from the recovery file at the next start —
finds its key when its transaction begins: nothing is written, and it returns what it
returned the first time.

What a command returns is kept as JSON in a small form of its own: plain values, lists,
tuples, dicts with text keys, times and dates, the enums and frozen dataclasses of the
``db`` package (a view, ``FloorGiven``); anything else is not kept, and a retry that
needs it is told in one sentence (:class:`ChangeAlreadyMade`).

A key is needed only while its change may still be sent again: kept for
:data:`KEYS_KEPT_FOR`, then forgotten (:func:`forget_old_keys`, run by each station now
and then, off the window's thread), so that the table does not grow for ever.
"""

from __future__ import annotations

import dataclasses
import enum
import sys
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select

from db.errors import FloorConflict
from db.models import AppliedChange
from db.prepared import Prepared

_FOUND = Prepared(
    select(AppliedChange.returned, AppliedChange.journal_ids).where(
        AppliedChange.key == bindparam("key")
    )
)
_REMEMBER = Prepared(insert(AppliedChange))

# How long a change's key is kept. A change is sent again at once (a lost reply), when
# the server answers again (held meanwhile), or when the moderator writes the changes
# kept from an earlier session — at the station's next start, as a rule the next morning.
# A week covers a weekend with a station left closed; a change in doubt kept longer
# than that, then written, could be made twice.
KEYS_KEPT_FOR = timedelta(days=7)


class AlreadyApplied(Exception):
    """Raised when a command's transaction begins: its key is in the database already.
    Caught by the store, which returns what the command returned then."""

    def __init__(self, returned: dict[str, Any] | None, journal_ids: Sequence[int]) -> None:
        super().__init__("the change was made already")
        self.returned = returned
        self.journal_ids = list(journal_ids)


class ChangeAlreadyMade(FloorConflict):
    """A change sent again was made already, and what it returned was not kept."""


def check(connection: Connection, key: str) -> None:
    """Inside the command's transaction, before it writes: raise if it was made."""
    found = _FOUND.first(connection, key=key)
    if found is not None:
        raise AlreadyApplied(found.returned, found.journal_ids or [])


def remember(
    connection: Connection,
    key: str,
    station: str,
    at: datetime,
    result: Any,
    journal_ids: Sequence[int],
) -> None:
    """Inside the command's transaction, last: the key, with what the command returned."""
    try:
        returned: dict[str, Any] | None = {"value": encode(result)}
    except _NotKept:
        returned = None
    _REMEMBER.run(
        connection,
        key=key,
        station=station,
        applied_at=at,
        returned=returned,
        journal_ids=list(journal_ids),
    )


def forget_old_keys(engine: Engine, now: datetime) -> int:
    """The keys of changes made more than :data:`KEYS_KEPT_FOR` before ``now`` removed,
    in a transaction of their own on the calling thread; how many."""
    with engine.begin() as connection:
        forgotten = connection.execute(
            delete(AppliedChange).where(AppliedChange.applied_at < now - KEYS_KEPT_FOR)
        )
        return forgotten.rowcount


def returned_value(done: AlreadyApplied) -> Any:
    """What the command returned when it was made."""
    if done.returned is None:
        raise ChangeAlreadyMade(
            "That change was saved already (the database's reply to it was lost); "
            "it was not made twice."
        )
    try:
        return decode(done.returned["value"])
    except (_NotKept, KeyError, TypeError, ValueError) as error:
        raise ChangeAlreadyMade(
            "That change was saved already (the database's reply to it was lost); "
            "it was not made twice."
        ) from error


# -- the form of what a command returned ----------------------------------------------


class _NotKept(Exception):
    """A value outside the form: not kept (or, read back, not understood)."""


def encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return {"enum": _name_of(type(value)), "value": encode(value.value)}
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, tuple):
        return {"tuple": [encode(item) for item in value]}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: encode(v) for k, v in value.items()}}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init
        }
        return {"dataclass": _name_of(type(value)), "fields": fields}
    raise _NotKept(type(value).__name__)


def decode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [decode(item) for item in value]
    if not isinstance(value, dict):
        raise _NotKept(type(value).__name__)
    if "datetime" in value:
        return datetime.fromisoformat(value["datetime"])
    if "date" in value:
        return date.fromisoformat(value["date"])
    if "tuple" in value:
        return tuple(decode(item) for item in value["tuple"])
    if "dict" in value:
        return {k: decode(v) for k, v in value["dict"].items()}
    if "enum" in value:
        kind = _named(value["enum"])
        if not (isinstance(kind, type) and issubclass(kind, enum.Enum)):
            raise _NotKept(value["enum"])
        return kind(decode(value["value"]))
    if "dataclass" in value:
        kind = _named(value["dataclass"])
        if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
            raise _NotKept(value["dataclass"])
        return kind(**{k: decode(v) for k, v in value["fields"].items()})
    raise _NotKept(str(sorted(value)))


def _name_of(kind: type) -> str:
    module = kind.__module__
    if module != "db" and not module.startswith("db."):
        raise _NotKept(f"{module}.{kind.__qualname__}")
    return f"{module}:{kind.__qualname__}"


def _named(name: str) -> Any:
    """A class of the db package by the name _name_of gave it, from the modules already
    loaded (the store loads every group's): nothing is imported for it — the database is
    shared, what it holds is data, not code to run."""
    module, _, qualname = name.partition(":")
    if module != "db" and not module.startswith("db."):
        raise _NotKept(name)
    found: Any = sys.modules.get(module)
    if found is None:
        raise _NotKept(name)
    try:
        for part in qualname.split("."):
            found = getattr(found, part)
    except AttributeError as error:
        raise _NotKept(name) from error
    return found
