"""How late a chime is: from the countdown's expiry to the play call returning, and
from that call to libvlc playing. Real clock, real libvlc, a Qt timer for the tick.

    python -m tests.bench.chimes                   # the platform's audio output
    python -m tests.bench.chimes --aout=adummy     # any libvlc options
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt, QTimer

from db.meeting.snapshots import InterventionView
from desktop.domain.clock import SystemClock
from desktop.domain.cues import Cue, CueTracker
from desktop.domain.speaking_time import countdown
from desktop.services.sound import open_chimes
from desktop.services.sound_vlc import VlcChimes
from tests.factories import intervention_view

LIMIT_S = 1


def _intervention(number: int, given_at: datetime) -> InterventionView:
    return intervention_view(given_at, id=number, limit_s=LIMIT_S)


class _Run:
    """One intervention of LIMIT_S seconds, ticked like the window's countdown until
    its expiry chime is playing."""

    def __init__(self, chimes: VlcChimes, number: int, runs: int, tick_ms: int) -> None:
        self.chimes = chimes
        self.clock = SystemClock()
        # The floor is given at any moment between two ticks, not just on one:
        # spread the runs evenly over the tick interval.
        offset = timedelta(milliseconds=tick_ms * (number - 1) / runs)
        self.view = _intervention(number, self.clock.now() - offset)
        self.tracker = CueTracker()
        self.expiry_to_return_ms: float | None = None
        self.call_ms = 0.0
        self.called_at = 0.0
        self.playing_at: float | None = None
        self.loop = QEventLoop()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(tick_ms)
        self.timer.timeout.connect(self.tick)
        player = chimes.players[Cue.EXPIRED]
        self._events = player.event_manager()
        self._kind = _vlc().EventType.MediaPlayerPlaying
        self._events.event_attach(self._kind, self._playing)
        self._played = threading.Event()

    def _playing(self, _event: object) -> None:  # on a libvlc thread
        if self.playing_at is None:
            self.playing_at = time.perf_counter()
            self._played.set()

    def tick(self) -> None:
        if self.expiry_to_return_ms is None:
            state = countdown(self.view, self.clock.now(), warning_s=0)
            cue = self.tracker.observe(self.view.id, state.phase)
            if cue is None:
                return
            self.called_at = time.perf_counter()
            self.chimes.play(cue)
            returned = time.perf_counter()
            expiry = self.view.floor_given_at + timedelta(seconds=LIMIT_S)
            self.call_ms = (returned - self.called_at) * 1000
            self.expiry_to_return_ms = (self.clock.now() - expiry).total_seconds() * 1000
        elif self._played.is_set():
            self.timer.stop()
            self.loop.quit()

    def run(self) -> None:
        deadline = QTimer()  # a player that never plays ends the run
        deadline.setSingleShot(True)
        deadline.timeout.connect(self.loop.quit)
        deadline.start(10_000)
        self.timer.start()
        self.loop.exec()
        self.timer.stop()
        deadline.stop()
        self._events.event_detach(self._kind)


def _vlc() -> Any:
    import vlc

    return vlc


def measure_chime_delay(
    runs: int = 7, tick_ms: int = 10, options: Sequence[str] = ()
) -> dict[str, float]:
    """Median and max, in ms, of: countdown expiry → play() returned (tick included),
    the play() call itself, and play() → libvlc reporting Playing."""
    _app = QCoreApplication.instance() or QCoreApplication([])
    chimes = open_chimes(options)
    if not isinstance(chimes, VlcChimes):
        raise RuntimeError(chimes.problem)
    chimes.set_volume(80)
    expiry, calls, playing = [], [], []
    try:
        for number in range(1, runs + 1):
            run = _Run(chimes, number, runs, tick_ms)
            run.run()
            if run.expiry_to_return_ms is None or run.playing_at is None:
                raise RuntimeError(f"run {number}: the chime did not play within 10 s")
            expiry.append(run.expiry_to_return_ms)
            calls.append(run.call_ms)
            playing.append((run.playing_at - run.called_at) * 1000)
    finally:
        chimes.close()
    return {
        "runs": float(runs),
        "tick_ms": float(tick_ms),
        "expiry_to_play_returned_median_ms": statistics.median(expiry),
        "expiry_to_play_returned_max_ms": max(expiry),
        "play_call_median_ms": statistics.median(calls),
        "play_call_max_ms": max(calls),
        "play_to_playing_median_ms": statistics.median(playing),
        "play_to_playing_max_ms": max(playing),
    }


def main(argv: Sequence[str]) -> None:
    vlc = _vlc()
    output = next((a for a in argv if a.startswith("--aout=")), "the platform's default")
    print(f"Chime delay — libvlc {vlc.libvlc_get_version().decode()}, audio output {output}")
    for tick_ms in (10, 100):
        numbers = measure_chime_delay(tick_ms=tick_ms, options=argv)
        print(f"  {int(numbers['runs'])} interventions of {LIMIT_S} s, ticked every {tick_ms} ms")
        for what, key in (
            ("countdown expiry → play() returned", "expiry_to_play_returned"),
            ("the play() call", "play_call"),
            ("play() → libvlc Playing", "play_to_playing"),
        ):
            median, most = numbers[f"{key}_median_ms"], numbers[f"{key}_max_ms"]
            print(f"    {what:<38} {median:8.2f} ms  (max {most:.2f})")


if __name__ == "__main__":
    main(sys.argv[1:])
