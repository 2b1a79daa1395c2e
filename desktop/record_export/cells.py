"""One row per intervention, for the spreadsheets: the columns and their values.

Cells that a spreadsheet would read as a formula (text beginning with = + - @ or
their full-width forms, also after leading spaces, no-break spaces, a byte-order
mark or a line break, which some spreadsheets skip; or beginning with a tab, a
carriage return or a newline) are neutralised with a leading apostrophe: notes
typed by a person or an e-mail from outside must never run as a formula.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from db.meeting.record_rows import RecordReport
from desktop.domain.conference_time import to_local
from desktop.domain.record_stats import (
    RecordStatistics,
    allowed_time,
    group_label,
    overrun,
    speaking_time,
)
from desktop.domain.speaking_time import format_duration
from desktop.record_export.journal_text import audio_gap_text

Cell = str | int | float | bool | None

PUBLIC_COLUMNS = (
    "Slot id",
    "Slot",
    "Date",
    "No.",
    "Delegation",
    "Group",
    "Speaker",
    "Function",
    "Channel",
    "Kind",
    "Floor given",
    "Floor taken back",
    "Duration",
    "Duration (s)",
    "Allowed (s)",
    "Overrun (s)",
    "Pauses",
    "Audio lost",
    "Notes",
    "Tags",
    "Recommendation",
    "Follow-up",
    "Request from",
    "Written statements",
    "Video file",
)
INTERNAL_COLUMNS = ("Internal notes", "Speaker's e-mail", "Sender's e-mail")

# = + - @ and their full-width forms (Japanese and Chinese input methods type these).
_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
_BREAKS = ("\t", "\r", "\n")
# What XML 1.0 (so an .xlsx cell) cannot hold: the C0 controls but tab and line ends.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def neutralise(value: Cell) -> Cell:
    if (
        isinstance(value, str)
        and value
        and (value.startswith(_BREAKS) or _first_visible(value) in _FORMULA_STARTS)
    ):
        return "'" + value
    return value


def _first_visible(text: str) -> str:
    """The first character that is not a space, a line break, a control or a format
    character (no-break space, byte-order mark, zero-width space)."""
    for char in text:
        if not (char.isspace() or unicodedata.category(char) in ("Zs", "Cc", "Cf")):
            return char
    return ""


def xml_safe(value: Cell) -> Cell:
    """A cell without the control characters an .xlsx cannot store (shown as U+FFFD)."""
    if isinstance(value, str):
        return _NOT_IN_XML.sub("\ufffd", value)
    return value


def columns(report: RecordReport) -> tuple[str, ...]:
    return PUBLIC_COLUMNS if report.public else PUBLIC_COLUMNS + INTERNAL_COLUMNS


def intervention_rows(report: RecordReport) -> Iterator[list[Cell]]:
    zone = report.time_zone
    for slot in report.slots:
        day = to_local(slot.starts_at, zone).date().isoformat()
        for i in slot.interventions:
            spoken = speaking_time(i)
            taken = i.floor_taken_at
            row: list[Cell] = [
                slot.id,
                slot.title,
                day,
                i.number,
                i.delegation,
                group_label(i),
                i.speaker,
                i.speaker_function,
                i.channel.label,
                i.kind.label,
                to_local(i.floor_given_at, zone).strftime("%H:%M:%S"),
                to_local(taken, zone).strftime("%H:%M:%S") if taken else "",
                format_duration(spoken),
                round(spoken.total_seconds()),
                round(allowed_time(i).total_seconds()),
                round(overrun(i).total_seconds()),
                len(i.pauses),
                "; ".join(audio_gap_text(gap, zone) for gap in i.audio_gaps),
                i.notes,
                "; ".join(i.tags),
                i.recommendation,
                i.follow_up,
                i.source.label if i.source else "",
                "; ".join(i.attachments),
                i.video_file or "",
            ]
            if not report.public:
                row += [i.internal_notes, i.speaker_email or "", i.sender_email or ""]
            yield [neutralise(value) for value in row]


def statistics_rows(stats: RecordStatistics) -> Iterator[list[Cell]]:
    """The statistics as a small table: sections separated by their heading rows."""
    yield ["Group", "Interventions", "Speaking time (min)", "Share of time"]
    for share in stats.per_group:
        yield [share.label, share.interventions, round(share.minutes, 1), share.time_share]
    yield []
    yield ["Channel", "Interventions", "Speaking time (min)", "Share of time"]
    for share in stats.per_channel:
        yield [share.label, share.interventions, round(share.minutes, 1), share.time_share]
    yield []
    yield ["Slot", "Planned (min)", "Speaking time (min)", "Interventions", "Overruns"]
    for use in stats.per_slot:
        yield [
            neutralise(use.title),
            round(use.planned_s / 60, 1),
            round(use.used_s / 60, 1),
            use.interventions,
            use.overruns,
        ]
    yield []
    yield ["Overruns", "No.", "Delegation", "Speaker", "Over by (s)"]
    for over in stats.overruns:
        yield [
            neutralise(over.slot),
            over.number,
            neutralise(over.delegation),
            neutralise(over.speaker),
            round(over.seconds),
        ]
