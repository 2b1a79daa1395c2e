"""Writing the record: the rapporteur's notes, tags, flags, written statements, and
corrections (delegation, merge, a floor never taken back) that keep their history.

Every command is one transaction with its journal entry; ``history`` reads those
entries back as sentences. Notes are saved as the rapporteur types, so their
entry is kept small: the length of the notes, not the text.
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from db.errors import FloorConflict, UnknownRecord
from db.floor import giving
from db.meeting.actions import Action
from db.meeting.snapshots import AttachmentView
from db.meeting.vocabulary import RequestStatus
from db.models import (
    AgendaSlot,
    Attachment,
    Conference,
    Delegation,
    Intervention,
    InterventionPause,
    InterventionTag,
    JournalEntry,
    SlotTopic,
)
from db.people.persons import find_or_add_person
from db.record import search
from db.record.history import HistoryLine, history_lines
from db.record.search import SearchHit

if TYPE_CHECKING:
    from db.transactions import Transactions

__all__ = ["AttachmentView", "HistoryLine", "Record", "RemovedStatement", "SearchHit"]

MAX_STATEMENT_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True)
class RemovedStatement:
    """A written statement taken off the record, whole (``Record.remove_statement``)."""

    intervention_id: int
    filename: str
    content: bytes
    media_type: str
    added_at: datetime


class Record:
    def __init__(self, store: Transactions) -> None:
        self._store = store

    # -- reading -----------------------------------------------------------------

    def topics(self, slot_id: int) -> list[str]:
        """The slot's topics, offered first as tags."""
        with self._store.reading() as session:
            return list(
                session.scalars(
                    select(SlotTopic.name)
                    .where(SlotTopic.slot_id == slot_id)
                    .order_by(SlotTopic.position)
                )
            )

    def tags_in_use(self, conference_id: int) -> list[str]:
        """Every tag given in the conference so far (for completion), sorted."""
        with self._store.reading() as session:
            names = session.scalars(
                select(InterventionTag.name)
                .join(Intervention, Intervention.id == InterventionTag.intervention_id)
                .join(AgendaSlot, AgendaSlot.id == Intervention.slot_id)
                .where(AgendaSlot.conference_id == conference_id)
                .distinct()
            )
            return sorted(names, key=str.casefold)

    def attachments(self, intervention_id: int) -> list[AttachmentView]:
        with self._store.reading() as session:
            rows = session.execute(
                select(
                    Attachment.id,
                    Attachment.filename,
                    Attachment.media_type,
                    Attachment.sha256,
                    Attachment.added_at,
                )
                .where(Attachment.intervention_id == intervention_id)
                .order_by(Attachment.added_at, Attachment.id)
            )
            return [AttachmentView(*row) for row in rows]

    def attachment_content(self, attachment_id: int) -> bytes:
        with self._store.reading() as session:
            content = session.scalar(
                select(Attachment.content).where(Attachment.id == attachment_id)
            )
            if content is None:
                raise UnknownRecord(f"There is no attachment {attachment_id}.")
            return content

    def search(
        self, conference_id: int, words: str, *, slot_id: int | None = None, limit: int = 50
    ) -> list[SearchHit]:
        """Interventions of the conference whose delegation, speaker, tags or notes hold
        every word typed (or a word beginning with it), best first."""
        with self._store.reading() as session:
            return search.search(session, conference_id, words, slot_id=slot_id, limit=limit)

    def history(self, intervention_id: int) -> list[HistoryLine]:
        """What happened to the intervention, oldest first, in sentences — including the
        history of the interventions merged into it."""
        with self._store.reading() as session:
            merged = list(
                session.scalars(
                    select(Intervention.id).where(Intervention.merged_into_id == intervention_id)
                )
            )
            entries = list(
                session.scalars(
                    select(JournalEntry)
                    .where(
                        JournalEntry.entity == "intervention",
                        JournalEntry.entity_id.in_([intervention_id, *merged]),
                    )
                    .order_by(JournalEntry.id)
                )
            )
            names = {d.id: d.name for d in session.scalars(select(Delegation))}
            zone = session.scalar(
                select(Conference.time_zone)
                .join(AgendaSlot, AgendaSlot.conference_id == Conference.id)
                .join(Intervention, Intervention.slot_id == AgendaSlot.id)
                .where(Intervention.id == intervention_id)
            )
            return history_lines(entries, intervention_id, names, zone or "Europe/Vienna")

    # -- writing -----------------------------------------------------------------

    def set_notes(
        self, intervention_id: int, notes: str, *, based_on: str | None = None
    ) -> str | None:
        """The notes on the substance, saved as the rapporteur types. ``based_on``: the
        text the editor started from. If another station saved other notes meanwhile,
        the save still wins (the rapporteur typing is shown theirs, to merge) but the text
        it replaced is kept whole in the journal, never lost. Returns that text (None when
        the save replaced nobody else's)."""
        with self._store.transaction() as session:
            _hold(session, intervention_id)  # two saves at once: the second reads the first
            row = _row(session, intervention_id)
            if row.notes == notes:
                return None
            replaced = _written_elsewhere(row.notes, based_on)
            row.notes = notes
            search.index_intervention(session, row)
            self._journal(session, Action.RECORD_NOTES, row, chars=len(notes), **replaced)
            return replaced.get("replaced")

    def set_internal_notes(
        self, intervention_id: int, notes: str, *, based_on: str | None = None
    ) -> str | None:
        """The rapporteur's working notes, never in a public export (``based_on`` and what
        is returned: as for set_notes)."""
        with self._store.transaction() as session:
            _hold(session, intervention_id)
            row = _row(session, intervention_id)
            if row.internal_notes == notes:
                return None
            replaced = _written_elsewhere(row.internal_notes, based_on)
            row.internal_notes = notes
            self._journal(session, Action.RECORD_INTERNAL_NOTES, row, chars=len(notes), **replaced)
            return replaced.get("replaced")

    def set_tags(self, intervention_id: int, names: Sequence[str]) -> list[str]:
        """The intervention's tags: a slot topic is linked to it, any other is a free tag.
        Returns the tags it had, for undo."""
        with self._store.transaction() as session:
            row = _row(session, intervention_id)
            before = [tag.name for tag in row.tags]
            wanted: dict[str, str] = {}
            for name in names:
                clean = " ".join(name.split())
                if clean:
                    wanted.setdefault(clean.casefold(), clean)
            have = {tag.name.casefold(): tag for tag in row.tags}
            if set(have) == set(wanted) and all(
                have[key].name == name for key, name in wanted.items()
            ):
                return before
            topics = {
                topic.name.casefold(): topic.id
                for topic in session.scalars(
                    select(SlotTopic).where(SlotTopic.slot_id == row.slot_id)
                )
            }
            removed = [tag.name for key, tag in have.items() if key not in wanted]
            added = [name for key, name in wanted.items() if key not in have]
            for key, tag in have.items():
                if key not in wanted:
                    row.tags.remove(tag)
                elif tag.name != wanted[key]:
                    tag.name = wanted[key]
            session.flush()
            for key, name in wanted.items():
                if key not in have:
                    row.tags.append(InterventionTag(name=name, topic_id=topics.get(key)))
            session.flush()
            search.index_intervention(session, row)
            self._journal(session, Action.RECORD_TAGS, row, added=added, removed=removed)
            return before

    def set_flags(
        self,
        intervention_id: int,
        *,
        recommendation: bool | None = None,
        follow_up: bool | None = None,
    ) -> dict[str, bool]:
        """Mark (or unmark) the intervention as a recommendation or for follow-up. Returns
        what the flags given were, for undo."""
        with self._store.transaction() as session:
            row = _row(session, intervention_id)
            before = {
                name: getattr(row, name)
                for name, value in (("recommendation", recommendation), ("follow_up", follow_up))
                if value is not None
            }
            changed: dict[str, bool] = {}
            if recommendation is not None and row.recommendation != recommendation:
                row.recommendation = changed["recommendation"] = recommendation
            if follow_up is not None and row.follow_up != follow_up:
                row.follow_up = changed["follow_up"] = follow_up
            if changed:
                self._journal(session, Action.RECORD_FLAGS, row, **changed)
            return before

    def attach_statement(
        self,
        intervention_id: int,
        filename: str,
        content: bytes,
        at: datetime,
        media_type: str | None = None,
    ) -> int:
        """Keep a written statement with the intervention; returns the attachment's id."""
        if not content:
            raise FloorConflict(f"{filename} is empty.")
        if len(content) > MAX_STATEMENT_BYTES:
            raise FloorConflict(f"{filename} is larger than 25 MB.")
        with self._store.transaction() as session:
            row = _row(session, intervention_id)
            kind = media_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
            attachment = Attachment(
                intervention_id=row.id,
                floor_request_id=row.floor_request_id,
                filename=filename,
                media_type=kind,
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                added_at=at,
            )
            session.add(attachment)
            session.flush()
            self._journal(
                session, Action.RECORD_ATTACH, row, attachment_id=attachment.id, filename=filename
            )
            return attachment.id

    def remove_statement(self, attachment_id: int) -> RemovedStatement:
        """Take a written statement off the record (an attachment undone); returns it whole,
        so that it can be attached again."""
        with self._store.transaction() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None or attachment.intervention_id is None:
                raise UnknownRecord(f"There is no written statement {attachment_id}.")
            row = _row(session, attachment.intervention_id)
            removed = RemovedStatement(
                row.id,
                attachment.filename,
                attachment.content,
                attachment.media_type,
                attachment.added_at,
            )
            session.delete(attachment)
            self._journal(
                session,
                Action.RECORD_DETACH,
                row,
                attachment_id=attachment_id,
                filename=attachment.filename,
            )
            return removed

    def reindex(self, conference_id: int) -> int:
        """Write the searchable words of every intervention of the conference again
        (after an import that made interventions by other paths); returns how many."""
        with self._store.transaction() as session:
            rows = list(
                session.scalars(
                    select(Intervention)
                    .join(AgendaSlot, AgendaSlot.id == Intervention.slot_id)
                    .where(AgendaSlot.conference_id == conference_id)
                    .options(
                        selectinload(Intervention.delegation),
                        selectinload(Intervention.person),
                        selectinload(Intervention.tags),
                    )
                )
            )
            for row in rows:
                search.index_intervention(session, row)
            self._store.journal(
                session, Action.RECORD_REINDEX, "conference", conference_id, interventions=len(rows)
            )
            return len(rows)

    # -- corrections -------------------------------------------------------------

    def change_speaker(
        self, intervention_id: int, delegation_id: int | None, speaker: str | None = None
    ) -> tuple[int | None, str]:
        """Correct who spoke: the delegation, and (if given) the speaker's name. Returns
        the delegation and the name recorded before, for undo."""
        with self._store.transaction() as session:
            row = _row(session, intervention_id)
            before = (row.delegation_id, row.person.name if row.person else "")
            if delegation_id is not None and session.get(Delegation, delegation_id) is None:
                raise UnknownRecord(f"There is no delegation {delegation_id}.")
            row.delegation_id = delegation_id
            if speaker is not None:
                name = " ".join(speaker.split())
                if not name:
                    row.person = None
                elif row.person is None or row.person.name != name:
                    row.person = find_or_add_person(session, name, delegation_id)
            session.flush()
            session.refresh(row, ["delegation", "person"])
            after = (row.delegation_id, row.person.name if row.person else "")
            if after == before:
                return before
            search.index_intervention(session, row)
            self._journal(
                session,
                Action.RECORD_CORRECT_SPEAKER,
                row,
                delegation_before=before[0],
                delegation_after=after[0],
                speaker_before=before[1],
                speaker_after=after[1],
            )
            return before

    def merge(self, keep_id: int, merged_id: int) -> None:
        """Two interventions were one (the floor given twice by mistake, an interruption):
        ``merged_id`` leaves the record, its time, notes, tags and statements join
        ``keep_id``; the gap between them counts as a pause.

        Merging the intervention under way hands the floor to the one kept: the speaker
        goes on, with the time of both, and the one merged away no longer holds the
        floor (floor_rules.holds_the_floor), so that the next F5 or F8 ends the one kept."""
        if keep_id == merged_id:
            raise FloorConflict("An intervention cannot be merged with itself.")
        with self._store.transaction() as session:
            keep, gone = _row(session, keep_id), _row(session, merged_id)
            if keep.slot_id != gone.slot_id:
                raise FloorConflict("Only interventions of the same slot can be merged.")
            giving.hold_the_slot(session, keep.slot_id)  # it may hand the floor on
            if keep.merged_into_id is not None or gone.merged_into_id is not None:
                raise FloorConflict("That intervention was merged already.")
            first, second = sorted((keep, gone), key=lambda r: r.floor_given_at)
            if first.floor_taken_at is None:
                raise FloorConflict("The earlier intervention still has the floor.")
            gap_start, gap_end = first.floor_taken_at, second.floor_given_at
            kept_until = second.floor_taken_at
            handed_on = gone.floor_taken_at is None
            if handed_on:
                # Its time now counts in the one kept; of its own it spans nothing. Written
                # before the one kept holds the floor: one speaker per slot (db/models.py).
                gone.floor_taken_at = gone.floor_given_at
                session.flush()
            keep.floor_given_at = first.floor_given_at
            keep.floor_taken_at = kept_until
            for pause in list(gone.pauses):
                gone.pauses.remove(pause)
                keep.pauses.append(  # an "audio lost" gap stays one
                    InterventionPause(
                        paused_at=pause.paused_at, resumed_at=pause.resumed_at, reason=pause.reason
                    )
                )
            if gap_end > gap_start:
                keep.pauses.append(InterventionPause(paused_at=gap_start, resumed_at=gap_end))
            keep.notes = _joined(first.notes, second.notes)
            keep.internal_notes = _joined(first.internal_notes, second.internal_notes)
            keep.video_file = keep.video_file or gone.video_file
            keep.recommendation = keep.recommendation or gone.recommendation
            keep.follow_up = keep.follow_up or gone.follow_up
            have = {t.name.casefold() for t in keep.tags}
            for tag in gone.tags:
                if tag.name.casefold() not in have:
                    keep.tags.append(InterventionTag(name=tag.name, topic_id=tag.topic_id))
            for attachment in session.scalars(
                select(Attachment).where(Attachment.intervention_id == gone.id)
            ):
                attachment.intervention_id = keep.id
            if keep.floor_taken_at is None and keep.floor_request is not None:
                keep.floor_request.status = RequestStatus.SPEAKING
            if gone.floor_request is not None and gone.floor_request is not keep.floor_request:
                gone.floor_request.status = RequestStatus.SPOKEN  # one speaker, one request
            gone.merged_into_id = keep.id
            session.flush()
            search.index_intervention(session, keep)
            search.index_intervention(session, gone)
            details = {"into": keep.id, **({"handed_the_floor": True} if handed_on else {})}
            self._journal(session, Action.RECORD_MERGE, gone, **details)

    def set_taken_back(self, intervention_id: int, at: datetime) -> datetime | None:
        """Close a floor that was never taken back (or correct when it was), afterwards.
        Returns when it was taken back before (None: never), for undo."""
        with self._store.transaction() as session:
            row = _row(session, intervention_id)
            if at < row.floor_given_at:
                raise FloorConflict("The floor cannot be taken back before it was given.")
            later = session.scalar(
                select(Intervention.floor_given_at)
                .where(
                    Intervention.slot_id == row.slot_id,
                    Intervention.floor_given_at > row.floor_given_at,
                    Intervention.merged_into_id.is_(None),
                )
                .order_by(Intervention.floor_given_at)
                .limit(1)
            )
            if later is not None and at > later:
                raise FloorConflict("The next speaker had the floor by then.")
            before = row.floor_taken_at
            for pause in row.pauses:
                if pause.resumed_at is None or pause.resumed_at > at:
                    pause.resumed_at = max(at, pause.paused_at)
            row.floor_taken_at = at
            if row.floor_request is not None:
                row.floor_request.status = RequestStatus.SPOKEN
            self._journal(session, Action.RECORD_TAKEN_BACK, row, at=at, before=before)
            return before

    # -- inside a transaction ------------------------------------------------------

    def _journal(
        self, session: Session, action: Action, row: Intervention, **details: object
    ) -> None:
        self._store.journal(session, action, "intervention", row.id, slot_id=row.slot_id, **details)


