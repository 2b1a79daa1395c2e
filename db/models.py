"""SQLAlchemy 2.0 typed models: the whole data model of Floordesk.

Portable by design: SQLite is the embedded default, PostgreSQL serves several
stations. Nothing here is dialect-specific: enums are stored as short strings,
times as UTC timestamps (see :class:`UTCDateTime`), lists as child tables.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.meeting.vocabulary import (
    Channel,
    DelegationGroup,
    InterventionKind,
    QuestionStatus,
    RequestSource,
    RequestStatus,
    ReviewStatus,
    SlotKind,
)
from db.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type[Any]) -> Enum:
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class Conference(Base):
    __tablename__ = "conference"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    venue: Mapped[str] = mapped_column(String(200), default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Vienna")
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    request_deadline: Mapped[datetime | None]
    created_at: Mapped[datetime]

    slots: Mapped[list[AgendaSlot]] = relationship(
        back_populates="conference", cascade="all, delete-orphan", order_by="AgendaSlot.starts_at"
    )


class Delegation(Base):
    """A participating State, Partner, organization or NGO that may take the floor."""

    __tablename__ = "delegation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    nameplate: Mapped[str] = mapped_column(String(100))
    group: Mapped[DelegationGroup] = mapped_column(_enum(DelegationGroup))
    region: Mapped[str | None] = mapped_column(String(32))
    iso_code: Mapped[str | None] = mapped_column(String(3))
    seating_order: Mapped[int] = mapped_column(Integer, index=True)

    aliases: Mapped[list[DelegationAlias]] = relationship(
        back_populates="delegation", cascade="all, delete-orphan"
    )


class DelegationAlias(Base):
    __tablename__ = "delegation_alias"
    __table_args__ = (UniqueConstraint("delegation_id", "name", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(8), default="en")

    delegation: Mapped[Delegation] = relationship(back_populates="aliases")


class Person(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    function: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="SET NULL")
    )

    delegation: Mapped[Delegation | None] = relationship()


class AgendaSlot(Base):
    """One slot of the agenda: a panel, a keynote, a break..."""

    __tablename__ = "agenda_slot"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"))
    kind: Mapped[SlotKind] = mapped_column(_enum(SlotKind))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    # Speaking-time limits per kind of intervention, in seconds.
    limit_panellist_s: Mapped[int] = mapped_column(Integer, default=420)
    limit_statement_s: Mapped[int] = mapped_column(Integer, default=180)
    limit_question_s: Mapped[int] = mapped_column(Integer, default=90)
    limit_point_of_order_s: Mapped[int] = mapped_column(Integer, default=60)
    limit_right_of_reply_s: Mapped[int] = mapped_column(Integer, default=120)
    list_closed_at: Mapped[datetime | None]
    # The rapporteur's summary of the slot, for the record.
    summary: Mapped[str] = mapped_column(Text, default="")
    # The moderator's ordering rules for this slot's list (composed in the UI).
    ordering_policy: Mapped[dict[str, Any] | None]

    conference: Mapped[Conference] = relationship(back_populates="slots")
    moderator: Mapped[Person | None] = relationship()
    topics: Mapped[list[SlotTopic]] = relationship(
        cascade="all, delete-orphan", order_by="SlotTopic.position"
    )
    panellists: Mapped[list[SlotPanellist]] = relationship(
        cascade="all, delete-orphan", order_by="SlotPanellist.position"
    )

    def limit_for(self, kind: InterventionKind) -> int:
        seconds: int = getattr(self, f"limit_{kind.value}_s")
        return seconds


class SlotTopic(Base):
    __tablename__ = "slot_topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("agenda_slot.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))


class SlotPanellist(Base):
    __tablename__ = "slot_panellist"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("agenda_slot.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)

    person: Mapped[Person] = relationship()


class FloorRequest(Base):
    """A request to take the floor in a slot, from e-mail, the hall or Zoom."""

    __tablename__ = "floor_request"
    # The list of speakers in its order, read from the index without sorting (the first
    # waiting speaker is found among 500 at once: giving the floor's key path).
    __table_args__ = (
        Index("ix_floor_request_list", "slot_id", "status", "position", "received_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("agenda_slot.id", ondelete="CASCADE"))
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    source: Mapped[RequestSource] = mapped_column(_enum(RequestSource))
    kind: Mapped[InterventionKind] = mapped_column(_enum(InterventionKind))
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    status: Mapped[RequestStatus] = mapped_column(_enum(RequestStatus), index=True)
    received_at: Mapped[datetime]
    # Place on the list: smaller first. Manual moves set ``pinned``.
    position: Mapped[int] = mapped_column(Integer)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    limit_s: Mapped[int | None] = mapped_column(Integer)  # overrides the slot's limit
    note: Mapped[str] = mapped_column(Text, default="")
    sender_email: Mapped[str | None] = mapped_column(String(254))
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    original_text: Mapped[str | None] = mapped_column(Text)
    # "Not present": skipped when called, keeps its place for when the speaker returns.
    absent_since: Mapped[datetime | None]
    # The speaker is not among the registered participants (see RegisteredParticipant).
    not_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language the request was written in ("fr"), for the interpreters' booths;
    # None when it was not written (the hall) or could not be told.
    language: Mapped[str | None] = mapped_column(String(2))
    # A pre-recorded video statement: the file on the station that plays it, and its
    # length as libvlc read it when the file was checked (the request's speaking time).
    video_path: Mapped[str | None] = mapped_column(String(1024))
    video_duration_ms: Mapped[int | None] = mapped_column(Integer)

    delegation: Mapped[Delegation | None] = relationship()
    person: Mapped[Person | None] = relationship()


# The order in which a slot's waiting requests get the floor: what ix_floor_request_list
# holds after (slot, status), so that the list is read without sorting.
WAITING_ORDER = (FloorRequest.position, FloorRequest.received_at, FloorRequest.id)


class Intervention(Base):
    """Someone had the floor: the unit of the session record."""

    __tablename__ = "intervention"
    # Whoever has the floor in a slot (floor not yet taken back), found without a scan.
    __table_args__ = (Index("ix_intervention_open", "slot_id", "floor_taken_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("agenda_slot.id", ondelete="CASCADE"))
    floor_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("floor_request.id", ondelete="SET NULL")
    )
    delegation_id: Mapped[int | None] = mapped_column(ForeignKey("delegation.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    kind: Mapped[InterventionKind] = mapped_column(_enum(InterventionKind))
    floor_given_at: Mapped[datetime] = mapped_column(index=True)
    floor_taken_at: Mapped[datetime | None]
    limit_s: Mapped[int] = mapped_column(Integer)
    added_s: Mapped[int] = mapped_column(Integer, default=0)  # nudges by the moderator
    notes: Mapped[str] = mapped_column(Text, default="")
    recommendation: Mapped[bool] = mapped_column(Boolean, default=False)
    follow_up: Mapped[bool] = mapped_column(Boolean, default=False)
    # The rapporteur's working notes, never in a public export.
    internal_notes: Mapped[str] = mapped_column(Text, default="")
    # A correction that merged this intervention into another one.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("intervention.id", ondelete="SET NULL")
    )
    # The file played for a video statement, by name (the record says what was shown).
    video_file: Mapped[str | None] = mapped_column(String(255))

    delegation: Mapped[Delegation | None] = relationship()
    person: Mapped[Person | None] = relationship()
    floor_request: Mapped[FloorRequest | None] = relationship()
    pauses: Mapped[list[InterventionPause]] = relationship(
        cascade="all, delete-orphan", order_by="InterventionPause.paused_at"
    )
    tags: Mapped[list[InterventionTag]] = relationship(cascade="all, delete-orphan")


# Who holds the floor: floor_rules.holds_the_floor, in SQL. One rule, stated here once for
# every statement that looks for the slot's speaker (db/floor/interventions.py) and for the
# index below; tests/db/test_one_speaker.py holds the two to the pure version.
HOLDS_THE_FLOOR = and_(Intervention.floor_taken_at.is_(None), Intervention.merged_into_id.is_(None))
# At most one intervention per slot holds the floor, whatever a station believes: a second
# is refused by the database itself (two presses at once, a bug), on both backends.
ONE_SPEAKER = Index(
    "ix_intervention_one_speaker",
    Intervention.slot_id,
    unique=True,
    sqlite_where=HOLDS_THE_FLOOR,
)


def on_postgresql() -> None:
    """The one-speaker index's condition for PostgreSQL too, said when a server is first
    opened (db/engine.py): naming a PostgreSQL option loads SQLAlchemy's PostgreSQL
    dialect, 35 ms of every start of a station on an SQLite file otherwise."""
    ONE_SPEAKER.dialect_options["postgresql"]["where"] = HOLDS_THE_FLOOR


class InterventionPause(Base):
    __tablename__ = "intervention_pause"

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), index=True
    )
    paused_at: Mapped[datetime]
    resumed_at: Mapped[datetime | None]
    # Why the countdown stopped, when the record must say it: "audio_lost" (the sound
    # from a remote speaker or a video was lost). None for the moderator's own pause.
    reason: Mapped[str | None] = mapped_column(String(16))


class InterventionTag(Base):
    __tablename__ = "intervention_tag"
    __table_args__ = (UniqueConstraint("intervention_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    intervention_id: Mapped[int] = mapped_column(ForeignKey("intervention.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("slot_topic.id", ondelete="SET NULL"))


class Attachment(Base):
    """A written statement or other file that came with a request."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(primary_key=True)
    floor_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("floor_request.id", ondelete="CASCADE")
    )
    review_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("review_item.id", ondelete="CASCADE")
    )
    intervention_id: Mapped[int | None] = mapped_column(
        ForeignKey("intervention.id", ondelete="SET NULL")
    )
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(127))
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_at: Mapped[datetime]


