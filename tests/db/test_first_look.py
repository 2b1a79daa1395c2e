"""The first look (db/first_look.py) reads what the store reads, on the same file.

Every reading the first frame shows is compared with the store's own on a demo
conference in the middle of a panel: someone speaking after a pause, a request absent,
one pinned, one withdrawn, a point of order, the list closed in another slot. And the
first look refuses what only the store may open.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import URL

from db import migrate
from db.database_file import named_file
from db.first_look import SCHEMA, FirstLook
from db.meeting.actions import Action
from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus
from db.steps import step
from db.store import Store
from tests.conftest import SQLiteTemplates


def test_the_schema_looked_at_is_the_migrations_head() -> None:
    assert migrate.head_revision() == SCHEMA


@pytest.fixture
def in_a_panel(tmp_path: Path, sqlite_templates: SQLiteTemplates) -> tuple[Path, Store]:
    """The demo, Panel 1 in the middle: someone has the floor after a pause."""
    path = tmp_path / "panel.sqlite"
    template, conference_id = sqlite_templates.demo()
    shutil.copyfile(template, path)
    store = Store.open(URL.create("sqlite", database=str(path)), station="test")
    slots = store.agenda.slots(conference_id)
    panel = next(s for s in slots if s.kind.value == "panel")
    other = next(s for s in slots if s.kind.has_speakers and s.id != panel.id)
    now = panel.starts_at + timedelta(minutes=20)
    sweden = next(d for d in store.delegations.all() if d.name == "Sweden")
    added = [
        store.speakers.add(
            panel.id,
            RequestDraft(sweden.id, kind=kind, channel=channel, source=RequestSource.HALL),
            now,
        )
        for kind, channel in (
            (InterventionKind.STATEMENT, Channel.REMOTE),
            (InterventionKind.POINT_OF_ORDER, Channel.HALL),
            (InterventionKind.RIGHT_OF_REPLY, Channel.HALL),
        )
    ]
    store.speakers.set_absent(added[0], now)
    store.speakers.set_pinned(added[2], True)
    store.speakers.set_status(added[1], RequestStatus.WITHDRAWN)
    given = store.floor.give_floor(panel.id, now)
    store.floor.pause(given.intervention_id, now + timedelta(seconds=30))
    store.floor.resume(given.intervention_id, now + timedelta(seconds=50))
    store.floor.add_time(given.intervention_id, 30)
    store.speakers.close_list(other.id, now)
    for seconds in (120, 90):  # the station's undo history: two steps, the last undone
        limit = step(Action.REQUEST_LIMIT, request_id=added[2], seconds=seconds)
        carried = store.history.carry_out(
            conference_id,
            f"Limit {seconds}",
            limit,
            step(Action.REQUEST_LIMIT, request_id=added[2], seconds=None),
            now,
        )
    assert carried.sequence is not None
    store.history.undo(carried.sequence, carried.redo, carried.undo, now)
    return path, store


def test_every_reading_of_the_first_frame_is_the_stores(in_a_panel: tuple[Path, Store]) -> None:
    path, store = in_a_panel
    look = FirstLook.open(path)
    assert look is not None
    look.station = store.station  # as the window's start sets it
    try:
        assert look.agenda.conferences() == store.agenda.conferences()
        delegations = store.delegations.all()
        assert look.delegations.all() == delegations
        for delegation in (*delegations[:3], *delegations[-3:]):
            assert look.delegations.label(delegation.id) == store.delegations.label(delegation.id)
        assert look.delegations.label(999_999) is None
        for conference in store.agenda.conferences():
            assert look.history.steps(conference.id) == store.history.steps(conference.id)
            slots = store.agenda.slots(conference.id)
            assert look.agenda.slots(conference.id) == slots
            ids = [s.id for s in slots]
            assert look.floor.slots_with_the_floor(ids) == store.floor.slots_with_the_floor(ids)
            for slot in slots:
                assert look.speakers.requests(slot.id) == store.speakers.requests(slot.id)
                waiting = (RequestStatus.WAITING,)
                assert look.speakers.requests(slot.id, waiting) == store.speakers.requests(
                    slot.id, waiting
                )
                assert look.speakers.upcoming(slot.id, 3) == store.speakers.upcoming(slot.id, 3)
                ids = [r.id for r in store.speakers.requests(slot.id)][::2]
                assert look.speakers.requests_with_ids(ids) == store.speakers.requests_with_ids(ids)
                assert look.floor.current(slot.id) == store.floor.current(slot.id)
                assert look.floor.interventions(slot.id) == store.floor.interventions(slot.id)
        speaking = [s for s in slots if look.floor.current(s.id) is not None]
        assert len(speaking) == 1, "the panel's speaker is read"
        assert [s.undone for s in look.history.steps(speaking[0].conference_id)] == [
            False,
            True,
        ]
        current = look.floor.current(speaking[0].id)
        assert current is not None and current.pauses and current.added_s == 30
    finally:
        look.close()
        store.close()


def test_the_first_look_changes_nothing(in_a_panel: tuple[Path, Store]) -> None:
    path, store = in_a_panel
    store.close()
    before = path.read_bytes()
    look = FirstLook.open(path)
    assert look is not None
    look.agenda.conferences()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        look._db.execute("DELETE FROM conference")
    look.close()
    assert path.read_bytes() == before


def test_what_only_the_store_may_open_is_not_looked_at(
    tmp_path: Path, sqlite_templates: SQLiteTemplates
) -> None:
    assert FirstLook.open(None) is None  # a URL: a server, or sqlite:///
    assert FirstLook.open(tmp_path / "missing.sqlite") is None  # to be created
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database at all" * 100)
    assert FirstLook.open(garbage) is None  # the store says what it is
    assert FirstLook.open(tmp_path) is None  # a folder
    older = tmp_path / "older.sqlite"
    shutil.copyfile(sqlite_templates.demo()[0], older)
    with sqlite3.connect(older) as db:
        db.execute("UPDATE alembic_version SET version_num = '0007'")
    db.close()
    assert FirstLook.open(older) is None  # to be upgraded (with its backup) first
    empty = tmp_path / "empty.sqlite"
    shutil.copyfile(sqlite_templates.delegations(), empty)
    assert FirstLook.open(empty) is None  # no conference: the demo is offered


def test_the_file_named_is_the_one_the_store_opens(tmp_path: Path) -> None:
    from db.engine import resolve_url

    for option, environ in (
        (str(tmp_path / "a.sqlite"), {}),
        (None, {"FLOORDESK_DB": str(tmp_path / "b.sqlite")}),
        ("~/c.sqlite", {}),
        (None, {}),
    ):
        path = named_file(option, environ)
        assert path is not None
        assert resolve_url(option, environ).database == str(path)
    assert named_file("postgresql://desk@server/conference", {}) is None
    assert named_file("sqlite:////tmp/d.sqlite", {}) is None
