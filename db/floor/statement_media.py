"""Video statements on requests, and the gaps in a speech when the audio is lost.

A request can carry a pre-recorded video statement: the path of the file on the
station that plays it and its length, as libvlc read them when the file was checked.
Attaching one makes the request a video statement (channel "video") whose speaking
time is the video's length, so the list's time budget counts it.

"Audio lost" stops the countdown like a pause, with the reason kept on the pause:
the journal and the exports name the gap. Every command is one transaction with
its journal entry; times come from the caller's clock.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from db.errors import FloorConflict, UnknownRecord, found
from db.meeting.actions import Action
from db.meeting.videos import (
    AUDIO_LOST_REASON,
    MailedVideo,
    StatementVideo,
    is_video_name,
)
from db.meeting.vocabulary import Channel
from db.models import Attachment, FloorRequest, Intervention, InterventionPause

if TYPE_CHECKING:
    from db.transactions import Transactions


class StatementMedia:
    def __init__(self, store: Transactions) -> None:
        self._store = store

    # -- video statements -------------------------------------------------------------

    def attach_video(self, request_id: int, path: str, duration_ms: int) -> StatementVideo:
        """The request becomes a video statement of this (checked) file."""
        if duration_ms <= 0:
            raise FloorConflict("A video statement needs a length.")
        video = StatementVideo(request_id, path, duration_ms)
        with self._store.transaction() as session:
            row = found(session, FloorRequest, request_id, "floor request")
            row.video_path = path[:1024]
            row.video_duration_ms = duration_ms
            row.channel = Channel.VIDEO
            row.limit_s = video.speaking_time_s
            self._store.journal(
                session,
                Action.REQUEST_VIDEO,
                "floor_request",
                row.id,
                slot_id=row.slot_id,
                file=video.filename,
                duration_ms=duration_ms,
            )
        return video

    def remove_video(self, request_id: int) -> None:
        """No video any more: a remote request with the slot's speaking time."""
        with self._store.transaction() as session:
            row = found(session, FloorRequest, request_id, "floor request")
            if row.video_path is None:
                raise FloorConflict("That request has no video statement.")
            row.video_path = None
            row.video_duration_ms = None
            row.channel = Channel.REMOTE
            row.limit_s = None
            self._store.journal(
                session, Action.REQUEST_VIDEO_REMOVED, "floor_request", row.id, slot_id=row.slot_id
            )

    def videos(self, request_ids: Collection[int]) -> dict[int, StatementVideo]:
        """The video statements of these requests (those that have one), by request."""
        if not request_ids:
            return {}
        with self._store.reading() as session:
            rows = session.execute(
                select(
                    FloorRequest.id, FloorRequest.video_path, FloorRequest.video_duration_ms
                ).where(
                    FloorRequest.id.in_(list(request_ids)), FloorRequest.video_path.is_not(None)
                )
            )
            return {
                request_id: StatementVideo(request_id, path or "", duration or 0)
                for request_id, path, duration in rows
            }

    def video_of(self, request_id: int | None) -> StatementVideo | None:
        if request_id is None:
            return None
        return self.videos([request_id]).get(request_id)

    def mailed_videos(self, request_id: int) -> list[MailedVideo]:
        """Video files that came with the request's e-mail (mp4, mkv, webm, mov)."""
        with self._store.reading() as session:
            rows = session.execute(
                select(Attachment.id, Attachment.filename, Attachment.content)
                .where(Attachment.floor_request_id == request_id)
                .order_by(Attachment.id)
            )
            return [
                MailedVideo(attachment_id, filename, content)
                for attachment_id, filename, content in rows
                if is_video_name(filename)
            ]

    # -- the audio lost ---------------------------------------------------------------

    def audio_lost(self, intervention_id: int, at: datetime) -> None:
        """The sound of the speaker is lost: the countdown stops, and the gap is kept."""
        with self._store.transaction() as session:
            row = self._open_intervention(session, intervention_id)
            last = row.pauses[-1] if row.pauses else None
            if last is not None and last.resumed_at is None:
                if last.reason == AUDIO_LOST_REASON:
                    raise FloorConflict("The audio is already marked as lost.")
                # Paused already: the pause becomes the gap from now on.
                last.resumed_at = max(at, last.paused_at)
            row.pauses.append(InterventionPause(paused_at=at, reason=AUDIO_LOST_REASON))
            self._store.journal(
                session, Action.FLOOR_AUDIO_LOST, "intervention", row.id, slot_id=row.slot_id, at=at
            )

    def audio_back(self, intervention_id: int, at: datetime) -> None:
        """The sound is back: the countdown runs again, and the gap is closed."""
        with self._store.transaction() as session:
            row = self._open_intervention(session, intervention_id)
            last = row.pauses[-1] if row.pauses else None
            if last is None or last.resumed_at is not None or last.reason != AUDIO_LOST_REASON:
                raise FloorConflict("The audio is not marked as lost.")
            last.resumed_at = max(at, last.paused_at)
            self._store.journal(
                session, Action.FLOOR_AUDIO_BACK, "intervention", row.id, slot_id=row.slot_id, at=at
            )

    @staticmethod
    def _open_intervention(session: Session, intervention_id: int) -> Intervention:
        row = session.scalars(
            select(Intervention)
            .where(Intervention.id == intervention_id)
            .options(selectinload(Intervention.pauses))
        ).one_or_none()
        if row is None:
            raise UnknownRecord(f"There is no intervention {intervention_id}.")
        if row.floor_taken_at is not None:
            raise FloorConflict("That intervention has ended.")
        return row
