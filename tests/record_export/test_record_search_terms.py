"""The record search folds repeated words and caps the number of terms, so that a pasted
page searches as fast as a few words (measured in tests/bench/record_search.py)."""

from __future__ import annotations

from db.record.search import MAX_TERMS, query_terms
from db.store import Store
from tests.record_export.scripted import Scripted


def test_repeated_words_are_searched_once() -> None:
    assert query_terms("register " * 5000) == ["register"]
    assert query_terms("Régister REGISTER register") == ["register"]


def test_a_word_another_one_begins_with_is_dropped() -> None:
    assert query_terms("ref referral a agencies") == ["referral", "agencies"]


def test_the_number_and_length_of_terms_are_capped() -> None:
    terms = query_terms(" ".join(f"word{n}" for n in range(5000)))
    assert len(terms) == MAX_TERMS
    assert query_terms("x" * 100_000) == ["x" * 40]


def test_a_pasted_page_finds_what_its_words_find(store: Store, scripted: Scripted) -> None:
    few = store.record.search(scripted.conference_id, "register")
    assert few
    pasted = store.record.search(scripted.conference_id, "register " * 5000 + "reg re r")
    assert [h.intervention_id for h in pasted] == [h.intervention_id for h in few]
    assert store.record.search(scripted.conference_id, " ".join("abcdefgh" * 500)) == []
