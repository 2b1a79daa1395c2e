"""The window's side of the storage guard: the banner and the retries.

When the database cannot be written (the file turned read-only, the disk is full), the
store's guard, :class:`db.storage_fallback.StorageFallback`, carries the session on with
a copy in memory and keeps the changes (db/guard.py says where the store consults it).
Here the window gets its sentence into the status bar, and the guard is asked to write
the changes back every :data:`RETRY_MS` while any wait. Those kept when Floordesk last
closed are not written at start: they are moved aside and wait for the moderator's
decision (desktop/kept_changes.py, desktop/qt/kept_changes_dialog.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow
from sqlalchemy import Engine

from db.engine import describe
from db.guard import StoreCommand
from db.storage_fallback import ChangeHeld, StorageFallback
from db.store import Store
from desktop.kept_changes import KeptSet, set_aside, take_at_start, waiting_sets

__all__ = ["RETRY_MS", "ChangeHeld", "StorageBanner", "StorageGuard", "storage_guard"]

RETRY_MS = 2000

# Recovery files written before the guard moved to db/ name the change by this name.
HeldChange = StoreCommand


def recovery_file(store: Store) -> Path:
    """Beside the user's other state (not beside the database, which may be what fails)."""
    import platformdirs

    key = hashlib.sha256(describe(store.engine.url).encode()).hexdigest()[:16]
    return platformdirs.user_state_path("floordesk", appauthor=False) / f"unsaved-{key}.pickle"


class StorageGuard(QObject):
    """The store's guard, seen from the window: its sentences as signals, its retries on a
    timer."""

    status = Signal(str)  # one sentence while changes wait; "" once all are written
    saved = Signal(str)  # one sentence when the waiting changes were written

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.retry)
        self.fallback = StorageFallback(
            store, recovery_file(store), status=self._tell, saved=self.saved.emit
        )
        # Changes kept when Floordesk last closed: moved aside (this session's held changes
        # will not overwrite them), and written only when the moderator says so.
        take_at_start(self.fallback.recovery)

    def kept_sets(self) -> list[KeptSet]:
        """The sets of changes kept from earlier sessions, waiting for a decision."""
        return waiting_sets(self.fallback.recovery)

    def write_kept(self, kept: KeptSet) -> bool:
        """Write a kept set now, before this session's waiting changes, in its order and
        with its times; True once all are written (else they wait with the others)."""
        known = [c for c in kept.commands if c.group in self.fallback.store.command_groups]
        self.fallback.held = known + self.fallback.held
        written = self.retry()  # what is not written is in the guard's own file now
        kept.path.unlink(missing_ok=True)
        return written

    def set_aside(self, kept: KeptSet, names: Callable[[int], str | None]) -> Path:
        """Keep the set in a file, not written (with a readable list beside it)."""
        return set_aside(kept, names)

    @property
    def waiting(self) -> int:
        return self.fallback.waiting

    @property
    def recovery(self) -> Path:
        return self.fallback.recovery

    @property
    def stand_in(self) -> Engine | None:
        return self.fallback.stand_in

    def sentence(self) -> str:
        return self.fallback.sentence()

    def retry(self) -> bool:
        """Write the waiting changes now; True once none is left."""
        return self.fallback.write_back()

    def close(self) -> None:
        self._timer.stop()
        self.fallback.close()

    def _tell(self, sentence: str) -> None:
        if self.fallback.waiting:
            self._timer.start()
        else:
            self._timer.stop()
        self.status.emit(sentence)


class StorageBanner(QLabel):
    """The one sentence, kept in view in the status bar while changes wait."""

    def __init__(self, guard: StorageGuard, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWordWrap(False)
        self.setStyleSheet(
            "background: #fef3c7; color: #92400e; font-weight: bold; padding: 2px 8px;"
        )
        self.hide()
        window.statusBar().insertPermanentWidget(0, self, 1)
        self._window = window
        guard.status.connect(self.show_sentence)
        guard.saved.connect(self.show_saved)
        if guard.waiting:
            self.show_sentence(guard.sentence())

    def show_sentence(self, sentence: str) -> None:
        self.setText(sentence)
        self.setToolTip(sentence)
        self.setMinimumWidth(self.sizeHint().width())  # all of it: the rest may shrink
        self.setVisible(bool(sentence))

    def show_saved(self, message: str) -> None:
        self._window.statusBar().showMessage(message, 8000)


def storage_guard(store: Store) -> StorageGuard:
    """The one guard of this store (every window on it shares it); kept on the store, so
    that both go together (a cycle the collector takes, unlike a weak-keyed table whose
    values would hold their keys)."""
    guard = getattr(store, "_storage_guard", None)
    if not isinstance(guard, StorageGuard):
        guard = StorageGuard(store)
        store._storage_guard = guard  # type: ignore[attr-defined]
    return guard


def watch_storage(store: Store, window: QMainWindow) -> StorageBanner:
    """The banner that tells in this window of the changes the store's guard keeps."""
    return StorageBanner(storage_guard(store), window)
