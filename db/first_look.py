"""The window's first look at an SQLite database, read before SQLAlchemy is loaded.

A station restarted in front of the hall shows the live slot's list, its floor and its
countdown first; SQLAlchemy, the models and the store (a third of a second) are loaded
once that is painted, and the store then takes the first look's place
(desktop/qt/first_look.py). This reads the few rows the first frame shows with the
standard library's ``sqlite3``, read-only, and hands them out as the store's command
groups do, as the same snapshots (db/meeting/rows.py builds them from the same columns).
What the first frame does not show (the review list, the audience's questions, the
Zoom side, the journal: an intervention's history) is empty here and filled by the store.

Only a database already at the schema this program writes is looked at: any other (a
server, a file to migrate or to create, a file that is not one) is opened by the store as
before. ``tests/db/test_first_look.py`` holds every reading here to the store's own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from db.meeting.floor_rules import next_speakers
from db.meeting.rows import intervention_view_of, request_view_of
from db.meeting.snapshots import (
    ConferenceView,
    DelegationView,
    FloorRequestView,
    InterventionView,
    PauseView,
    SlotView,
)
from db.meeting.vocabulary import (
    Channel,
    DelegationGroup,
    InterventionKind,
    RequestSource,
    RequestStatus,
    SlotKind,
)
from db.steps import SavedStep

# The schema this program writes (db/migrations; a test holds it to the migrations' head).
SCHEMA = "0008"


def _when(text: str | None) -> datetime | None:
    """A time as SQLAlchemy stores it on SQLite (naive UTC, db/types.py)."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if text is not None else None


def _enum(kind: Callable[[str], Any]) -> Callable[[str | None], Any]:
    return lambda value: kind(value) if value is not None else None


def _flag(value: int | None) -> bool | None:
    return bool(value) if value is not None else None


Conversions = dict[int, Callable[[Any], Any]]


def _converted(rows: Iterable[Sequence[Any]], conversions: Conversions) -> Iterator[list[Any]]:
    for row in rows:
        values = list(row)
        for index, convert in conversions.items():
            values[index] = convert(values[index])
        yield values


_REQUESTS = """
SELECT r.id, r.slot_id, r.delegation_id, r.source, r.kind, r.channel, r.status,
       r.received_at, r.position, r.pinned, r.limit_s, r.note, r.absent_since,
       r.not_registered, r.sender_email,
       d.name, d.nameplate, d."group", p.name, p.function
FROM floor_request AS r
LEFT OUTER JOIN delegation AS d ON d.id = r.delegation_id
LEFT OUTER JOIN person AS p ON p.id = r.person_id
WHERE {which}
ORDER BY r.status != 'waiting', r.position, r.received_at, r.id
"""
_REQUEST_CONVERSIONS: Conversions = {
    3: _enum(RequestSource),
    4: _enum(InterventionKind),
    5: _enum(Channel),
    6: _enum(RequestStatus),
    7: _when,
    9: _flag,
    12: _when,
    13: _flag,
    17: _enum(DelegationGroup),
}

_INTERVENTIONS = """
SELECT i.id, i.slot_id, i.floor_request_id, d.name, d.nameplate, d."group", p.name,
       i.channel, i.kind, i.floor_given_at, i.floor_taken_at, i.limit_s, i.added_s, i.notes,
       i.recommendation, i.follow_up, i.internal_notes
FROM intervention AS i
LEFT OUTER JOIN delegation AS d ON d.id = i.delegation_id
LEFT OUTER JOIN person AS p ON p.id = i.person_id
"""
# Who has the floor (db/floor/interventions.py: HOLDS_THE_FLOOR, LATEST_FIRST).
_HOLDS_THE_FLOOR = "i.floor_taken_at IS NULL AND i.merged_into_id IS NULL"
_INTERVENTION_CONVERSIONS: Conversions = {
    5: _enum(DelegationGroup),
    7: _enum(Channel),
    8: _enum(InterventionKind),
    9: _when,
    10: _when,
    14: _flag,
    15: _flag,
}


class _Reader:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def rows(self, sql: str, *params: Any) -> list[Any]:
        return self._db.execute(sql, params).fetchall()


