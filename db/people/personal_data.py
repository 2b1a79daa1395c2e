"""Removing the personal data of a past conference, keeping its public record.

E-mail addresses (of people, floor requests, review items, registered and
Zoom participants), the telephone numbers and addresses a speaker's function
may hold (read from a signature), the review items' senders, subjects and the
speakers read from them, the raw e-mails (the requests' original text and
Message-ID, the review items' messages), the attachments that came with them,
and the mailbox memory (its mailbox names hold the account's address) go, in
one transaction with its journal entry. Who spoke, when, for how long, the
notes and tags stay. The journal itself is append-only and is not rewritten:
entries written before the purge (a review item's ``sender``, typed notes)
keep what they recorded.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from db.errors import found
from db.meeting.actions import Action
from db.models import (
    AgendaSlot,
    Attachment,
    Conference,
    FloorRequest,
    Intervention,
    MailboxSeen,
    Person,
    RegisteredParticipant,
    RemoteParticipant,
    ReviewItem,
    SlotPanellist,
)

if TYPE_CHECKING:
    from db.transactions import Transactions


# -- contact details -----------------------------------------------------------------

_LABEL = (
    r"(?:e-?mail|mail|courriel|correo|phone|telephone|tel|tél|téléphone|teléfono|telefono"
    r"|telefon|mob|mobile|mobil|cell|gsm|fax|тел|телефон|факс|моб|эл\.?\s*почта|t|m|f|p|e)"
)
_EMAIL = re.compile(
    r"[\w.+'-]+\s*(?:@|\(at\)|\[at\]|\s+at\s+)\s*[\w-]+"
    r"(?:\s*(?:\.|\(dot\)|\[dot\])\s*[\w-]+)+",
    re.IGNORECASE,
)
# A telephone number: "+43 1 53115-0", "0043 (1) 531 15", "(202) 555-0147", or any run of
# seven digits or more behind a label ("Tel. 5311 5000"); never a year or a resolution
# number ("Resolution 2331 (2016)"), which start with neither + nor 0 nor a label.
_NUMBER = r"[\d()][\d\s().\-/]{5,}\d"
_PHONE = re.compile(
    rf"(?:\b{_LABEL}\.?\s*[:.]?\s*(?:\+|00)?{_NUMBER}|(?:\+|\b00?)\s*\(?\d[\d\s().\-/]{{5,}}\d"
    rf"|\(\d{{2,4}}\)\s*\d[\d\s.\-]{{4,}}\d)",
    re.IGNORECASE,
)
# A label left behind; a one-letter one ("T:", "E:") only with its colon ("Unit E" stays).
_LEFT_LABEL = re.compile(
    rf"(?:^|(?<=[\s,;|/(]))\b(?:{_LABEL}(?<=\w\w)\.?\s*:?|[tmfpe]\s*:)\s*(?=$|[,;|/)])",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s*(?:[,;|/]\s*)+(?=[,;|/]|$)|^\s*[,;|/:]+\s*|\s*\([\s,;|/:]*\)")


def without_contact_details(text: str) -> str:
    """The text without e-mail addresses and telephone numbers, and the labels and
    separators they leave behind: a speaker's function as an e-mail signature gives it
    ("Head of Unit, Tel. +43 1 53115-0, a.weber@bmeia.gv.at" -> "Head of Unit")."""
    if not text or not any(c.isdigit() or c == "@" or c in "([" for c in text):
        return text
    cleaned = _EMAIL.sub(" ", text)
    cleaned = _PHONE.sub(
        lambda m: " " if sum(c.isdigit() for c in m.group()) >= 7 else m.group(), cleaned
    )
    if cleaned == text:
        return text
    cleaned = _LEFT_LABEL.sub(" ", cleaned)
    previous = None
    while previous != cleaned:
        previous = cleaned
        cleaned = _SEPARATORS.sub("", " ".join(cleaned.split()))
    return cleaned.strip(" ,;|/:-–")


class ConferenceNotOver(Exception):
    """The conference has not ended yet; ``str()`` is one sentence."""


@dataclass(frozen=True)
class Purged:
    people: int
    floor_requests: int
    review_items: int
    participants: int
    attachments: int
    mailbox_entries: int


def purge_personal_data(
    store: Transactions, conference_id: int, now: datetime, *, force: bool = False
) -> Purged:
    """Remove the conference's personal data (see the module); ConferenceNotOver unless
    its last day is past where it was held, or ``force``."""
    with store.transaction() as session:
        conference = found(session, Conference, conference_id, "conference")
        today = now.astimezone(ZoneInfo(conference.time_zone)).date()
        if conference.ends_on >= today and not force:
            raise ConferenceNotOver(
                f"The conference ends on {conference.ends_on:%d %B %Y}; its personal data can "
                "be purged once it is over (or with --force)."
            )
        slots = select(AgendaSlot.id).where(AgendaSlot.conference_id == conference_id)
        requests = select(FloorRequest.id).where(FloorRequest.slot_id.in_(slots))
        interventions = select(Intervention.id).where(Intervention.slot_id.in_(slots))
        reviews = select(ReviewItem.id).where(ReviewItem.conference_id == conference_id)
        people = set(
            session.scalars(select(AgendaSlot.moderator_id).where(AgendaSlot.id.in_(slots)))
        )
        people |= set(
            session.scalars(select(SlotPanellist.person_id).where(SlotPanellist.slot_id.in_(slots)))
        )
        people |= set(
            session.scalars(select(FloorRequest.person_id).where(FloorRequest.id.in_(requests)))
        )
        people |= set(
            session.scalars(
                select(Intervention.person_id).where(Intervention.id.in_(interventions))
            )
        )
        people.discard(None)
        functions = _functions_without_contact_details(session, people)
        counts = Purged(
            people=functions
            + _count(
                session.execute(
                    update(Person)
                    .where(Person.id.in_(people), Person.email.is_not(None))
                    .values(email=None)
                )
            ),
            floor_requests=_count(
                session.execute(
                    update(FloorRequest)
                    .where(
                        FloorRequest.slot_id.in_(slots),
                        or_(
                            FloorRequest.sender_email.is_not(None),
                            FloorRequest.original_text.is_not(None),
                            FloorRequest.message_id.is_not(None),
                        ),
                    )
                    .values(sender_email=None, original_text=None, message_id=None)
                )
            ),
            review_items=_count(
                session.execute(
                    update(ReviewItem)
                    .where(ReviewItem.conference_id == conference_id)
                    .values(
                        sender_email=None,
                        sender_name="",
                        subject="",
                        speaker="",
                        speaker_function="",
                        original_text="",
                        message_id=None,
                    )
                )
            ),
            participants=_count(
                session.execute(
                    update(RegisteredParticipant)
                    .where(
                        RegisteredParticipant.conference_id == conference_id,
                        RegisteredParticipant.email.is_not(None),
                    )
                    .values(email=None)
                )
            )
            + _count(
                session.execute(
                    update(RemoteParticipant)
                    .where(
                        RemoteParticipant.conference_id == conference_id,
                        RemoteParticipant.email.is_not(None),
                    )
                    .values(email=None)
                )
            ),
            attachments=_count(
                session.execute(
                    delete(Attachment).where(
                        or_(
                            Attachment.floor_request_id.in_(requests),
                            Attachment.review_item_id.in_(reviews),
                            Attachment.intervention_id.in_(interventions),
                        )
                    )
                )
            ),
            mailbox_entries=_count(
                session.execute(
                    delete(MailboxSeen).where(MailboxSeen.conference_id == conference_id)
                )
            ),
        )
        store.journal(
            session,
            Action.CONFERENCE_PURGE_PERSONAL_DATA,
            "conference",
            conference_id,
            forced=force and conference.ends_on >= today,
            **asdict(counts),
        )
        return counts


def _functions_without_contact_details(session: Session, people: set[int | None]) -> int:
    """People whose function (read from an e-mail signature) held a telephone number or
    an address: rewritten without them. Returns how many were."""
    changed = 0
    for person in session.scalars(select(Person).where(Person.id.in_(people))):
        cleaned = without_contact_details(person.function or "")
        if cleaned != (person.function or ""):
            person.function = cleaned
            changed += 1
    return changed


def _count(result: object) -> int:
    rowcount = getattr(result, "rowcount", 0)
    return int(rowcount) if rowcount and rowcount > 0 else 0
