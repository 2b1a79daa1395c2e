"""Which delegation a free text speaks for, with a score the person reviewing can weigh.

Names come from the delegations table: the name, the nameplate and the aliases in
the six OSCE languages. A message may name its delegation in a labelled line
("Delegation: Austria"), the subject, the first lines or the signature; each place
is a zone, and the earliest zone that names a delegation decides. Within a zone
a whole name beats an acronym, and two delegations named equally well are a
doubt for a person, not a guess.

Matching is exact on folded words (case and accents aside), then on word stems
(so "Российской Федерации" finds "Российская Федерация"), then fuzzy
(rapidfuzz) for typing mistakes, on the short zones only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from db.meeting.folding import fold
from db.meeting.snapshots import DelegationView

FUZZY_CUTOFF = 88
FUZZY_RATIO = 90  # the least rapidfuzz ratio for a typing mistake
MAX_WORDS = 9  # the longest name looked for, in words
MAX_FUZZY_WORDS = 5
# Short zones where a typing mistake is worth a fuzzy search (long texts: exact and stems only).
FUZZY_ZONES = frozenset({"label", "subject", "sender"})
_WORD = re.compile(r"[\w'’.-]+", re.UNICODE)
# A line that says outright whom the message is from.
_LABEL = re.compile(
    r"^\s*(?:delegation|country|organi[sz]ation|mission|participating state|on behalf of"
    r"|d[ée]l[ée]gation|pays|organisme|land|organisation|delegazione|paese"
    r"|делегация|страна|организация|delegaci[oó]n|pa[ií]s|organizaci[oó]n)\s*[:：]\s*(?P<value>.+)$",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class DelegationMatch:
    delegation_id: int
    name: str
    score: float  # 0-100
    found: str  # the words of the text that matched
    zone: str


@dataclass(frozen=True)
class DelegationReading:
    match: DelegationMatch | None
    doubt: str = ""  # why a person should decide, when two delegations are named
    rivals: tuple[DelegationMatch, ...] = ()


@dataclass(frozen=True)
class _Name:
    delegation_id: int
    delegation: str
    words: tuple[str, ...]  # folded
    acronym: str | None  # as written, for names that are acronyms (matched with their case)
    single_word: bool


def _stem(word: str) -> str:
    return word[:-2] if len(word) >= 6 else word


class DelegationMatcher:
    """Built once per import from the delegations table; reads any number of texts."""

    def __init__(self, delegations: Sequence[DelegationView]) -> None:
        self._names: list[_Name] = []
        seen: set[tuple[int, str]] = set()
        for delegation in delegations:
            for name in (delegation.name, delegation.nameplate, *delegation.aliases):
                words = tuple(_WORD.findall(fold(name)))
                if not words or (delegation.id, " ".join(words)) in seen:
                    continue
                seen.add((delegation.id, " ".join(words)))
                plain = name.strip()
                acronym = plain if plain.replace(".", "").isupper() and len(plain) <= 6 else None
                self._names.append(
                    _Name(delegation.id, delegation.name, words, acronym, len(words) == 1)
                )
        self._exact: dict[str, list[_Name]] = {}
        self._stems: dict[str, list[_Name]] = {}
        for entry in self._names:
            if entry.acronym is None:
                self._exact.setdefault(" ".join(entry.words), []).append(entry)
                if len(entry.words) > 1 or len(entry.words[0]) >= 7:
                    self._stems.setdefault(_stem_key(entry.words), []).append(entry)
        self._acronyms = {e.acronym: e for e in self._names if e.acronym}
        self._fuzzy_choices = [
            " ".join(e.words)
            for e in self._names
            if e.acronym is None and len(" ".join(e.words)) >= 5
        ]
        self._fuzzy_names = [
            e for e in self._names if e.acronym is None and len(" ".join(e.words)) >= 5
        ]
        # The beginnings of the names (first words, first two words...), as folded words
        # and as stems: a window of text that is not one cannot match exactly.
        self._exact_beginnings = _beginnings(self._exact)
        self._stem_beginnings = _beginnings(self._stems)
        # Fuzzy candidates by the length of the text they are compared with, and what
        # a window of text was found to be like (windows repeat from message to message).
        self._fuzzy_by_length: dict[int, tuple[list[str], list[int]]] = {}
        self._fuzzy_seen: dict[str, tuple[int, float] | None] = {}

    def read(self, zones: Iterable[tuple[str, str]]) -> DelegationReading:
        """The delegation named in the first zone that names one: (zone name, text) pairs."""
        for zone, text in zones:
            if not text.strip():
                continue
            matches = self._matches(zone, text, fuzzy=zone in FUZZY_ZONES)
            if not matches:
                continue
            best: dict[int, DelegationMatch] = {}
            for match in matches:
                if match.delegation_id not in best or match.score > best[match.delegation_id].score:
                    best[match.delegation_id] = match
            ranked = sorted(best.values(), key=lambda m: -m.score)
            top = ranked[0]
            rivals = tuple(m for m in ranked[1:] if m.score >= top.score - 3)
            if rivals:
                names = " and ".join(m.name for m in (top, *rivals))
                return DelegationReading(
                    top, doubt=f"the message names {names} equally", rivals=rivals
                )
            return DelegationReading(top)
        return DelegationReading(None)

    # -- inside a zone -----------------------------------------------------------

    def _matches(self, zone: str, text: str, *, fuzzy: bool) -> list[DelegationMatch]:
        tokens = _WORD.findall(text)
        folded = [_fold_word(t) for t in tokens]
        taken = [False] * len(tokens)
        found: list[DelegationMatch] = []
        # Windows that cannot match are not looked up (the same result, much sooner):
        # exactly, only a window that is the beginning of a name; an acronym is one word.
        reach = [self._reach(folded, start) for start in range(len(tokens))]
        acronym = [t.strip(".") in self._acronyms for t in tokens]
        for size in range(min(MAX_WORDS, len(tokens)), 0, -1):
            try_fuzzy = fuzzy and size <= MAX_FUZZY_WORDS
            for start in range(len(tokens) - size + 1):
                if not (try_fuzzy or size <= reach[start] or (size == 1 and acronym[start])):
                    continue
                if any(taken[start : start + size]):
                    continue
                words = folded[start : start + size]
                if not all(words):
                    continue
                match = self._exact_match(zone, tokens[start : start + size], words)
                if match is None and try_fuzzy:
                    match = self._fuzzy_match(zone, tokens[start : start + size], words)
                if match is not None:
                    found.append(match)
                    for index in range(start, start + size):
                        taken[index] = True
        return found

    def _reach(self, folded: list[str], start: int) -> int:
        """How many words from ``start`` on are still the beginning of some name."""
        words = stems = ""
        size = 0
        for word in folded[start : start + MAX_WORDS]:
            if not word:
                break
            words = f"{words} {word}" if size else word
            stems = f"{stems} {_stem(word)}" if size else _stem(word)
            if words not in self._exact_beginnings and stems not in self._stem_beginnings:
                break
            size += 1
        return size

    def _exact_match(
        self, zone: str, original: list[str], words: list[str]
    ) -> DelegationMatch | None:
        key = " ".join(words)
        written = " ".join(original)
        if len(original) == 1 and original[0].strip(".") in self._acronyms:
            entry = self._acronyms[original[0].strip(".")]
            return DelegationMatch(entry.delegation_id, entry.delegation, 90, written, zone)
        for entry in self._exact.get(key, ()):
            if entry.single_word and not _looks_like_a_name(original[0]):
                continue
            return DelegationMatch(entry.delegation_id, entry.delegation, 100, written, zone)
        for entry in self._stems.get(_stem_key(tuple(words)), ()):
            if entry.single_word and not _looks_like_a_name(original[0]):
                continue
            return DelegationMatch(entry.delegation_id, entry.delegation, 95, written, zone)
        return None

    def _fuzzy_match(
        self, zone: str, original: list[str], words: list[str]
    ) -> DelegationMatch | None:
        key = " ".join(words)
        if len(key) < 5 or (len(words) == 1 and not _looks_like_a_name(original[0])):
            return None
        if key not in self._fuzzy_seen:
            if len(self._fuzzy_seen) > 100_000:
                self._fuzzy_seen.clear()
            self._fuzzy_seen[key] = self._closest(key)
        hit = self._fuzzy_seen[key]
        if hit is None:
            return None
        entry = self._fuzzy_names[hit[0]]
        if len(entry.words) != len(words):
            return None
        return DelegationMatch(
            entry.delegation_id, entry.delegation, min(94.0, hit[1]), " ".join(original), zone
        )

    def _closest(self, key: str) -> tuple[int, float] | None:
        """The first of the names most like ``key`` with a ratio of 90 or more, if any.

        A ratio of 90 needs lengths within a tenth of their sum of each other: the
        others are left out before comparing (in their order, so ties end the same).
        """
        length = len(key)
        if length not in self._fuzzy_by_length:
            near = [
                index
                for index, choice in enumerate(self._fuzzy_choices)
                if abs(len(choice) - length) * 10 <= len(choice) + length
            ]
            self._fuzzy_by_length[length] = ([self._fuzzy_choices[i] for i in near], near)
        choices, indexes = self._fuzzy_by_length[length]
        if not choices:
            return None
        hit = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_RATIO)
        return None if hit is None else (indexes[hit[2]], hit[1])


def _beginnings(keys: Iterable[str]) -> frozenset[str]:
    """Every key and its beginnings of whole words: "a b c" gives "a", "a b", "a b c"."""
    found: set[str] = set()
    for key in keys:
        words = key.split(" ")
        found.update(" ".join(words[:size]) for size in range(1, len(words) + 1))
    return frozenset(found)


@lru_cache(maxsize=65_536)
def _fold_word(token: str) -> str:
    return fold(token).strip(".'’-")


def _stem_key(words: tuple[str, ...]) -> str:
    return " ".join(_stem(w) for w in words)


def _looks_like_a_name(word: str) -> bool:
    """'Island' is Iceland in German, 'island' is a word; scripts without case pass."""
    first = word[:1]
    return not first.isalpha() or first.isupper() or not first.islower()


def labelled_lines(text: str) -> str:
    """The values of lines such as "Delegation: Austria", one per line."""
    return "\n".join(m.group("value") for m in _LABEL.finditer(text))
