"""CSV for analysis: one row per intervention with every field (UTF-8 with a BOM for Excel)."""

from __future__ import annotations

import csv
import io

from db.meeting.record_rows import RecordReport
from desktop.domain.record_stats import RecordStatistics
from desktop.record_export.cells import columns, intervention_rows


def csv_bytes(report: RecordReport, _stats: RecordStatistics) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(columns(report))
    for row in intervention_rows(report):
        writer.writerow(["" if v is None else _plain(v) for v in row])
    return text.getvalue().encode("utf-8-sig")


def _plain(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value
