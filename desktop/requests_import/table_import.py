"""Tables into the conference: the registration export, the Zoom participants report,
the audience questions. Read with people_tables, matched to delegations, stored.

Times without a zone are conference time. A row that cannot be read is an error
line of the report; the other rows are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from db.meeting.vocabulary import Channel
from db.people.participants import Participant, Registration
from db.speakers.audience_questions import QuestionDraft
from db.store import Store
from desktop.agenda_import.sheets import Sheet
from desktop.domain.conference_time import zone
from desktop.requests_import.delegation_match import DelegationMatcher
from desktop.requests_import.outcome import ItemOutcome, Outcome
from desktop.requests_import.people_tables import (
    read_questions,
    read_registrants,
    read_zoom_participants,
)


def _aware(moment: datetime | None, zone_name: str) -> datetime | None:
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=zone(zone_name))


def _problems(result_problems: object) -> list[ItemOutcome]:
    problems = result_problems if isinstance(result_problems, tuple) else ()
    return [
        ItemOutcome(f"row {p.line}" if p.line else "table", Outcome.ERROR, p.reason)
        for p in problems
    ]


def import_registration(
    store: Store,
    conference_id: int,
    sheet: Sheet,
    *,
    at: datetime,
    mapping: Mapping[str, int] | None = None,
    dry_run: bool = False,
) -> list[ItemOutcome]:
    read = read_registrants(sheet, mapping)
    matcher = DelegationMatcher(store.delegations.all())
    rows: list[Registration] = []
    outcomes: list[ItemOutcome] = []
    for index, person in enumerate(read.rows, start=1):
        found = matcher.read([("label", person.organization), ("sender", person.name)]).match
        rows.append(
            Registration(
                name=person.name,
                email=person.email,
                organization=person.organization,
                function=person.function,
                delegation_id=found.delegation_id if found else None,
                channel=Channel(person.channel) if person.channel else None,
            )
        )
        outcomes.append(
            ItemOutcome(
                f"participant {index}",
                Outcome.ADDED,
                "" if found else "no delegation recognised in the organization",
                {
                    "name": person.name,
                    "sender": person.email,
                    "delegation": found.name if found else None,
                    "channel": person.channel,
                },
            )
        )
    if not dry_run and rows:
        store.participants.register(conference_id, rows, at)
    return outcomes + _problems(read.problems)


def import_zoom_participants(
    store: Store,
    conference_id: int,
    sheet: Sheet,
    *,
    mapping: Mapping[str, int] | None = None,
    dry_run: bool = False,
) -> list[ItemOutcome]:
    read = read_zoom_participants(sheet, mapping)
    zone_name = store.agenda.conference(conference_id).time_zone
    matcher = DelegationMatcher(store.delegations.all())
    people: list[Participant] = []
    outcomes: list[ItemOutcome] = []
    for index, person in enumerate(read.rows, start=1):
        found = matcher.read([("sender", person.name)]).match
        people.append(
            Participant(
                name=person.name,
                email=person.email,
                delegation_id=found.delegation_id if found else None,
                joined_at=_aware(person.joined_at, zone_name),
                left_at=_aware(person.left_at, zone_name),
            )
        )
        outcomes.append(
            ItemOutcome(
                f"participant {index}",
                Outcome.ADDED,
                "" if found else "no delegation recognised in the name",
                {
                    "name": person.name,
                    "sender": person.email,
                    "delegation": found.name if found else None,
                },
            )
        )
    if not dry_run and people:
        store.participants.add_remote(conference_id, people)
    return outcomes + _problems(read.problems)


def import_questions(
    store: Store,
    conference_id: int,
    sheet: Sheet,
    *,
    at: datetime,
    slot_id: int | None = None,
    mapping: Mapping[str, int] | None = None,
    dry_run: bool = False,
) -> list[ItemOutcome]:
    read = read_questions(sheet, mapping)
    zone_name = store.agenda.conference(conference_id).time_zone
    drafts = [
        QuestionDraft(q.source_id, q.text, q.author, _aware(q.posted_at, zone_name))
        for q in read.rows
    ]
    ids: list[int | None] = [0] * len(drafts)
    if not dry_run and drafts:
        ids = store.audience_questions.add(conference_id, drafts, at, slot_id)
    outcomes = [
        ItemOutcome(
            f"question {index}",
            Outcome.ADDED if question_id is not None else Outcome.SKIPPED,
            "" if question_id is not None else "imported before",
            {"name": draft.author, "date": draft.posted_at, "text": draft.text},
        )
        for index, (draft, question_id) in enumerate(zip(drafts, ids, strict=True), start=1)
    ]
    return outcomes + _problems(read.problems)
