"""Importing an agenda: concept notes (text, .docx), iCalendar, tables (CSV, XLSX), JSON.

``read_agenda`` recognises the format and returns what could be read with the
problems it met (line and reason); it raises UnreadableFile only when the file
cannot be read at all. ``apply_agenda`` (in .apply) puts the result in the store.
Everything here is pure: no Qt, no database session.
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits
from desktop.agenda_import.model import (
    AgendaImport,
    ImportCancelled,
    ImportedSlot,
    Problem,
    Progress,
    UnreadableFile,
)
from desktop.domain.conference_time import DEFAULT_ZONE
from desktop.domain.conference_time import zone as time_zone

__all__ = [
    "FORMATS",
    "AgendaImport",
    "ImportCancelled",
    "ImportedSlot",
    "Problem",
    "UnreadableFile",
    "detect_format",
    "read_agenda",
]

FORMATS = ("text", "docx", "ics", "csv", "xlsx", "json")
_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".docx": "docx",
    ".ics": "ics",
    ".ical": "ics",
    ".ifb": "ics",
    ".csv": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
}
_FOREIGN = {
    b"%PDF": "a PDF; copy the agenda's text into a .txt file to import it",
    b"\xd0\xcf\x11\xe0": "in an old Office format (.doc, .xls); save it as .docx or .xlsx",
    b"{\\rtf": "in RTF; save it as .docx or plain text",
}


def detect_format(path: Path, data: bytes) -> str:
    """The format of a file, from its content first and then its extension."""
    for magic, what in _FOREIGN.items():
        if data.startswith(magic):
            raise UnreadableFile(f"{path.name} is {what}.")
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            names = set()
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension:
        return by_extension
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if head.startswith((b"BEGIN:VCALENDAR", b"BEGIN:VEVENT")):
        return "ics"
    if head.startswith((b"{", b"[")):
        return "json"
    if _looks_like_a_table(data):
        return "csv"
    return "text"


def _looks_like_a_table(data: bytes) -> bool:
    from desktop.agenda_import.sheets import csv_sheet
    from desktop.agenda_import.table import guess_mapping

    first_lines = b"\n".join(data[:4096].splitlines()[:3]).decode("utf-8", errors="replace")
    sheet = csv_sheet(first_lines)
    return bool(sheet.rows) and {"start", "title"} <= set(guess_mapping(sheet.rows[0]))


def read_agenda(
    path: Path,
    *,
    zone: str = DEFAULT_ZONE,
    fmt: str | None = None,
    progress: Progress | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> AgendaImport:
    """Read an agenda file of any known format; UnreadableFile when it cannot be read at all.

    ``zone`` is the conference's time zone, into which iCalendar times are
    converted. ``fmt`` (one of FORMATS) overrides the recognition. ``limits`` are the
    station's (desktop.settings.import_limits): how large a file or package may be.
    """
    _check_zone(zone)
    try:
        _check_size(path, limits)
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{path} is a folder, not a file.") from None
    except OSError as error:
        raise UnreadableFile(f"Cannot read {path}: {error.strerror or error}.") from None
    kind = fmt if fmt is not None else detect_format(path, data)
    if kind not in FORMATS:
        raise ValueError(f"unknown agenda format {kind!r}; one of {', '.join(FORMATS)}")
    return _read(kind, path.name, data, zone, progress, limits)


def _check_size(path: Path, limits: ImportLimits) -> None:
    """No agenda is this large: refused before a byte is read (a giant JSON archive)."""
    from desktop.agenda_import.limits import size_text

    size = path.stat().st_size
    if path.is_file() and size > limits.max_json_bytes:
        raise UnreadableFile(
            f"{path.name} is {size_text(size)}, more than the "
            f"{size_text(limits.max_json_bytes)} an agenda or archive may have here."
        )


def _check_zone(name: str) -> None:
    time_zone(name)  # UnknownTimeZone is the caller's mistake, not the file's


def _read(
    kind: str,
    name: str,
    data: bytes,
    zone_name: str,
    progress: Progress | None,
    limits: ImportLimits,
) -> AgendaImport:
    from desktop.agenda_import.text_files import decode_text

    if kind == "docx":
        from desktop.agenda_import.concept_note import read_concept_note_lines
        from desktop.agenda_import.docx_text import docx_lines

        return read_concept_note_lines(docx_lines(data, name, limits), progress, zone_name)
    if kind == "xlsx" or (kind == "csv" and data.startswith(b"PK")):
        from desktop.agenda_import.sheets import xlsx_sheet
        from desktop.agenda_import.table import guess_mapping, read_table

        sheet = xlsx_sheet(data, name, limits)
        return read_table(sheet, guess_mapping(sheet.headers), progress)
    text = decode_text(data, name)
    if kind == "ics":
        from desktop.agenda_import.ical import read_ical

        if "BEGIN:VEVENT" not in text.upper() and "BEGIN:VCALENDAR" not in text.upper():
            raise UnreadableFile(f"{name} is not an iCalendar file (no BEGIN:VCALENDAR).")
        return read_ical(text, zone_name, progress)
    if kind == "csv":
        from desktop.agenda_import.sheets import csv_sheet
        from desktop.agenda_import.table import guess_mapping, read_table

        sheet = csv_sheet(text)
        return read_table(sheet, guess_mapping(sheet.headers), progress)
    if kind == "json":
        from desktop.agenda_import.json_agenda import load_json, read_json_agenda

        return read_json_agenda(load_json(text, name), name)
    from desktop.agenda_import.concept_note import read_concept_note

    return read_concept_note(text, progress, zone_name)
