"""The rows of a spreadsheet file: CSV with the csv module, XLSX with openpyxl."""

from __future__ import annotations

import csv
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits, check_package
from desktop.agenda_import.model import Problem, UnreadableFile
from desktop.agenda_import.text_files import decode_text


@dataclass(frozen=True)
class Sheet:
    """A table as read: the header row first; problems met while reading it."""

    rows: tuple[tuple[object, ...], ...]
    problems: tuple[Problem, ...] = ()

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple("" if h is None else str(h).strip() for h in self.rows[0]) if self.rows else ()


def read_sheet(path: Path, limits: ImportLimits = DEFAULT_LIMITS) -> Sheet:
    """CSV or XLSX by the file's content; UnreadableFile when it is neither."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(f"Cannot read {path.name}: {error.strerror or error}.") from None
    if data.startswith(b"PK"):
        return xlsx_sheet(data, path.name, limits)
    return csv_sheet(decode_text(data, path.name))


def csv_sheet(text: str) -> Sheet:
    """The rows of CSV text; the delimiter (, ; tab) is sniffed. Never raises."""
    lines = text.splitlines(keepends=True)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            "".join(lines[:20]), delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple[object, ...]] = []
    problems: list[Problem] = []
    reader = csv.reader(lines, dialect)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(
                Problem(reader.line_num, f"cannot read this row ({error}); stopped here")
            )
            break
        rows.append(tuple(row))
    return Sheet(tuple(rows), tuple(problems))


def xlsx_sheet(data: bytes, name: str = "the file", limits: ImportLimits = DEFAULT_LIMITS) -> Sheet:
    """The rows of the workbook's active sheet (values, not formulas)."""
    from io import BytesIO

    from openpyxl import load_workbook

    check_package(data, name, limits)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about workbook features it does not keep (data validation, styles).
            warnings.simplefilter("ignore", UserWarning)
            workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(f"{name} is not an Excel workbook (.xlsx): {error}.") from None
    except Exception as error:  # openpyxl's own InvalidFileException and XML errors
        raise UnreadableFile(
            f"{name} is not a readable Excel workbook ({type(error).__name__})."
        ) from None
    try:
        sheet = workbook.active
        rows = tuple(tuple(row) for row in sheet.iter_rows(values_only=True)) if sheet else ()
    finally:
        workbook.close()
    return Sheet(rows)
