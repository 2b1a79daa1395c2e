"""A deleted agenda slot kept whole, so that undo puts back exactly what was there.

The slot, its topics and panellists, and the requests for the floor that went
with it (and their attachments) are copied column by column before the rows are
deleted. Restoring inserts them again under their old ids, so that every other
command on the undo stack that names the slot or a request still finds it; an id
taken in the meantime (SQLite hands out the highest id again) gets a new one.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import Date, DateTime, LargeBinary, inspect, select
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import Session

from db.agenda.drafts import SlotDraft, draft_from_plain, plain_draft
from db.models import (
    AgendaSlot,
    Attachment,
    Base,
    Delegation,
    FloorRequest,
    Intervention,
    Person,
    SlotPanellist,
    SlotTopic,
)
from db.types import UTCDateTime


@dataclass(frozen=True)
class RemovedSlot:
    """What ``Agenda.remove_slot`` deleted; ``Agenda.restore_slot`` puts it back."""

    slot_id: int
    conference_id: int
    draft: SlotDraft
    slot: Mapping[str, Any]
    topics: tuple[Mapping[str, Any], ...]
    panellists: tuple[Mapping[str, Any], ...]
    requests: tuple[Mapping[str, Any], ...]
    attachments: tuple[Mapping[str, Any], ...]

    @property
    def request_ids(self) -> list[int]:
        return [int(values["id"]) for values in self.requests]


def plain_removed(removed: RemovedSlot) -> dict[str, Any]:
    """The removed slot as JSON values, kept in the undo step that restores it
    (db/steps.py); ``removed_from_plain`` reads it back."""
    return {
        "slot_id": removed.slot_id,
        "conference_id": removed.conference_id,
        "draft": plain_draft(removed.draft),
        "slot": _plain_row(removed.slot),
        **{
            name: [_plain_row(values) for values in getattr(removed, name)]
            for name, _model in _CHILDREN
        },
    }


def removed_from_plain(plain: Mapping[str, Any]) -> RemovedSlot:
    return RemovedSlot(
        slot_id=int(plain["slot_id"]),
        conference_id=int(plain["conference_id"]),
        draft=draft_from_plain(plain["draft"]),
        slot=_row_from_plain(AgendaSlot, plain["slot"]),
        **{
            name: tuple(_row_from_plain(model, values) for values in plain[name])
            for name, model in _CHILDREN
        },
    )


_CHILDREN: tuple[tuple[str, type[Base]], ...] = (
    ("topics", SlotTopic),
    ("panellists", SlotPanellist),
    ("requests", FloorRequest),
    ("attachments", Attachment),
)


def _plain_row(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _plain_value(value) for key, value in values.items()}


def _plain_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Enum):
        return value.value
    return value


def _row_from_plain(model: type[Base], plain: Mapping[str, Any]) -> dict[str, Any]:
    """The column values again, each of its column's Python type (read from the model)."""
    kinds = {attr.key: attr.columns[0].type for attr in inspect(model).column_attrs}
    values: dict[str, Any] = {}
    for key, value in plain.items():
        kind = kinds[key]
        if value is None:
            values[key] = None
        elif isinstance(kind, UTCDateTime | DateTime):
            values[key] = datetime.fromisoformat(value)
        elif isinstance(kind, Date):
            values[key] = date.fromisoformat(value)
        elif isinstance(kind, LargeBinary):
            values[key] = base64.b64decode(value)
        elif isinstance(kind, SqlEnum) and kind.enum_class is not None:
            values[key] = kind.enum_class(value)
        else:
            values[key] = value  # numbers, text, JSON
    return values


def columns(row: Base) -> dict[str, Any]:
    """The row's column values by attribute name: enough to insert it again."""
    return {attr.key: getattr(row, attr.key) for attr in inspect(type(row)).column_attrs}


def snapshot(session: Session, row: AgendaSlot, draft: SlotDraft) -> RemovedSlot:
    requests = list(
        session.scalars(
            select(FloorRequest).where(FloorRequest.slot_id == row.id).order_by(FloorRequest.id)
        )
    )
    request_ids = [r.id for r in requests]
    attachments = (
        list(
            session.scalars(select(Attachment).where(Attachment.floor_request_id.in_(request_ids)))
        )
        if request_ids
        else []
    )
    return RemovedSlot(
        slot_id=row.id,
        conference_id=row.conference_id,
        draft=draft,
        slot=columns(row),
        topics=tuple(columns(t) for t in row.topics),
        panellists=tuple(columns(p) for p in row.panellists),
        requests=tuple(columns(r) for r in requests),
        attachments=tuple(columns(a) for a in attachments),
    )


def delete_rows(session: Session, row: AgendaSlot, removed: RemovedSlot) -> None:
    """Delete the slot and the requests in ``removed`` (attachments go with them)."""
    for request_id in removed.request_ids:
        request = session.get(FloorRequest, request_id)
        if request is not None:
            session.delete(request)
    session.flush()
    session.delete(row)
    session.flush()


def restore_rows(session: Session, removed: RemovedSlot) -> tuple[int, list[int]]:
    """Insert the removed rows again; returns the slot's id and the requests' ids."""
    slot_values = _free_id(session, AgendaSlot, removed.slot)
    slot_values["moderator_id"] = _existing(session, Person, slot_values["moderator_id"])
    slot = AgendaSlot(**slot_values)
    session.add(slot)
    session.flush()
    for values in removed.topics:
        session.add(SlotTopic(**{**_free_id(session, SlotTopic, values), "slot_id": slot.id}))
    for values in removed.panellists:
        if _existing(session, Person, values["person_id"]) is None:
            continue  # the person is gone; the panel is restored without them
        session.add(
            SlotPanellist(**{**_free_id(session, SlotPanellist, values), "slot_id": slot.id})
        )
    new_request_ids: dict[int, int] = {}
    for values in removed.requests:
        request = FloorRequest(
            **{
                **_free_id(session, FloorRequest, values),
                "slot_id": slot.id,
                "person_id": _existing(session, Person, values["person_id"]),
                "delegation_id": _existing(session, Delegation, values["delegation_id"]),
            }
        )
        session.add(request)
        session.flush()
        new_request_ids[int(values["id"])] = request.id
    for values in removed.attachments:
        session.add(
            Attachment(
                **{
                    **_free_id(session, Attachment, values),
                    "floor_request_id": new_request_ids.get(values["floor_request_id"]),
                    "intervention_id": _existing(session, Intervention, values["intervention_id"]),
                }
            )
        )
    session.flush()
    return slot.id, list(new_request_ids.values())


def _free_id(session: Session, model: type[Base], values: Mapping[str, Any]) -> dict[str, Any]:
    """The values, without the id when another row has taken it meanwhile."""
    copied = dict(values)
    if session.get(model, copied["id"]) is not None:
        del copied["id"]
    return copied


def _existing(session: Session, model: type[Base], row_id: int | None) -> int | None:
    if row_id is None:
        return None
    return row_id if session.get(model, row_id) is not None else None
