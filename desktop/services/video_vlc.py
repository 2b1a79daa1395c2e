"""Video statements through libvlc (python-vlc), drawn into memory.

libvlc decodes each picture into a buffer of ours (its ``vmem`` output, in
vlc-plugin-base like the chimes' audio): the window paints that picture on the
hall's screen and on the Zoom picture, so one player with one sound feeds both,
and nothing depends on a video output plugin or on the window system (the same
code draws under X11, Wayland, Windows and the offscreen platform of the tests).

Importing this module loads libvlc and raises if it cannot; ``video.open_video``
catches that.
"""

from __future__ import annotations

import ctypes
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import vlc

from desktop import __version__
from desktop.services.video import (
    CHECK_TIMEOUT_S,
    END_TOLERANCE_MS,
    CheckedVideo,
    Frame,
    PlayerEvent,
    VideoPlayer,
    VideoRefused,
    refuse_by_name,
)
from desktop.services.video_none import LIBVLC_MISSING, NoVideo

log = logging.getLogger(__name__)

# Local files only: no console chatter, no Lua scripts, no title drawn over the picture.
DESKTOP_OPTIONS = (
    "--quiet",
    "--no-lua",
    "--no-metadata-network-access",
    "--no-video-title-show",
    "--no-osd",
    "--no-snapshot-preview",
)
APP_ID = "io.github.floordesk.Floordesk"
LARGEST = (1920, 1080)  # pictures are scaled down to fit the hall's full-HD screen
CHECK_SIZE = (64, 36)  # the check only needs to see that a picture decodes

# libvlc_video_set_format_callbacks with a writable chroma (python-vlc declares it
# as a read-only string), so that the picture's size and format are chosen per file.
_FormatCb = ctypes.CFUNCTYPE(
    ctypes.c_uint,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.c_void_p,
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
)
_CleanupCb = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_set_format_callbacks = ctypes.CFUNCTYPE(None, ctypes.c_void_p, _FormatCb, _CleanupCb)(
    ("libvlc_video_set_format_callbacks", vlc.dll)
)


class _Picture:
    """The memory libvlc decodes into, and a copy of the last picture it showed.

    No lock is held from libvlc's lock callback to its unlock: libvlc may take a
    picture before it gives the last one back, and stopping the player waits for its
    decoder. Each shown picture is copied under a short lock instead, and the window
    reads that copy.
    """

    def __init__(self, largest: tuple[int, int], *, keep: bool = True) -> None:
        self.largest = largest
        self.keep = keep  # copy each shown picture (the check only needs to see one)
        self.lock = threading.Lock()
        self.buffers: list[Any] = []  # every buffer given to libvlc lives as long as this
        self.buffer: Any = None
        self.width = self.height = self.pitch = 0
        self.source_size = (0, 0)  # the size libvlc decodes at (padded to the codec's blocks)
        self.scale = 1.0
        self.shown: bytes | None = None  # the last picture shown, copied
        self.on_display: Any = None
        self._callbacks = (
            _FormatCb(self._format),
            _CleanupCb(self._cleanup),
            vlc.CallbackDecorators.VideoLockCb(self._lock),
            vlc.CallbackDecorators.VideoUnlockCb(self._unlock),
            vlc.CallbackDecorators.VideoDisplayCb(self._display),
        )

    def attach(self, player: Any) -> None:
        fmt, cleanup, lock, unlock, display = self._callbacks
        player.video_set_callbacks(lock, unlock, display, None)
        _set_format_callbacks(player._as_parameter_, fmt, cleanup)

    def frame(self, visible: tuple[int, int] = (0, 0)) -> Frame | None:
        """The last picture, cut to the ``visible`` size of the file's picture (libvlc
        decodes into a buffer padded below and right to the codec's blocks)."""
        with self.lock:
            data, width, height, pitch = self.shown, self.width, self.height, self.pitch
        if data is None:
            return None
        if visible[0] > 0 and visible[1] > 0:
            width = min(width, round(visible[0] * self.scale))
            height = min(height, round(visible[1] * self.scale))
        return Frame(data[: pitch * height], width, height, pitch)

    def forget(self) -> None:
        with self.lock:
            self.shown = None

    # -- on libvlc's threads -------------------------------------------------------

    def _format(
        self, _opaque: Any, chroma: Any, width: Any, height: Any, pitches: Any, lines: Any
    ) -> int:
        source_w, source_h = max(1, width[0]), max(1, height[0])
        self.source_size = (source_w, source_h)
        scale = min(1.0, self.largest[0] / source_w, self.largest[1] / source_h)
        w, h = max(2, int(source_w * scale) & ~1), max(2, int(source_h * scale) & ~1)
        ctypes.memmove(chroma, b"RV32", 4)
        width[0], height[0] = w, h
        pitches[0], lines[0] = w * 4, h
        buffer = ctypes.create_string_buffer(w * 4 * h)
        with self.lock:
            self.buffers = [*self.buffers[-1:], buffer]
            self.buffer = buffer
            self.scale = scale
            self.width, self.height, self.pitch = w, h, w * 4
            self.shown = None
        return 1

    def _cleanup(self, _opaque: Any) -> None:
        pass

    def _lock(self, _opaque: Any, planes: Any) -> None:
        planes[0] = ctypes.addressof(self.buffer)

    def _unlock(self, _opaque: Any, _picture: Any, _planes: Any) -> None:
        pass

    def _display(self, _opaque: Any, _picture: Any) -> None:
        if self.keep:
            buffer = self.buffer
            copy = ctypes.string_at(ctypes.addressof(buffer), ctypes.sizeof(buffer))
            with self.lock:
                if buffer is self.buffer:
                    self.shown = copy
        callback = self.on_display
        if callback is not None:
            callback()


