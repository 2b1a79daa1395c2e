"""Attaching a video statement to a request: the one that came by e-mail, or a file chosen.

A video that came attached to the request's e-mail is written once to the station's
folder of video statements (libvlc plays files, not database rows) and checked there;
without one, the technician or the moderator chooses a file. Either way libvlc checks
it before the request becomes a video statement (desktop/qt/technician/video_statement.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from db.meeting.videos import VIDEO_SUFFIXES

if TYPE_CHECKING:
    from desktop.qt.technician.video_statement import VideoStatements

FILTER = "Video statements ({})".format(" ".join(f"*{suffix}" for suffix in VIDEO_SUFFIXES))


def attach_video(
    videos: VideoStatements,
    request_id: int | None,
    parent: QWidget | None = None,
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
        desk.problem.emit(f"Checking {mailed[0].filename}, which came by e-mail…")
        videos.attach_mailed(request_id, mailed[0])
        return
    name, _ = QFileDialog.getOpenFileName(parent, "Video statement", str(Path.home()), FILTER)
    if not name:
        return
    path = Path(name)
    desk.problem.emit(f"Checking {path.name}…")
    videos.attach(request_id, path)
