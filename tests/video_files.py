"""Short real video files for the tests, made by ffmpeg (Debian's, installed by .ci/run).

A moving test picture with a tone, in each container a delegation sends (mp4, mkv,
webm, mov); a file cut short, as a damaged download is; and files that are not video
statements at all. Made once per test session, in a temporary folder.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

SIZE = "320x180"
# Each container with the codecs it usually carries.
CODECS = {
    ".mp4": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    ".mov": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    ".mkv": ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"],
    ".webm": ["-c:v", "libvpx", "-b:v", "300k", "-c:a", "libvorbis"],
}


def ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found is None:
        pytest.skip("ffmpeg is not installed (apt-get install ffmpeg): no video files to test")
    return found


def make_video(
    target: Path,
    seconds: float,
    *,
    audio: bool = True,
    picture: bool = True,
    size: str = SIZE,
) -> Path:
    """A real video file of ``seconds``: a moving test picture (with a keyframe every
    second, so that going back is exact) and a 440 Hz tone."""
    inputs: list[str] = []
    if picture:
        inputs += ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25"]
    if audio:
        inputs += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]
    codecs = CODECS[target.suffix]
    if not picture:
        codecs = codecs[codecs.index("-c:a") :]
    if not audio:
        codecs = codecs[: codecs.index("-c:a")]
    extra = ["-g", "25", "-movflags", "+faststart"] if target.suffix in (".mp4", ".mov") else []
    if picture and target.suffix not in (".mp4", ".mov"):
        extra = ["-g", "25"]
    subprocess.run(
        [ffmpeg(), "-v", "error", "-y", *inputs, "-t", str(seconds), *codecs, *extra, str(target)],
        check=True,
        timeout=120,
    )
    return target


def cut_short(source: Path, target: Path, share: float = 0.4) -> Path:
    """The file's first ``share`` of bytes: it opens, tells its full length, and fails
    where the data ends (a download or a copy broken off)."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * share)])
    return target
