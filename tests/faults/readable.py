"""What a rejection said to a user must look like: one readable sentence."""

from __future__ import annotations

import re

NOISE = re.compile(
    r"Traceback \(most|File \"[^\"]+\", line|<[\w.]+ object at 0x|"
    r"\b[A-Z]\w+(Error|Exception)\(|\(sqlite3\.|\[SQL:"
)


def one_sentence(message: str) -> None:
    """Non-empty, one line, ends like a sentence, no traceback or repr noise."""
    assert message.strip(), "an empty message"
    assert "\n" not in message.strip(), f"more than one line: {message!r}"
    assert message.rstrip().endswith((".", "?", "!", ")")), f"not a sentence: {message!r}"
    assert len(message) < 600, f"too long: {message!r}"
    assert not NOISE.search(message), f"noise in: {message!r}"


def readable(reason: str) -> None:
    """A problem or outcome reason (a phrase is enough): no traceback or repr noise."""
    assert not NOISE.search(reason), f"noise in: {reason!r}"
