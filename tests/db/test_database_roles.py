"""The README's database roles, run as written on a real PostgreSQL server: each station
role's user does its role's work, and the database itself refuses the rest."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from db.exactly_once import KEYS_KEPT_FOR, forget_old_keys
from db.floor.statement_media import StatementMedia
from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource, RequestStatus
from db.people.participants import Participant
from db.store import Store
from desktop.demo import ensure_delegations, load_demo
from desktop.domain.clock import FakeClock

README = Path(__file__).parents[2] / "README.md"
POSTGRES = os.environ.get("FLOORDESK_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(not POSTGRES, reason="needs FLOORDESK_TEST_POSTGRES")


def readme_sql() -> tuple[str, str]:
    """The two SQL blocks of the README's "Several stations": the superuser's, the owner's."""
    section = README.read_text(encoding="utf-8").split("## Several stations", 1)[1]
    blocks = re.findall(r"```sql\n(.*?)```", section.split("\n## ", 1)[0], re.S)
    assert len(blocks) == 2, "the README shows the superuser's and the owner's SQL"
    return blocks[0], blocks[1]


def statements(block: str) -> list[str]:
    """The block's statements: split at each ";" outside a function's $$ body."""
    text = "\n".join(line for line in block.splitlines() if not line.startswith("--"))
    found, current = [], ""
    for index, part in enumerate(text.split("$$")):
        if index % 2:  # inside a body: kept whole
            current += f"$${part}$$"
            continue
        first, *others = part.split(";")
        current += first
        for other in others:
            found.append(current)
            current = other
    return [statement.strip() for statement in [*found, current] if statement.strip()]


@pytest.fixture(scope="module")
def database() -> Iterator[URL]:
    """The README's roles and database (under a name of the test's own)."""
    assert POSTGRES is not None
    admin_url = make_url(POSTGRES).set(drivername="postgresql+psycopg")
    name = f"floordesk_roles_{os.getpid()}"
    superuser, owner_grants = readme_sql()
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        for statement in statements(superuser):
            statement = statement.replace("DATABASE floordesk ", f'DATABASE "{name}" ')
            if statement.startswith("CREATE ROLE"):
                role = statement.split()[2]
                if connection.exec_driver_sql(
                    "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)
                ).first():
                    continue  # made by an earlier run (roles belong to the whole server)
            connection.exec_driver_sql(statement)
    url = admin_url.set(database=name)
    owner = Store.open(url.set(username="floordesk_owner", password="owner-secret"))
    try:
        ensure_delegations(owner)
        load_demo(owner)
        with owner.engine.begin() as connection:
            for statement in statements(owner_grants):
                connection.exec_driver_sql(statement)
    finally:
        owner.close()
    yield url
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def station(url: URL, role: str) -> Store:
    return Store.open(
        url.set(username=f"floordesk_{role}", password=f"{role}-secret"), station=f"{role}-desk"
    )


def refused(action: object) -> None:
    with pytest.raises(DBAPIError) as error:
        action()  # type: ignore[operator]
    assert "permission denied" in str(error.value.orig)


