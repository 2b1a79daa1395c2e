from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from db.meeting.snapshots import PauseView
from desktop.domain.clock import FakeClock
from desktop.domain.cues import Cue, CueTracker
from desktop.domain.speaking_time import Phase, countdown
from tests.conftest import at
from tests.factories import intervention_view

R, W, X, P, E = Phase.RUNNING, Phase.WARNING, Phase.EXPIRED, Phase.PAUSED, Phase.ENDED
PROGRESS = {R: 0, W: 1, X: 2}
POINT = {Cue.WARNING: 1, Cue.EXPIRED: 2}

Observation = tuple[int | None, Phase | None]


def cues(*phases: Phase | None, intervention: int = 1) -> list[Cue | None]:
    tracker = CueTracker()
    return [tracker.observe(intervention, phase) for phase in phases]


def fired(observations: Sequence[Observation]) -> list[Cue | None]:
    tracker = CueTracker()
    return [tracker.observe(intervention, phase) for intervention, phase in observations]


def test_a_countdown_running_out_chimes_at_the_warning_and_at_the_end() -> None:
    assert cues(R, R, W, W, W, X, X) == [None, None, Cue.WARNING, None, None, Cue.EXPIRED, None]


def test_a_restart_that_finds_the_speaker_past_a_point_stays_silent() -> None:
    assert cues(X, X, X) == [None, None, None]
    assert cues(W, W, X) == [None, None, Cue.EXPIRED]


def test_pausing_and_resuming_never_chimes() -> None:
    assert cues(R, P, P, R, W, P, W, X, P, X) == [
        None,
        None,
        None,
        None,
        Cue.WARNING,
        None,
        None,
        Cue.EXPIRED,
        None,
        None,
    ]


def test_a_countdown_first_seen_paused_says_where_it_is_on_resuming() -> None:
    assert cues(P, W, X) == [None, None, Cue.EXPIRED]


def test_a_nudge_past_the_warning_chimes_only_the_end() -> None:
    assert cues(R, X) == [None, Cue.EXPIRED]


def test_giving_time_back_rearms_the_points_the_countdown_will_reach_again() -> None:
    # Expired, then +30 s back into the warning: no warning chime for the nudge
    # itself, but the end chimes again when the new limit is reached.
    assert cues(R, W, X, W, X) == [None, Cue.WARNING, Cue.EXPIRED, None, Cue.EXPIRED]
    # Expired, then +60 s back to running: both points lie ahead again.
    assert cues(R, W, X, R, W, X) == [
        None,
        Cue.WARNING,
        Cue.EXPIRED,
        None,
        Cue.WARNING,
        Cue.EXPIRED,
    ]


def test_a_new_speaker_starts_afresh_and_ending_the_floor_is_silent() -> None:
    observations: list[Observation] = [
        (1, R),
        (1, W),
        (1, E),
        (None, None),
        (2, R),
        (2, W),
        (3, W),  # the floor given to the next speaker while the last was in warning
        (3, X),
    ]
    assert fired(observations) == [
        None,
        Cue.WARNING,
        None,
        None,
        None,
        Cue.WARNING,
        None,
        Cue.EXPIRED,
    ]


def test_taking_the_floor_back_and_undoing_it_does_not_chime_again() -> None:
    assert fired([(1, W), (1, X), (1, E), (None, None), (1, X)]) == [
        None,
        Cue.EXPIRED,
        None,
        None,
        None,
    ]


def test_the_real_countdown_chimes_once_at_each_point_over_a_whole_intervention() -> None:
    given_at = at(10)
    clock = FakeClock(given_at)
    view = intervention_view(
        given_at, id=7, limit_s=180, pauses=(PauseView(at(10, 1), at(10, 1, 20)),)
    )
    tracker = CueTracker()
    heard: list[tuple[Cue, timedelta]] = []
    while clock.now() < at(10, 5):
        cue = tracker.observe(view.id, countdown(view, clock.now(), warning_s=30).phase)
        if cue is not None:
            heard.append((cue, clock.now() - given_at))
        clock.advance(0.1)
    # 20 s of pause push both points back by 20 s.
    assert [cue for cue, _ in heard] == [Cue.WARNING, Cue.EXPIRED]
    assert abs(heard[0][1] - timedelta(seconds=170)) < timedelta(seconds=0.15)
    assert abs(heard[1][1] - timedelta(seconds=200)) < timedelta(seconds=0.15)


observations = st.lists(
    st.tuples(
        st.sampled_from([1, 2, None]),
        st.sampled_from([R, W, X, P, E]),
    ).map(lambda o: (o[0], None if o[0] is None else o[1])),
    max_size=60,
)


@given(observations)
def test_a_point_never_chimes_twice_without_time_given_back_in_between(
    seen: list[Observation],
) -> None:
    results = fired(seen)
    for index, cue in enumerate(results):
        if cue is None:
            continue
        intervention, phase = seen[index]
        assert intervention is not None
        assert phase is not None
        assert PROGRESS[phase] == POINT[cue]  # it chimes the point it has reached
        # Back through the same uninterrupted sight of this intervention: before
        # the same point chimes again, the countdown was seen before that point.
        earlier = index - 1
        while earlier >= 0 and seen[earlier][0] == intervention:
            earlier_phase = seen[earlier][1]
            assert earlier_phase is not None
            if PROGRESS.get(earlier_phase, POINT[cue]) < POINT[cue]:
                break
            assert results[earlier] != cue, f"{cue} twice at {earlier} and {index}"
            earlier -= 1
        else:
            raise AssertionError(f"{cue} at {index} with no live approach to it")


@given(observations)
def test_first_sights_pauses_and_ends_are_always_silent(seen: list[Observation]) -> None:
    results = fired(seen)
    for index, (intervention, phase) in enumerate(seen):
        first_sight = index == 0 or seen[index - 1][0] != intervention
        if first_sight or phase in (P, E, None):
            assert results[index] is None


@given(st.lists(st.sampled_from([R, W, X, P]), min_size=1, max_size=40))
def test_time_only_running_on_chimes_each_point_ahead_once(phases: list[Phase]) -> None:
    # The same phases, the moving ones put in the order time takes them, pauses
    # left where they fell.
    moving = iter(sorted((p for p in phases if p is not P), key=PROGRESS.__getitem__))
    running_on = [p if p is P else next(moving) for p in phases]
    progress = [PROGRESS[p] for p in running_on if p is not P]
    ahead = sorted({point for point in progress if progress and point > progress[0]})
    cue_at = {point: cue for cue, point in POINT.items()}
    assert [cue for cue in cues(*running_on) if cue is not None] == [cue_at[p] for p in ahead]
