"""Import requests to take the floor into the open conference, without freezing the desk.

The reading and filing run on a QThreadPool worker (desktop/qt/background.py, the one
mechanism for work off the window's thread) with a connection of their own; progress
and the outcomes come back by signals, Stop ends the import after the batch being
filed, and the desk learns of the new requests from the journal when it is done. A
preview (dry run) shows what would happen first; every message gets a line.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.engine import URL

# What reads e-mail is imported with this dialog (on the GUI thread, when the moderator
# opens it), not by the worker on its first run: importing modules on a thread keeps the
# window waiting for the interpreter.
import desktop.requests_import.mail_import
import desktop.requests_import.mail_sources
import desktop.requests_import.people_tables  # noqa: F401
from db.engine import open_engine
from db.store import Store
from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits
from desktop.qt.background import BackgroundJob
from desktop.qt.imports.column_mapping import ColumnMapping
from desktop.qt.imports.import_outcomes import OutcomesView
from desktop.requests_import import request_language
from desktop.requests_import.sources import UnreadableImport, import_source
from desktop.settings import station_limits

if TYPE_CHECKING:
    from desktop.agenda_import.model import Progress
    from desktop.qt.desk.desk import Desk
    from desktop.requests_import.outcome import ItemOutcome

log = logging.getLogger(__name__)
SWITCH_INTERVAL = 0.0005  # seconds; Python's default is 0.005


FAILED = "The import stopped on an unexpected error; details are in the log."


def import_requests(
    progress: Progress,
    cancelled: Callable[[], bool],
    *,
    url: URL,
    station: str,
    conference_id: int,
    source: str,
    slot_id: int | None,
    dry_run: bool,
    password: str | None = None,
    mapping: dict[str, int] | None = None,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> list[ItemOutcome]:
    """Read a source and file what it holds, on a store connection of its own (a
    BackgroundJob's work: run off the window's thread)."""
    # The window's thread asks for the interpreter for every paint and every cell it
    # shows; with the import holding it, each ask waits up to a switch interval.
    # Shorter intervals while the import runs keep the window responsive.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, SWITCH_INTERVAL))
    try:
        try:
            # The window's database is open and up to date: no migration check here.
            store = Store(open_engine(url), station=station)
        except Exception as error:
            raise UnreadableImport(f"Cannot open the database for the import: {error}") from None
        try:
            return import_source(
                store,
                conference_id,
                source,
                slot_id=slot_id,
                dry_run=dry_run,
                password=password,
                mapping=mapping,
                progress=progress,
                cancelled=cancelled,
                limits=limits,
            )
        finally:
            store.close()
    finally:
        sys.setswitchinterval(interval)


def _guess_columns(headers: Sequence[str], *, kind: Any) -> dict[str, int]:
    from desktop.requests_import.people_tables import guess_mapping

    return guess_mapping(headers, kind)


_TABLE_WORDS = {
    "registration": "registration export",
    "zoom_participants": "Zoom participants report",
    "questions": "table of questions",
}


class RequestsImportDialog(QDialog):
    """Choose a source, preview, import; one line per message, a progress bar meanwhile."""

    def __init__(
        self, desk: Desk, parent: QWidget | None = None, limits: ImportLimits | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        # The language detector's models, as the e-mail readers above: loaded here, on the
        # window's thread, as the dialog opens, and not by the worker in the middle of an
        # import (lingua keeps the interpreter while it loads them: the window would stop).
        request_language.warm_up()
        # The station's limits on hostile input: by default its settings', as the window
        # (the parent) holds them.
        self.limits = limits if limits is not None else station_limits(parent)
        self.setWindowTitle("Import requests to take the floor")
        self.source = QLineEdit()
        self.source.setPlaceholderText(
            "A file or folder of e-mails (.eml, mbox, .msg), a Zoom chat file or participants "
            "report, a registration export, questions — or imaps://user@server/folder"
        )
        self.source.setAccessibleName("Source of the requests")
        browse = QPushButton("File…")
        browse.clicked.connect(self.choose_source)
        folder = QPushButton("Folder…")
        folder.clicked.connect(self.choose_folder)
        self.slot = QComboBox()
        self.slot.addItem("The slot each message names", None)
        for slot in desk.slots:
            if slot.kind.has_speakers:
                self.slot.addItem(slot.title, slot.id)
        self.slot.setAccessibleName("Slot for every request")
        self.preview_button = QPushButton("Preview")
        self.preview_button.setToolTip("Read everything and show what would happen; change nothing")
        self.import_button = QPushButton("Import")
        self.import_button.setDefault(True)
        self.cancel_button = QPushButton("Close")
        self.preview_button.clicked.connect(lambda: self.start(dry_run=True))
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%v of %m")
        self.summary = QLabel("Choose what to import.")
        self.summary.setWordWrap(True)
        self.table = OutcomesView()

        source_row = QHBoxLayout()
        source_row.addWidget(self.source, 1)
        source_row.addWidget(browse)
        source_row.addWidget(folder)
        slot_row = QHBoxLayout()
        slot_row.addWidget(QLabel("File requests in:"))
        slot_row.addWidget(self.slot, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(source_row)
        layout.addLayout(slot_row)
        self.mapping_holder = QVBoxLayout()
        layout.addLayout(self.mapping_holder)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(980, 560)
        self.job: BackgroundJob | None = None
        self._pool = QThreadPool(self)
        self.outcomes: list[ItemOutcome] = []
        self._dry_run = True
        self.mapping_box: ColumnMapping | None = None
        self.source.editingFinished.connect(self.show_mapping)

    def choose_source(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Requests to import",
            "",
            "E-mail, chat and tables (*.eml *.mbox *.msg *.txt *.csv *.xlsx);;All files (*)",
        )
        if name:
            self.source.setText(name)
            self.show_mapping()

    def show_mapping(self) -> None:
        """For a table (registration, Zoom participants, questions): the column-mapping
        step, pre-filled with the guess; for anything else, none."""
        from desktop.agenda_import.model import UnreadableFile
        from desktop.agenda_import.sheets import read_sheet
        from desktop.requests_import import people_tables as tables

        if self.mapping_box is not None:
            self.mapping_box.setParent(None)
            self.mapping_box.deleteLater()
            self.mapping_box = None
        path = Path(self.source.text().strip())
        if not path.is_file() or path.suffix.lower() not in (".csv", ".xlsx", ".tsv", ".txt"):
            return
        try:
            sheet = read_sheet(path, self.limits)
        except (UnreadableFile, OSError):
            return
        kind = tables.guess_kind(sheet)
        if kind is None:
            return
        headers = [str(h or "") for h in sheet.rows[tables.header_row(sheet, kind)]]
        box = ColumnMapping(
            fields=tables.FIELDS[kind],
            labels=tables.FIELD_LABELS,
            guess=partial(_guess_columns, kind=kind),
        )
        box.setTitle(f"Columns of the {_TABLE_WORDS[kind]}")
        box.fill(headers)
        self.mapping_holder.addWidget(box)
        self.mapping_box = box

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "A folder of e-mails")
        if name:
            self.source.setText(name)

    def start(self, *, dry_run: bool) -> None:
        source = self.source.text().strip()
        conference = self.desk.conference
        if not source or conference is None:
            self.summary.setText("Choose a file, a folder or a mailbox first.")
            return
        password = None
        if source.lower().startswith("imaps://"):
            password = self._mailbox_password(source)
            if password is None:
                return
        self.table.outcomes.show([])
        self.outcomes = []
        self.progress.setRange(0, 0)  # busy until the total is known
        self.summary.setText("Previewing…" if dry_run else "Importing…")
        self._busy(True)
        self.desk.sync_paused = True
        self._journal_before = self.desk.store.last_journal_id()
        work = partial(
            import_requests,
            url=self.desk.store.engine.url,
            station=self.desk.store.station,
            conference_id=conference.id,
            source=source,
            slot_id=self.slot.currentData(),
            dry_run=dry_run,
            password=password,
            mapping=self.mapping_box.mapping() if self.mapping_box is not None else None,
            limits=self.limits,
        )
        job = BackgroundJob.stopping_itself(work, refusals=(UnreadableImport,), failure=FAILED)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_done)
        job.signals.failed.connect(self._on_failed)
        job.signals.cancelled.connect(self._on_cancelled)
        self._dry_run = dry_run
        self.job = job
        self._pool.start(job)

    def _mailbox_password(self, source: str) -> str | None:
        from desktop.requests_import.imap_source import (
            MailboxAccount,
            MailboxError,
            store_password,
            stored_password,
        )

        try:
            account = MailboxAccount.from_url(source)
        except MailboxError as error:
            self.summary.setText(str(error))
            return None
        keyring_problem = ""
        try:
            password = stored_password(account)
        except MailboxError as error:
            password, keyring_problem = None, str(error)
        if password is not None:
            return password
        password, accepted = QInputDialog.getText(
            self,
            "Mailbox password",
            f"Password for {account.server_url()}"
            + ("" if keyring_problem else " (kept in the system's password store)")
            + ":",
            QLineEdit.EchoMode.Password,
        )
        if not accepted:
            return None
        if keyring_problem:
            self.summary.setText(keyring_problem)
        else:
            try:
                store_password(account, password)
            except MailboxError as error:
                self.summary.setText(str(error))
        return password

    def _busy(self, busy: bool) -> None:
        self.preview_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)
        self.cancel_button.setText("Stop" if busy else "Close")

    def _cancel_or_close(self) -> None:
        if self.job is not None:
            self.job.cancel()  # it stops after the batch it is filing, and says what it did
            return
        self.reject()

    def _mine(self, number: int) -> bool:
        return self.job is not None and self.job.number == number

    def _on_progress(self, number: int, done: int, total: int) -> None:
        if self._mine(number):
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)

    def _ended(self) -> None:
        self.job = None
        QTimer.singleShot(1, self, self._finish)

    def _finish(self) -> None:
        self._busy(False)
        self.desk.sync_paused = False
        self.desk.catch_up()

    def _on_done(self, number: int, outcomes: list[ItemOutcome]) -> None:
        if not self._mine(number):
            return
        self.progress.setRange(0, max(len(outcomes), 1))
        self.progress.setValue(len(outcomes))
        # The rest in a turn of the event loop of its own, apart from the last progress.
        QTimer.singleShot(1, self, partial(self._show_done, outcomes, self._dry_run))
        self._ended()

    def _show_done(self, outcomes: list[ItemOutcome], dry_run: bool) -> None:
        """The desk's lists, the table and the summary, shown together."""
        self.desk.sync_paused = False
        self.desk.catch_up()
        self.outcomes = outcomes
        self.table.outcomes.show(outcomes)
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome.outcome.value] = counts.get(outcome.outcome.value, 0) + 1
        summary = ", ".join(f"{n} {name}" for name, n in counts.items()) or "nothing to import"
        prefix = "Preview — nothing changed: " if dry_run else "Imported: "
        self.summary.setText(f"{prefix}{len(outcomes)} read: {summary}.")

    def _on_failed(self, number: int, sentence: str) -> None:
        if not self._mine(number):
            return
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.summary.setText(sentence)
        self._ended()

    def _on_cancelled(self, number: int) -> None:  # stopped on an error after Stop
        if self._mine(number):
            self.summary.setText("The import stopped.")
            self._ended()

    def done(self, result: int) -> None:  # closing: let a running import stop first
        if self.job is not None:
            self.job.cancel()
        self._pool.waitForDone()
        super().done(result)