class _Agenda(_Reader):
    def conferences(self) -> list[ConferenceView]:
        rows = self.rows(
            "SELECT id, title, venue, time_zone, starts_on, ends_on, request_deadline "
            "FROM conference ORDER BY starts_on"
        )
        return [
            ConferenceView(
                id=id_,
                title=title,
                venue=venue,
                time_zone=zone,
                starts_on=date.fromisoformat(starts),
                ends_on=date.fromisoformat(ends),
                request_deadline=_when(deadline),
            )
            for id_, title, venue, zone, starts, ends, deadline in rows
        ]

    def slots(self, conference_id: int) -> list[SlotView]:
        kinds = list(InterventionKind)
        limits = ", ".join(f"s.limit_{kind.value}_s" for kind in kinds)
        rows = self.rows(
            "SELECT s.id, s.conference_id, s.kind, s.title, s.description, s.starts_at, "
            f"s.ends_at, m.name, s.list_closed_at, {limits} FROM agenda_slot AS s "
            "LEFT OUTER JOIN person AS m ON m.id = s.moderator_id "
            "WHERE s.conference_id = ? ORDER BY s.starts_at, s.id",
            conference_id,
        )
        panellists = self._by_slot(
            "SELECT sp.slot_id, p.name FROM slot_panellist AS sp "
            "JOIN person AS p ON p.id = sp.person_id ORDER BY sp.slot_id, sp.position",
        )
        topics = self._by_slot("SELECT slot_id, name FROM slot_topic ORDER BY slot_id, position")
        return [
            SlotView(
                id=row[0],
                conference_id=row[1],
                kind=SlotKind(row[2]),
                title=row[3],
                description=row[4],
                starts_at=_when(row[5]),  # type: ignore[arg-type]
                ends_at=_when(row[6]),  # type: ignore[arg-type]
                moderator=row[7],
                panellists=tuple(panellists.get(row[0], ())),
                topics=tuple(topics.get(row[0], ())),
                limits=dict(zip(kinds, row[9:], strict=True)),
                list_closed_at=_when(row[8]),
            )
            for row in rows
        ]

    def _by_slot(self, sql: str) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for slot_id, name in self.rows(sql):
            found.setdefault(slot_id, []).append(name)
        return found


class _Speakers(_Reader):
    def requests(
        self, slot_id: int, statuses: tuple[RequestStatus, ...] | None = None
    ) -> list[FloorRequestView]:
        where = ""
        if statuses is not None:
            where = f"AND r.status IN ({', '.join('?' * len(statuses))})"
        return self._read(f"r.slot_id = ? {where}", slot_id, *(s.value for s in statuses or ()))

    def requests_with_ids(self, ids: Collection[int]) -> list[FloorRequestView]:
        """The requests with these ids (the desk names a change's request by them)."""
        if not ids:
            return []
        return self._read(f"r.id IN ({', '.join('?' * len(ids))})", *ids)

    def _read(self, which: str, *params: Any) -> list[FloorRequestView]:
        rows = self.rows(_REQUESTS.format(which=which), *params)
        return [request_view_of(row) for row in _converted(rows, _REQUEST_CONVERSIONS)]

    def waiting(self, slot_id: int) -> list[FloorRequestView]:
        return self.requests(slot_id, (RequestStatus.WAITING,))

    def upcoming(self, slot_id: int, count: int) -> list[FloorRequestView]:
        """The next speakers, by the same rule as the store's (db/meeting/floor_rules.py)."""
        closed = self.rows("SELECT list_closed_at FROM agenda_slot WHERE id = ?", slot_id)
        present = [r for r in self.waiting(slot_id) if r.absent_since is None]
        list_closed = bool(closed) and closed[0][0] is not None
        return next_speakers(present, list_closed=list_closed, count=count)


class _Floor(_Reader):
    def current(self, slot_id: int) -> InterventionView | None:
        found = self._interventions(
            f"WHERE i.slot_id = ? AND {_HOLDS_THE_FLOOR} "
            "ORDER BY i.floor_given_at DESC, i.id DESC LIMIT 1",
            slot_id,
        )
        return found[0] if found else None

    def slots_with_the_floor(self, slot_ids: Iterable[int]) -> set[int]:
        ids = list(slot_ids)
        rows = self.rows(
            f"SELECT DISTINCT i.slot_id FROM intervention AS i WHERE i.slot_id IN "
            f"({', '.join('?' * len(ids))}) AND {_HOLDS_THE_FLOOR}",
            *ids,
        )
        return {slot_id for (slot_id,) in rows}

    def interventions(self, slot_id: int) -> list[InterventionView]:
        """The slot's record (db/floor/interventions.py: OF_SLOT): when its first speaker
        had the floor is in the header."""
        return self._interventions(
            "WHERE i.slot_id = ? AND i.merged_into_id IS NULL ORDER BY i.floor_given_at, i.id",
            slot_id,
        )

    def _interventions(self, where: str, *params: Any) -> list[InterventionView]:
        rows = list(
            _converted(self.rows(_INTERVENTIONS + where, *params), _INTERVENTION_CONVERSIONS)
        )
        if not rows:
            return []
        ids = [row[0] for row in rows]
        pauses: dict[int, list[PauseView]] = {}
        for intervention_id, paused, resumed, reason in self.rows(
            "SELECT intervention_id, paused_at, resumed_at, reason FROM intervention_pause "
            f"WHERE intervention_id IN ({', '.join('?' * len(ids))}) "
            "ORDER BY intervention_id, paused_at, id",
            *ids,
        ):
            pauses.setdefault(intervention_id, []).append(
                PauseView(_when(paused), _when(resumed), reason)  # type: ignore[arg-type]
            )
        tags: dict[int, list[str]] = {}
        for intervention_id, name in self.rows(
            "SELECT intervention_id, name FROM intervention_tag "
            f"WHERE intervention_id IN ({', '.join('?' * len(ids))}) ORDER BY intervention_id, id",
            *ids,
        ):
            tags.setdefault(intervention_id, []).append(name)
        return [
            intervention_view_of(row, tuple(pauses.get(row[0], ())), tuple(tags.get(row[0], ())))
            for row in rows
        ]