class VlcVideo(VideoPlayer):
    available = True
    problem = None

    def __init__(self, instance: Any) -> None:
        self._instance = instance
        self._player = instance.media_player_new()
        self._picture = _Picture(LARGEST)
        self._picture.on_display = self._on_display
        self._picture.attach(self._player)
        self._media: Any = None
        self._path: Path | None = None
        self._time_ms = 0  # the last time libvlc reported (read on its threads too)
        self._length_ms = 0
        self._stopping = False
        events = self._player.event_manager()
        kinds = vlc.EventType
        events.event_attach(kinds.MediaPlayerPlaying, self._report, PlayerEvent.PLAYING)
        events.event_attach(kinds.MediaPlayerPaused, self._report, PlayerEvent.PAUSED)
        events.event_attach(kinds.MediaPlayerEncounteredError, self._report, PlayerEvent.FAILED)
        events.event_attach(kinds.MediaPlayerEndReached, self._on_end)
        events.event_attach(kinds.MediaPlayerStopped, self._report, PlayerEvent.STOPPED)
        events.event_attach(kinds.MediaPlayerTimeChanged, self._on_time)
        events.event_attach(kinds.MediaPlayerLengthChanged, self._on_length)

    # -- checking ----------------------------------------------------------------------

    def check(self, path: Path) -> CheckedVideo:
        refuse_by_name(path)
        media = self._instance.media_new_path(str(path))
        try:
            duration = self._parse(media, path)
        finally:
            media.release()
        size = self._first_picture(path)
        if size is None:
            raise VideoRefused(f"{path.name} cannot be played: libvlc decodes no picture from it.")
        return CheckedVideo(path, duration, *size)

    def _parse(self, media: Any, path: Path) -> int:
        parsed = threading.Event()
        media.event_manager().event_attach(
            vlc.EventType.MediaParsedChanged, lambda _event: parsed.set()
        )
        media.parse_with_options(vlc.MediaParseFlag.local, int(CHECK_TIMEOUT_S * 1000))
        parsed.wait(CHECK_TIMEOUT_S + 1)
        if media.get_parsed_status() != vlc.MediaParsedStatus.done:
            raise VideoRefused(f"{path.name} cannot be read as a video.")
        # Not tracks_get(): python-vlc lays out libvlc 3's track structure wrongly (its
        # union as three pointers), and the picture's size comes from decoding it anyway.
        duration = int(media.get_duration())
        if duration <= 0:
            raise VideoRefused(f"{path.name} has no length that libvlc can read.")
        return duration

    def _first_picture(self, path: Path) -> tuple[int, int] | None:
        """The size of the file's picture, once libvlc decoded one (silently, into a
        small buffer); None when it decodes none."""
        media = self._instance.media_new_path(str(path))
        media.add_option(":no-audio")
        probe = self._instance.media_player_new()
        picture = _Picture(CHECK_SIZE, keep=False)
        seen, over = threading.Event(), threading.Event()
        picture.on_display = seen.set
        picture.attach(probe)
        probe.set_media(media)
        events = probe.event_manager()
        for kind in (
            vlc.EventType.MediaPlayerEncounteredError,
            vlc.EventType.MediaPlayerEndReached,
        ):
            events.event_attach(kind, lambda _event: over.set())
        try:
            probe.play()
            waited = 0.0
            while not (seen.is_set() or over.is_set()) and waited < CHECK_TIMEOUT_S:
                seen.wait(0.05)
                waited += 0.05
            if not seen.is_set():
                return None
            width, height = _visible_size(probe)
            return (width, height) if width and height else picture.source_size
        finally:
            probe.stop()
            probe.release()
            media.release()

    # -- playing -----------------------------------------------------------------------

    def load(self, path: Path, start_ms: int = 0) -> None:
        self.stop()
        if self._instance is None:  # closed: the window is going away
            return
        self._media = self._instance.media_new_path(str(path))
        if start_ms > 0:
            self._media.add_option(f":start-time={start_ms / 1000:.3f}")
        self._path = path
        self._time_ms = 0
        self._length_ms = 0
        self._player.set_media(self._media)

    def play(self) -> None:
        if self._media is None:
            return
        if self._player.get_state() in (vlc.State.Ended, vlc.State.Error):
            self._player.set_media(self._media)  # libvlc 3 does not play again otherwise
            self._time_ms = 0
        self._player.play()

    def pause(self) -> None:
        if self._media is not None:
            self._player.set_pause(1)

    def seek(self, position_ms: int) -> None:
        if self._media is None:
            return
        position_ms = max(0, min(position_ms, max(0, self.length_ms - 100)))
        if self._player.get_state() in (vlc.State.Ended, vlc.State.Error):
            self.play()
        self._player.set_time(position_ms)
        self._time_ms = position_ms

    def stop(self) -> None:
        if self._media is None:
            return
        self._stopping = True
        try:
            self._player.stop()
        finally:
            self._stopping = False
        self._media.release()
        self._media = None
        self._path = None
        self._picture.forget()

    @property
    def loaded(self) -> Path | None:
        return self._path

    @property
    def is_playing(self) -> bool:
        # Never ask a released player (after close): libvlc would read freed memory.
        return self._media is not None and bool(self._player.is_playing())

    @property
    def position_ms(self) -> int:
        if self._media is None:
            return 0
        now = int(self._player.get_time())
        return now if now >= 0 else self._time_ms

    @property
    def length_ms(self) -> int:
        if self._media is None:
            return 0
        return self._length_ms or max(0, int(self._player.get_length()))

    def frame(self) -> Frame | None:
        visible = _visible_size(self._player) if self._media is not None else (0, 0)
        return self._picture.frame(visible)

    def audio_outputs(self) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        if self._instance is None:
            return found
        devices = self._player.audio_output_device_enum()
        device = devices
        while device:
            entry = device.contents
            found.append(
                (
                    (entry.device or b"").decode("utf-8", "replace"),
                    (entry.description or b"").decode("utf-8", "replace"),
                )
            )
            device = entry.next
        if devices:
            vlc.libvlc_audio_output_device_list_release(devices)
        return found

    def set_audio_output(self, device: str | None) -> None:
        if self._instance is not None:
            self._player.audio_output_device_set(None, device)

    def close(self) -> None:
        if self._instance is None:
            return
        self.on_event = None
        self.on_frame = None
        self.stop()
        self._player.release()
        self._instance.release()
        self._instance = None

    # -- on libvlc's threads -------------------------------------------------------------

    def _report(self, _event: Any, kind: PlayerEvent) -> None:
        if kind is PlayerEvent.STOPPED and not self._stopping:
            return  # libvlc stops by itself after an error, which was said already
        callback = self.on_event
        if callback is not None:
            callback(kind)

    def _on_end(self, _event: Any) -> None:
        # A file cut short (or gone) often just ends early: short of its length, it failed.
        length = self._length_ms
        ended = length <= 0 or self._time_ms >= length - END_TOLERANCE_MS
        self._report(_event, PlayerEvent.ENDED if ended else PlayerEvent.FAILED)

    def _on_time(self, event: Any) -> None:
        self._time_ms = int(event.u.new_time)

    def _on_length(self, event: Any) -> None:
        self._length_ms = int(event.u.new_length)

    def _on_display(self) -> None:
        callback = self.on_frame
        if callback is not None:
            callback()


def _visible_size(player: Any) -> tuple[int, int]:
    """The picture's size as shown (libvlc raises when there is no picture yet)."""
    try:
        width, height = player.video_get_size(0)
    except (vlc.VLCException, TypeError, ValueError):
        return (0, 0)
    return int(width), int(height)


def open_vlc_video(options: Sequence[str] = ()) -> VideoPlayer:
    """VlcVideo, or a player that says why video is off when libvlc cannot start."""
    instance = None
    try:
        # A list, not separate arguments: python-vlc splits a lone string at spaces.
        instance = vlc.Instance([*DESKTOP_OPTIONS, *options])
        if instance is None:  # libvlc_new failed: a bad option, or no plugins at all
            raise OSError("libvlc_new returned NULL")
        instance.set_user_agent("Floordesk", f"Floordesk/{__version__}")
        instance.set_app_id(APP_ID, __version__, APP_ID)
        return VlcVideo(instance)
    except (OSError, AttributeError, NameError, vlc.VLCException):
        log.info("Video off: libvlc could not be started", exc_info=True)
        if instance is not None:
            instance.release()
        return NoVideo(LIBVLC_MISSING)
