"""The roles' table: who may change what, and the one sentence that refuses the rest."""

from __future__ import annotations

import pytest

from desktop.domain.roles import (
    MAY,
    Area,
    Role,
    area_of_request,
    change_of_role,
    may,
    owner,
    refusal,
    step_areas,
)


def test_the_floor_and_the_list_are_the_moderators() -> None:
    assert may(Role.MODERATOR, Area.FLOOR) and may(Role.MODERATOR, Area.LIST)
    for role in (Role.RAPPORTEUR, Role.TECHNICIAN):
        assert not may(role, Area.FLOOR)
        assert not may(role, Area.LIST)
    assert owner(Area.FLOOR) is Role.MODERATOR and owner(Area.LIST) is Role.MODERATOR


def test_the_record_is_the_rapporteurs_alone() -> None:
    assert [role for role in Role if may(role, Area.RECORD)] == [Role.RAPPORTEUR]
    assert MAY[Role.RAPPORTEUR] == {Area.RECORD}


def test_the_outputs_and_videos_are_the_technicians() -> None:
    assert owner(Area.OUTPUTS) is Role.TECHNICIAN and owner(Area.VIDEO) is Role.TECHNICIAN
    assert may(Role.TECHNICIAN, Area.OUTPUTS) and may(Role.TECHNICIAN, Area.VIDEO)
    assert not may(Role.RAPPORTEUR, Area.OUTPUTS)


def test_a_technician_may_add_a_remote_request_but_not_one_from_the_hall() -> None:
    assert may(Role.TECHNICIAN, *area_of_request(remote=True))
    assert not may(Role.TECHNICIAN, *area_of_request(remote=False))
    assert not may(Role.RAPPORTEUR, *area_of_request(remote=True))


def test_one_sentence_says_whose_it_is_and_whose_this_station_is() -> None:
    assert refusal(Role.MODERATOR, Area.FLOOR) is None
    assert (
        refusal(Role.RAPPORTEUR, Area.FLOOR, doing="giving the floor")
        == "Giving the floor is the moderator's: this station is the rapporteur's."
    )
    sentence = refusal(Role.MODERATOR, Area.RECORD)
    assert sentence == "The record is the rapporteur's: this station is the moderator's."
    technician = refusal(Role.TECHNICIAN, *area_of_request(remote=False))
    assert technician is not None and technician.count(".") == 1
    assert "moderator's" in technician


@pytest.mark.parametrize(
    ("step", "areas"),
    [
        ({"op": "floor.give", "slot_id": 1}, (Area.FLOOR,)),
        ({"op": "request.move", "request_id": 1, "index": 0}, (Area.LIST,)),
        ({"op": "remote.hand", "participant_id": 1}, (Area.REMOTE_REQUESTS,)),
        (
            {"op": "request.status", "area": ["list", "remote_requests"]},
            area_of_request(remote=True),
        ),
        ({"op": "something.new"}, (Area.LIST,)),  # unknown: the strictest
        ({"op": "request.status", "area": "no such area"}, (Area.LIST,)),
    ],
)
def test_each_undoable_step_has_its_area(step: dict[str, object], areas: tuple[Area, ...]) -> None:
    assert step_areas(step) == areas


def test_role_of_a_setting() -> None:
    assert Role.of("rapporteur") is Role.RAPPORTEUR
    assert Role.of("chair") is Role.MODERATOR


def test_a_change_of_role_says_what_it_does() -> None:
    sentence = change_of_role(Role.MODERATOR, Role.RAPPORTEUR)
    assert sentence.startswith("This station becomes the rapporteur's: its keys for ")
    assert "giving and taking back the floor" in sentence and "the record" in sentence
    assert sentence.count(".") == 1
