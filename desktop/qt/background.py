"""Work off the GUI thread: a QRunnable that reports progress and its result by signals.

The work is a plain function taking a progress callback ``(done, total)``; the
callback raises ImportCancelled once ``cancel()`` was called, so a long parse
stops at its next step. Results come back to the GUI thread as queued signals
carrying the job's number, so a window can ignore the answer of a job it has
since replaced.

A job that stops at safe points of its own and returns what it did so far (an
import that files a batch at a time) is made with ``BackgroundJob.stopping_itself``:
its work is given ``cancelled()`` to ask, the progress callback never raises, and
its result comes back even when it was stopped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from itertools import count

from PySide6.QtCore import QObject, QRunnable, Signal

from db.errors import ChangeRefused
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


FAILED = "Reading the file failed (details in the log)."


class BackgroundJob(QRunnable):
    def __init__(
        self,
        work: Callable[[Progress], object],
        *,
        refusals: tuple[type[Exception], ...] = (UnreadableFile,),
        failure: str = FAILED,
    ) -> None:
        """``refusals``: errors a user can cause, whose message is the one sentence shown;
        ``failure``: the sentence for anything else (a bug, logged with its traceback)."""
        super().__init__()
        self.setAutoDelete(False)  # the window keeps it (and its signals) until replaced
        self.number = next(_numbers)
        self.signals = JobSignals()
        self._work: Callable[[], object] = lambda: work(self._progress)
        self._refusals = refusals
        self._failure = failure
        self._keeps_partial = False
        self._cancel = threading.Event()
        with _UNDER_WAY_LOCK:
            _UNDER_WAY.add(self)

    @classmethod
    def stopping_itself(
        cls,
        work: Callable[[Progress, Callable[[], bool]], object],
        *,
        refusals: tuple[type[Exception], ...] = (UnreadableFile,),
        failure: str = FAILED,
    ) -> BackgroundJob:
        """A job that asks ``cancelled()`` where it can stop cleanly and returns what it
        did: ``finished`` carries that result even after ``cancel()``."""
        job = cls(lambda progress: None, refusals=refusals, failure=failure)
        job._work = lambda: work(job._progress, job._cancel.is_set)
        job._keeps_partial = True
        return job

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def _progress(self, done: int, total: int) -> None:
        if self._cancel.is_set() and not self._keeps_partial:
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
            result = self._work()
        except ImportCancelled:
            self.signals.cancelled.emit(self.number)
            return
        except self._refusals as error:
            self.signals.failed.emit(self.number, str(error))
            return
        except ChangeRefused as error:  # the storage fails: its guard says why, in one
            self.signals.failed.emit(self.number, str(error))
            return
        except Exception as error:  # a bug: to the log, and one sentence for the window
            if self._cancel.is_set():  # what it read went away meanwhile (a closed window)
                log.info("cancelled background job stopped: %s", error)
                self.signals.cancelled.emit(self.number)
                return
            log.exception("background job failed")
            self.signals.failed.emit(self.number, self._failure)
            return
        if self._cancel.is_set() and not self._keeps_partial:
            self.signals.cancelled.emit(self.number)
        else:
            self.signals.finished.emit(self.number, result)
