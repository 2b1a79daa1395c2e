from __future__ import annotations

from datetime import timedelta

from desktop.domain.time_budget import budget
from tests.conftest import at


def test_the_list_that_runs_past_the_slot_says_by_how_much() -> None:
    plan = budget(at(12), at(11), at(12, 30), timedelta(minutes=1), [180] * 12)
    assert plan.projected_end == at(12, 37)
    assert plan.beyond_slot == timedelta(minutes=7)
    assert plan.limit_that_fits(at(12), timedelta(minutes=1)) == timedelta(seconds=145)


def test_a_slot_that_has_not_started_projects_from_its_start() -> None:
    plan = budget(at(9), at(11), at(12, 30), timedelta(0), [180, 90])
    assert plan.projected_end == at(11, 4, 30)
    assert plan.beyond_slot < timedelta(0)


def test_an_empty_list_has_no_limit_to_propose() -> None:
    plan = budget(at(12), at(11), at(12, 30), timedelta(0), [])
    assert plan.limit_that_fits(at(12), timedelta(0)) is None
