"""The agenda of a concept note, pasted as text (or read from a .docx by docx_text).

The shape it reads::

    23rd Conference of the Alliance against Trafficking in Persons   ← title
    18-19 April 2023                                                 ← dates
    Day 1: Tuesday 18 April                                          ← day heading
    09:30-10:15<TAB>Opening and Welcoming Remarks                    ← slot line
    The opening session will ...                                     ← description
    Moderator: Ms Jane Doe                                           ← moderator
    Panellists:                                                      ← panellists,
    - Name, function                                                 ←  one a line
    Topics to be covered:                                            ← topics,
    • first topic                                                    ←  one a line

Prose before the agenda is passed over; an all-capitals heading after a slot
(BACKGROUND, THE FORMAT) ends that slot. A slot line with one time ends when the
next slot of its day starts. Nothing here raises on bad input: what cannot be
read becomes a Problem with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

from desktop.agenda_import.dates import (
    MONTH,
    WEEKDAY,
    parse_day_text,
    title_block_dates,
    wrong_date,
)
from desktop.agenda_import.model import AgendaImport, ImportedSlot, Problem, Progress
from desktop.agenda_import.slot_body import SlotBody, split_at_topics
from desktop.agenda_import.words import (
    CLOCK,
    DASH,
    ZONE_NOTE,
    NotAClock,
    kind_from_words,
    length_problem,
    parse_clock_range,
    zone_named,
)
from desktop.domain.conference_time import DEFAULT_ZONE

_SLOT_LINE = re.compile(
    rf"^(?P<start>{CLOCK})(?:{DASH}(?P<end>{CLOCK}))?(?P<rest>(?:\s|[-–—:|]|$).*)$", re.I
)
_DAY_NUMBER = re.compile(r"^day\s+(?P<n>\d{1,2}|one|two|three|four|five)\b\s*[:.,–—-]?\s*", re.I)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_NOT_TITLES = re.compile(
    r"^(?:when|where|organi[sz]ed by|concept note|(?:draft|preliminary|provisional|annotated)?\s*"
    r"(?:agenda|programme|program)|draft|cost|free|online)\W*$",
    re.I,
)


def clean(line: str) -> str:
    """Markdown and layout marks off: emphasis, headings, table pipes, odd spaces."""
    text = line.replace("\xa0", " ").replace("\u200b", "").replace("\ufeff", "")
    stripped = text.strip()
    if stripped.startswith("|"):
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if all(re.fullmatch(r"[:\-\s]*", c) for c in cells):
            return ""
        text = "\t".join(cells)
    text = re.sub(r"\*\*|__|^\s*#+\s*|\{%.*?%\}", "", text)  # {% … %}: a site's template tags
    return text.strip().strip("*_").strip()


@dataclass
class _OpenSlot:
    line: int
    day: date | None
    start: time
    end: time | None
    title: str
    body: SlotBody = field(default_factory=SlotBody)
    zone: str | None = None  # the zone its times are written in, if the note names one


@dataclass
class _Reader:
    zone: str = DEFAULT_ZONE  # the conference's: times written in another are converted
    title: str | None = None
    dates: tuple[date, ...] = ()
    in_title_block: bool = True
    day: date | None = None
    current: _OpenSlot | None = None
    skipping: bool = False
    awaiting_title: bool = False
    slots: list[_OpenSlot] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    _line: int = 0
    _zones_told: set[str] = field(default_factory=set)

    def feed(self, number: int, text: str) -> None:
        self._line = number
        if (match := _SLOT_LINE.match(text)) and self._is_slot_line(match):
            self._slot_line(number, match)
        elif self._title_dates(text):
            pass
        elif self._day_heading(number, text):
            self._close()
            self.in_title_block, self.skipping = False, True
        elif self.in_title_block:
            self._title_block(text)
        elif self.current is not None and not self.skipping:
            if self.awaiting_title and text:
                self.awaiting_title = False
                self.current.title, description = (
                    split_title(text) if len(text) > 100 else (text, "")
                )
                if description:
                    self.current.body.feed(description)
            elif (
                text.isupper() and len(text) >= 6 and sum(c.isalpha() for c in text) > len(text) / 2
            ):
                self._close()
                self.skipping = True
            else:
                self.current.body.feed(text)

    @staticmethod
    def _is_slot_line(match: re.Match[str]) -> bool:
        # A lone time needs a colon ("9.30 million" is not a slot) and some words after it.
        return bool(match["end"]) or (":" in match["start"] and bool(match["rest"].strip()))

    def _slot_line(self, number: int, match: re.Match[str]) -> None:
        self._close()
        self.in_title_block = False
        try:
            start, end = parse_clock_range(match["start"], match["end"])
        except NotAClock as error:
            self.problems.append(Problem(number, f"{error}; slot skipped"))
            self.skipping = True
            return
        rest, zone = match["rest"], None
        if note := ZONE_NOTE.match(rest):  # "ET", "(CEST)", "GMT+2": never a title
            rest, zone = rest[note.end() :], zone_named(note)
        rest = rest.strip(" \t-–—:|")
        pieces = [p.strip() for p in rest.split("\t") if p.strip()]
        title = pieces[0] if pieces else ""
        more = pieces[1:]
        title, topics = split_at_topics(title)  # "Panel 1 – X. Topics to be covered: a; b"
        if topics:
            title, more = title.rstrip(" .;:"), [topics, *more]
        if len(title) > 100:
            title, description = split_title(title)
            more = [description, *more] if description else more
        self.current = _OpenSlot(
            number, self.day or (self.dates[0] if self.dates else None), start, end, title
        )
        self.current.zone = zone
        for piece in more:
            self.current.body.feed(piece)
        self.skipping, self.awaiting_title = False, not title

    def _title_dates(self, text: str) -> bool:
        """The conference's dates, from the first line before the agenda that names them."""
        if not self.in_title_block or self.dates or _DAY_NUMBER.match(text):
            return False
        self.dates = title_block_dates(text)
        if not self.dates and (why := wrong_date(text)):
            self.problems.append(Problem(self._line, f"{why}; the conference dates are unknown"))
            return True
        return bool(self.dates)

    def _day_heading(self, number: int, text: str) -> bool:
        if not text or len(text) > 80:
            return False
        rest, ordinal = text, None
        if match := _DAY_NUMBER.match(text):
            word = match["n"].lower()
            ordinal = _NUMBER_WORDS.get(word) or int(word)
            rest = text[match.end() :]
        default_year = self.dates[0].year if self.dates else None
        day, remark = parse_day_text(rest, default_year) if rest.strip() else (None, None)
        date_match = re.match(
            rf"^\W*(?:{WEEKDAY},?\s+)?(?:\d{{1,2}}\w*\s+{MONTH}|{MONTH}\s+\d)", rest, re.I
        )
        says_a_day = bool(date_match) and len(re.sub(r"[\W\d_]", "", rest)) <= 40
        if ordinal is None and not (says_a_day and (day or remark)):
            return False
        if ordinal is not None and rest.strip() and not says_a_day and len(rest) > 25:
            return False  # "Day 1 begins with a high-level opening session…" is prose
        if remark:
            self.problems.append(Problem(number, remark))
        if day is None and ordinal is not None:
            day = self._day_by_number(number, ordinal)
        self.day = day
        return True

    def _day_by_number(self, number: int, ordinal: int) -> date | None:
        if 1 <= ordinal <= len(self.dates):
            return self.dates[ordinal - 1]
        day: date | None = None
        try:
            if self.dates:
                day = self.dates[-1] + timedelta(days=ordinal - len(self.dates))
            elif self.day is not None:
                day = self.day + timedelta(days=1)
        except OverflowError:
            day = None
        if day is None:
            reason = f"day {ordinal} has no date and the title block gives none"
        else:
            reason = f"day {ordinal} is not in the conference dates; took {day.isoformat()}"
        self.problems.append(Problem(number, reason))
        return day

    def _title_block(self, text: str) -> None:
        if (
            self.title is None
            and len(text) >= 4
            and re.search(r"[^\W\d_]{3}", text)
            and not _NOT_TITLES.match(text)
        ):
            self.title = text[:300]

    def _close(self) -> None:
        if self.current is not None:
            self.slots.append(self.current)
        self.current, self.awaiting_title = None, False

    def finish(self) -> AgendaImport:
        self._close()
        slots: list[ImportedSlot] = []
        for index, open_slot in enumerate(self.slots):
            if open_slot.day is None:
                self.problems.append(
                    Problem(
                        open_slot.line,
                        "no day for this slot (no day heading above it, no date in the title);"
                        " skipped",
                    )
                )
                continue
            end = open_slot.end or self._next_start(index)
            why = length_problem(open_slot.start, end)
            if why is not None or end is None:  # (a missing end always has its why)
                self.problems.append(Problem(open_slot.line, why or "no end time; skipped"))
                continue
            placed = self._in_conference_time(open_slot, open_slot.day, end)
            if isinstance(placed, str):
                self.problems.append(Problem(open_slot.line, placed))
                continue
            slots.append(_finished(open_slot, *placed))
        dates = self.dates or tuple(sorted({s.day for s in slots}))
        problems = sorted(self.problems, key=lambda p: p.line or 0)
        return AgendaImport(self.title, dates, tuple(slots), tuple(problems))

    def _in_conference_time(
        self, slot: _OpenSlot, day: date, end: time
    ) -> tuple[date, time, time] | str:
        """The slot's day and times in the conference's zone, or why it is skipped."""
        if not slot.zone or slot.zone == self.zone:
            return day, slot.start, end
        shown = f"{slot.start:%H:%M}–{end:%H:%M} there"
        try:
            source = _zone(slot.zone)
            here = ZoneInfo(self.zone)
            starts = datetime.combine(day, slot.start, source).astimezone(here)
            ends = datetime.combine(day, end, source).astimezone(here)
        except (ValueError, OverflowError):  # "GMT+99", or the last day there is
            return f"{shown} ({slot.zone}) cannot be placed in {self.zone} time; skipped"
        if ends.date() != starts.date():
            return f"{shown} ({slot.zone}) runs past midnight in {self.zone} time; skipped"
        if slot.zone not in self._zones_told:
            self._zones_told.add(slot.zone)
            self.problems.append(
                Problem(
                    slot.line,
                    f"times given in {slot.zone} are converted to {self.zone} time "
                    f"({shown} is {starts:%H:%M}–{ends:%H:%M} here)",
                )
            )
        return starts.date(), starts.time(), ends.time()

    def _next_start(self, index: int) -> time | None:
        slot = self.slots[index]
        for later in self.slots[index + 1 :]:
            if later.day == slot.day and later.start >= slot.start:
                return later.start
            if later.day != slot.day:
                return None
        return None


