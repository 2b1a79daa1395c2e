"""The chimes through the real libvlc, into audio outputs that work headless:
``afile`` (a WAV file), ``adummy`` (nowhere) and ``amem`` (our own callbacks)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import wave
from array import array
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import vlc

from desktop.services.sound import CUE_FILES, Chimes, Cue, LateChimes, open_chimes, sound_files
from desktop.services.sound_silent import FILES_MISSING, LIBVLC_MISSING, SilentChimes
from desktop.services.sound_vlc import VlcChimes
from desktop.settings import CHIME_MUTED, CHIME_VOLUME, Settings

ROOT = Path(__file__).resolve().parents[2]
LENGTH_S = {Cue.WARNING: 0.8, Cue.EXPIRED: 1.2}
WAIT_S = 10.0  # generous: only a broken player takes more than a moment


PLAYING = vlc.EventType.MediaPlayerPlaying
ENDED = vlc.EventType.MediaPlayerEndReached


class Events:
    """Records some of a player's libvlc events, in order, and waits for them without sleeping."""

    def __init__(self, player: Any, *kinds: Any) -> None:
        self.seen: list[int] = []
        self._changed = threading.Condition()
        for kind in kinds:
            player.event_manager().event_attach(kind, self._record)

    def _record(self, event: Any) -> None:  # on a libvlc thread
        with self._changed:
            self.seen.append(event.type.value)
            self._changed.notify_all()

    def wait_until(self, test: Callable[[list[int]], bool]) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: test(self.seen), WAIT_S)

    def wait_for(self, kind: Any, count: int = 1) -> bool:
        return self.wait_until(lambda seen: seen.count(kind.value) >= count)


class MemoryOutput:
    """libvlc's ``amem`` output on one player: the samples and every volume it is given.

    ``hold`` keeps the first block of samples, and so the stream, waiting until released.
    """

    def __init__(self, player: Any) -> None:
        self.frames = 0
        self.volumes: list[tuple[float, bool]] = []
        self.started = threading.Event()
        self.hold = threading.Event()
        self.hold.set()

        @vlc.CallbackDecorators.AudioPlayCb  # type: ignore[untyped-decorator]
        def play(_data: object, _samples: object, count: int, _pts: int) -> None:
            self.frames += count
            self.started.set()
            self.hold.wait(WAIT_S)

        @vlc.CallbackDecorators.AudioSetVolumeCb  # type: ignore[untyped-decorator]
        def set_volume(_data: object, level: float, muted: bool) -> None:
            self.volumes.append((round(level, 2), bool(muted)))

        self._callbacks = (play, set_volume)  # ctypes must keep them alive
        player.audio_set_callbacks(play, None, None, None, None, None)
        player.audio_set_volume_callback(set_volume)
        player.audio_set_format("S16N", 44100, 1)


@pytest.fixture
def chimes() -> Iterator[VlcChimes]:
    opened = open_chimes(["--aout=adummy"])
    assert isinstance(opened, VlcChimes), opened.problem
    yield opened
    opened.close()


def played_to_the_end(chimes: VlcChimes, cue: Cue, times: int = 1) -> bool:
    events = Events(chimes.players[cue], ENDED)
    for time_ in range(1, times + 1):
        chimes.play(cue)
        if not events.wait_for(ENDED, time_):
            return False
    return True


def test_the_chimes_ship_as_small_ogg_files() -> None:
    with ExitStack() as keep:
        paths = sound_files(keep)
        assert set(paths) == set(Cue)
        for cue, path in paths.items():
            assert path.name == CUE_FILES[cue]
            assert path.read_bytes()[:4] == b"OggS"
            assert 1_000 < path.stat().st_size < 60_000


def test_libvlc_is_there_and_the_chimes_use_it(chimes: VlcChimes) -> None:
    assert chimes.available
    assert chimes.problem is None
    assert set(chimes.players) == set(Cue)


