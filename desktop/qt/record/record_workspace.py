"""The rapporteur's workspace: the slot's record following the live session, the notes
of the intervention chosen (saved as they are typed), its tags, flags, statements and
history, corrections from the context menu, and a search over the whole record.

For the moderator the same pane shows only the short record table.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.meeting.actions import Action
from db.steps import step, step_of
from desktop.domain.conference_time import hms
from desktop.domain.roles import Area
from desktop.qt.desk.item_models import Column, RecordModel
from desktop.qt.record.record_corrections import MergeDialog, SpeakerDialog, TakenBackDialog
from desktop.qt.record.record_details import RecordDetails
from desktop.qt.record.record_merge import NotesMerge, appended
from desktop.qt.record.record_notes import TypedTextSaver, notes_box
from desktop.qt.record.record_search_box import RecordSearchBox
from desktop.qt.views import fit_columns, stretch, table_view

if TYPE_CHECKING:
    from db.meeting.snapshots import InterventionView
    from desktop.qt.desk.desk import Desk

DETAIL_COLUMNS = (3, 4, 5, 6, 7, 8)  # overrun, kind, channel, taken back, flags, tags
TAGS_COLUMN = 8
DELEGATION_WIDTH = 170  # for the rapporteur, beside the tags


def _flags(intervention: InterventionView) -> str:
    marks = []
    if intervention.recommendation:
        marks.append("Rec.")
    if intervention.follow_up:
        marks.append("Follow-up")
    return " ".join(marks)


class RecordTableModel(RecordModel):
    """The record table, with the rapporteur's flags and tags."""

    paint_roles = (*RecordModel.paint_roles, Qt.ItemDataRole.BackgroundRole)

    def __init__(self, desk: Desk) -> None:
        super().__init__(desk)
        given, delegation, *rest = self.columns
        self.columns = (
            given,
            # A panellist or keynote speaker of no delegation: their name instead.
            Column("Delegation", lambda i: i.nameplate or i.speaker, tooltip=delegation.tooltip),
            *rest,
            Column("Flags", _flags),
            Column("Tags", lambda i: ", ".join(i.tags), tooltip=lambda i: "\n".join(i.tags)),
        )
        self.declare_columns()

    def extra_data(self, row: InterventionView, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and row.is_current:
            from PySide6.QtGui import QColor

            return QColor("#dcfce7")
        return super().extra_data(row, column, role)


class RecordWorkspace(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.model = RecordTableModel(desk)
        self.heading = QLabel("<b>Record</b>")
        self.heading.setWordWrap(True)
        self.search = RecordSearchBox(desk)
        self.view = table_view(self)
        self.view.setModel(self.model)
        # Widths from samples of the widest text, once: measuring the rows would ask the
        # model again, and a scroll bar coming and going would repaint the window.
        fit_columns(self.view, [column.sample for column in self.model.columns])
        stretch(self.view, 1)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #374151;")
        self.notes = notes_box(
            "Notes on the substance of the selected intervention — saved as you type.",
            "Rapporteur's notes",
        )
        self.internal_notes = notes_box(
            "Internal notes (never in a public export)", "Rapporteur's internal notes"
        )
        self.internal_notes.setMaximumHeight(70)
        self.details = RecordDetails(desk)
        self.notes_saver = TypedTextSaver(self.notes, desk.save_notes, self)
        self.internal_saver = TypedTextSaver(self.internal_notes, desk.save_internal_notes, self)
        # Another station's notes that a save of ours replaced: shown beside ours to merge.
        self.merge_panel = NotesMerge()
        self.merge_panel.add_theirs.clicked.connect(self.add_theirs)
        desk.notes_overwritten.connect(self._show_theirs)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        heading_row = QHBoxLayout()
        heading_row.addWidget(self.heading, 1)
        top_layout.addLayout(heading_row)
        top_layout.addWidget(self.search)
        top_layout.addWidget(self.view, 1)
        self.editor = QWidget()
        editor_layout = QVBoxLayout(self.editor)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        self.notes_heading = QLabel("<b>Notes</b>")
        editor_layout.addWidget(self.summary)
        editor_layout.addWidget(self.notes_heading)
        editor_layout.addWidget(self.merge_panel, 2)  # theirs above mine, to merge
        editor_layout.addWidget(self.notes, 3)
        editor_layout.addWidget(self.details)
        editor_layout.addWidget(self.internal_notes)
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(top)
        self.split.addWidget(self.editor)
        self.split.setStretchFactor(0, 2)
        self.split.setStretchFactor(1, 3)
        self.split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)

        self._shown: InterventionView | None = None
        self._follow_live = True
        # After every refresh (a row added, one changed, the slot read again): the live
        # intervention, or the one the rapporteur chose, is shown with what it has now.
        self.model.refreshed.connect(self._reselect)
        self.view.selectionModel().currentRowChanged.connect(self._on_current)
        self.search.chosen.connect(self.jump_to)
        desk.slot_changed.connect(self._on_slot)
        desk.live_changed.connect(self._reselect)
        self._on_slot()
        self._show(None)

    @property
    def shown_id(self) -> int | None:
        return self._shown.id if self._shown else None

    def set_role(self, role: str) -> None:
        """The rapporteur writes the record and sees every column; the moderator glances."""
        writing = role == "rapporteur"
        for column in DETAIL_COLUMNS:
            self.view.setColumnHidden(column, not writing)
        self.editor.setVisible(writing)
        self.search.setVisible(writing)
        # The tags take the room left for the rapporteur; the delegation, for the moderator.
        header = self.view.horizontalHeader()
        fit, wide = QHeaderView.ResizeMode.Interactive, QHeaderView.ResizeMode.Stretch
        header.setSectionResizeMode(1, fit if writing else wide)
        header.setSectionResizeMode(TAGS_COLUMN, wide if writing else fit)
        if writing:
            header.resizeSection(1, DELEGATION_WIDTH)
        if writing:  # the record and the notes, half and half
            total = max(self.split.height(), 800)
            self.split.setSizes([total // 2, total - total // 2])

    # -- following the session -----------------------------------------------------

    def _on_slot(self) -> None:
        slot = self.desk.slot
        self.heading.setText(f"<b>Record — {slot.title}</b>" if slot else "<b>Record</b>")
        self._follow_live = True

    def is_writing(self) -> bool:
        """The rapporteur is in the middle of notes on the intervention shown: when the
        floor passes, the editor stays with that speaker (Ctrl+J goes to the live one)."""
        return any(
            box.hasFocus() and saver.typed_since_load
            for box, saver in (
                (self.notes, self.notes_saver),
                (self.internal_notes, self.internal_saver),
            )
        )

    def jump_to_live(self) -> None:
        """Write about the intervention that has the floor now (and follow the session)."""
        current = self.desk.current
        if current is None:
            self.desk.problem.emit("Nobody has the floor.")
            return
        self.save_notes()
        if not self.desk.viewing_live:
            self.desk.show_live()
        self._follow_live = True
        self._shown = None  # whatever is typed was saved: the live one is loaded
        self._reselect()
        self.notes.setFocus()

    def _reselect(self) -> None:
        wanted = self.shown_id
        live = self.desk.current
        if (
            self._follow_live
            and live is not None
            and self.desk.viewing_live
            and (wanted is None or not self.is_writing())
        ):
            wanted = live.id
        row = self.model.row_of(wanted)
        if row is not None:
            index = self.model.index(row, 0)
            if self.view.currentIndex() != index:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
            self._show(self.model.row_at(row))
            return
        if self.model.rowCount():
            self.view.scrollToBottom()
        self._show(None)

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row()) if current.isValid() else None
        if row is not None and row.id == self.shown_id:
            return
        # Choosing the live intervention (or nothing) follows the session; another stays.
        self._follow_live = row is None or row.is_current
        self._show(row)

    def jump_to(self, slot_id: int, intervention_id: int) -> None:
        """Show an intervention found by the search (in its slot), and stay on it."""
        if self.desk.slot is None or self.desk.slot.id != slot_id:
            self.save_notes()
            self.desk.choose_slot(slot_id)
        row = self.model.row_of(intervention_id)
        if row is not None:
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)  # an older one: the session is no longer followed
            self.view.scrollTo(index)
            self.notes.setFocus()

    def describe_notes(self) -> str:
        """Whose notes the editor holds, and where the live intervention is."""
        shown, live = self._shown, self.desk.current
        if shown is None:
            return "<b>Notes</b>"
        who = shown.nameplate or shown.delegation or shown.speaker or "this intervention"
        text = f"<b>Notes on {who}</b>"
        if live is not None and live.id == shown.id:
            return text + " <span style='color:#15803d'>● live</span>"
        if live is not None:
            now = live.nameplate or live.delegation or live.speaker or "the next speaker"
            text += f" — the floor is with {now} now: <b>Ctrl+J</b> writes about them"
        return text

    def _show_theirs(self, intervention_id: int, field: str, theirs: str) -> None:
        row = self.model.row_of(intervention_id)
        shown = self.model.row_at(row) if row is not None else None
        who = (shown.nameplate or shown.delegation or shown.speaker) if shown else ""
        self.merge_panel.show_theirs(intervention_id, field, theirs, who or "this intervention")
        self.merge_panel.add_theirs.setEnabled(intervention_id == self.shown_id)

    def add_theirs(self) -> None:
        """The other station's text below the rapporteur's own, saved as typing is."""
        panel = self.merge_panel
        if panel.intervention_id is None or panel.intervention_id != self.shown_id:
            return
        box = self.internal_notes if panel.field == "internal_notes" else self.notes
        box.setPlainText(appended(box.toPlainText(), panel.theirs.toPlainText()))
        box.moveCursor(box.textCursor().MoveOperation.End)
        box.setFocus()
        panel.finish()

    def _show(self, intervention: InterventionView | None) -> None:
        same = intervention is not None and intervention.id == self.shown_id
        if not same and self.merge_panel.intervention_id != (
            intervention.id if intervention else None
        ):
            self.merge_panel.finish()  # theirs stays in the history of the one left
        self._shown = intervention
        self.details.show_intervention(intervention)
        self.notes_heading.setText(self.describe_notes())
        if intervention is None:
            self.summary.setText("Select an intervention to read or write its notes.")
            self.notes_saver.load(None, "")
            self.internal_saver.load(None, "")
            return
        zone = self.desk.zone
        who = intervention.delegation or "No delegation"
        if intervention.speaker:
            who += f" — {intervention.speaker}"
        ended = (
            f"until {hms(intervention.floor_taken_at, zone)}"
            if intervention.floor_taken_at
            else "<span style='color:#15803d'><b>speaking now</b></span>"
        )
        self.summary.setText(
            f"<b>{who}</b><br>{intervention.kind.label} · {intervention.channel.label} · "
            f"from {hms(intervention.floor_given_at, zone)} {ended}"
        )
        if same:
            self.notes_saver.refresh(intervention.notes)
            self.internal_saver.refresh(intervention.internal_notes)
        else:
            self.notes_saver.load(intervention.id, intervention.notes)
            self.internal_saver.load(intervention.id, intervention.internal_notes)

    def save_notes(self) -> None:
        """Write whatever is typed and not yet saved (on leaving, and at quit)."""
        self.notes_saver.save_now()
        self.internal_saver.save_now()

    def save_all(self) -> None:
        """At quit: the notes and a tag being typed."""
        self.save_notes()
        self.details.save_tags()

    # -- corrections ---------------------------------------------------------------

    def _context_menu(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if not index.isValid():
            return
        intervention = self.model.row_at(index.row())
        menu = QMenu(self)
        for text, slot in (
            ("Correct the delegation or speaker…", self.correct_speaker),
            ("Merge into another intervention…", self.merge),
            (
                "Close the floor (taken back at…)…"
                if intervention.floor_taken_at is None
                else "Correct when the floor was taken back…",
                self.correct_taken_back,
            ),
            ("Attach a written statement…", self.details.choose_statement),
        ):
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        menu.actions()[1].setEnabled(self.model.rowCount() > 1)
        menu.exec(self.view.viewport().mapToGlobal(point))

    def correct_speaker(self) -> None:
        intervention = self._shown
        if intervention is None or not self.desk.allowed(Area.RECORD):
            return
        delegations = self.desk.store.delegations.all()
        dialog = SpeakerDialog(intervention, delegations, self)
        if dialog.exec() != SpeakerDialog.DialogCode.Accepted:
            return
        if not dialog.is_valid():
            self.desk.problem.emit("Choose a delegation from the list.")
            return
        before = next((d.id for d in delegations if d.name == intervention.delegation), None)
        speaker = " ".join(dialog.speaker.text().split())
        if (dialog.chosen_delegation(), speaker) == (before, intervention.speaker):
            return  # accepted unchanged: nothing to correct, nothing to undo
        self.desk.perform_step(  # undo: who was recorded before, as the store read it
            "Correct the delegation or speaker",
            step_of(
                Action.RECORD_CORRECT_SPEAKER,
                intervention.id,
                delegation_id=dialog.chosen_delegation(),
                speaker=dialog.speaker.text(),
            ),
        )

    def merge(self) -> None:
        intervention = self._shown
        if intervention is None or not self.desk.allowed(Area.RECORD):
            return
        others = [i for i in self.model.rows() if i.id != intervention.id]
        if not others:
            return
        dialog = MergeDialog(intervention, others, self.desk.zone, self)
        if dialog.exec() == MergeDialog.DialogCode.Accepted:
            self.save_notes()
            # Not undoable (db/steps.py says why): the undo stack says so.
            self.desk.perform_step(
                "Merge two interventions",
                step(Action.RECORD_MERGE, keep_id=dialog.chosen(), merged_id=intervention.id),
            )

    def correct_taken_back(self) -> None:
        intervention = self._shown
        if intervention is None or not self.desk.allowed(Area.RECORD):
            return
        later = [i for i in self.model.rows() if i.floor_given_at > intervention.floor_given_at]
        suggested = intervention.floor_taken_at or (
            later[0].floor_given_at
            if later
            else min(
                self.desk.clock.now(),
                intervention.floor_given_at
                + timedelta(seconds=intervention.limit_s + intervention.added_s),
            )
        )
        dialog = TakenBackDialog(intervention, suggested, self.desk.zone, self)
        if (
            dialog.exec() == TakenBackDialog.DialogCode.Accepted
            and dialog.chosen() != intervention.floor_taken_at
        ):
            self.desk.perform_step(  # undo: the time before, or the floor open again
                "Close the floor afterwards"
                if intervention.floor_taken_at is None
                else "Correct when the floor was taken back",
                step_of(Action.RECORD_TAKEN_BACK, intervention.id, at=dialog.chosen()),
            )