def _zone(name: str) -> tzinfo:
    if name.startswith("UTC") and len(name) > 3:  # "UTC+02:00", from "GMT+2"
        sign = -1 if name[3] == "-" else 1
        hours, minutes = name[4:].split(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
    return ZoneInfo(name)


# A sentence that starts after the title ("… of the problem In order to …"): a capital
# word followed by a small one, behind a word that is not a small word of a title.
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "against",
        "among",
        "between",
    ]
)
_SENTENCE_STARTS = frozenset(
    [
        "In",
        "The",
        "This",
        "These",
        "During",
        "Participants",
        "Speakers",
        "Panellists",
        "It",
        "As",
        "With",
        "Over",
        "Since",
        "While",
        "Although",
        "Building",
        "Drawing",
        "Following",
        "Against",
        "Given",
        "Despite",
        "Through",
    ]
)


def split_title(line: str) -> tuple[str, str]:
    """A slot line holding its title and its long description: (title, description).

    Cut at the first sentence end, colon or dash after a word, or before the first
    word that starts a sentence, whichever comes first; the whole line is the title
    when neither is found.
    """
    cuts: list[tuple[int, int]] = []
    if cut := re.search(r"(?<=\w{3})(?:\.|:|\s–)\s", line):
        cuts.append((cut.start(), cut.end()))
    words = list(re.finditer(r"\S+", line))
    for before, word, after in zip(words, words[1:], words[2:], strict=False):
        text, previous = word.group(), before.group()
        if word.start() < 15 or not text[:1].isupper() or not after.group()[:1].islower():
            continue
        if previous.lower() in _SMALL_WORDS:
            continue
        if previous[:1].islower() or text in _SENTENCE_STARTS:
            cuts.append((before.end(), word.start()))
            break
    if not cuts:
        return line, ""
    title_end, description_start = min(cuts)
    return line[:title_end].strip(), line[description_start:].strip()


