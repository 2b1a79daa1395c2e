"""Work off the GUI thread: a QRunnable that reports progress and its result by signals.

The work is a plain function taking a progress callback ``(done, total)``; the
callback raises ImportCancelled once ``cancel()`` was called, so a long parse
stops at its next step. Results come back to the GUI thread as queued signals
carrying the job's number, so a window can ignore the answer of a job it has
since replaced.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from itertools import count

from PySide6.QtCore import QObject, QRunnable, Signal

from desktop.agenda_import.model import ImportCancelled, Progress, UnreadableFile

log = logging.getLogger(__name__)

_numbers = count(1)
# Jobs under way, held here until they end: a window that replaces a job by a newer one
# drops its own reference, and the job must still be able to say that it stopped.
_UNDER_WAY: set[BackgroundJob] = set()
_UNDER_WAY_LOCK = threading.Lock()


class JobSignals(QObject):
    progress = Signal(int, int, int)  # job, done, total
    finished = Signal(int, object)  # job, result
    failed = Signal(int, str)  # job, one sentence
    cancelled = Signal(int)  # job


class BackgroundJob(QRunnable):
    def __init__(self, work: Callable[[Progress], object]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it (and its signals) until replaced
        self.number = next(_numbers)
        self.signals = JobSignals()
        self._work = work
        self._cancel = threading.Event()
        with _UNDER_WAY_LOCK:
            _UNDER_WAY.add(self)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise ImportCancelled
        self.signals.progress.emit(self.number, done, total)

    def run(self) -> None:
        try:
            self._run()
        except RuntimeError as error:  # the window (and the signals) went while it worked
            log.info("background job ended after its window: %s", error)
        finally:
            with _UNDER_WAY_LOCK:
                _UNDER_WAY.discard(self)

    def _run(self) -> None:
        try:
            result = self._work(self._progress)
        except ImportCancelled:
            self.signals.cancelled.emit(self.number)
            return
        except UnreadableFile as error:
            self.signals.failed.emit(self.number, str(error))
            return
        except Exception as error:  # a bug: to the log, and one sentence for the window
            if self._cancel.is_set():  # what it read went away meanwhile (a closed window)
                log.info("cancelled background job stopped: %s", error)
                self.signals.cancelled.emit(self.number)
                return
            log.exception("background job failed")
            self.signals.failed.emit(self.number, "Reading the file failed (details in the log).")
            return
        if self._cancel.is_set():
            self.signals.cancelled.emit(self.number)
        else:
            self.signals.finished.emit(self.number, result)