class RecordWords(Base):
    """The searchable words of one intervention of the record, kept by the store.

    Folded (lower case, no accents, words only) so that SQLite's FTS5 table and
    PostgreSQL's 'simple' text search read the same words (see db/record/search.py;
    both indexes are made by migration 0003, each on its own backend only).
    """

    __tablename__ = "record_words"

    intervention_id: Mapped[int] = mapped_column(
        ForeignKey("intervention.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    delegation: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class JournalEntry(Base):
    """Append-only: one row per change, written in the same transaction as the change.

    Undo, the record's history and the sync between stations read it; nothing
    updates or deletes it.
    """

    __tablename__ = "journal"
    # The history of one intervention (or request) is read by entity and id.
    __table_args__ = (Index("ix_journal_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    recorded_at: Mapped[datetime] = mapped_column(index=True)
    station: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ReviewItem(Base):
    """A message that could not become a request on its own: it waits for a person.

    The original text stays beside what was read from it, so the person deciding
    sees both; resolving it creates (or updates) a floor request.
    """

    __tablename__ = "review_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    received_at: Mapped[datetime]
    source: Mapped[RequestSource] = mapped_column(_enum(RequestSource))
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    sender_email: Mapped[str | None] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(998), default="")
    message_id: Mapped[str | None] = mapped_column(String(998), index=True)
    original_text: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(String(500))
    # What could be read, as guesses for the person deciding.
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="SET NULL")
    )
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_slot.id", ondelete="SET NULL"))
    speaker: Mapped[str] = mapped_column(String(200), default="")
    speaker_function: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[InterventionKind | None] = mapped_column(_enum(InterventionKind))
    channel: Mapped[Channel | None] = mapped_column(_enum(Channel))
    status: Mapped[ReviewStatus] = mapped_column(_enum(ReviewStatus), index=True)
    floor_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("floor_request.id", ondelete="SET NULL")
    )
    language: Mapped[str | None] = mapped_column(String(2))  # passed on to the request

    delegation: Mapped[Delegation | None] = relationship()


