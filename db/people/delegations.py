"""The delegations table: who may take the floor, with their aliases and seating."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from db.meeting.actions import Action
from db.meeting.snapshots import DelegationView
from db.meeting.vocabulary import DelegationGroup
from db.models import Delegation, DelegationAlias

if TYPE_CHECKING:
    from db.transactions import Transactions


@dataclass(frozen=True)
class DelegationDraft:
    name: str
    nameplate: str
    group: DelegationGroup
    seating_order: int
    iso_code: str | None = None
    region: str | None = None
    aliases: tuple[tuple[str, str], ...] = ()  # (name, language)


def delegation_view(row: Delegation) -> DelegationView:
    return DelegationView(
        id=row.id,
        name=row.name,
        nameplate=row.nameplate,
        group=row.group,
        region=row.region,
        iso_code=row.iso_code,
        seating_order=row.seating_order,
        aliases=tuple(alias.name for alias in row.aliases),
    )


class Delegations:
    def __init__(self, store: Transactions) -> None:
        self._store = store

    def all(self) -> list[DelegationView]:
        """Every delegation in seating order."""
        with self._store.reading() as session:
            rows = session.scalars(
                select(Delegation)
                .options(selectinload(Delegation.aliases))
                .order_by(Delegation.seating_order, Delegation.name)
            )
            return [delegation_view(row) for row in rows]

    def label(self, delegation_id: int) -> str | None:
        """The delegation's nameplate (its name, without one), or None if there is none:
        one small read, for the words of an undo entry."""
        with self._store.reading() as session:
            row = session.execute(
                select(Delegation.nameplate, Delegation.name).where(Delegation.id == delegation_id)
            ).first()
        return (row.nameplate or row.name) if row is not None else None

    def add_missing(self, drafts: Iterable[DelegationDraft]) -> int:
        """Add the delegations not yet known by name; never overwrite a user's corrections."""
        with self._store.transaction() as session:
            known = set(session.scalars(select(Delegation.name)))
            added = 0
            for draft in drafts:
                if draft.name in known:
                    continue
                row = Delegation(
                    name=draft.name,
                    nameplate=draft.nameplate,
                    group=draft.group,
                    region=draft.region,
                    iso_code=draft.iso_code,
                    seating_order=draft.seating_order,
                    aliases=[
                        DelegationAlias(name=name, language=language)
                        for name, language in dict.fromkeys(draft.aliases)
                    ],
                )
                session.add(row)
                known.add(draft.name)
                added += 1
            if added:
                session.flush()
                self._store.journal(
                    session, Action.DELEGATIONS_ADD, "delegation", None, count=added
                )
            return added
