"""The honest fallback: no chimes, and one sentence for the window saying why."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.services.sound import Chimes

if TYPE_CHECKING:
    from desktop.domain.cues import Cue

LIBVLC_MISSING = (
    "Chimes are off: libvlc could not be loaded (install VLC: libvlc5 and vlc-plugin-base)."
)
FILES_MISSING = "Chimes are off: the chime sound files are missing from this installation."


class SilentChimes(Chimes):
    """Plays nothing; remembers volume and mute so that the settings still show them."""

    available = False

    def __init__(self, problem: str = LIBVLC_MISSING) -> None:
        self.problem = problem
        self.volume = 100
        self.muted = False

    def play(self, cue: Cue) -> None:
        pass

    def set_volume(self, percent: int) -> None:
        self.volume = max(0, min(100, percent))

    def set_muted(self, muted: bool) -> None:
        self.muted = muted