class MailboxSeen(Base):
    """A message of an IMAP mailbox already read, by UID (the mailbox is never changed)."""

    __tablename__ = "mailbox_seen"
    __table_args__ = (UniqueConstraint("conference_id", "mailbox", "uid_validity", "uid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"))
    mailbox: Mapped[str] = mapped_column(String(500))  # imaps://user@host:port/folder
    uid_validity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    seen_at: Mapped[datetime]


class RegisteredParticipant(Base):
    """A participant from the registration export."""

    __tablename__ = "registered_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    organization: Mapped[str] = mapped_column(String(300), default="")
    function: Mapped[str] = mapped_column(String(200), default="")
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="SET NULL")
    )
    channel: Mapped[Channel | None] = mapped_column(_enum(Channel))
    imported_at: Mapped[datetime]


class RemoteParticipant(Base):
    """Someone in the Zoom meeting, from the participants report or added by hand."""

    __tablename__ = "remote_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(
        ForeignKey("conference.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="SET NULL")
    )
    hand_raised_at: Mapped[datetime | None]
    joined_at: Mapped[datetime | None]
    left_at: Mapped[datetime | None]

    delegation: Mapped[Delegation | None] = relationship()


class ChatProposal(Base):
    """A Zoom chat message that asks for the floor, waiting for one click to confirm it."""

    __tablename__ = "chat_proposal"
    __table_args__ = (UniqueConstraint("conference_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_slot.id", ondelete="SET NULL"))
    said_at: Mapped[datetime]
    sender: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str] = mapped_column(String(64))  # the same message read twice
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegation.id", ondelete="SET NULL")
    )
    kind: Mapped[InterventionKind] = mapped_column(_enum(InterventionKind))
    status: Mapped[ReviewStatus] = mapped_column(_enum(ReviewStatus), index=True)
    floor_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("floor_request.id", ondelete="SET NULL")
    )
    language: Mapped[str | None] = mapped_column(String(2))  # passed on to the request

    delegation: Mapped[Delegation | None] = relationship()


