"""Video statements as the desk and the player know them: which files are videos, the
video attached to a request, the one that came by e-mail (stored by
db/floor/statement_media.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import PurePath

# Journal actions (readers compare with these, never with their text).
# The reason kept on a pause made because the audio was lost.
AUDIO_LOST_REASON = "audio_lost"

VIDEO_SUFFIXES = (".mp4", ".mkv", ".webm", ".mov")


def is_video_name(filename: str) -> bool:
    return PurePath(filename).suffix.lower() in VIDEO_SUFFIXES


@dataclass(frozen=True)
class StatementVideo:
    """The video statement attached to a request."""

    request_id: int
    path: str
    duration_ms: int

    @property
    def filename(self) -> str:
        return PurePath(self.path).name

    @property
    def speaking_time_s(self) -> int:
        """The request's speaking time: the video's length, whole seconds up."""
        return max(1, math.ceil(self.duration_ms / 1000))


@dataclass(frozen=True)
class MailedVideo:
    """A video file that came attached to the e-mail of a request."""

    attachment_id: int
    filename: str
    content: bytes
