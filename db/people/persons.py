"""The people on file: one row for a name in a delegation, found before one is added.

Requests, the agenda's moderators and panellists, and the record's corrections all
name people by name and delegation; they share the row already on file (the first
written) rather than adding another. (The mail filing's batch path restates this in
one query: db/mail/filing_known.py.)
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Person


def person_named(session: Session, name: str, delegation_id: int | None) -> Person | None:
    """The person of that name in that delegation already on file, the first written."""
    return session.scalars(
        select(Person)
        .where(Person.name == name, Person.delegation_id == delegation_id)
        .order_by(Person.id)
    ).first()


def find_or_add_person(
    session: Session,
    name: str,
    delegation_id: int | None,
    *,
    function: str = "",
    email: str | None = None,
) -> Person:
    """The person on file of that name and delegation, else a new row (not yet added).

    A person found keeps their function and e-mail; the caller decides what to update.
    """
    found = person_named(session, name, delegation_id)
    if found is not None:
        return found
    return Person(name=name, function=function, delegation_id=delegation_id, email=email)
