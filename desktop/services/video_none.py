"""The honest fallback: no video statements, and one sentence for the window saying why."""

from __future__ import annotations

from pathlib import Path

from desktop.services.video import CheckedVideo, Frame, VideoPlayer, VideoRefused

LIBVLC_MISSING = (
    "Video statements are off: libvlc could not be loaded "
    "(install VLC: libvlc5 and vlc-plugin-base)."
)


class NoVideo(VideoPlayer):
    """Refuses every file with the reason; plays nothing."""

    available = False

    def __init__(self, problem: str = LIBVLC_MISSING) -> None:
        self.problem = problem

    def check(self, path: Path) -> CheckedVideo:
        raise VideoRefused(self.problem)

    def load(self, path: Path, start_ms: int = 0) -> None:
        pass

    def play(self) -> None:
        pass

    def pause(self) -> None:
        pass

    def seek(self, position_ms: int) -> None:
        pass

    def stop(self) -> None:
        pass

    @property
    def loaded(self) -> Path | None:
        return None

    @property
    def is_playing(self) -> bool:
        return False

    @property
    def position_ms(self) -> int:
        return 0

    @property
    def length_ms(self) -> int:
        return 0

    def frame(self) -> Frame | None:
        return None
