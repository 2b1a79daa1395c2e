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
from desktop.services.early import OpenedLater

__all__ = [
    "CUE_FILES",
    "Chimes",
    "Cue",
    "LateChimes",
    "open_chimes",
    "sound_files",
]

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


class LateChimes(Chimes):
    """The chimes opened on a thread once the window is up, standing in for them until then.

    Opening them at start, even on a thread, held the first frame up by some 20 ms: the
    python-vlc module is Python code, which shares the interpreter with the window being
    built. Until they are open, the volume and the mute asked for are kept and handed
    over; a cue asked for meanwhile waits for them (once, a few tens of milliseconds at
    the most). ``available`` and ``problem`` say what the opened chimes say from then on.
    ``options`` as for ``open_chimes``.
    """

    def __init__(self, options: Sequence[str] = ()) -> None:
        chosen = tuple(options)
        self._later = OpenedLater("chimes", lambda: open_chimes(chosen))
        self._chimes: Chimes | None = None
        self.available = True  # until the opened chimes say otherwise
        self.problem = None
        self.volume = 100
        self.muted = False

    def start(self) -> None:
        """Begin opening the chimes on a thread (desktop/services/early.py), once."""
        self._later.start()

    def ready(self) -> bool:
        """Whether the chimes are open (taken over if they just are); never waits."""
        if self._chimes is None and self._later.ready():
            self.opened()
        return self._chimes is not None

    def opened(self) -> Chimes:
        """The chimes, waiting for them if they are still opening (opened here and now if
        they were never started)."""
        if self._chimes is None:
            chimes = self._later.take()
            chimes.set_volume(self.volume)
            chimes.set_muted(self.muted)
            self._chimes = chimes
            self.available, self.problem = chimes.available, chimes.problem
            self.volume, self.muted = chimes.volume, chimes.muted
        return self._chimes

    def play(self, cue: Cue) -> None:
        self.opened().play(cue)

    def set_volume(self, percent: int) -> None:
        if self._chimes is None:
            self.volume = max(0, min(100, percent))
            return
        self._chimes.set_volume(percent)
        self.volume = self._chimes.volume

    def set_muted(self, muted: bool) -> None:
        if self._chimes is not None:
            self._chimes.set_muted(muted)
        self.muted = muted

    def close(self) -> None:
        if self._later.started:  # never started: nothing to close
            self.opened().close()


def open_chimes(options: Sequence[str] = ()) -> Chimes:
    """The libvlc chimes if libvlc loads and the files are there, else silent ones.

    ``options`` are added to libvlc's own (for tests: ``--aout=adummy``,
    ``--aout=afile``, ``--audiofile-file=…``). Never raises.
    """
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
