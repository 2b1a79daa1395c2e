"""The station's place in the journal: an entry that becomes visible after a higher one
is still shown (PostgreSQL commits in any order), a rolled-back id is given up."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from db.sync.journal_cursor import GAP_WAIT_S, JournalCursor


@dataclass(frozen=True)
class Entry:
    journal_id: int


def entries(*ids: int) -> list[Entry]:
    return [Entry(i) for i in ids]


def test_an_entry_committed_after_a_higher_one_is_still_taken() -> None:
    cursor = JournalCursor(10)
    assert cursor.take(entries(12), now=0) == entries(12)
    assert cursor.gaps == [11] and cursor.read_from == 10
    assert cursor.take(entries(11, 12), now=1) == entries(11)  # 12 is not taken twice
    assert cursor.gaps == [] and cursor.read_from == 12


def test_a_gap_is_given_up_after_a_while() -> None:
    cursor = JournalCursor(0)
    cursor.take(entries(1, 3), now=0)
    assert cursor.read_from == 1
    cursor.take(entries(3), now=GAP_WAIT_S - 1)
    assert cursor.gaps == [2]
    cursor.take(entries(3), now=GAP_WAIT_S)
    assert cursor.gaps == [] and cursor.read_from == 3


def test_what_this_station_wrote_is_not_taken_again() -> None:
    cursor = JournalCursor(5)
    cursor.mark_seen(6)
    assert cursor.take(entries(6, 7), now=0) == entries(7)
    assert cursor.read_from == 7


@given(st.permutations(list(range(1, 30))), st.lists(st.integers(1, 8), min_size=1))
def test_every_entry_is_taken_exactly_once_whatever_the_order_of_commits(
    order: list[int], batches: list[int]
) -> None:
    cursor = JournalCursor(0)
    visible: set[int] = set()
    taken: list[int] = []
    position = 0
    for now, size in enumerate(batches * 10):
        visible.update(order[position : position + size])
        position += size
        taken += [e.journal_id for e in cursor.take(entries(*sorted(visible)), now=now)]
    taken += [e.journal_id for e in cursor.take(entries(*sorted(visible)), now=len(batches) * 10)]
    assert sorted(taken) == sorted(visible) and len(taken) == len(set(taken))
