"""Video statements through the real libvlc, on real short files made by ffmpeg, with
outputs that work headless: ``adummy`` for the sound, our own memory for the picture."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.services.video import (
    CheckedVideo,
    LateVideo,
    PlayerEvent,
    VideoPlayer,
    VideoRefused,
    open_video,
)
from desktop.services.video_none import LIBVLC_MISSING, NoVideo
from desktop.services.video_vlc import VlcVideo
from tests.video_files import cut_short, make_video

ROOT = Path(__file__).resolve().parents[2]
WAIT_S = 10.0
HEADLESS = ["--aout=adummy", "--vout=dummy"]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("videos")
    made = {
        suffix: make_video(folder / f"statement{suffix}", 3)
        for suffix in (".mp4", ".mkv", ".webm", ".mov")
    }
    made["long"] = make_video(folder / "long.mp4", 8)
    made["silent"] = make_video(folder / "silent.mp4", 2, audio=False)
    made["sound only"] = make_video(folder / "sound-only.mp4", 2, picture=False)
    made["cut"] = cut_short(made["long"], folder / "cut.mp4")
    garbage = folder / "garbage.mp4"
    garbage.write_bytes(b"This is the statement of Ruritania, not a video at all.\n" * 200)
    made["garbage"] = garbage
    text = folder / "statement.docx"
    text.write_bytes(b"PK\x03\x04")
    made["docx"] = text
    return made


@pytest.fixture
def player() -> Iterator[VlcVideo]:
    opened = open_video(HEADLESS)
    assert isinstance(opened, VlcVideo), opened.problem
    yield opened
    opened.close()


class Reports:
    """What the player reports on libvlc's threads, waited for without sleeping."""

    def __init__(self, player: VideoPlayer) -> None:
        self.events: list[PlayerEvent] = []
        self.frames = 0
        self._changed = threading.Condition()
        player.on_event = self._event
        player.on_frame = self._frame

    def _event(self, kind: PlayerEvent) -> None:
        with self._changed:
            self.events.append(kind)
            self._changed.notify_all()

    def _frame(self) -> None:
        with self._changed:
            self.frames += 1
            self._changed.notify_all()

    def wait_until(self, test: Callable[[], bool]) -> bool:
        with self._changed:
            return self._changed.wait_for(test, WAIT_S)

    def wait_for(self, kind: PlayerEvent, count: int = 1) -> bool:
        return self.wait_until(lambda: self.events.count(kind) >= count)


@pytest.mark.parametrize("suffix", [".mp4", ".mkv", ".webm", ".mov"])
def test_each_container_a_delegation_sends_is_checked_with_its_length(
    player: VlcVideo, files: dict[str, Path], suffix: str
) -> None:
    checked = player.check(files[suffix])
    assert checked == CheckedVideo(files[suffix], checked.duration_ms, 320, 180)
    assert checked.duration_ms == pytest.approx(3000, abs=120)


def test_a_video_without_sound_is_a_video_statement_too(
    player: VlcVideo, files: dict[str, Path]
) -> None:
    assert player.check(files["silent"]).duration_ms == pytest.approx(2000, abs=120)


@pytest.mark.parametrize(
    ("name", "sentences"),
    [
        (
            "docx",
            {"statement.docx is not a video statement: attach an mp4, mkv, webm or mov file."},
        ),
        # A damaged header is refused by the parse, its length or the decoding, as the
        # version of libvlc finds it first.
        (
            "garbage",
            {
                "garbage.mp4 cannot be read as a video.",
                "garbage.mp4 has no length that libvlc can read.",
                "garbage.mp4 cannot be played: libvlc decodes no picture from it.",
            },
        ),
        ("sound only", {"sound-only.mp4 cannot be played: libvlc decodes no picture from it."}),
    ],
)
def test_a_file_that_is_no_video_statement_is_refused_in_one_sentence(
    player: VlcVideo, files: dict[str, Path], name: str, sentences: set[str]
) -> None:
    with pytest.raises(VideoRefused) as refused:
        player.check(files[name])
    assert str(refused.value) in sentences


def test_a_file_that_is_gone_is_refused(player: VlcVideo, tmp_path: Path) -> None:
    with pytest.raises(VideoRefused, match=r"^gone\.mp4 cannot be found at "):
        player.check(tmp_path / "gone.mp4")


def test_it_plays_pictures_into_memory_pauses_and_goes_on_from_there(
    player: VlcVideo, files: dict[str, Path]
) -> None:
    reports = Reports(player)
    player.load(files["long"])
    assert player.loaded == files["long"]
    player.play()
    assert reports.wait_for(PlayerEvent.PLAYING)
    assert reports.wait_until(lambda: reports.frames >= 10)
    frame = player.frame()
    assert frame is not None
    assert (frame.width, frame.height, frame.pitch) == (320, 180, 1280)
    assert len(frame.data) == 1280 * 180
    assert len(set(frame.data[: frame.pitch])) > 2  # a picture, not an empty buffer
    assert player.length_ms == pytest.approx(8000, abs=120)
    player.pause()
    assert reports.wait_for(PlayerEvent.PAUSED)
    held = player.position_ms
    assert player.position_ms == held and not player.is_playing
    player.play()
    assert reports.wait_for(PlayerEvent.PLAYING, 2)
    assert reports.wait_until(lambda: player.position_ms > held)


