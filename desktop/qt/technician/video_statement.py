"""Video statements at the desk: the player follows the floor, the record follows the player.

When the floor goes to a request with a video statement, its file plays on the hall's
screen and the Zoom picture (their video surfaces paint this player's pictures); when
the floor passes (F8, F5, another station), the video stops. The countdown is the
stored one, kept to the video's real position: a pause of the video is a stored pause
(F6 at the moderator's desk pauses the video too, the technician's play/pause is F6's
own path), and going back or starting again gives the time back. The record then holds
the video's real duration.

libvlc reports on its own threads; its reports reach this object as queued signals,
and every store command is made here, on the window's thread.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtGui import QImage

from db.meeting.actions import Action
from db.meeting.vocabulary import Channel
from db.steps import step
from desktop.domain.roles import Area
from desktop.domain.speaking_time import countdown, format_clock
from desktop.qt.background import BackgroundJob
from desktop.services.video import CheckedVideo, PlayerEvent, VideoPlayer, VideoRefused

if TYPE_CHECKING:
    from db.meeting.snapshots import Change, InterventionView
    from db.meeting.videos import MailedVideo, StatementVideo
    from desktop.agenda_import.model import Progress
    from desktop.qt.desk.desk import Desk

log = logging.getLogger(__name__)

SYNC_MS = 250  # how often the countdown is held to the video's position
DRIFT_S = 1.0  # a difference this large is corrected (a seek, a slow start)
BACK_MS = 10_000
# Changes after which a request may hold a video that came by e-mail (an import).
_MAILED = frozenset({Action.REQUEST_ADD, Action.REQUEST_UPDATE})


def video_folder() -> Path:
    """Where this station keeps the video statements that came by e-mail."""
    return platformdirs.user_data_path("floordesk", appauthor=False) / "video-statements"


def write_mailed(video: MailedVideo, folder: Path) -> Path:
    """The attachment as a file (named by its content, so the same video is written once);
    libvlc plays files, not database rows."""
    digest = hashlib.sha256(video.content).hexdigest()[:12]
    target = folder / f"{digest}-{Path(video.filename).name}"
    if not target.is_file() or target.stat().st_size != len(video.content):
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(video.content)
        partial.replace(target)
    return target


class VideoStatements(QObject):
    """One station's video player, following the live floor."""

    picture_changed = Signal()  # a new picture to paint (or none any more)
    state_changed = Signal()  # playing, paused, stopped, failed: the keys and cues follow
    checked = Signal(int, str)  # request id, "" when attached, else why not (one sentence)
    _event = Signal(str)  # from libvlc's threads
    _frame = Signal()  # from libvlc's video thread

    def __init__(
        self,
        desk: Desk,
        player: VideoPlayer,
        parent: QObject | None = None,
        *,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.player = player
        self.folder = folder or video_folder()  # for the videos that came by e-mail
        # Whether this station plays the videos: the one driving the hall's screen or
        # the technician's. Every station sees the stored countdown; one plays, so the
        # sound comes once and one station holds the countdown to the video.
        self.plays_here: Callable[[], bool] = lambda: True
        self.playing_for: int | None = None  # the intervention whose video is loaded
        self.video: StatementVideo | None = None
        self.failed = False
        self.closed = False
        self.image: QImage | None = None
        self._frame_pending = False
        self._jobs: dict[int, BackgroundJob] = {}
        self._event.connect(self._on_event)
        self._frame.connect(self._on_frame)
        player.on_event = lambda kind: self._event.emit(kind.value)
        player.on_frame = self._frame_ready
        self.sync_timer = QTimer(self)
        self.sync_timer.setInterval(SYNC_MS)
        self.sync_timer.timeout.connect(self.hold_countdown_to_position)
        desk.changed_later.connect(self.follow_floor)
        desk.live_changed.connect(self.follow_floor)
        desk.changes_later.connect(self.take_mailed_videos)

    @property
    def available(self) -> bool:
        return self.player.available

    @property
    def loaded(self) -> bool:
        return self.playing_for is not None

    # -- attaching -------------------------------------------------------------------

    def attach(self, request_id: int, path: Path | Callable[[], Path]) -> None:
        """Check the file off the window's thread (``path`` may be a function writing
        it first); when libvlc can play it, it becomes the request's video statement.
        ``checked`` says how it went."""
        player = self.player

        def work(_progress: Progress) -> CheckedVideo | VideoRefused:
            try:
                return player.check(path if isinstance(path, Path) else path())
            except VideoRefused as refused:
                return refused
            except OSError as error:
                return VideoRefused(f"The mailed video cannot be saved: {error.strerror or error}.")

        job = BackgroundJob(work)
        self._jobs[job.number] = job
        job.signals.finished.connect(
            lambda number, result: self._checked(number, request_id, result)
        )
        job.signals.failed.connect(lambda number, text: self._refused(number, request_id, text))
        QThreadPool.globalInstance().start(job)

    def _checked(self, number: int, request_id: int, result: object) -> None:
        self._jobs.pop(number, None)
        if isinstance(result, VideoRefused):
            self._refused(number, request_id, str(result))
            return
        assert isinstance(result, CheckedVideo)
        if self.desk.attach_video(request_id, str(result.path), result.duration_ms):
            length = format_clock(timedelta(milliseconds=result.duration_ms))
            self.desk.problem.emit(f"{result.path.name} attached: a video statement of {length}.")
            self.checked.emit(request_id, "")
        else:
            self.checked.emit(request_id, "The video could not be attached.")

    def _refused(self, number: int, request_id: int, text: str) -> None:
        self._jobs.pop(number, None)
        self.desk.problem.emit(text)
        self.checked.emit(request_id, text)

    def attach_mailed(self, request_id: int, mailed: MailedVideo) -> None:
        """The video that came with the request's e-mail, written here, checked, attached."""
        folder = self.folder
        self.attach(request_id, lambda: write_mailed(mailed, folder))

    def take_mailed_videos(self, changes: list[Change]) -> None:
        """Requests just imported (or updated) with a video attached to their e-mail become
        video statements once libvlc has checked the video."""
        if self.closed or not self.player.available:
            return
        ids = {
            c.entity_id
            for c in changes
            if c.action in _MAILED and c.entity == "floor_request" and c.entity_id is not None
        }
        if not ids:
            return
        media = self.desk.store_media
        for request_id in sorted(ids - media.videos(ids).keys()):
            mailed = media.mailed_videos(request_id)
            if mailed:
                self.attach_mailed(request_id, mailed[0])

    # -- following the floor -------------------------------------------------------------

    def follow_floor(self) -> None:
        """Load and start the video when the floor goes to one; stop it when it passes;
        pause or play it as the stored countdown is paused or running."""
        if self.closed:
            return
        current = self.desk.current
        video = self._video_of(current) if self.plays_here() else None
        if current is None or video is None:
            if self.playing_for is not None:
                self._unload()
            return
        if self.playing_for != current.id:
            self._start(current, video)
            return
        if self.failed:
            return
        if current.is_paused and self.player.is_playing:
            self.player.pause()
        elif not current.is_paused and not self.player.is_playing:
            self.player.play()

    def _video_of(self, current: InterventionView | None) -> StatementVideo | None:
        if current is None or current.channel is not Channel.VIDEO:
            return None
        if self.video is not None and self.video.request_id == current.floor_request_id:
            return self.video
        return self.desk.store_media.video_of(current.floor_request_id)

    def _start(self, current: InterventionView, video: StatementVideo) -> None:
        self._unload()
        if not self.player.available:
            self.desk.problem.emit(self.player.problem or "Video statements are off.")
            return
        self.playing_for, self.video, self.failed = current.id, video, False
        # A station that starts playing after the floor was given (the technician's role
        # taken, the hall's screen shown) starts where the stored countdown is.
        elapsed = countdown(current, self.desk.clock.now()).elapsed
        start_ms = int(elapsed.total_seconds() * 1000) if elapsed > timedelta(seconds=1) else 0
        self.player.load(self._local_file(video), min(start_ms, max(0, video.duration_ms - 500)))
        if not current.is_paused:
            self.player.play()
        self.sync_timer.start()
        self.state_changed.emit()

    def _local_file(self, video: StatementVideo) -> Path:
        """The video's file on this station: a video that came by e-mail and was checked
        at another station is written here from the database first."""
        path = Path(video.path)
        if path.is_file():
            return path
        mailed = self.desk.store_media.mailed_videos(video.request_id)
        if mailed:
            try:
                return write_mailed(mailed[0], self.folder)
            except OSError as error:
                log.info("cannot write the mailed video here: %s", error)
        return path  # libvlc says it fails; the floor stays and the desk goes on

    def _unload(self) -> None:
        self.sync_timer.stop()
        self.playing_for, self.video, self.failed = None, None, False
        self.player.stop()
        self.image = None
        self.picture_changed.emit()
        self.state_changed.emit()

    # -- the technician's keys ----------------------------------------------------------

    def play_or_pause(self) -> None:
        """Play or pause the video: the stored countdown pauses with it (F6's path)."""
        if not self._has_video():
            return
        current = self.desk.current
        if self.failed and current is not None:
            self.restart()
            return
        self.desk.pause_or_resume_video()

    def back(self, milliseconds: int = BACK_MS) -> None:
        if self._has_video():
            self.player.seek(self.player.position_ms - milliseconds)
            self._ensure_running()

    def restart(self) -> None:
        if self._has_video():
            self.failed = False
            self.player.seek(0)
            self._ensure_running()

    def stop(self) -> None:
        """Stop the video; the floor stays (the countdown stops) until the moderator acts."""
        if not self._has_video():
            return
        self.player.pause()
        current = self.desk.current
        if current is not None and not current.is_paused:
            self.desk.pause_or_resume_video()
        self.desk.problem.emit("The video is stopped; the floor stays with it (F8 takes it back).")

    def _ensure_running(self) -> None:
        current = self.desk.current
        if current is None or self.desk.audio_lost:
            return  # the video waits for the audio to be back
        if current.is_paused:
            self.desk.pause_or_resume_video()  # the player follows the stored countdown
        else:
            self.player.play()
        self.state_changed.emit()

    def _has_video(self) -> bool:
        if self.playing_for is None:
            self.desk.problem.emit("No video statement has the floor.")
            return False
        return True

    # -- the countdown held to the video ------------------------------------------------

    def hold_countdown_to_position(self) -> None:
        """Give or take stored speaking time so that what is left on the countdown is
        what is left of the video (after going back, a restart, a slow start)."""
        current = self.desk.current
        if (
            current is None
            or current.id != self.playing_for
            or current.is_paused
            or self.failed
            or not self.player.is_playing
        ):
            return
        length = self.player.length_ms or (self.video.duration_ms if self.video else 0)
        if length <= 0:
            return
        left_of_video = (length - self.player.position_ms) / 1000
        left_on_clock = countdown(current, self.desk.clock.now()).remaining.total_seconds()
        drift = left_of_video - left_on_clock
        if abs(drift) >= DRIFT_S:
            seconds = round(drift)
            self.desk.perform_unlisted(  # the video's own time, not the moderator's to undo
                step(
                    Action.FLOOR_ADD_TIME,
                    intervention_id=current.id,
                    seconds=seconds,
                    area=[Area.FLOOR, Area.VIDEO],  # held to the video, at the technician's
                )
            )

    # -- what libvlc reports ----------------------------------------------------------------

    def _on_event(self, value: str) -> None:
        kind = PlayerEvent(value)
        current = self.desk.current
        ours = current is not None and current.id == self.playing_for
        if kind is PlayerEvent.ENDED and ours:
            self.sync_timer.stop()
            name = self._name(current)
            self.desk.end_video_statement()
            self.desk.problem.emit(f"The video statement of {name} has ended.")
        elif kind is PlayerEvent.FAILED and ours and not self.failed:
            self.failed = True
            file = self.video.filename if self.video else "The video"
            where = format_clock(timedelta(milliseconds=self.player.position_ms))
            if current is not None and not current.is_paused:
                self.desk.pause_or_resume_video()
            self.desk.problem.emit(
                f"{file} stopped at {where}: the file is gone or damaged; the floor stays "
                f"with {self._name(current)} (restart, or F8 to take it back)."
            )
        self.state_changed.emit()

    @staticmethod
    def _name(current: InterventionView | None) -> str:
        if current is None:
            return "the speaker"
        return current.delegation or current.speaker or "the speaker"

    def _frame_ready(self) -> None:  # on libvlc's video thread
        if not self._frame_pending:  # one picture waiting is enough: the newest is painted
            self._frame_pending = True
            self._frame.emit()

    def _on_frame(self) -> None:
        self._frame_pending = False
        if self.playing_for is None:
            return
        frame = self.player.frame()
        if frame is None:
            return
        self.image = QImage(
            frame.data, frame.width, frame.height, frame.pitch, QImage.Format.Format_RGB32
        ).copy()
        self.picture_changed.emit()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.sync_timer.stop()
        self.player.on_event = None
        self.player.on_frame = None
        for job in self._jobs.values():
            job.cancel()
        self.player.close()