@pytest.mark.parametrize("cue", list(Cue))
def test_each_cue_plays_its_whole_chime(tmp_path: Path, cue: Cue) -> None:
    written = tmp_path / "out.wav"
    opened = open_chimes(["--aout=afile", f"--audiofile-file={written}"])
    assert isinstance(opened, VlcChimes), opened.problem
    try:
        assert played_to_the_end(opened, cue)
    finally:
        opened.close()  # stops the output, which completes the WAV header
    with wave.open(str(written)) as audio:
        assert audio.getsampwidth() == 2
        seconds = audio.getnframes() / audio.getframerate()
        samples = array("h", audio.readframes(audio.getnframes()))
    assert seconds == pytest.approx(LENGTH_S[cue], abs=0.1)
    peak = max(abs(s) for s in samples) / 32768
    assert peak == pytest.approx(10 ** (-3 / 20), abs=0.05)  # about -3 dBFS


def test_play_returns_at_once_and_libvlc_plays_on_its_own(chimes: VlcChimes) -> None:
    for cue in Cue:
        events = Events(chimes.players[cue], PLAYING, ENDED)
        start = time.perf_counter()
        chimes.play(cue)
        returned_after = time.perf_counter() - start
        assert returned_after < 0.05  # measured well under a millisecond
        assert events.wait_for(ENDED)
        assert events.seen == [PLAYING.value, ENDED.value]


def test_a_chime_plays_again_each_time_even_when_asked_while_still_sounding(
    chimes: VlcChimes,
) -> None:
    assert played_to_the_end(chimes, Cue.WARNING, times=3)
    player = chimes.players[Cue.EXPIRED]
    output = MemoryOutput(player)
    events = Events(player, PLAYING, ENDED)
    chimes.play(Cue.EXPIRED)
    assert events.wait_for(PLAYING)
    chimes.play(Cue.EXPIRED)  # at once again: the chime starts over
    # Either the first had already ended, or it was cut short; the second plays to the end.
    assert events.wait_until(
        lambda seen: seen.count(PLAYING.value) == 2 and seen[-1] == ENDED.value
    )
    assert output.frames >= LENGTH_S[Cue.EXPIRED] * 44100 * 0.9
    assert player.get_state() == vlc.State.Ended


def test_the_volume_reaches_the_audio_output_at_each_play(chimes: VlcChimes) -> None:
    output = MemoryOutput(chimes.players[Cue.WARNING])
    assert played_to_the_end(chimes, Cue.WARNING)  # the first play opens the output
    output.volumes.clear()
    chimes.set_volume(30)
    assert played_to_the_end(chimes, Cue.WARNING)
    assert output.volumes[0] == (0.3, False)
    chimes.set_volume(250)
    assert chimes.volume == 100
    chimes.set_volume(-5)
    assert chimes.volume == 0
    state = chimes.players[Cue.WARNING].get_state()
    chimes.play(Cue.WARNING)  # volume 0: nothing is even started
    assert chimes.players[Cue.WARNING].get_state() == state


def test_muting_silences_a_chime_sounding_now_and_the_next_ones(chimes: VlcChimes) -> None:
    player = chimes.players[Cue.EXPIRED]
    output = MemoryOutput(player)
    assert played_to_the_end(chimes, Cue.EXPIRED)
    chimes.set_volume(60)
    output.hold.clear()
    output.started.clear()
    events = Events(player, ENDED)
    chimes.play(Cue.EXPIRED)
    assert output.started.wait(WAIT_S)
    chimes.set_muted(True)  # while the chime sounds
    output.hold.set()
    assert events.wait_for(ENDED)
    assert (0.6, True) in output.volumes
    assert chimes.muted
    state = player.get_state()
    chimes.play(Cue.EXPIRED)  # muted: nothing is even started
    assert player.get_state() == state
    chimes.set_muted(False)
    output.volumes.clear()
    assert played_to_the_end(chimes, Cue.EXPIRED)
    assert output.volumes[0] == (0.6, False)


