"""How well requests for the floor are recognised, per language, on phrasings collected
from real sources (tests/data/floor_requests/*.tsv; origins in tests/data/SOURCES).

Precision and recall of "asks for the floor" for each of the six languages, the share
of all phrasings read as labelled (request, withdrawal, refusal, question, none), and
the time to read one phrasing.

    python -m tests.bench.floor_requests
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

from desktop.requests_import.floor_intent import FloorIntent, read_intent

DATA = Path(__file__).resolve().parent.parent / "data" / "floor_requests"
LANGUAGES = ("en", "fr", "de", "it", "ru", "es")
LABELS = {
    "request": FloorIntent.REQUEST,
    "withdrawal": FloorIntent.WITHDRAWAL,
    "declined": FloorIntent.DECLINED,
    "question": FloorIntent.QUESTION,
    "none": FloorIntent.NONE,
}


@dataclass(frozen=True)
class Phrasing:
    language: str
    expected: FloorIntent
    text: str
    source: str
    line: int


def phrasings(language: str) -> list[Phrasing]:
    """The labelled phrasings of one language, in file order."""
    found = []
    path = DATA / f"{language}.tsv"
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, text, source = line.split("\t")
        found.append(Phrasing(language, LABELS[label], text, source, number))
    return found


@dataclass(frozen=True)
class Scores:
    language: str
    count: int
    precision: float  # of the phrasings read as requests, how many are
    recall: float  # of the requests, how many were read as such
    agreement: float  # phrasings read with exactly their label
    microseconds: float  # to read one phrasing (median of the language's)


def score(language: str) -> Scores:
    items = phrasings(language)
    read_as = []
    times = []
    for item in items:
        start = time.perf_counter()
        read_as.append(read_intent(item.text).intent)
        times.append((time.perf_counter() - start) * 1e6)
    asked = [item.expected is FloorIntent.REQUEST for item in items]
    said = [intent is FloorIntent.REQUEST for intent in read_as]
    hits = sum(1 for a, s in zip(asked, said, strict=True) if a and s)
    times.sort()
    return Scores(
        language=language,
        count=len(items),
        precision=hits / sum(said) if any(said) else 1.0,
        recall=hits / sum(asked) if any(asked) else 1.0,
        agreement=sum(1 for i, r in zip(items, read_as, strict=True) if i.expected is r)
        / len(items),
        microseconds=times[len(times) // 2],
    )


def misread(language: str) -> list[tuple[Phrasing, FloorIntent]]:
    """The phrasings not read with their label, for looking at."""
    return [
        (item, intent)
        for item in phrasings(language)
        if (intent := read_intent(item.text).intent) is not item.expected
    ]


def main() -> None:
    read_intent("warm the stemmers and the vocabulary up")
    for language in LANGUAGES:
        result = score(language)
        for name, value, unit in (
            ("precision", round(result.precision, 2), "ratio"),
            ("recall", round(result.recall, 2), "ratio"),
            ("agreement with all labels", round(result.agreement, 2), "ratio"),
            ("time to read one phrasing (median)", round(result.microseconds), "µs"),
        ):
            metric = {
                "name": f"floor request recogniser, {language} ({result.count} phrasings): {name}",
                "value": value,
                "unit": unit,
                "goal": "",
            }
            print(json.dumps(metric, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
