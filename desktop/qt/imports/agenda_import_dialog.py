"""Import an agenda from a file: choose it, map a table's columns, preview, import.

Reading and parsing run on a QThreadPool worker (desktop/qt/background.py);
the window shows a progress bar with a Cancel button meanwhile and never
waits for the file. Import writes the slots in one transaction on the GUI
thread (a local commit), and the desk hears of it like any other change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.agenda_import import detect_format, read_agenda
from desktop.agenda_import.apply import ImportRefused, apply_agenda
from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits
from desktop.agenda_import.model import AgendaImport, Progress
from desktop.agenda_import.sheets import Sheet, read_sheet
from desktop.agenda_import.table import read_table
from desktop.domain.conference_time import DEFAULT_ZONE, day_label
from desktop.qt.background import BackgroundJob
from desktop.qt.imports.agenda_import_preview import (
    PEOPLE_AND_TOPICS_COLUMNS,
    TITLE_COLUMN,
    ImportPreviewModel,
)
from desktop.qt.imports.column_mapping import ColumnMapping
from desktop.qt.views import stretch, table_view
from desktop.settings import station_limits

if TYPE_CHECKING:
    from db.store import Store

FILE_FILTER = (
    "Agendas (*.txt *.md *.docx *.ics *.csv *.xlsx *.json);;"
    "Concept notes (*.txt *.md *.docx);;Calendars (*.ics);;Tables (*.csv *.xlsx);;"
    "Floordesk archives (*.json);;All files (*)"
)


def _first_read(
    path: Path, zone: str, progress: Progress, limits: ImportLimits = DEFAULT_LIMITS
) -> AgendaImport | Sheet:
    """A table's rows (for the mapping step), or any other agenda already parsed."""
    try:
        with path.open("rb") as file:
            head = file.read(65536)
    except OSError:
        head = b""  # read_agenda says what is wrong with the file
    if head and detect_format(path, head) in ("csv", "xlsx"):
        return read_sheet(path, limits)
    return read_agenda(path, zone=zone, progress=progress, limits=limits)