def _finished(slot: _OpenSlot, day: date, start: time, end: time) -> ImportedSlot:
    body = slot.body
    kind = kind_from_words(slot.title)
    title = slot.title or kind.label
    return ImportedSlot(
        day=day,
        start=start,
        end=end,
        kind=kind,
        title=title,
        description=body.description_text,
        topics=tuple(body.topics),
        moderator=body.moderator,
        panellists=tuple(body.panellists),
        line=slot.line,
    )


def read_concept_note_lines(
    lines: Sequence[str], progress: Progress | None = None, zone: str = DEFAULT_ZONE
) -> AgendaImport:
    """The agenda in numbered lines (line 1 first); never raises on what the lines say.

    ``zone`` is the conference's: times the note gives in another zone ("ET") are
    converted to it."""
    reader = _Reader(zone=zone)
    for number, line in enumerate(lines, start=1):
        if progress is not None and number % 100 == 0:
            progress(number, len(lines))
        reader.feed(number, clean(line))
    return reader.finish()


def read_concept_note(
    text: str, progress: Progress | None = None, zone: str = DEFAULT_ZONE
) -> AgendaImport:
    return read_concept_note_lines(
        _without_front_matter(re.split(r"\r\n|\r|\n", text)), progress, zone
    )


def _without_front_matter(lines: list[str]) -> list[str]:
    """A Markdown page's front matter (between '---' lines at the top) blanked: it holds
    the site's settings ('title: Program', 'layout: page'), never the agenda's title."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            return [""] * (end + 1) + lines[end + 1 :]
    return lines
