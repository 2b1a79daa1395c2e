"""Screenshots of a video statement for people to look at, on a real X server.

    Xvfb :99 -screen 0 1920x1080x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb python -m tests.qt.video_screens /tmp/video-screens

Writes ``hall.png`` (the hall's screen, full screen, while a video statement plays, as
``import -window root`` grabs the X server), ``technician-video.png`` (the desk in the
technician's role meanwhile: the video's state, its keys, the outputs' miniatures) and
``technician.png`` (a remote speaker with the floor: the Zoom pane's cues and board).
Needs ffmpeg (the video) and imagemagick (the grab).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import URL

from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, RequestSource, RequestStatus
from db.people.participants import Participant
from db.store import Store
from desktop.demo import load_demo
from desktop.domain.clock import SystemClock
from desktop.qt.desk.desk import Desk
from desktop.qt.main_window import MainWindow
from desktop.services.sound import open_chimes
from desktop.services.video import CheckedVideo, open_video
from desktop.settings import Settings
from tests.video_files import make_video


class ShiftedClock:
    """The system clock's pace from a chosen moment: the video plays in real time while
    the desk's clock says the panel is under way."""

    def __init__(self, start: datetime) -> None:
        self._offset = start - SystemClock().now()

    def now(self) -> datetime:
        return SystemClock().now() + self._offset


def wait_until(app: QApplication, test: Callable[[], bool], seconds: float = 15) -> None:
    end = time.monotonic() + seconds
    while not test():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get there")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def settle(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def grab(target: Path) -> Path:
    subprocess.run(["import", "-window", "root", str(target)], check=True, timeout=60)
    return target


def main(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        video_file = make_video(work / "austria-statement.mp4", 30, size="1280x720")
        store = Store.open(URL.create("sqlite", database=str(work / "screens.sqlite")))
        conference_id = load_demo(store)
        panel = next(s for s in store.agenda.slots(conference_id) if s.kind.value == "panel")
        for request in store.speakers.waiting(panel.id)[2:]:
            store.speakers.set_status(request.id, RequestStatus.WITHDRAWN)
        ids = {d.name: d.id for d in store.delegations.all()}

        def request(name: str, speaker: str, channel: Channel) -> int:
            draft = RequestDraft(
                ids[name], channel=channel, source=RequestSource.ZOOM_HAND, speaker=speaker
            )
            return store.speakers.add(panel.id, draft, panel.starts_at)

        austria = request("Austria", "Anna Weber", Channel.REMOTE)
        japan = request("Japan", "Kenji Sato", Channel.REMOTE)
        request("Norway", "Ingrid Dahl", Channel.REMOTE)
        store.participants.add_remote(
            conference_id, [Participant("AWeber-AT"), Participant("Kenji Sato")]
        )
        for person in store.participants.remote(conference_id):
            if person.name == "AWeber-AT":
                store.participants.link(person.id, ids["Austria"])
        desk = Desk(store, ShiftedClock(panel.starts_at + timedelta(minutes=35)))
        player = open_video(["--aout=adummy"])  # a server without a sound card
        window = MainWindow(
            desk, Settings(work / "floordesk.ini"), open_chimes(["--aout=adummy"]), player
        )
        desk.open_conference(conference_id)
        window.choose_slot(panel.id)
        desk.make_live(panel.id)
        window.show()
        checked = player.check(video_file)
        assert isinstance(checked, CheckedVideo)
        desk.attach_video(austria, str(video_file), checked.duration_ms)
        desk.settle()

        # The hall's screen: the video statement full screen.
        screen = app.primaryScreen()
        window.speaker_display.show_full_screen(screen)
        desk.give_floor(austria)
        desk.settle()
        wait_until(app, lambda: window.videos.image is not None)
        wait_until(app, lambda: player.position_ms > 4000)
        settle(app, 0.5)
        shots = [grab(out / "hall.png")]

        # The technician's desk while the video plays: its state, keys and miniatures.
        window.speaker_display.hide()
        window.apply_role("technician")
        window.showMaximized()
        settle(app, 1.0)
        shots.append(grab(out / "technician-video.png"))

        # The technician's desk: a remote speaker has the floor.
        desk.give_floor(japan)
        desk.settle()
        wait_until(app, lambda: not window.videos.loaded)
        settle(app, 1.0)
        shots.append(grab(out / "technician.png"))
        window.close()
        store.close()
    return shots


if __name__ == "__main__":
    for shot in main(Path(sys.argv[1] if len(sys.argv) > 1 else "video-screens")):
        print(shot)
