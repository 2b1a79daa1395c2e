"""Video statements in the real window, played by the real libvlc (no sound card, pictures
into memory) from short files ffmpeg makes: attach and check, give the floor, pause, the
countdown held to the video's position, the end of the video, a failure mid-way, F8."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from db.mail.mailed import FileAttachment, MailedRequest
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import Channel, RequestSource, RequestStatus
from db.record.report import read_record
from db.store import Store
from desktop import settings as options
from desktop.domain.clock import SystemClock
from desktop.domain.speaking_time import countdown
from desktop.qt.desk.desk import Desk
from desktop.qt.desk.item_models import Roles
from desktop.qt.main_window import MainWindow
from desktop.qt.technician import video_attach
from desktop.services.sound import open_chimes
from desktop.services.video import open_video
from desktop.settings import Settings
from tests.qt.acting import at_the_moderators_desk
from tests.video_files import cut_short, make_video

HEADLESS = ["--aout=adummy", "--vout=dummy"]
PLAYING_S = 15.0  # waits on libvlc: generous, only a broken player takes this long


@pytest.fixture(scope="module")
def videos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("statements")
    return {
        "short": make_video(folder / "austria-statement.webm", 2.5),
        "long": make_video(folder / "austria-long.mp4", 8),
    }


@pytest.fixture
def video_window(
    qtbot: QtBot, store: Store, panel: SlotView, settings: Settings
) -> Iterator[MainWindow]:
    """The real window on the system clock (libvlc plays in real time), panel 1 live."""
    desk = Desk(store, SystemClock())
    window = MainWindow(desk, settings, open_chimes(["--aout=adummy"]), open_video(HEADLESS))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    desk.open_conference(panel.conference_id)
    window.choose_slot(panel.id)
    assert desk.make_live(panel.id)
    window.apply_role("technician")  # the station that plays the videos
    yield window
    window.close()


def add_remote(window: MainWindow, panel: SlotView, delegation: str, speaker: str) -> int:
    store = window.desk.store
    delegation_id = next(d.id for d in store.delegations.all() if d.name == delegation)
    request_id = store.speakers.add(
        panel.id,
        RequestDraft(
            delegation_id=delegation_id,
            channel=Channel.REMOTE,
            source=RequestSource.ZOOM_HAND,
            speaker=speaker,
        ),
        panel.starts_at,
    )
    window.desk.settle()
    return request_id


def select_in_list(qtbot: QtBot, window: MainWindow, request_id: int) -> None:
    model = window.speakers_view.model()
    qtbot.waitUntil(
        lambda: any(
            model.index(row, 0).data(Roles.ID) == request_id for row in range(model.rowCount())
        )
    )
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(Roles.ID) == request_id)
    window.speakers_view.setCurrentIndex(model.index(row, 0))


def attach(
    qtbot: QtBot,
    window: MainWindow,
    request_id: int,
    path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Through the list's context menu action and the file dialog, as at the desk."""
    select_in_list(qtbot, window, request_id)
    monkeypatch.setattr(
        video_attach.QFileDialog,
        "getOpenFileName",
        staticmethod(lambda *_args, **_kwargs: (str(path), "")),
    )
    assert window.attach_video_action in window.speakers_view.actions()
    with qtbot.waitSignal(window.videos.checked, timeout=int(PLAYING_S * 1000)):
        window.attach_video_action.trigger()


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    if QApplication.activeWindow() is not window:  # the display shown: the keys stay at the desk
        window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)


