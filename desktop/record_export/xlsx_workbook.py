"""XLSX for analysis: the interventions sheet (one row each), the statistics, and in the
internal record the review items. Every text cell is neutralised (see cells.py)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from db.meeting.record_rows import RecordReport
from desktop.domain.conference_time import to_local
from desktop.domain.record_stats import RecordStatistics
from desktop.record_export.cells import (
    Cell,
    columns,
    intervention_rows,
    neutralise,
    statistics_rows,
    xml_safe,
)


def xlsx_bytes(report: RecordReport, stats: RecordStatistics) -> bytes:
    book = Workbook(write_only=False)
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Interventions"
    sheet.append(list(columns(report)))
    for row in intervention_rows(report):
        sheet.append(_safe(row))
    _header(sheet, widths={2: 36, 5: 28, 7: 24, 18: 60})
    figures = book.create_sheet("Statistics")
    for row in statistics_rows(stats):
        figures.append(_safe(row))
        if row and isinstance(row[1], str):
            for cell in figures[figures.max_row]:
                cell.font = Font(bold=True)
    for cell in figures["D"]:
        if isinstance(cell.value, float):
            cell.number_format = "0.0%"
    _header(figures, widths={1: 36, 2: 14, 3: 20, 4: 14, 5: 12})
    if not report.public:
        reviews = book.create_sheet("Review items")
        reviews.append(["Received", "Source", "Sender", "E-mail", "Subject", "Reason", "Status"])
        for item in report.review_items:
            reviews.append(
                [
                    xml_safe(neutralise(v))
                    for v in (
                        to_local(item.received_at, report.time_zone).strftime("%Y-%m-%d %H:%M"),
                        item.source.label,
                        item.sender_name,
                        item.sender_email or "",
                        item.subject,
                        item.reason,
                        item.status.value,
                    )
                ]
            )
        _header(reviews, widths={3: 24, 4: 28, 5: 40, 6: 40})
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def _safe(row: list[Cell]) -> list[Cell]:
    """A control character typed into a note or carried in by an e-mail must not stop
    the export (openpyxl refuses them): each becomes U+FFFD."""
    return [xml_safe(value) for value in row]


def _header(sheet: Worksheet, widths: dict[int, int]) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
