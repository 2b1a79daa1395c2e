from __future__ import annotations

from datetime import timedelta

from desktop.domain.time_budget import Advice, agenda_offset, budget, start_delay
from tests.conftest import at


def test_the_list_that_runs_past_the_slot_says_by_how_much() -> None:
    plan = budget(at(12), at(11), at(12, 30), timedelta(minutes=1), [180] * 12)
    assert plan.projected_end == at(12, 37)
    assert plan.beyond_slot == timedelta(minutes=7)
    assert plan.limit_that_fits() == timedelta(seconds=145)
    assert plan.advice(list_closed=False) is Advice.SHORTEN
    assert plan.advice(list_closed=True) is Advice.SHORTEN


def test_a_list_that_only_just_fits_asks_to_close_it_while_that_helps() -> None:
    plan = budget(at(12), at(11), at(12, 30), timedelta(0), [180] * 9)  # ends 12:27
    assert plan.advice(list_closed=False) is Advice.CLOSE_THE_LIST
    assert plan.advice(list_closed=True) is Advice.NONE
    roomy = budget(at(12), at(11), at(12, 30), timedelta(0), [180] * 5)  # ends 12:15
    assert roomy.advice(list_closed=False) is Advice.NONE


def test_a_list_that_cannot_fit_even_with_short_turns_is_an_overrun() -> None:
    plan = budget(at(12, 25), at(11), at(12, 30), timedelta(0), [180] * 20)
    assert plan.limit_that_fits() == timedelta(seconds=15)
    assert plan.advice(list_closed=True) is Advice.OVERRUN


def test_a_slot_that_has_not_started_projects_from_its_start() -> None:
    plan = budget(at(9), at(11), at(12, 30), timedelta(0), [180, 90])
    assert plan.projected_end == at(11, 4, 30)
    assert plan.beyond_slot < timedelta(0)
    assert plan.limit_that_fits() == timedelta(minutes=45)


def test_an_empty_list_has_no_limit_to_propose() -> None:
    plan = budget(at(12), at(11), at(12, 30), timedelta(0), [])
    assert plan.limit_that_fits() is None
    assert plan.advice(list_closed=False) is Advice.NONE


def test_the_day_runs_behind_by_what_the_slot_pushes_onto_the_next() -> None:
    assert agenda_offset(at(12, 30), at(12), at(12, 41)) == timedelta(minutes=11)
    assert agenda_offset(at(12, 30), at(12, 35), at(12, 31)) == timedelta(minutes=5)
    assert agenda_offset(at(12, 30), at(12), at(12, 20)) == -timedelta(minutes=10)
    assert start_delay(at(11), at(11, 6)) == timedelta(minutes=6)
    assert start_delay(at(11), None) is None
