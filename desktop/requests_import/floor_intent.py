"""Whether a chat message or an e-mail asks for the floor, by the meaning of its words.

A fixed list of phrases cannot hold what people write: "the delegation of Austria
asks for the floor", "Austria would like to intervene", "Ich melde mich zu Wort",
"прошу предоставить слово", "nous ne souhaitons plus intervenir". So each word is
stemmed with the Snowball stemmer of each of the six OSCE languages and looked up
in a small vocabulary per language (resources/floor_requests.json): words for the
floor, for asking and wishing, for speaking, for the list of speakers, for
withdrawing, for negation. A clause (the text between two stops or commas) asks
for the floor when it holds a pair of them: asking for the floor, wishing to speak,
being put on the list, or a phrase that asks by itself ("point of order"). A
negation in the clause turns it into a refusal, "no longer" into a withdrawal, and
a question that asks nothing of that sort is a question about the list.

Pure code: no Qt, no database; the vocabulary is read once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files
from typing import Any

import Stemmer  # type: ignore[import-not-found]  # PyStemmer ships no types

from db.meeting.folding import strip_accents

__all__ = ["NOTHING", "FloorIntent", "FloorReading", "Vocabulary", "read_intent", "vocabulary"]


class FloorIntent(StrEnum):
    """What a message says about the floor."""

    REQUEST = "request"  # asks for the floor (or to be put on the list)
    WITHDRAWAL = "withdrawal"  # takes a request back ("we withdraw our request")
    DECLINED = "declined"  # says it does not want the floor ("we do not wish to speak")
    QUESTION = "question"  # asks about the list or the floor ("is the list still open?")
    NONE = "none"  # conversation


@dataclass(frozen=True)
class FloorReading:
    intent: FloorIntent
    language: str | None = None  # the vocabulary that read it: "en", "fr", ...; None if none did
    found: str = ""  # the words that decided, for the review list

    @property
    def asks(self) -> bool:
        return self.intent is FloorIntent.REQUEST


NOTHING = FloorReading(FloorIntent.NONE)


# Categories of a language's vocabulary (see the file's "about").
_WORD_CATEGORIES = (
    "floor",
    "ask",
    "take",
    "give",
    "speak",
    "wish",
    "modal",
    "self",
    "me",
    "who",
    "list",
    "enlist",
    "withdraw",
    "request",
    "other_business",
    "negation",
)
_SEQUENCE_CATEGORIES = ("phrases", "no_longer", "not_floor")
# The categories whose words make a request (a negation must stand near them).
_ASKING = ("floor", "ask", "take", "give", "speak", "wish", "modal", "list", "enlist", "phrases")

Entry = tuple[str, ...]  # one word's stem, or several in their order


@dataclass(frozen=True)
class Language:
    code: str
    stemmer: Any  # Stemmer.Stemmer: stems one word at a time
    entries: Mapping[str, tuple[Entry, ...]]  # category -> stemmed entries
    words: frozenset[str]  # every stem of the vocabulary, to skip unknown words fast

    def stem(self, word: str) -> str:
        return strip_accents(self.stemmer.stemWord(word))


@dataclass(frozen=True)
class Vocabulary:
    languages: tuple[Language, ...]
    hands: tuple[str, ...]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Vocabulary:
        languages = []
        for code, entry in data["languages"].items():
            stemmer = Stemmer.Stemmer(entry["stemmer"])
            entries: dict[str, tuple[Entry, ...]] = {}
            for category in (*_WORD_CATEGORIES, *_SEQUENCE_CATEGORIES):
                stemmed = []
                for item in entry.get(category, []):
                    words = item if isinstance(item, list) else [item]
                    stems = tuple(
                        strip_accents(stemmer.stemWord(token))
                        for word in words
                        for token in _tokens(str(word))
                    )
                    if stems:
                        stemmed.append(stems)
                entries[category] = tuple(dict.fromkeys(stemmed))
            known = frozenset(stem for group in entries.values() for e in group for stem in e)
            languages.append(Language(code, stemmer, entries, known))
        return cls(tuple(languages), tuple(data.get("hands", ())))


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary that ships with Floordesk (read once)."""
    text = files("resources").joinpath("floor_requests.json").read_text(encoding="utf-8")
    return Vocabulary.from_data(json.loads(text))


# --- reading ---------------------------------------------------------------------------

# A clause ends at a stop, a semicolon, a colon, a line that ends a sentence, a dash or a
# "but" (a negation does not reach over it); a comma does not end one ("We do not, at
# this stage, wish to speak"), and a line that ends no sentence (a continuation line)
# goes on with the next one.
_CLAUSE_END = re.compile(
    r"[.;:!?¡¿]+|\n\s*\n|(?<=[.!?])\s*\n|\s[-–—]\s"
    r"|\b(?:but|however|mais|cependant|aber|sondern|jedoch|ma|però|pero|sino|но|однако)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(r"[?？]|^\s*¿")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'"})
