""" "Export the record…": choose what and how, and the file is written in a worker.

The export (desktop/record_export) runs on a QThreadPool worker with a
progress bar and a Cancel button; the window stays live meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QThreadPool, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from db.errors import UnknownRecord
from desktop.qt.background import BackgroundJob
from desktop.record_export import FORMATS, ExportError, ExportRequest, export_record

if TYPE_CHECKING:
    from desktop.agenda_import.model import Progress
    from desktop.qt.desk.desk import Desk

FORMAT_TITLES = {
    "docx": "Word document (.docx) — the journal, to keep editing",
    "pdf": "PDF (.pdf) — for circulation",
    "xlsx": "Excel workbook (.xlsx) — for analysis",
    "csv": "CSV table (.csv) — for analysis",
    "json": "JSON archive (.json) — the complete record",
}


@dataclass(frozen=True)
class ExportOutcome:
    path: Path | None
    problem: str = ""


class ExportDialog(QDialog):
    exported = Signal(Path)

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.setWindowTitle("Export the record")
        self.scope = QComboBox()
        if desk.slot is not None:
            self.scope.addItem(f"This slot: {desk.slot.title}", "slot")
        if desk.conference is not None:
            self.scope.addItem(f"The whole conference: {desk.conference.title}", "conference")
        self.format = QComboBox()
        for fmt in FORMATS:
            self.format.addItem(FORMAT_TITLES[fmt], fmt)
        self.public = QCheckBox(
            "Public record: leave out e-mail addresses, internal notes, review items and "
            "attachments"
        )
        self.path = QLineEdit()
        self.path.setPlaceholderText("Where to write the file")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self.choose_file)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(choose)
        form = QFormLayout()
        form.addRow("Record of", self.scope)
        form.addRow("Format", self.format)
        form.addRow("", self.public)
        form.addRow("File", where)
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Export", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self._close_or_cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._suggest_name)
        self.scope.currentIndexChanged.connect(self._suggest_name)
        self.public.toggled.connect(self._suggest_name)
        self._job: BackgroundJob | None = None
        self._pool = QThreadPool(self)
        self._suggest_name()
        self.resize(640, self.sizeHint().height())

    def request(self) -> ExportRequest:
        by_slot = self.scope.currentData() == "slot" and self.desk.slot is not None
        conference = self.desk.conference
        return ExportRequest(
            fmt=str(self.format.currentData()),
            path=Path(self.path.text().strip()),
            conference_id=conference.id if conference and not by_slot else None,
            slot_id=self.desk.slot.id if by_slot and self.desk.slot else None,
            public=self.public.isChecked(),
        )

    def choose_file(self) -> None:
        fmt = str(self.format.currentData())
        name, _filter = QFileDialog.getSaveFileName(
            self, "Export the record", self.path.text(), f"{fmt.upper()} (*.{fmt})"
        )
        if name:
            self.path.setText(name)

    def _suggest_name(self) -> None:
        fmt = str(self.format.currentData())
        current = Path(self.path.text().strip()) if self.path.text().strip() else None
        folder = current.parent if current else Path.home()
        which = "slot" if self.scope.currentData() == "slot" else "conference"
        kind = "public" if self.public.isChecked() else "internal"
        self.path.setText(str(folder / f"record-{which}-{kind}.{fmt}"))

    def start(self) -> None:
        request = self.request()
        if not self.path.text().strip():
            self.status.setText("Choose where to write the file.")
            return
        store = self.desk.store

        def work(progress: Progress) -> ExportOutcome:
            try:
                return ExportOutcome(export_record(store, request, progress))
            except (ExportError, UnknownRecord) as error:
                return ExportOutcome(None, str(error))

        job = BackgroundJob(work)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        job.signals.cancelled.connect(self._on_cancelled)
        self._job = job
        self.export_button.setEnabled(False)
        self.close_button.setText("Cancel")
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText(f"Writing {request.path.name}…")
        self._pool.start(job)

    @property
    def busy(self) -> bool:
        return self._job is not None

    def _close_or_cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
        else:
            self.reject()

    def _mine(self, number: int) -> bool:
        return self._job is not None and self._job.number == number

    def _on_progress(self, number: int, done: int, total: int) -> None:
        if self._mine(number) and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _on_finished(self, number: int, result: object) -> None:
        if not self._mine(number):
            return
        self._done()
        assert isinstance(result, ExportOutcome)
        if result.path is None:
            self.status.setText(result.problem)
            return
        self.status.setText(f"Wrote {result.path}.")
        self.exported.emit(result.path)

    def _on_failed(self, number: int, message: str) -> None:
        if self._mine(number):
            self._done()
            self.status.setText("The export failed (details in the log).")

    def _on_cancelled(self, number: int) -> None:
        if self._mine(number):
            self._done()
            self.status.setText("Export cancelled; no file was written.")

    def _done(self) -> None:
        self._job = None
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.close_button.setText("Close")

    def done(self, result: int) -> None:
        if self._job is not None:
            self._job.cancel()
            self._pool.waitForDone(5000)
        super().done(result)
