"""Attaching a video statement to a request: the one that came by e-mail, or a file chosen.

A video that came attached to the request's e-mail is written once to the station's
folder of video statements (libvlc plays files, not database rows) and checked there;
without one, the technician or the moderator chooses a file. Either way libvlc checks
it before the request becomes a video statement (desktop/qt/video_statement.py).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs
from PySide6.QtWidgets import QFileDialog, QWidget

from db.statement_media import VIDEO_SUFFIXES, MailedVideo
from desktop.qt.video_statement import VideoStatements

FILTER = "Video statements ({})".format(" ".join(f"*{suffix}" for suffix in VIDEO_SUFFIXES))


def video_folder() -> Path:
    """Where this station keeps the video statements that came by e-mail."""
    return platformdirs.user_data_path("floordesk", appauthor=False) / "video-statements"


def write_mailed(video: MailedVideo, folder: Path) -> Path:
    """The attachment as a file (named by its content, so the same video is written once)."""
    digest = hashlib.sha256(video.content).hexdigest()[:12]
    target = folder / f"{digest}-{Path(video.filename).name}"
    if not target.is_file() or target.stat().st_size != len(video.content):
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(video.content)
        partial.replace(target)
    return target


def attach_video(
    videos: VideoStatements,
    request_id: int | None,
    parent: QWidget | None = None,
    *,
    folder: Path | None = None,
) -> None:
    """The request's mailed video if it has one, else a file the user chooses; checked
    by libvlc, then attached (or refused in one sentence)."""
    desk = videos.desk
    if request_id is None:
        desk.problem.emit("Select a request first (in the list of speakers or the board).")
        return
    if not videos.available:
        desk.problem.emit(videos.player.problem or "Video statements are off.")
        return
    mailed = desk.store_media.mailed_videos(request_id)
    if mailed:
        try:
            path = write_mailed(mailed[0], folder or video_folder())
        except OSError as error:
            desk.problem.emit(f"The mailed video cannot be saved: {error.strerror or error}.")
            return
    else:
        name, _ = QFileDialog.getOpenFileName(parent, "Video statement", str(Path.home()), FILTER)
        if not name:
            return
        path = Path(name)
    desk.problem.emit(f"Checking {path.name}…")
    videos.attach(request_id, path)
