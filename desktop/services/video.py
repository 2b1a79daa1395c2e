"""Video statements: what the desk may ask of a video player, and which backend answers.

Two backends: ``video_vlc`` checks and plays files through libvlc (python-vlc),
drawing each picture into memory for the window to paint on the hall's screen and
the Zoom picture (one player, one sound, two pictures); ``video_none`` plays
nothing and says why, in one sentence for the window, when libvlc cannot be had.
``open_video()`` picks one and never raises, so the desk works the same without video.

The player reports what happens (playing, paused, ended, failed) through
``on_event`` and a new picture through ``on_frame``, both called on libvlc's
threads: the window hands them to its own thread before it acts on them.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from db.meeting.videos import VIDEO_SUFFIXES, is_video_name
from desktop.services.early import OpenedLater

__all__ = [
    "VIDEO_SUFFIXES",
    "CheckedVideo",
    "Frame",
    "LateVideo",
    "PlayerEvent",
    "VideoPlayer",
    "VideoRefused",
    "is_video_name",
    "open_video",
]

log = logging.getLogger(__name__)

CHECK_TIMEOUT_S = 10.0  # reading a local file's header and its first picture
# A video that stops further than this from its end did not end: it failed mid-way.
END_TOLERANCE_MS = 1500


class VideoRefused(Exception):
    """A file that cannot be a video statement; the message is one sentence for the window."""


@dataclass(frozen=True)
class CheckedVideo:
    """What libvlc read from a file that it could open and decode."""

    path: Path
    duration_ms: int
    width: int
    height: int


class PlayerEvent(StrEnum):
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"  # played to its end
    FAILED = "failed"  # a decoder error, the file gone, or stopped short of its end
    STOPPED = "stopped"  # stopped by the desk


@dataclass(frozen=True)
class Frame:
    """One picture, 32-bit RGB (QImage.Format_RGB32), ``pitch`` bytes a line."""

    data: bytes
    width: int
    height: int
    pitch: int


class VideoPlayer(abc.ABC):
    """Checks video files and plays one at a time; every call returns at once."""

    available: bool
    """False when no video can be played at all."""
    problem: str | None
    """Why not, in one sentence for the window; None when video plays."""

    on_event: Callable[[PlayerEvent], None] | None = None
    on_frame: Callable[[], None] | None = None

    @abc.abstractmethod
    def check(self, path: Path) -> CheckedVideo:
        """Read the file's length and decode its first picture (blocks, within
        CHECK_TIMEOUT_S); raises VideoRefused with one sentence when it cannot."""

    @abc.abstractmethod
    def load(self, path: Path, start_ms: int = 0) -> None:
        """Make this file the one to play (stopping any other), from ``start_ms``; it
        starts with play()."""

    @abc.abstractmethod
    def play(self) -> None:
        """Start, or go on after a pause."""

    @abc.abstractmethod
    def pause(self) -> None:
        """Hold the picture where it is."""

    @abc.abstractmethod
    def seek(self, position_ms: int) -> None:
        """Go to this position (clamped to the video)."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop and forget the file; the picture goes."""

    @property
    @abc.abstractmethod
    def loaded(self) -> Path | None:
        """The file loaded, if any."""

    @property
    @abc.abstractmethod
    def is_playing(self) -> bool: ...

    @property
    @abc.abstractmethod
    def position_ms(self) -> int:
        """Where the video is now (0 before it starts)."""

    @property
    @abc.abstractmethod
    def length_ms(self) -> int:
        """The loaded video's length (0 if not known yet)."""

    @abc.abstractmethod
    def frame(self) -> Frame | None:
        """The last picture decoded, if any."""

    def audio_outputs(self) -> list[tuple[str, str]]:
        """(device id, description) of the sound outputs the technician can choose."""
        return []

    def set_audio_output(self, device: str | None) -> None:  # noqa: B027 - optional
        """Send the sound to this device (None: the system's default)."""

    def close(self) -> None:  # noqa: B027 - only backends that hold something override it
        """Release what the backend holds. Call once, when the application quits."""


def refuse_by_name(path: Path) -> None:
    """The checks made before libvlc is asked: a video file's name, and that it is there."""
    if not is_video_name(path.name):
        raise VideoRefused(
            f"{path.name} is not a video statement: attach an mp4, mkv, webm or mov file."
        )
    if not path.is_file():
        raise VideoRefused(f"{path.name} cannot be found at {path.parent}.")


def open_video(options: Sequence[str] = ()) -> VideoPlayer:
    """The libvlc player if libvlc loads, else one that says why video is off.

    ``options`` are added to libvlc's own (for tests: ``--aout=adummy``). Never raises.
    """
    from desktop.services.video_none import NoVideo

    try:
        from desktop.services import video_vlc
    except (Exception, SystemExit):
        # As for the chimes: python-vlc reports a missing libvlc in many ways.
        log.info("Video off: python-vlc could not load libvlc", exc_info=True)
        return NoVideo()
    return video_vlc.open_vlc_video(options)


class LateVideo(VideoPlayer):
    """The video player opened on a thread once the window is up, standing in for it.

    As the chimes (sound.LateChimes): libvlc's start, and python-vlc's module above all,
    held the first frame up. What needs the player (a file checked or played, whether
    video is available at all) waits for it, or opens it then if it was never started;
    until it is open, nothing is loaded or playing. ``options`` as for ``open_video``.
    """

    def __init__(self, options: Sequence[str] = ()) -> None:
        chosen = tuple(options)
        self._later = OpenedLater("video", lambda: open_video(chosen))
        self._player: VideoPlayer | None = None

    def start(self) -> None:
        """Begin opening the player on a thread (desktop/services/early.py), once."""
        self._later.start()

    def opened(self) -> VideoPlayer:
        """The player, waiting for it if it is still opening (opened here and now if it
        was never started)."""
        if self._player is None:
            player = self._later.take()
            # Called on libvlc's threads; set on this stand-in by the window.
            player.on_event = lambda kind: self.on_event(kind) if self.on_event else None
            player.on_frame = lambda: self.on_frame() if self.on_frame else None
            self._player = player
        return self._player

    # The opened player's, read when asked (the base class declares plain attributes).
    @property
    def available(self) -> bool:  # type: ignore[override]
        return self.opened().available

    @property
    def problem(self) -> str | None:  # type: ignore[override]
        return self.opened().problem

    def check(self, path: Path) -> CheckedVideo:
        return self.opened().check(path)

    def load(self, path: Path, start_ms: int = 0) -> None:
        self.opened().load(path, start_ms)

    def play(self) -> None:
        self.opened().play()

    def pause(self) -> None:
        if self._player is not None:
            self._player.pause()

    def seek(self, position_ms: int) -> None:
        if self._player is not None:
            self._player.seek(position_ms)

    def stop(self) -> None:
        if self._player is not None:
            self._player.stop()

    @property
    def loaded(self) -> Path | None:
        return self._player.loaded if self._player is not None else None

    @property
    def is_playing(self) -> bool:
        return self._player is not None and self._player.is_playing

    @property
    def position_ms(self) -> int:
        return self._player.position_ms if self._player is not None else 0

    @property
    def length_ms(self) -> int:
        return self._player.length_ms if self._player is not None else 0

    def frame(self) -> Frame | None:
        return self._player.frame() if self._player is not None else None

    def audio_outputs(self) -> list[tuple[str, str]]:
        return self.opened().audio_outputs()

    def set_audio_output(self, device: str | None) -> None:
        self.opened().set_audio_output(device)

    def close(self) -> None:
        if self._later.started:  # never started: nothing to close
            self.opened().close()
