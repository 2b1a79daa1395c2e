"""When the speaker's countdown chimes: as it enters its warning time, and as it expires.

The window feeds a ``CueTracker`` the current intervention and its phase at
every tick; the tracker answers with the cue to play, if any. A cue sounds when
the countdown is seen *running into* its point, never because of where it is:
a restart (or a slot switched to) that finds a speaker already in the warning
time or past the limit stays silent, a pause and its resumption change nothing,
and only a nudge that gives the time back (moving the countdown back before a
point) lets that point chime again.
"""

from __future__ import annotations

from enum import StrEnum

from desktop.domain.speaking_time import Phase


class Cue(StrEnum):
    WARNING = "warning"  # the speaker should conclude
    EXPIRED = "expired"  # the speaking time is up


# How far the countdown has run. Paused and ended countdowns have no place here:
# they stand still, so they neither move the countdown on nor give time back.
_PROGRESS = {Phase.RUNNING: 0, Phase.WARNING: 1, Phase.EXPIRED: 2}
_CUE_ON_ENTERING = {Phase.WARNING: Cue.WARNING, Phase.EXPIRED: Cue.EXPIRED}


class CueTracker:
    """Which chime to play, given the countdown at each tick."""

    def __init__(self) -> None:
        self._intervention: int | None = None
        self._progress: int | None = None  # last seen for this intervention; None: not yet

    def observe(self, intervention_id: int | None, phase: Phase | None) -> Cue | None:
        """The cue to play now, or None. ``intervention_id`` None: nobody has the floor."""
        if intervention_id != self._intervention:
            self._intervention = intervention_id
            self._progress = None  # a new speaker, or one seen again after a switch
        if phase is None or phase not in _PROGRESS:
            return None
        progress = _PROGRESS[phase]
        before, self._progress = self._progress, progress
        if before is None or progress <= before:
            # The first sight of a countdown says where it is, not that it got there
            # now; standing still or being given time back is no news either.
            return None
        # A countdown that jumps over the warning (a long blocked tick, a nudge
        # down) only chimes the point it has reached.
        return _CUE_ON_ENTERING.get(phase)
