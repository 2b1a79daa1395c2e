"""Removing the personal data of a past conference, keeping its public record.

E-mail addresses (of people, floor requests, review items, registered and
Zoom participants), the raw e-mails (the requests' original text and
Message-ID, the review items' messages), the attachments that came with them,
and the mailbox memory (its mailbox names hold the account's address) go, in
one transaction with its journal entry. Who spoke, when, for how long, the
notes and tags stay. The journal itself is append-only and is not rewritten:
entries written before the purge (a review item's ``sender``, typed notes)
keep what they recorded.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, update

from db.errors import UnknownRecord
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
    from db.store import Store


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
    store: Store, conference_id: int, now: datetime, *, force: bool = False
) -> Purged:
    """Remove the conference's personal data (see the module); ConferenceNotOver unless
    its last day is past where it was held, or ``force``."""
    with store.transaction() as session:
        conference = session.get(Conference, conference_id)
        if conference is None:
            raise UnknownRecord(f"There is no conference {conference_id}.")
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
        counts = Purged(
            people=_count(
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
                    .values(sender_email=None, original_text="", message_id=None)
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
            "conference.purge_personal_data",
            "conference",
            conference_id,
            forced=force and conference.ends_on >= today,
            **asdict(counts),
        )
        return counts


def _count(result: object) -> int:
    rowcount = getattr(result, "rowcount", 0)
    return int(rowcount) if rowcount and rowcount > 0 else 0