def test_late_chimes_open_on_a_thread_and_take_what_was_asked_meanwhile() -> None:
    """The window's chimes, opened once its first frame is painted: the volume and the mute
    set before are theirs once open, and a cue asked for sooner waits for them."""
    late = LateChimes(["--aout=adummy"])
    late.set_volume(250)
    late.set_muted(True)
    assert (late.volume, late.muted, late.available, late.problem) == (100, True, True, None)
    assert not late.ready()  # not started: nothing is opened, nor waited for
    late.set_volume(40)
    late.start()
    late.start()  # once
    opened = late.opened()  # waits for the thread
    assert isinstance(opened, VlcChimes), opened.problem
    assert late.ready()
    assert (opened.volume, opened.muted) == (40, True)
    late.set_muted(False)
    late.set_volume(70)
    assert (opened.volume, opened.muted, late.volume, late.muted) == (70, False, 70, False)
    events = Events(opened.players[Cue.WARNING], ENDED)
    late.play(Cue.WARNING)
    assert events.wait_for(ENDED)
    late.close()


def test_late_chimes_asked_to_play_before_they_were_started_open_at_once() -> None:
    late = LateChimes(["--aout=adummy"])
    late.play(Cue.WARNING)  # no cue is lost for want of the thread
    assert late.ready()
    assert isinstance(late.opened(), VlcChimes)
    late.close()


def test_late_chimes_say_why_they_cannot_sound_once_open() -> None:
    late = LateChimes(["--no-such-option-for-libvlc"])
    late.start()
    late.opened()
    assert not late.available
    assert late.problem == LIBVLC_MISSING
    late.play(Cue.EXPIRED)  # plays nothing, raises nothing
    late.close()


def test_late_chimes_never_started_hold_nothing_to_close() -> None:
    LateChimes(["--aout=adummy"]).close()  # opens nothing only to close it


def test_closing_twice_is_harmless() -> None:
    opened = open_chimes(["--aout=adummy"])
    opened.close()
    opened.close()


def test_the_silent_fallback_plays_nothing_and_says_why_in_one_sentence() -> None:
    silent = SilentChimes()
    assert isinstance(silent, Chimes)
    assert not silent.available
    assert silent.problem == (
        "Chimes are off: libvlc could not be loaded (install VLC: libvlc5 and vlc-plugin-base)."
    )
    assert SilentChimes(FILES_MISSING).problem == FILES_MISSING
    silent.set_volume(140)
    silent.set_muted(True)
    for cue in Cue:
        silent.play(cue)
    assert (silent.volume, silent.muted) == (100, True)
    silent.close()


def test_a_libvlc_that_refuses_to_start_gives_the_fallback() -> None:
    # libvlc_new() fails on an option it does not know (and says so on stderr).
    chimes = open_chimes(["--no-such-option-in-any-vlc"])
    assert isinstance(chimes, SilentChimes)
    assert chimes.problem == LIBVLC_MISSING


@pytest.mark.parametrize(
    ("setup", "environment"),
    [
        # python-vlc installed but libvlc not found: python-vlc exits, of all things.
        ("", {"PYTHON_VLC_LIB_PATH": "/nonexistent/libvlc.so.5"}),
        # python-vlc itself missing.
        ("import sys; sys.modules['vlc'] = None", {}),
    ],
)
def test_open_chimes_never_raises_without_libvlc(setup: str, environment: dict[str, str]) -> None:
    script = (
        f"{setup}\n"
        "from desktop.services.sound import open_chimes\n"
        "chimes = open_chimes()\n"
        "print(type(chimes).__name__, chimes.available, chimes.problem, sep='|')\n"
    )
    env = {"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", **environment}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip().split("|") == ["SilentChimes", "False", LIBVLC_MISSING]


def test_open_chimes_with_the_platform_default_output_never_raises() -> None:
    chimes = open_chimes()
    assert chimes.available == (chimes.problem is None)
    chimes.close()


def test_volume_and_mute_are_remembered_in_the_settings(tmp_path: Path) -> None:
    path = tmp_path / "floordesk.ini"
    first = Settings(path)
    assert (first.get(CHIME_VOLUME), first.get(CHIME_MUTED)) == (80, False)
    first.set(CHIME_VOLUME, 35)
    first.set(CHIME_MUTED, True)
    first.sync()
    again = Settings(path)  # the ini file holds "35" and "true", as text
    assert (again.get(CHIME_VOLUME), again.get(CHIME_MUTED)) == (35, True)
    again.set(CHIME_MUTED, False)
    again.sync()
    assert Settings(path).get(CHIME_MUTED) is False