NO = Qt.KeyboardModifier.NoModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_a_video_is_checked_when_attached_and_its_length_is_the_speaking_time(
    qtbot: QtBot,
    video_window: MainWindow,
    panel: SlotView,
    videos: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = video_window
    request_id = add_remote(window, panel, "Austria", "Anna Weber")
    attach(qtbot, window, request_id, videos["long"], monkeypatch)
    video = window.desk.store_media.video_of(request_id)
    assert video is not None and video.path == str(videos["long"])
    assert video.duration_ms == pytest.approx(8000, abs=120)
    request = window.desk.store.speakers.requests_with_ids([request_id])[0]
    assert (request.channel, request.limit_s, request.status) == (
        Channel.VIDEO,
        8,
        RequestStatus.WAITING,
    )
    assert window.statusBar().currentMessage() == (
        "austria-long.mp4 attached: a video statement of 0:08."
    )


def test_a_file_libvlc_cannot_play_is_refused_and_the_request_stays(
    qtbot: QtBot,
    video_window: MainWindow,
    panel: SlotView,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = video_window
    request_id = add_remote(window, panel, "Austria", "Anna Weber")
    broken = tmp_path / "statement.mp4"
    broken.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"not a video " * 500)
    attach(qtbot, window, request_id, broken, monkeypatch)
    message = window.statusBar().currentMessage()
    assert message.startswith("statement.mp4 ") and message.endswith(".")
    assert message.count(". ") == 0  # one sentence
    request = window.desk.store.speakers.requests_with_ids([request_id])[0]
    assert (request.channel, request.status) == (Channel.REMOTE, RequestStatus.WAITING)
    assert window.desk.store_media.video_of(request_id) is None


def test_the_floor_plays_the_video_on_the_outputs_pauses_with_it_and_holds_the_countdown(
    qtbot: QtBot,
    video_window: MainWindow,
    panel: SlotView,
    videos: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, desk = video_window, video_window.desk
    player = window.videos.player
    request_id = add_remote(window, panel, "Austria", "Anna Weber")
    attach(qtbot, window, request_id, videos["long"], monkeypatch)
    window.speaker_display.show_windowed()
    at_the_moderators_desk(window, "give_floor", request_id)
    qtbot.waitUntil(lambda: window.videos.image is not None, timeout=int(PLAYING_S * 1000))
    hall = window.speaker_display.video_surface
    zoom = window.zoom_picture.video_surface
    assert (
        hall is not None
        and hall.isVisible()
        and zoom is not None
        and zoom.isVisibleTo(window.zoom_picture)
    )
    assert hall.caption()[0] == "VIDEO STATEMENT · Austria"
    image = window.videos.image
    assert image is not None and (image.width(), image.height()) == (320, 180)
    current = desk.current
    assert current is not None and current.channel is Channel.VIDEO

    # F7: the video pauses, and so does the stored countdown (every station sees it).
    qtbot.waitUntil(lambda: player.position_ms > 1500, timeout=int(PLAYING_S * 1000))
    press(qtbot, window, Qt.Key.Key_F7, NO)
    qtbot.waitUntil(lambda: desk.current is not None and desk.current.is_paused)
    qtbot.waitUntil(lambda: not player.is_playing)
    assert hall.caption()[1].endswith("paused")
    press(qtbot, window, Qt.Key.Key_F7, NO)
    qtbot.waitUntil(lambda: player.is_playing and not desk.current.is_paused)  # type: ignore[union-attr]

    # Restart: the countdown gets the time back, held to what is left of the video.
    qtbot.waitUntil(lambda: player.position_ms > 3000, timeout=int(PLAYING_S * 1000))
    press(qtbot, window, Qt.Key.Key_Home, ALT)

    def held_to_the_video() -> bool:
        now = desk.current
        if now is None or not player.is_playing:
            return False
        left_on_clock = countdown(now, desk.clock.now()).remaining.total_seconds()
        left_of_video = (player.length_ms - player.position_ms) / 1000
        return left_on_clock > 6 and abs(left_on_clock - left_of_video) < 1.2

    qtbot.waitUntil(held_to_the_video, timeout=int(PLAYING_S * 1000))
    assert any(e.action == "floor.add_time" for e in desk.store.journal_since(0))

    # Back 10 s from 2 s in: back to the start, and again the clock follows.
    press(qtbot, window, Qt.Key.Key_Left, ALT)
    qtbot.waitUntil(held_to_the_video, timeout=int(PLAYING_S * 1000))


def test_the_end_of_the_video_takes_the_floor_back_with_its_real_duration_and_file(
    qtbot: QtBot,
    video_window: MainWindow,
    panel: SlotView,
    videos: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, desk = video_window, video_window.desk
    request_id = add_remote(window, panel, "Austria", "Anna Weber")
    attach(qtbot, window, request_id, videos["short"], monkeypatch)
    at_the_moderators_desk(window, "give_floor", request_id)
    qtbot.waitUntil(lambda: window.videos.loaded)
    qtbot.waitUntil(lambda: desk.current is None, timeout=int(PLAYING_S * 1000))
    assert window.statusBar().currentMessage() == "The video statement of Austria has ended."
    qtbot.waitUntil(lambda: not window.videos.loaded)
    record = read_record(desk.store, slot_id=panel.id).slots[0].interventions[-1]
    assert record.channel is Channel.VIDEO and record.video_file == "austria-statement.webm"
    assert record.floor_taken_at is not None
    duration = record.floor_taken_at - record.floor_given_at
    assert timedelta(seconds=2.3) <= duration <= timedelta(seconds=4.5)


def test_a_video_that_fails_mid_way_is_said_and_the_floor_stays(
    qtbot: QtBot,
    video_window: MainWindow,
    panel: SlotView,
    videos: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, desk = video_window, video_window.desk
    copy = tmp_path / "austria-long.mp4"
    shutil.copy(videos["long"], copy)
    request_id = add_remote(window, panel, "Austria", "Anna Weber")
    attach(qtbot, window, request_id, copy, monkeypatch)
    cut_short(videos["long"], copy)  # the copy on the share broke after it was checked
    at_the_moderators_desk(window, "give_floor", request_id)
    current = desk.current
    assert current is not None
    qtbot.waitUntil(
        lambda: "stopped at" in window.statusBar().currentMessage(),
        timeout=int(PLAYING_S * 1000),
    )
    message = window.statusBar().currentMessage()
    assert message.startswith("austria-long.mp4 stopped at 0:0")
    assert message.endswith(
        ": the file is gone or damaged; the floor stays with Austria (restart, or F8 to take "
        "it back)."
    )
    qtbot.waitUntil(lambda: desk.current is not None and desk.current.is_paused)
    assert desk.current is not None and desk.current.id == current.id
    assert window.videos.failed
    # The desk goes on: the moderator's F8 takes the floor back and the video goes.
    at_the_moderators_desk(window, "take_floor_back")  # F8 there
    qtbot.waitUntil(lambda: desk.current is None and not window.videos.loaded)


def test_f8_at_the_moderators_stops_the_video_and_takes_the_floor_back(
    qtbot: QtBot,
    video_window: MainWindow,
    panel: SlotView,
    videos: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, desk = video_window, video_window.desk
    player = window.videos.player
    request_id = add_remote(window, panel, "Austria", "Anna Weber")
    attach(qtbot, window, request_id, videos["long"], monkeypatch)
    window.speaker_display.show_windowed()
    at_the_moderators_desk(window, "give_floor", request_id)
    qtbot.waitUntil(lambda: player.is_playing and window.videos.image is not None)
    at_the_moderators_desk(window, "take_floor_back")  # F8 there
    qtbot.waitUntil(lambda: desk.current is None)
    qtbot.waitUntil(lambda: not window.videos.loaded)
    assert player.loaded is None and not player.is_playing
    hall = window.speaker_display.video_surface
    assert hall is not None and not hall.isVisible()
    record = read_record(desk.store, slot_id=panel.id).slots[0].interventions[-1]
    assert record.floor_taken_at is not None and record.video_file == "austria-long.mp4"


def test_a_video_mailed_with_a_request_is_taken_at_import_and_plays_at_any_station(
    qtbot: QtBot,
    video_window: MainWindow,
    panel: SlotView,
    videos: dict[str, Path],
    tmp_path: Path,
) -> None:
    window, desk = video_window, video_window.desk
    window.videos.folder = tmp_path / "here"
    content = videos["short"].read_bytes()
    austria = next(d.id for d in desk.store.delegations.all() if d.name == "Austria")
    mailed = MailedRequest(
        conference_id=panel.conference_id,
        received_at=panel.starts_at - timedelta(days=20),
        message_id="<statement-austria@example.org>",
        sender_email="delegation@austria.example",
        subject="Video statement of Austria",
        original_text="Please find attached the video statement of Austria for panel 1.",
        delegation_id=austria,
        slot_id=panel.id,
        channel=Channel.REMOTE,
        attachments=(
            FileAttachment(
                "Austria statement.webm", "video/webm", content, hashlib.sha256(content).hexdigest()
            ),
        ),
    )
    with qtbot.waitSignal(window.videos.checked, timeout=int(PLAYING_S * 1000)) as checked:
        filed = desk.store.advance_requests.file(mailed, desk.clock.now())
        desk.catch_up()  # as an import in the background is announced to the window
    request_id = filed.request_id
    assert request_id is not None and checked.args == [request_id, ""]
    video = desk.store_media.video_of(request_id)
    assert video is not None and video.filename.endswith("Austria statement.webm")
    assert Path(video.path).parent == tmp_path / "here"
    # Another station, without the file: it writes its own copy from the database.
    Path(video.path).unlink()
    window.videos.folder = tmp_path / "technician"
    at_the_moderators_desk(window, "give_floor", request_id)
    qtbot.waitUntil(lambda: window.videos.image is not None, timeout=int(PLAYING_S * 1000))
    assert [p.parent for p in (tmp_path / "technician").iterdir()] == [tmp_path / "technician"]
    qtbot.waitUntil(lambda: desk.current is None, timeout=int(PLAYING_S * 1000))


def test_the_technician_chooses_where_the_videos_sound_goes(
    video_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    controls = video_window.display_controls
    choice = controls.video_sound
    assert choice.isEnabled() and choice.itemText(0) == "System default"
    chosen: list[str | None] = []
    monkeypatch.setattr(video_window.videos.player, "set_audio_output", chosen.append)
    choice.addItem("Hall mixer (USB)", "usb-hall-mixer")
    choice.activated.emit(choice.count() - 1)
    assert video_window.settings.get(options.VIDEO_SOUND) == "usb-hall-mixer"
    choice.activated.emit(0)
    assert chosen == ["usb-hall-mixer", None]
    assert video_window.settings.get(options.VIDEO_SOUND) == ""


def test_the_videos_sound_output_is_kept_for_the_next_start(
    video_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chosen again at start when connected; said not found (the default plays) when not."""
    player = video_window.videos.player
    chosen: list[str | None] = []
    monkeypatch.setattr(player, "set_audio_output", chosen.append)
    monkeypatch.setattr(player, "audio_outputs", lambda: [("usb-hall-mixer", "Hall mixer")])
    controls = video_window.display_controls
    kept: list[str] = []
    controls.show_video_sound(video_window.videos, "usb-hall-mixer", kept.append)
    assert controls.video_sound.currentText() == "Hall mixer" and chosen == ["usb-hall-mixer"]
    controls.show_video_sound(video_window.videos, "zoom-machine", kept.append)
    assert controls.video_sound.currentText() == "zoom-machine (not found: the default plays)"
    assert chosen == ["usb-hall-mixer"]  # nothing set: the default plays


def test_only_the_technicians_station_or_one_showing_an_output_plays_the_video(
    qtbot: QtBot,
    video_window: MainWindow,
    panel: SlotView,
    videos: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, desk = video_window, video_window.desk
    request_id = add_remote(window, panel, "Austria", "Anna Weber")
    attach(qtbot, window, request_id, videos["long"], monkeypatch)
    window.apply_role("moderator")  # the moderator's laptop: the countdown, no sound
    desk.give_floor(request_id)
    desk.settle()
    assert desk.current is not None and not window.videos.loaded
    qtbot.waitUntil(lambda: desk.clock.now() - desk.current.floor_given_at > timedelta(seconds=2))  # type: ignore[union-attr]
    window.speaker_display.show_windowed()  # this laptop drives the hall's screen after all
    qtbot.waitUntil(lambda: window.videos.loaded and window.videos.image is not None)
    qtbot.waitUntil(lambda: window.videos.player.position_ms > 0)
    assert window.videos.player.position_ms >= 1500  # where the countdown is, not the start
    window.speaker_display.hide()
    qtbot.waitUntil(lambda: not window.videos.loaded)
    window.apply_role("technician")
    qtbot.waitUntil(lambda: window.videos.loaded)


def test_audio_lost_during_a_video_holds_the_video_and_audio_back_plays_it_on(
    qtbot: QtBot,
    video_window: MainWindow,
    panel: SlotView,
    videos: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window, desk = video_window, video_window.desk
    player = window.videos.player
    request_id = add_remote(window, panel, "Austria", "Anna Weber")
    attach(qtbot, window, request_id, videos["long"], monkeypatch)
    at_the_moderators_desk(window, "give_floor", request_id)
    qtbot.waitUntil(lambda: player.position_ms > 1000, timeout=int(PLAYING_S * 1000))
    press(qtbot, window, Qt.Key.Key_F9, NO)
    qtbot.waitUntil(lambda: desk.audio_lost and not player.is_playing)
    held = player.position_ms
    press(qtbot, window, Qt.Key.Key_Home, ALT)  # restart waits for the audio to be back
    assert desk.audio_lost and not player.is_playing
    press(qtbot, window, Qt.Key.Key_F9, NO)
    qtbot.waitUntil(lambda: not desk.audio_lost and player.is_playing)
    assert held > 0
