"""The language a request is written in, among the six OSCE languages, for the booths.

lingua's detector, restricted to English, French, German, Italian, Russian and
Spanish, is built on first use and kept, in its low-accuracy mode (trigrams only):
the full models took 3.5 s and 130 MB to load for one more phrasing in 185 read
right (tests/data/floor_requests: 184 against 183, and the words that asked break
the ties); the trigrams take 0.15 s and 28 MB, paid once, and never by a window
that reads no request. A text too short or too mixed to tell (a name,
"✋") has no language; the words that asked for the floor then decide, when they
were of one language.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

__all__ = ["LANGUAGES", "request_language", "warm_up"]

# ISO 639-1 codes, as stored on the request.
LANGUAGES = ("en", "fr", "de", "it", "ru", "es")

# A text shorter than this (in letters) is not given to the detector: too little to tell.
_SHORTEST = 8
# How much more likely the first language must be than the second.
_MARGIN = 0.2
# What the detector reads: the start of a long message is enough (an e-mail's quoted
# history and signature would only slow it down).
_LONGEST = 2000

_lock = threading.Lock()
_detector: LanguageDetector | None = None
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def _built() -> LanguageDetector:
    global _detector
    with _lock:
        if _detector is None:
            from lingua import Language, LanguageDetectorBuilder

            _detector = (
                LanguageDetectorBuilder.from_languages(
                    Language.ENGLISH,
                    Language.FRENCH,
                    Language.GERMAN,
                    Language.ITALIAN,
                    Language.RUSSIAN,
                    Language.SPANISH,
                )
                .with_low_accuracy_mode()
                .build()
            )
        return _detector


def warm_up() -> None:
    """Build the detector and load its models now (0.1 to 0.2 s). lingua loads them at
    its first reading, in Rust code that keeps the interpreter the whole time: on an
    import's worker thread, that would stop the window for as long."""
    _built().compute_language_confidence_values("the models are loaded at the first reading")


def request_language(text: str, hint: str | None = None) -> str | None:
    """ "fr" for a French text; ``hint`` (the language of the words that asked) when the
    text is too short to tell or the detector hesitates between it and another."""
    sample = text[:_LONGEST]
    if len(_LETTERS.findall(sample)) < _SHORTEST:
        return hint
    values = _built().compute_language_confidence_values(sample)
    ranked = [(value.value, _code(value.language)) for value in values]
    ranked.sort(reverse=True)
    if not ranked or ranked[0][0] <= 0:
        return hint
    best_value, best = ranked[0]
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    if best_value - runner_up >= _MARGIN or hint is None:
        return best
    # Close: the words that asked for the floor decide between the two.
    close = {code for value, code in ranked if best_value - value < _MARGIN}
    return hint if hint in close else best


def _code(language: object) -> str:
    iso = getattr(language, "iso_code_639_1", None)
    name = getattr(iso, "name", "")
    return str(name).lower()