_NOT = re.compile(r"n't\b", re.IGNORECASE)  # "don't" -> "do not"
_RUSSIAN_QUESTION = re.compile(r"\bли\b", re.IGNORECASE)
# What is read of a long text (an e-mail asks near its top; the rest is history and
# signature), and of a long clause: enough for any request, bounded for a hostile one.
_LONGEST = 10_000
_LONGEST_CLAUSE = 60  # words
_OPENING = 2  # a phrase starting within the clause's first three words opens it


@dataclass(frozen=True)
class _Clause:
    text: str
    question: bool


@dataclass(frozen=True)
class _ClauseReading:
    intent: FloorIntent
    language: str
    found: str
    weight: int  # how many of the clause's words the language's vocabulary knew


def read_intent(text: str, words: Vocabulary | None = None) -> FloorReading:
    """What ``text`` says about the floor (see the module's description)."""
    vocab = words or vocabulary()
    text = text[:_LONGEST]
    if any(hand in text for hand in vocab.hands):
        return FloorReading(FloorIntent.REQUEST, None, "a raised hand")
    readings = [r for clause in _clauses(text) if (r := _read_clause(clause, vocab)) is not None]
    # The latest request or withdrawal stands ("we withdraw the request for panel 1; we
    # ask for the floor in panel 2"); a refusal or a question only when nothing asks.
    decided = [r for r in readings if r.intent in (FloorIntent.REQUEST, FloorIntent.WITHDRAWAL)]
    if decided:
        last = decided[-1]
        return FloorReading(last.intent, last.language, last.found)
    for intent in (FloorIntent.DECLINED, FloorIntent.QUESTION):
        for reading in readings:
            if reading.intent is intent:
                return FloorReading(intent, reading.language, reading.found)
    return NOTHING


def _clauses(text: str) -> list[_Clause]:
    text = _NOT.sub(" not", text.translate(_APOSTROPHES))
    clauses = []
    start = 0
    for end in _CLAUSE_END.finditer(text):
        # "¿" opens the clause that follows it; every other mark closes the one before.
        cut = end.start() if end.group().startswith(("¿", "¡")) else end.end()
        piece, start = text[start:cut], cut
        if piece.strip():
            clauses.append(_Clause(piece, bool(_QUESTION.search(piece))))
    if text[start:].strip():
        clauses.append(_Clause(text[start:], bool(_QUESTION.search(text[start:]))))
    return clauses


def _tokens(text: str) -> list[str]:
    words = _WORD.findall(text.translate(_APOSTROPHES))
    return [word.casefold() for word in words[:_LONGEST_CLAUSE]]


def _read_clause(clause: _Clause, vocab: Vocabulary) -> _ClauseReading | None:
    tokens = _tokens(clause.text)
    if not tokens:
        return None
    question = clause.question or bool(_RUSSIAN_QUESTION.search(clause.text))
    best: _ClauseReading | None = None
    for language in vocab.languages:
        stems = [language.stem(token) for token in tokens]
        weight = sum(1 for stem in stems if stem in language.words)
        if weight == 0 or (best is not None and weight <= best.weight):
            continue
        reading = _read_in(language, stems, tokens, question)
        if reading is not None and (best is None or weight > best.weight):
            best = _ClauseReading(reading[0], language.code, reading[1], weight)
    return best


