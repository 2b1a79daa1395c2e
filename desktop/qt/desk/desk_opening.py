"""The desk opened on a first look (db/first_look.py), before its store: what it holds
until the store is there, and the store taking the first look's place. A base of the desk
(desk.py), as its changes to the list and the floor are."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.first_look import FirstLook
from db.sync.journal_cursor import JournalCursor

if TYPE_CHECKING:
    from collections.abc import Callable

    from PySide6.QtCore import SignalInstance

    from db.floor.statement_media import StatementMedia
    from db.meeting.snapshots import Change, DelegationView
    from db.store import Store
    from db.undo_history import UndoHistory


class DeskOpening:
    """A base of the desk (desk.py), which has what is declared below."""

    if TYPE_CHECKING:
        store: Store
        history: UndoHistory
        problem: SignalInstance
        _journal: JournalCursor
        _delegations: list[DelegationView] | None

        def read_everything_again(self) -> None: ...
        def _on_store_change(self, changes: list[Change]) -> None: ...

    _media: StatementMedia | None  # made when first asked for (desk.py sets None)
    _held: list[Callable[[], object]]  # changes asked for on the first look

    @property
    def store_media(self) -> StatementMedia:
        """The video statements, read by the panes (made when first asked for)."""
        if self._media is None:
            from db.floor.statement_media import StatementMedia

            self._media = StatementMedia(self.store)
        return self._media

    def take_the_store(self, store: Store) -> None:
        """The store in the place of the first look the desk was opened on (before
        SQLAlchemy was loaded, db/first_look.py): its undo history and journal from now
        on, and every view reads again, the slots looked at and live kept."""
        first_look, self.store = self.store, store
        self.history = store.history
        self._media = None
        self._delegations = None
        self._journal = JournalCursor(store.last_journal_id())
        store.subscribe(self._on_store_change)
        self.read_everything_again()
        first_look.close()
        held, self._held = self._held, []
        for change in held:
            change()

    @property
    def opening(self) -> bool:
        """Shown from the first look (db/first_look.py), the store not there yet."""
        return isinstance(self.store, FirstLook)

    def _hold(self, change: Callable[[], object]) -> None:
        """A change asked for on the first look, in the moment before the store is there:
        made, in order, as soon as it is (``take_the_store``), on what the moderator saw
        (a floor change still checks who was speaking, db/floor/giving.py)."""
        self._held.append(change)
        self.problem.emit("The database is opening: the change is made in a moment.")