def test_going_to_a_position_and_back(player: VlcVideo, files: dict[str, Path]) -> None:
    reports = Reports(player)
    player.load(files["long"])
    player.play()
    assert reports.wait_for(PlayerEvent.PLAYING)
    player.seek(6000)
    assert reports.wait_until(lambda: player.position_ms >= 6000)
    player.seek(1000)
    assert reports.wait_until(lambda: 1000 <= player.position_ms < 3000)


def test_the_end_of_the_video_is_reported_and_it_plays_again_from_the_start(
    player: VlcVideo, files: dict[str, Path]
) -> None:
    reports = Reports(player)
    player.load(files[".webm"])
    player.play()
    assert reports.wait_for(PlayerEvent.ENDED)
    assert PlayerEvent.FAILED not in reports.events
    player.play()  # libvlc 3 plays an ended media again only when given it again
    assert reports.wait_for(PlayerEvent.PLAYING, 2)
    assert reports.wait_for(PlayerEvent.ENDED, 2)


def test_a_file_damaged_after_its_check_fails_mid_way(
    player: VlcVideo, files: dict[str, Path]
) -> None:
    checked = player.check(files["cut"])  # its header still tells the whole length
    assert checked.duration_ms == pytest.approx(8000, abs=120)
    reports = Reports(player)
    player.load(files["cut"])
    player.play()
    assert reports.wait_until(lambda: PlayerEvent.FAILED in reports.events)
    assert PlayerEvent.ENDED not in reports.events
    assert 0 < player.position_ms < 6000


def test_stopping_forgets_the_file_and_its_picture(
    player: VlcVideo, files: dict[str, Path]
) -> None:
    reports = Reports(player)
    player.load(files[".mp4"])
    player.play()
    assert reports.wait_until(lambda: reports.frames > 0)
    player.stop()
    assert reports.wait_for(PlayerEvent.STOPPED)
    assert player.loaded is None and player.frame() is None
    assert (player.position_ms, player.length_ms) == (0, 0)
    player.play()  # nothing loaded: nothing happens
    player.stop()


def test_the_late_player_opens_on_a_thread_and_plays_as_the_player_does(
    files: dict[str, Path],
) -> None:
    """The window's player, opened once its first frame is painted: until then nothing is
    loaded or playing; what the window set to hear from it reaches it once open."""
    late = LateVideo(HEADLESS)
    reports = Reports(late)  # set before it is open, as the window does
    assert (late.loaded, late.is_playing, late.position_ms, late.length_ms) == (None, False, 0, 0)
    assert late.frame() is None
    late.pause()  # nothing to pause: nothing is opened for it
    late.start()
    late.start()  # once
    assert late.available and late.problem is None  # waits for the thread
    assert isinstance(late.opened(), VlcVideo)
    assert late.check(files[".mp4"]).duration_ms == pytest.approx(3000, abs=120)
    late.load(files["long"])
    late.play()
    assert reports.wait_for(PlayerEvent.PLAYING)
    assert reports.wait_until(lambda: reports.frames >= 3)
    assert late.is_playing and late.frame() is not None
    late.stop()
    late.close()


def test_the_late_player_asked_before_it_was_started_opens_at_once() -> None:
    late = LateVideo(["--no-such-option-in-any-vlc"])
    assert not late.available  # opened here and now: the fallback says why
    assert late.problem == LIBVLC_MISSING
    late.close()
    LateVideo(HEADLESS).close()  # never started, never asked: nothing opened to close


def test_closing_twice_is_harmless() -> None:
    opened = open_video(HEADLESS)
    opened.close()
    opened.close()


def test_the_fallback_refuses_every_file_and_says_why(files: dict[str, Path]) -> None:
    none = NoVideo()
    assert not none.available
    assert none.problem == (
        "Video statements are off: libvlc could not be loaded "
        "(install VLC: libvlc5 and vlc-plugin-base)."
    )
    with pytest.raises(VideoRefused, match="Video statements are off"):
        none.check(files[".mp4"])
    none.load(files[".mp4"])
    none.play()
    assert (none.loaded, none.is_playing, none.position_ms, none.frame()) == (None, False, 0, None)
    none.close()


def test_a_libvlc_that_refuses_to_start_gives_the_fallback() -> None:
    player = open_video(["--no-such-option-in-any-vlc"])
    assert isinstance(player, NoVideo)
    assert player.problem == LIBVLC_MISSING


def test_open_video_never_raises_without_libvlc() -> None:
    script = (
        "import sys; sys.modules['vlc'] = None\n"
        "from desktop.services.video import open_video\n"
        "player = open_video()\n"
        "print(type(player).__name__, player.available, player.problem, sep='|')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip().split("|") == ["NoVideo", "False", LIBVLC_MISSING]


def test_the_sound_outputs_can_be_listed_and_chosen(player: VlcVideo) -> None:
    outputs = player.audio_outputs()  # adummy has no devices; a desktop lists its own
    assert all(isinstance(d, str) and isinstance(n, str) for d, n in outputs)
    player.set_audio_output(None)
    player.close()
    assert player.audio_outputs() == []
    player.set_audio_output("anything")  # closed: nothing happens
