"""Putting an imported agenda into the store: one transaction, every slot through the store."""

from __future__ import annotations

import re
from datetime import date

from db.agenda.agenda import PersonDraft, SlotDraft
from db.store import Store
from desktop.agenda_import.dates import MONTH_NAMES
from desktop.agenda_import.model import AgendaImport, ImportedSlot
from desktop.domain.conference_time import DEFAULT_ZONE, from_local

# The lengths of the columns (PostgreSQL enforces them; SQLite does not).
TITLE_LENGTH = 300
NAME_LENGTH = 200


class NothingToImport(ValueError):
    """The import has neither slots nor dates to make a conference of."""


class ImportRefused(ValueError):
    """The store refused a slot (so nothing was imported); ``str()`` says which and why."""


def person(text: str) -> PersonDraft:
    """'Ms Jane Doe, Director, Migrant Workers Centre' → name and function.

    Also 'Name (function)' and 'Name – function'. What is before the first
    comma is the name: concept notes write names first.
    """
    text = " ".join(text.split())
    match = re.match(r"^(?P<name>[^,(–—]+?)\s*(?:,|\(|\s[–—]\s)\s*(?P<function>.*?)\)?$", text)
    if match and match["function"]:
        return PersonDraft(
            name=_fit(match["name"], NAME_LENGTH), function=_fit(match["function"], NAME_LENGTH)
        )
    return PersonDraft(name=_fit(text, NAME_LENGTH))


def _fit(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def slot_draft(slot: ImportedSlot, zone_name: str) -> SlotDraft:
    description = slot.description
    if len(slot.title) > TITLE_LENGTH:  # keep the whole title in the description
        description = "\n\n".join(t for t in (slot.title, description) if t)
    return SlotDraft(
        kind=slot.kind,
        title=_fit(slot.title, TITLE_LENGTH),
        starts_at=from_local(slot.day, slot.start, zone_name),
        ends_at=from_local(slot.day, slot.end, zone_name),
        description=description,
        topics=tuple(_fit(t, TITLE_LENGTH) for t in slot.topics),
        moderator=person(slot.moderator) if slot.moderator else None,
        panellists=tuple(person(p) for p in slot.panellists),
    )


def create_conference_for(store: Store, agenda: AgendaImport, *, zone: str = DEFAULT_ZONE) -> int:
    """A new conference with the import's title and dates (NothingToImport without dates)."""
    first, last = agenda.first_day, agenda.last_day
    if first is None or last is None:
        raise NothingToImport("The file holds no agenda slot and no conference dates.")
    return store.agenda.create_conference(
        title=_fit(agenda.title or _default_title(first), TITLE_LENGTH),
        starts_on=first,
        ends_on=last,
        time_zone=zone,
    )


def _default_title(first: date) -> str:
    month = MONTH_NAMES[first.month - 1].capitalize()  # not %B: that follows the locale
    return f"Conference of {first.day} {month} {first.year}"


def apply_agenda(
    store: Store, conference_id: int | None, agenda: AgendaImport, *, zone: str = DEFAULT_ZONE
) -> list[int]:
    """Add the import's slots to a conference (a new one when None), in one transaction.

    Local day and time are converted to UTC in the conference's zone (``zone``
    for a new conference). Returns the new slots' ids, in agenda order.
    """
    with store.transaction():
        if conference_id is None:
            conference_id = create_conference_for(store, agenda, zone=zone)
        else:
            zone = store.agenda.conference(conference_id).time_zone
        return [_add(store, conference_id, slot, zone) for slot in agenda.slots]


def _add(store: Store, conference_id: int, slot: ImportedSlot, zone: str) -> int:
    try:
        return store.agenda.add_slot(conference_id, slot_draft(slot, zone))
    except ValueError as error:  # the store's own check of a slot, in one sentence
        where = f"line {slot.line}" if slot.line is not None else f"'{slot.title}'"
        raise ImportRefused(f"{where}: {error} Nothing was imported.") from None
