"""The chimes through libvlc (python-vlc).

One libvlc instance and one media player per cue, made at start, so that
``play()`` only hands libvlc a request: libvlc opens, decodes and plays on
threads of its own, and the call returns in well under a millisecond.

Importing this module loads libvlc and raises if it cannot; ``sound.open_chimes``
catches that.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import vlc

from desktop import __version__
from desktop.services.sound import Chimes, sound_files
from desktop.services.sound_silent import FILES_MISSING, LIBVLC_MISSING, SilentChimes

if TYPE_CHECKING:
    from desktop.domain.cues import Cue

log = logging.getLogger(__name__)

# A desktop app playing two local files: no video, no console chatter, and none
# of the Lua scripts (album-art finders and the like) that VLC runs around a play.
DESKTOP_OPTIONS = ("--no-video", "--quiet", "--no-lua", "--no-metadata-network-access")
APP_ID = "io.github.floordesk.Floordesk"  # as the desktop entry: the sound mixer shows it


class VlcChimes(Chimes):
    available = True
    problem = None

    def __init__(self, instance: Any, paths: Mapping[Cue, Path], keep: ExitStack) -> None:
        self._instance = instance
        # The files must outlive the players, which reopen them at each play.
        self._release_files = weakref.finalize(self, keep.close)
        self.volume = 100
        self.muted = False
        self.players: dict[Cue, Any] = {}
        """One libvlc MediaPlayer per cue (the benchmark and tests watch their state)."""
        self._media: dict[Cue, Any] = {}
        for cue, path in paths.items():
            self._media[cue] = instance.media_new_path(str(path))
            self.players[cue] = instance.media_player_new()
            self.players[cue].set_media(self._media[cue])

    def play(self, cue: Cue) -> None:
        if self.muted or self.volume == 0:
            return
        player = self.players.get(cue)
        if player is None:  # closed: the window is going away
            return
        # libvlc 3 does not start a player again once it has played to the end.
        # Setting its media again rewinds it and keeps its audio output (stop()
        # would close that output, and the volume set on it with it); this
        # returns at once, and cuts a chime still sounding short to restart it.
        player.set_media(self._media[cue])
        # Again at each play, for outputs that start every stream at full volume.
        player.audio_set_volume(self.volume)
        player.play()

    def set_volume(self, percent: int) -> None:
        self.volume = max(0, min(100, percent))
        for player in self.players.values():
            player.audio_set_volume(self.volume)

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
        for player in self.players.values():
            player.audio_set_mute(muted)

    def close(self) -> None:
        for player in self.players.values():
            player.stop()
            player.release()
        self.players.clear()
        for media in self._media.values():
            media.release()
        self._media.clear()
        if self._instance is not None:
            self._instance.release()
            self._instance = None
        self._release_files()


def open_vlc_chimes(options: Sequence[str] = ()) -> Chimes:
    """VlcChimes, or silent ones saying why when libvlc or the files fail."""
    keep = ExitStack()
    try:
        paths = sound_files(keep)
    except OSError:
        log.info("Chimes off: the sound files cannot be read", exc_info=True)
        keep.close()
        return SilentChimes(FILES_MISSING)
    if not all(path.is_file() for path in paths.values()):
        log.info("Chimes off: sound files missing: %s", ", ".join(map(str, paths.values())))
        keep.close()
        return SilentChimes(FILES_MISSING)
    instance = None
    try:
        # A list, not separate arguments: python-vlc splits a lone string at spaces.
        instance = vlc.Instance([*DESKTOP_OPTIONS, *options])
        if instance is None:  # libvlc_new failed: a bad option, or no plugins at all
            raise OSError("libvlc_new returned NULL")
        if not _has_audio_output(instance):
            raise OSError("libvlc has no audio output module (vlc-plugin-base missing?)")
        # Named in the desktop's sound mixer as Floordesk, not "VLC media player".
        instance.set_user_agent("Floordesk", f"Floordesk/{__version__}")
        instance.set_app_id(APP_ID, __version__, APP_ID)
        return VlcChimes(instance, paths, keep)
    except (OSError, AttributeError, NameError, vlc.VLCException):
        # AttributeError/NameError: a libvlc too old for a function python-vlc calls.
        log.info("Chimes off: libvlc could not be started", exc_info=True)
        if instance is not None:
            instance.release()
        keep.close()
        return SilentChimes(LIBVLC_MISSING)


def _has_audio_output(instance: Any) -> bool:
    outputs = instance.audio_output_list_get()
    if not outputs:
        return False
    vlc.libvlc_audio_output_list_release(outputs)
    return True
