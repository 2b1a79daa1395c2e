"""The delegations table: who may take the floor, with their aliases and seating."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

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


class Delegations:
    def __init__(self, store: Transactions) -> None:
        self._store = store

    def all(self) -> list[DelegationView]:
        """Every delegation in seating order.

        Read as plain rows: some 800 aliases made into ORM objects took 30 ms, at start
        and at every change of the agenda."""
        with self._store.reading() as session:
            aliases: dict[int, list[str]] = defaultdict(list)
            for delegation_id, name in session.execute(
                select(DelegationAlias.delegation_id, DelegationAlias.name).order_by(
                    DelegationAlias.delegation_id, DelegationAlias.name, DelegationAlias.language
                )
            ):
                aliases[delegation_id].append(name)
            rows = session.execute(
                select(
                    Delegation.id,
                    Delegation.name,
                    Delegation.nameplate,
                    Delegation.group,
                    Delegation.region,
                    Delegation.iso_code,
                    Delegation.seating_order,
                ).order_by(Delegation.seating_order, Delegation.name)
            )
            return [
                DelegationView(
                    id=id_,
                    name=name,
                    nameplate=nameplate,
                    group=group,
                    region=region,
                    iso_code=iso_code,
                    seating_order=seating_order,
                    aliases=tuple(aliases.get(id_, ())),
                )
                for id_, name, nameplate, group, region, iso_code, seating_order in rows
            ]

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