def _written_elsewhere(stored: str, based_on: str | None) -> dict[str, str]:
    """The stored text, if it is not what this editor started from (another station wrote
    it meanwhile): kept in the journal entry of the save that replaces it."""
    if based_on is None or stored == based_on or not stored:
        return {}
    return {"replaced": stored}


def _hold(session: Session, intervention_id: int) -> None:
    """The intervention's row written to itself before it is read: two stations saving
    its notes at once take turns (a row lock on PostgreSQL, the write lock on SQLite), so
    the second sees the first's text and keeps it, never overwrites it unseen."""
    session.execute(
        update(Intervention)
        .where(Intervention.id == intervention_id)
        .values(notes=Intervention.notes)
        .execution_options(synchronize_session=False)
    )


def _joined(first: str, second: str) -> str:
    return "\n".join(part for part in (first.strip(), second.strip()) if part)


def _row(session: Session, intervention_id: int) -> Intervention:
    row = session.scalars(
        select(Intervention)
        .where(Intervention.id == intervention_id)
        .options(
            selectinload(Intervention.delegation),
            selectinload(Intervention.person),
            selectinload(Intervention.pauses),
            selectinload(Intervention.tags),
        )
    ).one_or_none()
    if row is None:
        raise UnknownRecord(f"There is no intervention {intervention_id}.")
    return row