def _read_in(
    language: Language, stems: Sequence[str], tokens: Sequence[str], question: bool
) -> tuple[FloorIntent, str] | None:
    entries = language.entries
    hits: dict[str, list[str]] = {}
    places: dict[str, list[int]] = {}  # where the words of each category stand
    for category in (*_WORD_CATEGORIES, *_SEQUENCE_CATEGORIES):
        for entry in entries[category]:
            where = _find(stems, entry)
            if where is not None:
                hits.setdefault(category, []).append(" ".join(tokens[i] for i in where))
                places.setdefault(category, []).extend(where)
    negations = [i for i, stem in enumerate(stems) if (stem,) in entries["negation"]]

    if "not_floor" in hits:
        hits.pop("floor", None)  # "vorrei dire una parola": a word, not the floor

    def has(category: str) -> bool:
        return category in hits

    def shown(*categories: str) -> str:
        return " … ".join(hits[c][0] for c in categories if c in hits)

    # "May I …", "could we …": a modal asks in a question or in the first person; "the
    # member may speak for three minutes" only tells a rule.
    may = has("modal") and (question or has("self"))
    asks: str | None = None
    if has("phrases") and _phrase_asks(
        places["phrases"],
        len(stems),
        question=question,
        asking=may or has("ask"),
        # "Frage" is a word for speaking and the phrase "eine Frage" itself
        wishing=has("wish") or any(i not in places["phrases"] for i in places.get("speak", ())),
        narrating=has("self"),
    ):
        asks = shown("phrases")
    elif has("floor") and has("give") and not (has("me") or has("ask")):
        # The chair gives the floor to someone: "I give the floor to Austria" (but
        # "прошу предоставить слово" asks for it).
        asks = None
    elif has("floor") and (
        _pair(hits, "floor", "ask") or _pair(hits, "floor", "wish") or may or has("give")
    ):
        asks = shown("ask", "wish", "modal", "give", "take", "floor")
    elif has("speak") and (_pair(hits, "wish", "speak") or may):
        asks = shown("wish", "modal", "speak")
    elif has("list") and has("enlist"):
        asks = shown("enlist", "list")
    # Taking back the floor, the list or a request to speak, not a vote or an amendment.
    named = has("floor") or has("list") or has("phrases")
    spoken = (has("speak") or has("request")) and not has("other_business")
    if has("withdraw") and (named or spoken):
        return FloorIntent.WITHDRAWAL, shown("withdraw", "request", "floor", "speak", "list")
    # A negation denies the request when it stands by its words: "we do not wish to
    # speak", "wir ergreifen das Wort nicht"; not "I could not reach my seat, …, so I
    # asked for the floor".
    asking = [i for c in _ASKING for i in places.get(c, ())]
    near = range(min(asking) - 4, max(asking) + 3) if asking else range(0)
    if asks is not None and any(i in near for i in places.get("no_longer", ())):
        return FloorIntent.WITHDRAWAL, shown("no_longer") + " … " + asks
    if asks is not None and any(i in near for i in negations):
        return FloorIntent.DECLINED, shown("negation") + " … " + asks
    if asks is not None and has("who"):
        # "Who wishes to speak?", "those who wish to speak, please sign up": the chair
        # calls for requests; nobody asks.
        return FloorIntent.QUESTION, shown("who") + " … " + asks
    if asks is not None:
        return FloorIntent.REQUEST, asks
    if question and (has("list") or has("floor") or has("speak") or has("phrases")):
        return FloorIntent.QUESTION, shown("list", "floor", "speak", "phrases")
    return None


def _phrase_asks(
    where: Sequence[int],
    length: int,
    *,
    question: bool,
    asking: bool,
    wishing: bool,
    narrating: bool,
) -> bool:
    """A phrase that asks by itself ("point of order", "zur Geschäftsordnung") asks when
    a verb asks, wishes or speaks with it ("I rise to speak on a point of order"), when
    it opens the clause ("Zur Geschäftsordnung!", "Malta: right of reply") or when it
    ends one that nobody tells in the first person ("The delegation of the Russian
    Federation: right of reply"). Otherwise it is what someone talks about ("… und ich
    komme jetzt erst recht zur Geschäftsordnung"). In a question only asking or "may I"
    asks: "Soll wirklich ein Geschäftsordnungsantrag gestellt werden?", "¿Está seguro
    de que quiere presentar una cuestión de orden?" ask about it."""
    if question:
        return asking
    if asking or wishing or min(where) <= _OPENING:
        return True
    return not narrating and max(where) == length - 1


def _pair(hits: Mapping[str, list[str]], first: str, second: str) -> bool:
    """Both categories found, by two different words (Russian "слово" is floor and speech)."""
    if first not in hits or second not in hits:
        return False
    return any(a != b for a in hits[first] for b in hits[second])


def _find(stems: Sequence[str], entry: Entry) -> list[int] | None:
    """Where the entry's words stand in the clause, in their order, or None."""
    where: list[int] = []
    position = 0
    for word in entry:
        try:
            index = stems.index(word, position)
        except ValueError:
            return None
        # A phrase of three words or more keeps them close ("point of order"); a pair
        # may stand apart: a separable verb ("ziehen … zurück"), "ne … plus".
        if where and len(entry) > 2 and index - where[-1] > 3:
            return None
        where.append(index)
        position = index + 1
    return where


def describe(reading: FloorReading) -> str:
    """One line for the review list: "request (fr: demande … parole)"."""
    if reading.intent is FloorIntent.NONE:
        return "no request for the floor"
    where = f"{reading.language}: " if reading.language else ""
    return f"{reading.intent.value} ({where}{reading.found})" if reading.found else reading.intent
