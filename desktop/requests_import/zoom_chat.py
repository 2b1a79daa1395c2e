"""Read the chat file the Zoom client saves during a meeting, also while it grows.

Zoom has written that file in several ways over the years; all are read:

* older clients, one line per message, the time then a TAB::

      10:02:13\t From  Anna Weber  to  Everyone : I would like to take the floor

* newer clients, a header line then the message on lines indented with a TAB, the
  header with one space or (some versions) two around the names::

      2026-11-19 10:02:13 From Anna Weber to Marc Dupont(direct message):
      \tReplying to "Some earlier text…":
      \tI would like to take the floor
      08:59:02 From  Anna Weber  to  Everyone:
      \tI would like to take the floor

* the chat saved with a cloud recording, the time counted from the recording's start::

      01:07:16\tAnna Weber:\tI would like to take the floor

The words "From", "to", "Everyone" and "(Privately)" may be in the language of the
client. A line that fits no format belongs to no message: it is kept, with its
number, in the reading's ``unplaced`` lines, so that an import can report it.
Nothing here raises on bad input.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time

__all__ = [
    "EVERYONE",
    "ChatMessage",
    "ChatReader",
    "ChatReading",
    "UnplacedLine",
    "read_chat",
]


@dataclass(frozen=True)
class ChatMessage:
    """One chat message: who wrote what to whom, and when."""

    said_at: time
    said_on: date | None
    sender: str
    recipient: str  # "Everyone" or the name; "" if none
    private: bool  # (Privately) / (direct message) / recipient not Everyone
    text: str  # may contain "\n" for multi-line messages
    reply_to: str = ""  # the quoted text of "Replying to" / "Reacted to"
    reaction: bool = False  # an emoji reaction to another message, not a request
    line_number: int = 0  # 1-based line where the message starts
    # said_at is the time since the recording started (a cloud recording's chat), not
    # the clock time
    elapsed: bool = False

    def fingerprint(self) -> str:
        """The same message read twice (or from a re-saved file) gives the same value."""
        parts = [
            self.said_on.isoformat() if self.said_on else "",
            self.said_at.isoformat(),
            self.sender,
            self.recipient,
            self.text,
        ]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class UnplacedLine:
    """A line of the file that belongs to no message (reported, never dropped silently)."""

    line_number: int
    text: str
    why: str


class ChatReading(list[ChatMessage]):
    """The messages read, in order, and the lines that could not be placed in any."""

    def __init__(
        self, messages: Sequence[ChatMessage] = (), unplaced: Sequence[UnplacedLine] = ()
    ) -> None:
        super().__init__(messages)
        self.unplaced: list[UnplacedLine] = list(unplaced)


# --- line formats ----------------------------------------------------------------

# A line that starts a message, old or new:
#   "10:02:13\t From  Anna Weber  to  Everyone : I would like to take the floor"
#   "2026-11-19 10:02:13 From Anna Weber to Everyone:"
#   "10:02:13 AM From Anna Weber to Everyone:"
_HEADER = re.compile(
    r"(?:(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2})[ T]+)?"
    r"(?P<time>\d{1,2}:\d{2}(?::\d{2})?)"
    r"(?:[ ]?(?P<ampm>AM|PM|am|pm|a\.m\.|p\.m\.))?"
    r"(?P<gap>[ \t]+)"
    r"(?P<from>[^\W\d_]+)"  # "From", "De", "Von", "От", "来自" …: whatever the language
    r"(?P<rest>\s.*)"
)

# A cloud recording's chat, the time counted from the recording's start:
#   "01:07:16\tAnna Weber:\tI would like to take the floor"
# and the same with a space after a clock time, as some clients save it:
#   "08:02:35 Anna Weber:\tI would like to take the floor"
# (split at its tabs, not matched whole: a long line must not make a pattern backtrack)
_ELAPSED = re.compile(r"\d{1,3}:\d{2}:\d{2}")
_CLOCK_AND_NAME = re.compile(r"(?P<time>\d{1,2}:\d{2}:\d{2}) (?P<name>[^\t]+)")


def _recording_line(line: str) -> tuple[str, str, str, bool] | None:
    """(time, sender, text, whether the time counts from the recording's start) or None."""
    if "\t" not in line:
        return None
    head, _, rest = line.partition("\t")
    elapsed = bool(_ELAPSED.fullmatch(head))
    if elapsed:
        name, tab, text = rest.partition("\t")
        if not tab:
            return None
    else:
        found = _CLOCK_AND_NAME.fullmatch(head)
        if found is None:
            return None
        head, name, text = found["time"], found["name"], rest
    name = name.rstrip()
    if not name.endswith(":"):
        return None
    return head, name[:-1], text, elapsed


# Where the sender/recipient part ends and the text starts:
#   " Anna Weber to Everyone:"          (newer: nothing after it)
#   "  Anna Weber  to  Everyone : text" (older)
_COLON = re.compile(r"(?<!\s)\s*[:：](?=\s|$)")

# The marker at the end of a private recipient:
#   "Marc Dupont(Privately)", "Marc Dupont(direct message)"
_MARKER = re.compile(r"(?<!\s)(?P<space>\s*)\((?P<marker>[^()]*)\)\s*$")

# The "to" word of the older format, with two spaces either side:
#   "Anna Weber  to  Marc Dupont"
_OLD_TO = re.compile(r"(?<!\s)\s{2,}(?P<to>\S+)\s{2,}(?=\S)")

# Inside a newer message, before its text:
#   'Replying to "Some earlier text…":'
_REPLYING = re.compile(r'Replying to\s*["“„«](?P<quoted>.*)["”“»]\s*:?\s*', re.IGNORECASE)

# The same with the answer on the line: 'Replying to "Good morning folks" Hi John'
_REPLYING_INLINE = re.compile(
    r'Replying to\s*["“„«](?P<quoted>[^"”“»]*)["”“»]\s*:?\s+(?P<rest>\S.*)', re.IGNORECASE
)
# A reaction as some clients write it: "add 👍", "remove ☝️" (symbols only, no words)
_ADDED = re.compile(r"(?:add|remove)\s+[^\w\s]+(?:\s+[^\w\s]+)*", re.IGNORECASE)

# A newer message that is only a reaction:
#   'Reacted to "I would like to…" with 👍'
#   'Removed a 👍 reaction from "I would like to…"'
_REACTED = re.compile(
    r'(?:Reacted to\s*["“„«](?P<quoted>.*)["”“»]\s*with\s+\S.*'
    r'|Removed an? \S+ reaction from\s*["“„«](?P<removed>.*)["”“»]\s*)',
    re.IGNORECASE,
)

# Markers of a private message, casefolded, in the languages Zoom may use.
_PRIVATE_MARKERS = frozenset(
    {
        "privately",
        "direct message",
        "private",
        "en privé",
        "privé",
        "message direct",
        "privat",
        "direktnachricht",
        "in privato",
        "privatamente",
        "messaggio diretto",
        "en privado",
        "privado",
        "mensaje directo",
        "лично",
        "личное сообщение",
        "приватно",
        "私人",
        "私聊",
    }
)

# "Everyone" as the clients may write it, casefolded.
_EVERYONE = frozenset(
    {
        "everyone",
        "everybody",
        "tous",
        "tout le monde",
        "alle",
        "todos",
        "tutti",
        "все",
        "всем",
        "所有人",
        "全員",
        "모두",
        "الجميع",
        "όλους",
        "iedereen",
        "wszyscy",
        "herkes",
    }
)
_EVERYONE_MAX_WORDS = max(len(phrase.split()) for phrase in _EVERYONE)

# The "to" word as the clients may write it, casefolded.
_TO_WORDS = frozenset(
    {"to", "à", "a", "an", "aan", "do", "para", "per", "для", "кому", "до", "προς", "给", "发给"}
)

EVERYONE = "Everyone"  # the recipient of a message to all, whatever the client's language


@dataclass(frozen=True)
class _Header:
    said_on: date | None
    said_at: time
    sender: str
    recipient: str
    private: bool
    text: str  # text on the header line itself ("" in the newer format)
    old: bool  # older format: the message is all on this one line
    elapsed: bool = False  # a recording's chat: the time counts from the recording's start


@dataclass
class _Pending:
    """A newer-format message whose lines are still coming."""

    header: _Header
    line_number: int
    lines: list[str] = field(default_factory=list)
    blanks: int = 0
    reply_to: str = ""
    reaction: bool = False
    plain: bool = False  # lines that are not indented go on with it (a recording's chat)


def _parse_time(raw: str, ampm: str | None) -> time:
    numbers = [int(part) for part in raw.split(":")]
    hour, minute, second = [*numbers, 0][:3]
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(raw)
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    return time(hour, minute, second)


def _parse_date(raw: str | None) -> date | None:
    if not raw:
        return None
    year, month, day = (int(part) for part in re.split(r"[-/.]", raw))
    return date(year, month, day)


class ChatReader:
    """Incremental: feed it text as the file grows; it yields complete messages."""

    def __init__(self) -> None:
        self._buffer = ""
        self._line_number = 0
        self._started = False
        self._pending: _Pending | None = None
        self._to_words: set[str] = set(_TO_WORDS)
        self._unplaced: list[UnplacedLine] = []

    def unplaced(self) -> list[UnplacedLine]:
        """The lines read since the last call that belong to no message (then forgotten)."""
        lines, self._unplaced = self._unplaced, []
        return lines

    def feed(self, text: str) -> list[ChatMessage]:
        """Reads what was added to the file; keeps an unfinished last line for later."""
        if not self._started and text:
            self._started = True
            text = text.removeprefix("\ufeff")
        if "\n" not in text:
            self._buffer += text  # an unfinished line: wait for the rest
            return []
        *lines, self._buffer = (self._buffer + text).split("\n")
        messages: list[ChatMessage] = []
        for line in lines:
            messages.extend(self._line(line))
        return messages

    def finish(self) -> list[ChatMessage]:
        """The file has ended: gives the last line and the last message."""
        messages: list[ChatMessage] = []
        if self._buffer:
            line, self._buffer = self._buffer, ""
            messages.extend(self._line(line))
        messages.extend(self._flush())
        return messages

    # --- one line ---------------------------------------------------------------

    def _line(self, line: str) -> list[ChatMessage]:
        self._line_number += 1
        line = line.rstrip("\r")
        pending = self._pending
        if line[:1] in ("\t", " ") and line.strip():
            # An indented line goes on with the message above it (a tab, or spaces where
            # the file was copied through an editor).
            if pending is None:
                self._unplace(line, "an indented line that follows no message header")
            else:
                self._body(line[1:].rstrip() if line[0] == "\t" else line.strip())
            return []
        if not line.strip():
            if pending is not None and pending.lines:
                pending.blanks += 1
            return []
        recorded = _recording_line(line.strip(" "))
        header = self._header(line) if recorded is None else None
        if recorded is None and header is None and pending is not None and pending.plain:
            self._body(line.rstrip())  # a recording's message goes on on plain lines
            return []
        messages = self._flush()  # a new message or garbage: the previous one is complete
        if recorded is not None:
            return messages + self._recorded(recorded)
        if header is None:
            self._unplace(line, "not a chat message: no time and sender that Zoom writes")
            return messages
        if header.old:
            if header.text:
                messages.append(self._message(header, self._line_number, header.text))
        else:
            self._pending = _Pending(header, self._line_number)
            if header.text:
                self._body(header.text)
        return messages

    def _unplace(self, line: str, why: str) -> None:
        self._unplaced.append(UnplacedLine(self._line_number, line.strip()[:500], why))

    def _recorded(self, recorded: tuple[str, str, str, bool]) -> list[ChatMessage]:
        clock, name, text, elapsed = recorded
        try:
            said_at = _parse_time(clock, None) if not elapsed else None
        except ValueError:
            said_at = None
            elapsed = False
        hours, minutes, seconds = (int(part) for part in clock.split(":"))
        parsed = self._address(name) if name.strip() else None
        if minutes > 59 or seconds > 59 or parsed is None or (not elapsed and said_at is None):
            self._unplace("\t".join(recorded[:3]), "a chat line without a time or sender")
            return []
        sender, recipient, private = parsed
        header = _Header(
            said_on=None,
            said_at=said_at or time(hours % 24, minutes, seconds),
            sender=sender,
            recipient=recipient or EVERYONE,
            private=private,
            text="",
            old=False,
            elapsed=elapsed,
        )
        self._pending = _Pending(header, self._line_number, plain=True)
        if text.strip():
            self._body(text.strip())
        return []

    def _body(self, line: str) -> None:
        pending = self._pending
        if pending is None:
            return  # after garbage or before any message: belongs to nobody (reported)
        if not pending.lines and not pending.reply_to and not pending.reaction:
            if (match := _REACTED.fullmatch(line)) or _ADDED.fullmatch(line):
                pending.reaction = True
                pending.reply_to = (match["quoted"] or match["removed"] or "") if match else ""
                pending.lines.append(line)
                return
            if match := _REPLYING.fullmatch(line):
                pending.reply_to = match["quoted"]
                return
            if match := _REPLYING_INLINE.fullmatch(line):
                # 'Replying to "Good morning folks" Hi John': the answer on the same line
                pending.reply_to = match["quoted"]
                line = match["rest"]
        if pending.reaction:
            return  # a reaction is one line
        if not line:
            if pending.lines:
                pending.blanks += 1
            return
        pending.lines.extend([""] * pending.blanks)
        pending.blanks = 0
        pending.lines.append(line)

    def _flush(self) -> list[ChatMessage]:
        pending, self._pending = self._pending, None
        if pending is None or not pending.lines:
            return []
        return [
            self._message(
                pending.header,
                pending.line_number,
                "\n".join(pending.lines),
                reply_to=pending.reply_to,
                reaction=pending.reaction,
            )
        ]

    @staticmethod
    def _message(
        header: _Header, line_number: int, text: str, *, reply_to: str = "", reaction: bool = False
    ) -> ChatMessage:
        return ChatMessage(
            said_at=header.said_at,
            said_on=header.said_on,
            sender=header.sender,
            recipient=header.recipient,
            private=header.private,
            text=text,
            reply_to=reply_to,
            reaction=reaction,
            line_number=line_number,
            elapsed=header.elapsed,
        )

    # --- the header line --------------------------------------------------------

    def _header(self, line: str) -> _Header | None:
        match = _HEADER.fullmatch(line)
        if match is None:
            return None
        try:
            said_at = _parse_time(match["time"], match["ampm"])
            said_on = _parse_date(match["date"])
        except ValueError:
            return None
        rest = match["rest"]
        colon = _COLON.search(rest)
        if colon is None:
            return None
        address, text = rest[: colon.start()], rest[colon.end() :].strip()
        # The older format has the text on the header line; a header with two spaces
        # around the names and nothing after the colon is followed by indented lines.
        old = ("\t" in match["gap"] or address.startswith("  ")) and bool(text)
        parsed = self._address(address)
        if parsed is None:
            return None
        sender, recipient, private = parsed
        return _Header(said_on, said_at, sender, recipient, private, text, old)

    def _address(self, address: str) -> tuple[str, str, bool] | None:
        """From "Anna Weber to Marc Dupont(Privately)": ("Anna Weber", "Marc Dupont", True)."""
        body = address.strip()
        marked = False
        marker = _MARKER.search(body)
        if marker is not None:
            known = " ".join(marker["marker"].split()).casefold() in _PRIVATE_MARKERS
            if known or not marker["space"]:
                marked = True
                body = body[: marker.start()].strip()
        if not body:
            return None
        sender, recipient = self._split(body, marked)
        if recipient.casefold() in _EVERYONE:
            recipient = EVERYONE
        private = marked or (recipient not in ("", EVERYONE))
        return sender, recipient, private

    def _split(self, body: str, marked: bool) -> tuple[str, str]:
        # Older format: "Anna Weber  to  Everyone"; the last such "to" wins.
        old = list(_OLD_TO.finditer(body))
        if old:
            last = old[-1]
            sender, recipient = body[: last.start()].strip(), body[last.end() :].strip()
            if sender and recipient:
                return sender, recipient
        words = body.split()
        if not marked:
            # "Otto to Berg to Everyone": the word before "Everyone" is the "to" word.
            for count in range(min(_EVERYONE_MAX_WORDS, len(words) - 2), 0, -1):
                if " ".join(words[-count:]).casefold() in _EVERYONE:
                    self._to_words.add(words[-count - 1].casefold())
                    return " ".join(words[: -count - 1]), " ".join(words[-count:])
        # "Anna to Weber To Marc Dupont": the last "to" word splits.
        for index in range(len(words) - 2, 0, -1):
            if words[index].casefold() in self._to_words:
                return " ".join(words[:index]), " ".join(words[index + 1 :])
        return " ".join(words), ""


def read_chat(text: str) -> ChatReading:
    """Reads a whole chat file at once: its messages, and the lines in none of them."""
    reader = ChatReader()
    messages = reader.feed(text) + reader.finish()
    return ChatReading(messages, reader.unplaced())
