"""The store's core: transactions, the journal and the listeners; every change goes
through a transaction here.

Each command runs in one transaction that also appends to the journal; after
the commit every listener hears of the change, so all views (and later all
stations) refresh from the store rather than from private copies.

The store's guard (db/guard.py) sees every command of its groups and every
transaction: while the storage fails, it carries on with a copy in memory and
keeps the changes to write later (db/storage_fallback.py).
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Connection, Engine, Text, cast, event, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from db import exactly_once as applied
from db import one_speaker
from db.engine import describe, sqlite_path
from db.guard import CommandGroup, StoreCommand, StoreGuard
from db.meeting.actions import Action
from db.meeting.snapshots import Change
from db.models import JournalEntry
from db.prepared import Prepared
from db.sync.wake import wake_other_stations
from db.wal_checkpoints import WalCheckpoints

log = logging.getLogger(__name__)

_APPEND_TO_JOURNAL = Prepared(insert(JournalEntry).returning(JournalEntry.id))

Listener = Callable[[list[Change]], None]
Group = TypeVar("Group")


def default_station() -> str:
    return socket.gethostname() or "station"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Unit:
    """A transaction under way, with the changes it will announce."""

    session: Session
    changes: list[Change] = field(default_factory=list)
    # Work done once at the end of the transaction, however often it was asked for
    # (ordering a list again after many requests were added to it).
    pending: dict[Any, Callable[[Session], None]] = field(default_factory=dict)


class Transactions:
    """Owns the engine and the transactions; the command groups (db/store.py) hang off it
    and are handed this, never the whole store, so that no group imports the store."""

    def __init__(
        self, engine: Engine, *, station: str | None = None, guard: StoreGuard | None = None
    ) -> None:
        self.engine = engine
        self.station = station or default_station()
        self.label = self.station  # the station as shown to people (its id, unless told)
        self.where = describe(engine.url)  # the database as shown: never with its password
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _keep_journal_append_only)
        self._listeners: list[Listener] = []
        self._local = threading.local()
        # Runs each command of the groups (db/store.py) and is asked before each outermost
        # transaction (db/guard.py); None: commands run as they are.
        self.guard = guard
        self.command_groups: dict[str, object] = {}  # by name, as the guard names them
        path = sqlite_path(engine.url)
        self.checkpoints = WalCheckpoints(path).start() if path is not None else None

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.stop()
        self.engine.dispose()

    def command_group(self, name: str, group: Group) -> Group:
        """``group``'s commands, each put to the store's guard (db/guard.py) by ``name``
        and the method's name: so the guard can run it again, later or on a copy."""
        self.command_groups[name] = group
        return CommandGroup(self, name, group)  # type: ignore[return-value]

    def use_engine(self, engine: Engine) -> Engine:
        """Work on ``engine`` from now on (a stand-in while the database cannot be
        written, see db/storage_fallback.py); returns the engine used until now."""
        before = self.engine
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        event.listen(self._sessions, "before_flush", _keep_journal_append_only)
        return before

    # -- listeners ---------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    @contextmanager
    def unannounced(self) -> Iterator[None]:
        """No announcements meanwhile: for changes written again that the views saw already
        (on the copy in memory, see db/storage_fallback.py)."""
        listeners, self._listeners = self._listeners, []
        try:
            yield
        finally:
            self._listeners = listeners + self._listeners

    # -- transactions ------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One transaction; nested calls join the outer one and announce with it.

        Inside a store command it is the command's transaction: it commits when the
        command returns, with the command's key (``exactly_once``)."""
        unit: _Unit | None = getattr(self._local, "unit", None)
        if unit is not None:
            yield unit.session
            return
        if self.guard is not None:
            self.guard.before_transaction()
        session = self._sessions()
        unit = _Unit(session)
        self._local.unit = unit
        command: StoreCommand | None = getattr(self._local, "command", None)
        if command is not None:
            try:
                with self._one_speaker(session):
                    session.begin()
                    if command.attempted:  # sent before: perhaps made, the reply lost
                        applied.check(session.connection(), command.key)
                    command.attempted = True
                    yield session
            except BaseException:
                self._local.unit = None
                session.close()
                raise
            return  # committed by _carry_out once the command returns
        try:
            with self._one_speaker(session), session.begin():
                yield session
                self._work_at_end(unit)
        finally:
            self._local.unit = None
            session.close()
        self._announce(unit)

    def exactly_once(self, command: StoreCommand, method: Callable[..., Any]) -> Callable[..., Any]:
        """``method`` (the group's method ``command`` names) run as the command: its
        transaction writes the command's key with the change (db/exactly_once.py). Run
        again with the same key — a held change written back, a retry after the reply to
        its COMMIT was lost — a command that was made writes nothing and returns what it
        returned then."""

        def once(*args: Any, **kwargs: Any) -> Any:
            return self._carry_out(command, method, args, kwargs)

        return once

    def _carry_out(
        self,
        command: StoreCommand,
        method: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        under_way = getattr(self._local, "command", None) or getattr(self._local, "unit", None)
        if under_way is not None:
            return method(*args, **kwargs)  # part of the command or transaction under way
        self._local.command = command
        try:
            result = method(*args, **kwargs)
        except applied.AlreadyApplied as made:
            self._local.command = None
            return self._made_before(made)
        except BaseException:
            self._local.command = None
            self._drop_unit()  # failed after its transaction's block: nothing is written
            raise
        self._local.command = None
        unit: _Unit | None = getattr(self._local, "unit", None)
        if unit is None:
            return result  # it only read
        session = unit.session
        try:
            with self._one_speaker(session):
                self._work_at_end(unit)
                applied.remember(
                    session.connection(),
                    command.key,
                    self.station,
                    utc_now(),
                    result,
                    [change.journal_id for change in unit.changes],
                )
                try:
                    session.commit()
                except OperationalError:
                    command.in_doubt = True  # sent, no reply: made or not, the key will say
                    raise
        finally:
            self._local.unit = None
            session.close()
        self._announce(unit)
        return result

    def _made_before(self, made: applied.AlreadyApplied) -> Any:
        """A command found made: its changes are announced (nobody here heard of them: the
        reply was lost), and it returns what it returned then."""
        self.announce(self._changes_with_ids(made.journal_ids))
        return applied.returned_value(made)

    def _drop_unit(self) -> None:
        unit: _Unit | None = getattr(self._local, "unit", None)
        if unit is not None:
            self._local.unit = None
            unit.session.close()

    @staticmethod
    def _work_at_end(unit: _Unit) -> None:
        while unit.pending:
            _key, work = unit.pending.popitem()
            work(unit.session)

    @contextmanager
    def _one_speaker(self, session: Session) -> Iterator[None]:
        """A second speaker in a slot, refused by the schema's index (db/one_speaker.py),
        is the floor's conflict in one sentence; the transaction is rolled back."""
        try:
            yield
        except IntegrityError as error:
            session.rollback()
            conflict = one_speaker.refusal(self.engine, one_speaker.held_slot(session), error)
            if conflict is None:
                raise
            raise conflict from None

    def at_end(self, key: Any, work: Callable[[Session], None]) -> None:
        """Do ``work`` once, just before the current transaction commits."""
        unit: _Unit = self._local.unit
        unit.pending[key] = work

    @contextmanager
    def reading(self) -> Iterator[Session]:
        unit: _Unit | None = getattr(self._local, "unit", None)
        if unit is not None:
            yield unit.session
            return
        with self._sessions() as session:
            yield session

    def journal(
        self,
        session: Session,
        action: Action,
        entity: str,
        entity_id: int | None,
        **details: Any,
    ) -> None:
        """Append to the journal inside the current transaction.

        A plain INSERT rather than an ORM object: the entry's number is known at once, and
        the hot commands (giving the floor) do not pay for a unit-of-work flush."""
        unit: _Unit = self._local.unit
        journal_id: int = _APPEND_TO_JOURNAL.scalar(
            session.connection(),
            recorded_at=utc_now(),
            station=self.station,
            action=action,
            entity=entity,
            entity_id=entity_id,
            details=_jsonable(details),
        )
        unit.changes.append(Change(journal_id, action, entity, entity_id, details))
        if self.engine.dialect.name == "postgresql":  # once, at commit (db/sync/wake.py)
            self.at_end(wake_other_stations, wake_other_stations)

    def _announce(self, unit: _Unit) -> None:
        if not unit.changes:
            return
        changes = list(unit.changes)
        for listener in list(self._listeners):
            listener(changes)

    def changes_since(self, after_id: int) -> list[Change]:
        """The journal's changes after ``after_id``, as announced: for changes made by
        another process (another station, a background import) on the same database."""
        return self._changes_where(JournalEntry.id > after_id)

    def _changes_with_ids(self, ids: list[int]) -> list[Change]:
        return self._changes_where(JournalEntry.id.in_(ids)) if ids else []

    def _changes_where(self, condition: ColumnElement[bool]) -> list[Change]:
        with self.reading() as session:
            return journal_changes_where(session, condition)

    def announce(self, changes: list[Change]) -> None:
        """Tell the listeners of changes read from the journal (see ``changes_since``)."""
        if changes:
            for listener in list(self._listeners):
                listener(changes)

    def last_journal_id(self) -> int:
        with self.reading() as session:
            return session.scalar(select(func.max(JournalEntry.id))) or 0

    def journal_since(self, after_id: int) -> list[JournalEntry]:
        with self.reading() as session:
            rows = session.scalars(
                select(JournalEntry).where(JournalEntry.id > after_id).order_by(JournalEntry.id)
            )
            return list(rows)


def journal_changes(reader: Session | Connection, after_id: int) -> list[Change]:
    """``changes_since`` on a session or connection of one's own (a thread's)."""
    return journal_changes_where(reader, JournalEntry.id > after_id)


def journal_changes_where(
    reader: Session | Connection, condition: ColumnElement[bool]
) -> list[Change]:
    # Plain rows, not journal objects, and the details decoded only when read: after an
    # import there are a thousand, and the listeners rarely look inside.
    rows = reader.execute(
        select(
            JournalEntry.id,
            JournalEntry.action,
            JournalEntry.entity,
            JournalEntry.entity_id,
            cast(JournalEntry.details, Text),
        )
        .where(condition)
        .order_by(JournalEntry.id)
    )
    return [Change(*row[:4], _JournalDetails(row[4])) for row in rows]


class _JournalDetails(Mapping[str, Any]):
    """A journal entry's details as stored (JSON), decoded the first time they are read."""

    __slots__ = ("_decoded", "_text")

    def __init__(self, text: str | None) -> None:
        self._text = text
        self._decoded: dict[str, Any] | None = None

    def _details(self) -> dict[str, Any]:
        if self._decoded is None:
            value = json.loads(self._text) if self._text else None
            self._decoded = value if isinstance(value, dict) else {}
        return self._decoded

    def __getitem__(self, key: str) -> Any:
        return self._details()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._details())

    def __len__(self) -> int:
        return len(self._details())

    def __repr__(self) -> str:
        return repr(self._details())


class JournalIsAppendOnly(RuntimeError):
    """Raised on any attempt to change or delete a journal entry: a bug, not a user error."""


def _keep_journal_append_only(session: Session, _context: Any, _instances: Any) -> None:
    for row in (*session.dirty, *session.deleted):
        if isinstance(row, JournalEntry):
            raise JournalIsAppendOnly(f"journal entry {row.id} may not be changed or deleted")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