class _Delegations(_Reader):
    def label(self, delegation_id: int) -> str | None:
        """The nameplate (the name, without one), for the words of an undo entry."""
        found = self.rows("SELECT nameplate, name FROM delegation WHERE id = ?", delegation_id)
        return (found[0][0] or found[0][1]) if found else None

    def all(self) -> list[DelegationView]:
        """Every delegation in seating order (db/people/delegations.py)."""
        aliases: dict[int, list[str]] = {}
        for delegation_id, name in self.rows(
            "SELECT delegation_id, name FROM delegation_alias "
            "ORDER BY delegation_id, name, language"
        ):
            aliases.setdefault(delegation_id, []).append(name)
        rows = self.rows(
            'SELECT id, name, nameplate, "group", region, iso_code, seating_order '
            "FROM delegation ORDER BY seating_order, name"
        )
        return [
            DelegationView(
                id=id_,
                name=name,
                nameplate=nameplate,
                group=DelegationGroup(group),
                region=region,
                iso_code=iso_code,
                seating_order=seating_order,
                aliases=tuple(aliases.get(id_, ())),
            )
            for id_, name, nameplate, group, region, iso_code, seating_order in rows
        ]


class _History(_Reader):
    def __init__(self, db: sqlite3.Connection, look: FirstLook) -> None:
        super().__init__(db)
        self._look = look

    def steps(self, conference_id: int) -> list[SavedStep]:
        """This station's undo history for the conference (db/undo_history.py): the undo
        entries are on the first frame."""
        rows = self.rows(
            "SELECT sequence, label, command, undone FROM undo_step WHERE station = ? "
            "ORDER BY sequence",
            self._look.station,
        )
        found = []
        for sequence, label, text, undone in rows:
            command = json.loads(text)
            if command.get("conference_id") == conference_id:
                found.append(
                    SavedStep(sequence, label, command["redo"], command["undo"], bool(undone))
                )
        return found


class _Empty:
    """A command group whose readings the first frame does not show: empty."""

    def __getattr__(self, name: str) -> Callable[..., list[Any]]:
        return lambda *args, **kwargs: []


class FirstLook:
    """Reads like the store (db/store.py) for what the first frame shows; changes nothing.

    ``open`` gives None where the store must open the database itself."""

    def __init__(self, path: Path, db: sqlite3.Connection) -> None:
        self.path = path
        # As the store shows this station (the window's start sets them as on the store).
        self.label = self.station = ""
        self.where = str(path)
        self._db = db
        self.agenda = _Agenda(db)
        self.speakers = _Speakers(db)
        self.floor = _Floor(db)
        self.delegations = _Delegations(db)
        self.history = _History(db, self)
        self.advance_requests = self.audience_questions = _Empty()
        self.chat_proposals = self.participants = self.record = _Empty()

    @classmethod
    def open(cls, path: Path | None) -> FirstLook | None:
        if path is None or not path.is_file():
            return None
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return None
        try:
            version = db.execute("SELECT version_num FROM alembic_version").fetchall()
            conferences = db.execute("SELECT count(*) FROM conference").fetchone()[0]
        except sqlite3.Error:  # not a database, not ours, locked: the store says so
            db.close()
            return None
        if version != [(SCHEMA,)] or not conferences:  # to upgrade; the demo to offer
            db.close()
            return None
        return cls(path, db)

    def close(self) -> None:
        self._db.close()

    # -- what the desk asks of any store ------------------------------------------

    def last_journal_id(self) -> int:
        return 0  # the desk follows the journal from the store's, once it is there

    def subscribe(self, listener: Callable[..., None]) -> None:
        """Nothing changes here: the store announces changes once it is there."""

    def unsubscribe(self, listener: Callable[..., None]) -> None:
        """See ``subscribe``."""
