from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from db.meeting.snapshots import InterventionView, PauseView
from desktop.domain.speaking_time import (
    Phase,
    countdown,
    format_clock,
    format_duration,
    speaking_elapsed,
)
from tests.conftest import at
from tests.factories import intervention_view


def intervention(
    limit_s: int = 180,
    added_s: int = 0,
    pauses: tuple[PauseView, ...] = (),
    taken: datetime | None = None,
) -> InterventionView:
    return intervention_view(
        at(10), limit_s=limit_s, added_s=added_s, pauses=pauses, taken_at=taken
    )


def test_a_fresh_countdown_shows_the_whole_limit() -> None:
    state = countdown(intervention(), at(10))
    assert state.phase is Phase.RUNNING
    assert format_clock(state.remaining) == "3:00"


def test_the_countdown_warns_in_the_last_30_seconds_and_counts_the_overrun_up() -> None:
    assert countdown(intervention(), at(10, 2, 29)).phase is Phase.RUNNING
    assert countdown(intervention(), at(10, 2, 30)).phase is Phase.WARNING
    expired = countdown(intervention(), at(10, 3, 12))
    assert expired.phase is Phase.EXPIRED
    assert format_clock(expired.remaining, signed=True) == "+0:12"
    assert expired.overrun == timedelta(seconds=12)


def test_a_countdown_shows_a_second_until_it_has_fully_gone() -> None:
    assert format_clock(countdown(intervention(), at(10, 2, 59.2)).remaining) == "0:01"
    assert format_clock(countdown(intervention(), at(10, 3, 0)).remaining) == "0:00"


def test_pauses_stop_the_clock_and_nudges_move_the_limit() -> None:
    paused = intervention(added_s=30, pauses=(PauseView(at(10, 1), at(10, 2)),))
    state = countdown(paused, at(10, 3))
    assert state.elapsed == timedelta(minutes=2)
    assert format_clock(state.remaining) == "1:30"


def test_an_open_pause_freezes_the_countdown() -> None:
    paused = intervention(pauses=(PauseView(at(10, 1), None),))
    early, late = countdown(paused, at(10, 2)), countdown(paused, at(11))
    assert early.phase is late.phase is Phase.PAUSED
    assert early.remaining == late.remaining == timedelta(minutes=2)


def test_an_ended_intervention_keeps_its_final_value() -> None:
    ended = intervention(taken=at(10, 3, 40))
    state = countdown(ended, at(12))
    assert state.phase is Phase.ENDED
    assert state.overrun == timedelta(seconds=40)


def test_long_values_show_hours() -> None:
    assert format_clock(timedelta(hours=1, minutes=2, seconds=3)) == "1:02:03"
    assert format_duration(timedelta(seconds=167.4)) == "2:47"


@given(
    st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 600)), max_size=6),
    st.integers(0, 4000),
)
def test_elapsed_never_exceeds_wall_time_nor_goes_negative(
    spans: list[tuple[int, int]], until_s: int
) -> None:
    start = at(10)
    pauses = tuple(
        PauseView(start + timedelta(seconds=s), start + timedelta(seconds=s + d)) for s, d in spans
    )
    until = start + timedelta(seconds=until_s)
    elapsed = speaking_elapsed(start, pauses, until)
    assert timedelta(0) <= elapsed <= until - start


def test_typed_speaking_times_are_read_like_a_clock() -> None:
    from desktop.domain.speaking_time import parse_clock

    assert parse_clock("3:00") == 180
    assert parse_clock(" 2:30 ") == 150
    assert parse_clock("90") == 90
    assert parse_clock("1:00:00") == 3600
    assert parse_clock("2:75") is None
    assert parse_clock("three minutes") is None
    assert parse_clock("") is None
