"""Folding text so that case, accents and spacing do not matter when comparing.

The one place this is written: the record's search index, finding a delegation from
what someone typed, reading requests, chats and table headers all fold the same way.
Standard library only (no SQLAlchemy), so the pure domain code can use it too.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[^\W_]+")


def strip_accents(text: str) -> str:
    """The letters without their combining marks: 'Türkiye' → 'Turkiye' (NFKD)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str) -> str:
    """Case- and accent-insensitive, single-spaced: 'Türkiye ' and 'turkiye' meet."""
    return " ".join(strip_accents(text.casefold()).split())


def fold_words(text: str) -> str:
    """Folded, and only the words (letters and digits): 'E-Mail address' → 'e mail address'."""
    lowered = text.casefold()
    if not lowered.isascii():
        lowered = strip_accents(lowered)
    return " ".join(WORD.findall(lowered))
