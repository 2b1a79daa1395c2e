from __future__ import annotations

from db.meeting.snapshots import DelegationView
from db.meeting.vocabulary import DelegationGroup
from desktop.domain.delegation_lookup import find_delegation


def delegation(id_: int, name: str, *aliases: str) -> DelegationView:
    return DelegationView(
        id_, name, name, DelegationGroup.PARTICIPATING_STATE, None, None, id_, tuple(aliases)
    )


TABLE = [
    delegation(1, "Austria", "Österreich", "Autriche"),
    delegation(2, "Australia"),
    delegation(3, "Türkiye", "Turkey"),
    delegation(4, "Holy See", "Vatican"),
]


def test_exact_names_and_aliases_match_without_case_or_accents() -> None:
    assert find_delegation("austria", TABLE) == TABLE[0]
    assert find_delegation("osterreich", TABLE) == TABLE[0]
    assert find_delegation("TURKIYE", TABLE) == TABLE[2]
    assert find_delegation("Turkey", TABLE) == TABLE[2]


def test_a_unique_prefix_or_part_is_enough_but_an_ambiguous_one_is_not() -> None:
    assert find_delegation("Holy", TABLE) == TABLE[3]
    assert find_delegation("see", TABLE) == TABLE[3]
    assert find_delegation("Aust", TABLE) is None
    assert find_delegation("", TABLE) is None
    assert find_delegation("Narnia", TABLE) is None
