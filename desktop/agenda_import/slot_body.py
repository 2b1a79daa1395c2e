"""The paragraphs under a slot: its description, topics, moderator and panellists.

Shared by the concept-note reader (the lines under a slot line) and the
iCalendar reader (an event's DESCRIPTION), so both understand "Moderator: …",
"Panellists:" with one name a line, and "Topics to be covered:" with bullets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.agenda_import.words import split_names, strip_bullet

_TOPICS = re.compile(
    r"^(?:topics?(?: to be (?:covered|discussed|addressed))?|key (?:topics|questions|issues)"
    r"|themes?|questions? to be (?:addressed|discussed))\s*:\s*(?P<rest>.*)$"
    r"|^topics to be covered\s*$",
    re.I,
)
# The same words inside a paragraph, after its description (often in bold, whose marks
# the readers have taken off): "… in the region. Topics to be covered: a; b".
_TOPICS_INSIDE = re.compile(
    r"(?<=[\w.!?;:)”\"'])\s+(?=(?:topics?(?: to be (?:covered|discussed|addressed))?"
    r"|key (?:topics|questions|issues)|questions? to be (?:addressed|discussed))\s*:)",
    re.I,
)


def split_at_topics(text: str) -> tuple[str, str]:
    """The text before "Topics to be covered:" (or the like) inside it, and the rest."""
    inside = _TOPICS_INSIDE.search(text)
    if inside is None or _TOPICS.match(text):
        return text, ""
    return text[: inside.start()], text[inside.end() :]


_MODERATOR = re.compile(
    r"^(?:(?:moderators?|chair(?:person)?|facilitators?)\s*(?:[:–—-]\s*|$)"
    r"|(?:moderated|chaired|facilitated) by\s*:?\s*)(?P<rest>.*)$",
    re.I,
)
_PANELLISTS = re.compile(
    r"^(?:panell?ists?|speakers?|presenters?|discussants?|keynote speakers?|contributors?)"
    r"\s*(?:include)?\s*:\s*(?P<rest>.*)$",
    re.I,
)


@dataclass
class SlotBody:
    """What the lines under one slot say, filled a line at a time."""

    description: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    moderator: str | None = None
    panellists: list[str] = field(default_factory=list)
    _list: str | None = None  # "topics" or "panellists" while reading a list
    _gap: bool = False  # a blank line since the last item of the list
    _moderator_next: bool = False

    def feed(self, line: str) -> None:
        text = line.strip()
        if not text:
            self._gap = self._list is not None
            return
        if (inside := _TOPICS_INSIDE.search(text)) and not _TOPICS.match(text):
            self.feed(text[: inside.start()])
            self.feed(text[inside.end() :])
            return
        if self._moderator_next:
            self._moderator_next = False
            self.moderator = strip_bullet(text)[0] or None
            return
        if match := _MODERATOR.match(text):
            self._list = None
            rest = match["rest"].strip()
            if rest:
                self.moderator = rest
            else:
                self._moderator_next = True
            return
        for pattern, name in ((_TOPICS, "topics"), (_PANELLISTS, "panellists")):
            if match := pattern.match(text):
                self._list, self._gap = name, False
                rest = (match["rest"] or "").strip()
                if rest:
                    self._items(name).extend(split_names(rest))
                return
        item, bulleted = strip_bullet(text)
        if self._list is not None and (bulleted or not self._gap):
            self._items(self._list).extend(split_names(item) if ";" in item else (item,))
            return
        self._list = None
        self.description.append(text)

    def _items(self, name: str) -> list[str]:
        return self.topics if name == "topics" else self.panellists

    @property
    def description_text(self) -> str:
        return "\n".join(self.description)


def read_body(text: str) -> SlotBody:
    body = SlotBody()
    for line in text.splitlines():
        body.feed(line)
    return body
