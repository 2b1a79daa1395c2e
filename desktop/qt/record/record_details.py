"""Beside the notes: tags (the slot's topics and free tags), the recommendation and
follow-up flags, written statements, internal notes and the intervention's history."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

from db.meeting.actions import Action
from db.steps import attachment, step_of
from desktop.domain.conference_time import hms
from desktop.domain.roles import Area

if TYPE_CHECKING:
    from db.meeting.snapshots import InterventionView
    from desktop.qt.desk.desk import Desk


def split_tags(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class TagCompleter(QCompleter):
    """Completes the tag after the last comma, keeping those before it."""

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        widget = self.widget()
        before = widget.text().rsplit(",", 1)[0] if isinstance(widget, QLineEdit) else ""
        chosen = str(index.data())
        if isinstance(widget, QLineEdit) and "," in widget.text():
            return f"{before.rstrip()}, {chosen}"
        return chosen


class RecordDetails(QWidget):
    """Tags, flags and statements of the intervention shown in the notes editor."""

    attach_requested = Signal()

    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.intervention: InterventionView | None = None
        self._unread = False  # statements, history and tag words not read while hidden
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("Tags, separated by commas — the slot's topics come first")
        self.tags.setAccessibleName("Tags")
        self.tag_words = QStringListModel(self)
        completer = TagCompleter(self.tag_words, self)
        completer.setCaseSensitivity(completer.caseSensitivity().CaseInsensitive)
        completer.setFilterMode(completer.filterMode().MatchContains)
        self.tags.setCompleter(completer)
        self.tags.editingFinished.connect(self.save_tags)
        self.topics_button = QToolButton()
        self.topics_button.setText("Topics")
        self.topics_button.setToolTip("Tag with one of the slot's topics")
        self.topics_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.topics_menu = QMenu(self.topics_button)
        self.topics_button.setMenu(self.topics_menu)
        self.topics_menu.aboutToShow.connect(self._fill_topics)
        self.recommendation = QCheckBox("Recommendation")
        self.follow_up = QCheckBox("Follow-up")
        self.recommendation.clicked.connect(lambda on: self._flags(recommendation=bool(on)))
        self.follow_up.clicked.connect(lambda on: self._flags(follow_up=bool(on)))
        self.attach_button = QPushButton("Attach a statement…")
        self.attach_button.setToolTip("Attach a written statement (a file) to this intervention")
        self.attach_button.clicked.connect(self.choose_statement)
        self.statements = QLabel()
        self.statements.setWordWrap(True)
        self.statements.linkActivated.connect(self.open_statement)
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        self.history.setAccessibleName("History of the intervention")
        self.history.setMaximumHeight(110)
        self.history.setStyleSheet("color: #374151;")

        tag_row = QHBoxLayout()
        tag_row.addWidget(self.tags, 1)
        tag_row.addWidget(self.topics_button)
        flag_row = QHBoxLayout()
        flag_row.addWidget(self.recommendation)
        flag_row.addWidget(self.follow_up)
        flag_row.addStretch(1)
        flag_row.addWidget(self.attach_button)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Tags", tag_row)
        form.addRow("", flag_row)
        form.addRow("Statements", self.statements)
        form.addRow("History", self.history)
        self.show_intervention(None)

    def show_intervention(self, intervention: InterventionView | None) -> None:
        another = (
            intervention is None
            or self.intervention is None
            or (intervention.id != self.intervention.id)
        )
        self.intervention = intervention
        for widget in (
            self.tags,
            self.topics_button,
            self.recommendation,
            self.follow_up,
            self.attach_button,
        ):
            widget.setEnabled(intervention is not None)
        if intervention is None:
            self.tags.clear()
            self.recommendation.setChecked(False)
            self.follow_up.setChecked(False)
            self.statements.setText("—")
            self.history.clear()
            return
        if not self.tags.hasFocus():
            self.tags.setText(", ".join(intervention.tags))
            self.tags.setCursorPosition(0)  # the first tags in view, not the end
        self.recommendation.setChecked(intervention.recommendation)
        self.follow_up.setChecked(intervention.follow_up)
        if not self.isVisible():  # the moderator's glance: read when shown (showEvent)
            self._unread = True
            return
        self._unread = False
        record = self.desk.store.record
        attachments = record.attachments(intervention.id)
        self.statements.setText(
            " · ".join(f'<a href="{a.id}">{a.filename}</a>' for a in attachments) or "none"
        )
        zone = self.desk.zone
        self.history.setPlainText(
            "\n".join(
                f"{hms(line.at, zone)}  {line.station}  {line.text}"
                for line in record.history(intervention.id)
            )
        )
        self.history.verticalScrollBar().setValue(self.history.verticalScrollBar().maximum())
        if another:  # the completion's words, once per intervention shown
            self._offer_tags(intervention.slot_id)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._unread and self.intervention is not None:
            shown, self.intervention = self.intervention, None
            self.show_intervention(shown)

    def _offer_tags(self, slot_id: int) -> None:
        record = self.desk.store.record
        topics = record.topics(slot_id)
        conference = self.desk.conference
        used = record.tags_in_use(conference.id) if conference else []
        known = {t.casefold() for t in topics}
        self.tag_words.setStringList(topics + [t for t in used if t.casefold() not in known])

    def _fill_topics(self) -> None:
        self.topics_menu.clear()
        intervention = self.intervention
        if intervention is None:
            return
        have = {t.casefold() for t in split_tags(self.tags.text())}
        topics = self.desk.store.record.topics(intervention.slot_id)
        if not topics:
            self.topics_menu.addAction("The slot has no topics").setEnabled(False)
        for topic in topics:
            action = QAction(topic, self.topics_menu)
            action.setCheckable(True)
            action.setChecked(topic.casefold() in have)
            action.toggled.connect(lambda on, t=topic: self.toggle_tag(t, on))
            self.topics_menu.addAction(action)

    def toggle_tag(self, tag: str, on: bool) -> None:
        tags = [t for t in split_tags(self.tags.text()) if t.casefold() != tag.casefold()]
        if on:
            tags.append(tag)
        self.tags.setText(", ".join(tags))
        self.save_tags()

    def save_tags(self) -> None:
        intervention = self.intervention
        if intervention is None:
            return
        tags = split_tags(self.tags.text())
        if tags == list(intervention.tags) or not self.desk.allowed(Area.RECORD):
            return
        self.desk.perform_step(  # undo: the tags it had, as the store read them
            f"Change the tags of {_whose(intervention)}",
            step_of(Action.RECORD_TAGS, intervention.id, tags=tags),
        )

    def _flags(self, **flags: bool) -> None:
        intervention = self.intervention
        if intervention is not None:
            self.desk.perform_step(
                _flags_text(flags, _whose(intervention)),
                step_of(Action.RECORD_FLAGS, intervention.id, **flags),
            )

    def choose_statement(self) -> None:
        if self.intervention is None or not self.desk.allowed(Area.RECORD):
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Attach a written statement",
            "",
            "Statements (*.pdf *.docx *.doc *.odt *.txt *.rtf);;All files (*)",
        )
        if path:
            self.attach(Path(path))

    def attach(self, path: Path) -> None:
        intervention = self.intervention
        if intervention is None:
            return
        try:
            content = path.read_bytes()
        except OSError as error:
            self.desk.problem.emit(f"Cannot read {path.name}: {error.strerror or error}.")
            return
        self.desk.perform_step(  # undo: taken off the record again
            f"Attach {path.name} to {_whose(intervention)}",
            attachment(intervention.id, path.name, content, self.desk.clock.now()),
        )

    def open_statement(self, link: str) -> None:
        """Open a statement with the system's program, from a copy in a temporary folder."""
        attachment = next(
            (
                a
                for a in self.desk.store.record.attachments(
                    self.intervention.id if self.intervention else -1
                )
                if str(a.id) == link
            ),
            None,
        )
        if attachment is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="floordesk-statement-"))
        copy = folder / Path(attachment.filename).name
        copy.write_bytes(self.desk.store.record.attachment_content(attachment.id))
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy)))


def _whose(intervention: InterventionView) -> str:
    """The intervention, in an undo entry's words."""
    who = intervention.delegation or intervention.speaker
    return f"the intervention of {who}" if who else "the intervention"


def _flags_text(flags: dict[str, bool], whose: str) -> str:
    words = {
        ("recommendation", True): "mark as a recommendation",
        ("recommendation", False): "no longer a recommendation",
        ("follow_up", True): "mark for follow-up",
        ("follow_up", False): "no longer for follow-up",
    }
    text = "; ".join(words[name, bool(on)] for name, on in flags.items()) or "change the flags"
    return f"{text[:1].upper()}{text[1:]}: {whose}"