class AgendaImportDialog(QDialog):
    """Choose a file, check what was found, import it into a conference (or a new one)."""

    preview_ready = Signal()  # a parse finished and the preview shows it
    imported = Signal(list)  # the new slots' ids

    def __init__(
        self,
        store: Store,
        conference_id: int | None,
        parent: QWidget | None = None,
        limits: ImportLimits | None = None,
    ):
        super().__init__(parent)
        self.store = store
        # The station's limits on hostile input: by default its settings', as the window
        # (the parent) holds them.
        self.limits = limits if limits is not None else station_limits(parent)
        self.conference_id = conference_id
        self.zone = (
            store.agenda.conference(conference_id).time_zone if conference_id else DEFAULT_ZONE
        )
        self.agenda: AgendaImport | None = None
        self.slot_ids: list[int] = []
        self._sheet: Sheet | None = None
        self._job: BackgroundJob | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.setWindowTitle("Import an agenda")
        self.resize(1100, 660)
        self._build()

    # -- the widgets -----------------------------------------------------------

    def _build(self) -> None:
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("A concept note, a calendar, a table or an archive")
        self.choose_button = QPushButton("Choose…")
        self.choose_button.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("File:"))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(self.choose_button)

        self.mapping_box = ColumnMapping()
        self.mapping_box.changed.connect(self._mapping_changed)
        self.mapping_box.hide()

        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel reading")
        self.cancel_button.clicked.connect(self.cancel_reading)
        self.progress_row = QWidget()
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(QLabel("Reading…"))
        progress_layout.addWidget(self.progress, 1)
        progress_layout.addWidget(self.cancel_button)
        self.progress_row.hide()

        self.summary = QLabel("Choose a file to see the slots it holds.")
        self.summary.setWordWrap(True)
        self.preview_model = ImportPreviewModel(self)
        self.preview = table_view(self, stretch_column=TITLE_COLUMN)
        self.preview.setModel(self.preview_model)
        stretch(self.preview, TITLE_COLUMN)
        header = self.preview.horizontalHeader()
        for column in PEOPLE_AND_TOPICS_COLUMNS:  # long lists: a fixed width, the rest in a tip
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, 140)
        header.setMinimumSectionSize(60)
        self.problems_model = QStringListModel(self)
        self.problems = QListView()
        self.problems.setModel(self.problems_model)
        self.problems.setAccessibleName("Problems")
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        problems_layout.addWidget(QLabel("What could not be read:"))
        problems_layout.addWidget(self.problems)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.preview)
        splitter.addWidget(problems_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.import_agenda)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)

    # -- choosing and reading ----------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import an agenda", "", FILE_FILTER)
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read the file off the GUI thread; the preview follows (``preview_ready``)."""
        self.path_edit.setText(str(path))
        self._sheet = None
        self.mapping_box.hide()
        self._show(None, "Reading the file…")
        zone = self.zone
        limits = self.limits
        self._start(lambda progress: _first_read(path, zone, progress, limits))

    @property
    def combos(self) -> dict[str, QComboBox]:
        return self.mapping_box.combos

    def mapping(self) -> dict[str, int]:
        return self.mapping_box.mapping()

    def set_mapping(self, mapping: dict[str, int]) -> None:
        """Choose the columns (as the user would in the combo boxes) and read the table again."""
        self.mapping_box.set_mapping(mapping)

    def _mapping_changed(self) -> None:
        if self._sheet is not None:
            self._read_table()

    def _read_table(self) -> None:
        sheet, mapping = self._sheet, self.mapping()
        if sheet is not None:
            self._start(lambda progress: read_table(sheet, mapping, progress))

    def _start(self, work: Callable[[Progress], object]) -> None:
        if self._job is not None:
            self._job.cancel()
        job = BackgroundJob(work)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        job.signals.cancelled.connect(self._on_cancelled)
        self._job = job
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the first step is counted
        self.progress_row.show()
        self._pool.start(job)

    def cancel_reading(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _current(self, number: int) -> bool:
        return self._job is not None and self._job.number == number

    def _on_progress(self, number: int, done: int, total: int) -> None:
        if self._current(number) and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _on_finished(self, number: int, result: object) -> None:
        if not self._current(number):
            return
        self.progress_row.hide()
        if isinstance(result, Sheet):
            self._sheet = result
            self.mapping_box.fill(result.headers)
            self.mapping_box.show()
            self._read_table()
            return
        assert isinstance(result, AgendaImport)
        self._show(result, _summary(result, new_conference=self.conference_id is None))
        self.preview_ready.emit()

    def _on_failed(self, number: int, message: str) -> None:
        if self._current(number):
            self.progress_row.hide()
            self._show(None, message)
            self.preview_ready.emit()

    def _on_cancelled(self, number: int) -> None:
        if self._current(number):
            self.progress_row.hide()
            self._show(None, "Reading was cancelled.")

    def _show(self, agenda: AgendaImport | None, summary: str) -> None:
        self.agenda = agenda
        self.preview_model.set_agenda(agenda)
        self.problems_model.setStringList([str(p) for p in agenda.problems] if agenda else [])
        self.summary.setText(summary)
        self.import_button.setEnabled(bool(agenda and agenda.slots))

    # -- importing ---------------------------------------------------------------

    def import_agenda(self) -> list[int]:
        """Add the slots found to the conference (a new one if none was given)."""
        if self.agenda is None or not self.agenda.slots:
            return []
        try:
            ids = apply_agenda(self.store, self.conference_id, self.agenda, zone=self.zone)
        except ImportRefused as error:
            self.summary.setText(str(error))
            return []
        self.slot_ids = ids
        if ids and self.conference_id is None:
            self.conference_id = self.store.agenda.slot(ids[0]).conference_id
        self.imported.emit(ids)
        self.accept()
        return ids

    def done(self, result: int) -> None:
        self.cancel_reading()
        self._pool.waitForDone()  # a cancelled parse stops at its next step
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_reading()
        self._pool.waitForDone()
        super().closeEvent(event)


def _summary(agenda: AgendaImport, *, new_conference: bool) -> str:
    days = sorted({slot.day for slot in agenda.slots})
    found = (
        f"{_count(len(agenda.slots), 'slot')} on {_count(len(days), 'day')}" if days else "No slot"
    )
    problems = f"; {_count(len(agenda.problems), 'problem')} (below)" if agenda.problems else ""
    target = ""
    if new_conference and agenda.first_day and agenda.last_day:
        title = agenda.title or "a new conference"
        target = f" — into {title} ({day_label(agenda.first_day)} – {day_label(agenda.last_day)})"
    return f"{found}{problems}{target}."


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
