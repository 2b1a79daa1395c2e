"""The countdown chimes: what the window may ask of them, and which backend answers.

Two backends: ``sound_vlc`` plays the chimes through libvlc (python-vlc);
``sound_silent`` plays nothing and says why, in one sentence for the window,
when libvlc or the sound files cannot be had. ``open_chimes()`` picks one and
never raises, so the desk works the same without sound.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Sequence
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

from desktop.domain.cues import Cue

__all__ = ["CUE_FILES", "Chimes", "Cue", "open_chimes", "open_chimes_early", "sound_files"]

log = logging.getLogger(__name__)

CUE_FILES = {Cue.WARNING: "warning.ogg", Cue.EXPIRED: "expired.ogg"}


class Chimes(abc.ABC):
    """Plays a cue at once, without blocking the caller; volume and mute persist."""

    available: bool
    """False when the chimes cannot sound at all."""
    problem: str | None
    """Why they cannot, in one sentence for the window; None when they can."""
    volume: int
    """0–100, as last set."""
    muted: bool

    @abc.abstractmethod
    def play(self, cue: Cue) -> None:
        """Start the cue's chime (from its beginning if it is already sounding) and return."""

    @abc.abstractmethod
    def set_volume(self, percent: int) -> None:
        """0–100; values outside are clamped. Applies to a chime sounding now as well."""

    @abc.abstractmethod
    def set_muted(self, muted: bool) -> None:
        """Muted chimes do not play; one sounding now goes silent."""

    def close(self) -> None:  # noqa: B027 - only backends that hold something override it
        """Release what the backend holds. Call once, when the application quits."""


def sound_files(keep: ExitStack) -> dict[Cue, Path]:
    """The chimes as files on disk, which stay there until ``keep`` is closed.

    From a source tree or an installed package these are the packaged files
    themselves; from a zipped install they are temporary copies, because libvlc
    opens files by path and reopens them at each play.
    """
    folder = files("resources").joinpath("sounds")
    return {
        cue: keep.enter_context(as_file(folder.joinpath(name))) for cue, name in CUE_FILES.items()
    }


def open_chimes_early() -> None:
    """Start opening the chimes on a thread (desktop/services/early.py): the next
    ``open_chimes()`` without options takes them."""
    from desktop.services import early

    early.start("chimes", _open_chimes)


def open_chimes(options: Sequence[str] = ()) -> Chimes:
    """The libvlc chimes if libvlc loads and the files are there, else silent ones.

    ``options`` are added to libvlc's own (for tests: ``--aout=adummy``,
    ``--aout=afile``, ``--audiofile-file=…``). Never raises.
    """
    if not options:
        from desktop.services import early

        opened: Chimes | None = early.take("chimes")
        if opened is not None:
            return opened
    return _open_chimes(options)


def _open_chimes(options: Sequence[str] = ()) -> Chimes:
    from desktop.services.sound_silent import SilentChimes

    try:
        from desktop.services import sound_vlc
    except (Exception, SystemExit):
        # python-vlc reports a missing libvlc in many ways: OSError from ctypes,
        # NotImplementedError, NameError or AttributeError for missing symbols,
        # KeyError on Windows, even SystemExit when PYTHON_VLC_LIB_PATH is wrong.
        log.info("Chimes off: python-vlc could not load libvlc", exc_info=True)
        return SilentChimes()
    return sound_vlc.open_vlc_chimes(options)
