"""Exports of the session record: DOCX, PDF, CSV, XLSX and the JSON archive.

``export_record`` reads the record once (public or internal), writes the file
through a temporary file beside it (a failed export never leaves half a file)
and reports progress as ``(done, total)`` steps. It touches no widget, so the
window runs it in a worker thread and the command line runs it directly; the
formats that draw (charts, PDF) need a QGuiApplication, which
``ensure_gui_application`` provides offscreen when there is none.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.meeting.record_rows import RecordReport
    from db.store import Store

FORMATS = ("docx", "pdf", "csv", "xlsx", "json")
DRAWN = ("docx", "pdf")  # these need a QGuiApplication for the charts and pages

Progress = Callable[[int, int], None]


def _read_umask() -> int:
    mask = os.umask(0)  # the only way to read it; set back at once, at import
    os.umask(mask)
    return mask


_UMASK = _read_umask()


class ExportError(Exception):
    """An export that cannot be written; ``str()`` is one sentence for the user."""


@dataclass(frozen=True)
class ExportRequest:
    fmt: str
    path: Path
    conference_id: int | None = None
    slot_id: int | None = None
    public: bool = False


def _no_progress(_done: int, _total: int) -> None:
    pass


def export_record(store: Store, request: ExportRequest, progress: Progress = _no_progress) -> Path:
    """Write the record to ``request.path`` in ``request.fmt``; returns the path."""
    if request.fmt not in FORMATS:
        raise ExportError(f"'{request.fmt}' is not an export format ({', '.join(FORMATS)}).")
    content = render(store, request, progress)
    _write(request.path, content)
    progress(4, 4)
    return request.path


def render(store: Store, request: ExportRequest, progress: Progress = _no_progress) -> bytes:
    """The file's bytes (see ``export_record``)."""
    progress(0, 4)
    if request.fmt == "json":
        from desktop.record_export.json_archive import archive_json

        return archive_json(store, request, progress)
    from db.record.report import read_record
    from desktop.domain.record_stats import statistics

    report = read_record(
        store,
        conference_id=request.conference_id if request.slot_id is None else None,
        slot_id=request.slot_id,
        public=request.public,
    )
    if request.public:
        report = without_contacts(report)
    progress(1, 4)
    stats = statistics(report)
    if request.fmt == "csv":
        from desktop.record_export.csv_table import csv_bytes

        return csv_bytes(report, stats)
    if request.fmt == "xlsx":
        from desktop.record_export.xlsx_workbook import xlsx_bytes

        return xlsx_bytes(report, stats)
    ensure_gui_application()
    if request.fmt == "docx":
        from desktop.record_export.docx_journal import docx_bytes

        return docx_bytes(report, stats, progress)
    from desktop.record_export.pdf_journal import pdf_bytes

    return pdf_bytes(report, stats, progress)


def _write(path: Path, content: bytes) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise ExportError(f"Cannot write {path}: {error.strerror or error}.") from None
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        # mkstemp makes the file private; a report gets the rights of any file written here.
        os.chmod(temporary, 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise ExportError(f"Cannot write {path}: {error.strerror or error}.") from None


def without_contacts(report: RecordReport) -> RecordReport:
    """A public record names speakers and their functions, never their telephone numbers
    or addresses (a function read from a signature may hold them, from before they were
    left out at import)."""
    from dataclasses import replace

    from db.people.personal_data import without_contact_details as clean

    slots = tuple(
        replace(
            slot,
            chair=clean(slot.chair),
            panellists=tuple(clean(p) for p in slot.panellists),
            interventions=tuple(
                replace(i, speaker=clean(i.speaker), speaker_function=clean(i.speaker_function))
                for i in slot.interventions
            ),
        )
        for slot in report.slots
    )
    return replace(report, slots=slots)


def ensure_gui_application() -> None:
    """Drawing needs a Qt application: make one (offscreen if there is no display)."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    if QGuiApplication.instance() is not None:
        return
    if not os.environ.get("QT_QPA_PLATFORM") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.name == "nt"
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    global _APPLICATION
    # A QApplication (not only a QGuiApplication), so that widgets may follow.
    _APPLICATION = QApplication(["floordesk"])


_APPLICATION: object = None
