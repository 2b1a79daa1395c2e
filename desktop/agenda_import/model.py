"""What an importer found in an agenda file: slots in conference time, and problems.

Plain frozen dataclasses with no Qt and no database, so the parsers are tested in
milliseconds and the results can cross from a worker thread to the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time

from db.meeting.vocabulary import SlotKind

# Called by long parses as (done, total); it may raise ImportCancelled to stop the parse.
Progress = Callable[[int, int], None]


class UnreadableFile(Exception):
    """The file cannot be read at all (missing, not that format, binary); ``str()`` says why."""


class ImportCancelled(Exception):
    """Raised by a progress callback to stop a parse under way."""


@dataclass(frozen=True)
class Problem:
    """Something the importer could not read, and why; ``line`` is 1-based when known.

    For a .docx the line is the paragraph (a table row counts one per cell paragraph);
    for a table it is the row of the sheet, the header being row 1.
    """

    line: int | None
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}" if self.line is not None else self.reason


@dataclass(frozen=True)
class ImportedSlot:
    """One agenda slot, with its day and times as the conference's wall clock shows them.

    The importers only make slots that end after they start, with a title.
    """

    day: date
    start: time
    end: time
    kind: SlotKind
    title: str
    description: str = ""
    topics: tuple[str, ...] = ()
    moderator: str | None = None
    panellists: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class AgendaImport:
    """Everything read from one file. ``dates`` are the conference days, first to last."""

    title: str | None
    dates: tuple[date, ...]
    slots: tuple[ImportedSlot, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def first_day(self) -> date | None:
        days = [*self.dates, *(s.day for s in self.slots)]
        return min(days) if days else None

    @property
    def last_day(self) -> date | None:
        days = [*self.dates, *(s.day for s in self.slots)]
        return max(days) if days else None

    def with_problems(self, *problems: Problem) -> AgendaImport:
        return replace(self, problems=(*problems, *self.problems))