def test_each_role_does_its_work_and_the_database_refuses_the_rest(database: URL) -> None:
    moderator, rapporteur, technician = (
        station(database, role) for role in ("moderator", "rapporteur", "technician")
    )
    try:
        conference = moderator.agenda.conferences()[-1]
        panel = next(s for s in moderator.agenda.slots(conference.id) if s.kind.value == "panel")
        clock = FakeClock(panel.starts_at + timedelta(minutes=30))
        austria = next(d.id for d in moderator.delegations.all() if d.name == "Austria")

        # The moderator: the list, the floor, the agenda, an undo history.
        added = moderator.speakers.add(
            panel.id, RequestDraft(austria, speaker="A. Weber"), clock.now()
        )
        moderator.speakers.move(added, 0)
        given = moderator.floor.give_floor(panel.id, clock.now())
        moderator.floor.pause(given.intervention_id, clock.advance(10))
        moderator.floor.resume(given.intervention_id, clock.advance(5))
        moderator.floor.add_time(given.intervention_id, 30)
        moderator.floor.take_floor_back(panel.id, clock.advance(60))
        moderator.agenda.move_slot(panel.id, panel.starts_at)
        moderator.history.record(conference.id, "Add Austria to the list", {}, {})
        undone = moderator.floor.give_floor(panel.id, clock.advance(1))
        moderator.floor.undo_give_floor(undone)  # F5 undone: the record row goes

        def rapporteur_sql(statement: str) -> None:
            with rapporteur.engine.begin() as connection:
                connection.exec_driver_sql(statement)

        # The rapporteur: the record.
        spoken = given.intervention_id
        rapporteur.record.set_notes(spoken, "Called for a register of recruiters.", based_on="")
        rapporteur.record.set_internal_notes(spoken, "Check the figures.", based_on="")
        rapporteur.record.set_tags(spoken, ["banks", panel.topics[0]])
        rapporteur.record.set_flags(spoken, recommendation=True)
        rapporteur.record.attach_statement(spoken, "Statement.pdf", b"%PDF-1.4", clock.now())
        rapporteur.record.change_speaker(spoken, austria, "Anna Weber")
        rapporteur.history.record(conference.id, "(a rapporteur's step)", {}, {})
        # Two interventions that were one, and a floor never taken back, corrected.
        again = moderator.floor.give_floor(panel.id, clock.advance(5))
        moderator.floor.take_floor_back(panel.id, clock.advance(30))
        rapporteur.record.merge(spoken, again.intervention_id)
        rapporteur.record.set_taken_back(spoken, clock.now())
        refused(lambda: rapporteur.floor.give_floor(panel.id, clock.advance(1)))
        refused(lambda: rapporteur.speakers.add(panel.id, RequestDraft(austria), clock.now()))
        waiting = moderator.speakers.waiting(panel.id)[-1].id
        refused(lambda: rapporteur.speakers.move(waiting, 0))
        # The list is the moderator's, even where the record's corrections need a column
        # (a request's status, the slot held): no request withdrawn, none marked spoken,
        # the list not closed.
        withdrawn = RequestStatus.WITHDRAWN
        refused(lambda: rapporteur.speakers.set_status(waiting, withdrawn, expected=None))
        refused(lambda: rapporteur.speakers.close_list(panel.id, clock.now()))
        refused(
            lambda: rapporteur_sql(
                f"UPDATE floor_request SET status = 'spoken' WHERE id = {waiting}"
            )
        )
        refused(
            lambda: rapporteur_sql(
                f"UPDATE agenda_slot SET list_closed_at = now() WHERE id = {panel.id}"
            )
        )
        assert [r.id for r in moderator.speakers.waiting(panel.id)][-1] == waiting

        # The technician: a remote participant's request, a video, the sound lost.
        technician.participants.add_remote(conference.id, [Participant("AWeber-AT")])
        remote = technician.speakers.add(
            panel.id,
            RequestDraft(
                austria,
                kind=InterventionKind.STATEMENT,
                channel=Channel.REMOTE,
                source=RequestSource.ZOOM_HAND,
            ),
            clock.now(),
        )
        media = StatementMedia(technician)
        media.attach_video(remote, "/srv/videos/austria.mp4", 95_000)
        video = moderator.floor.give_floor(panel.id, clock.advance(5), remote)
        media.audio_lost(video.intervention_id, clock.advance(10))
        media.audio_back(video.intervention_id, clock.advance(5))
        technician.floor.pause(video.intervention_id, clock.advance(5))  # the video paused
        technician.floor.resume(video.intervention_id, clock.advance(5))
        technician.floor.add_time(video.intervention_id, 3)  # held to the video
        technician.floor.take_floor_back(panel.id, clock.advance(60))  # the video ended
        hand = next(p for p in technician.participants.remote(conference.id))
        technician.participants.link(hand.id, austria)
        technician.participants.raise_hand(hand.id, clock.now())
        technician.participants.give_raised_hand_a_place(
            hand.id, panel.id, clock.now(), InterventionKind.QUESTION
        )
        refused(lambda: technician.floor.give_floor(panel.id, clock.advance(1)))
        refused(lambda: technician.record.set_notes(spoken, "A technician's note.", based_on=None))

        # Every station forgets the keys of changes a week old (db/exactly_once.py).
        now = datetime.now(UTC)
        for role in (moderator, rapporteur):
            assert forget_old_keys(role.engine, now) == 0
        assert forget_old_keys(technician.engine, now + KEYS_KEPT_FOR + timedelta(days=1)) > 0
    finally:
        for store in (moderator, rapporteur, technician):
            store.close()