class AudienceQuestion(Base):
    """A question from the audience (the conference hashtag), for the moderator to put."""

    __tablename__ = "audience_question"
    __table_args__ = (UniqueConstraint("conference_id", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conference.id", ondelete="CASCADE"))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_slot.id", ondelete="SET NULL"))
    source_id: Mapped[str] = mapped_column(String(200))  # the post's id, or a hash of it
    author: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    posted_at: Mapped[datetime]
    status: Mapped[QuestionStatus] = mapped_column(_enum(QuestionStatus), index=True)
    put_at: Mapped[datetime | None]  # when the moderator put it to the panel


class UndoStep(Base):
    """One step of a station's undo history, so that undo and redo survive a restart."""

    __tablename__ = "undo_step"
    __table_args__ = (
        UniqueConstraint("station", "sequence"),
        Index("ix_undo_step_undone", "station", "undone"),  # dropped at every new step
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    station: Mapped[str] = mapped_column(String(100))
    sequence: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300))
    command: Mapped[dict[str, Any]] = mapped_column(JSON)  # what to do and undo, as data
    undone: Mapped[bool] = mapped_column(Boolean, default=False)
    recorded_at: Mapped[datetime]


class AppliedChange(Base):
    """A change a station made, by the key the station chose for it (a uuid minted with
    the store command, db/guard.py), written in the change's own transaction. A change
    sent again — held while the server was away, retried after the reply to its COMMIT
    was lost, kept in the recovery file — finds its key here and is not written twice
    (db/exactly_once.py)."""

    __tablename__ = "applied_change"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    station: Mapped[str] = mapped_column(String(100))
    applied_at: Mapped[datetime]
    # What the command returned ({"value": …} in db/exactly_once.py's form; None if it
    # could not be kept), and the journal entries it wrote: a retry gets both.
    returned: Mapped[dict[str, Any] | None]
    journal_ids: Mapped[list[int]] = mapped_column(JSON)
