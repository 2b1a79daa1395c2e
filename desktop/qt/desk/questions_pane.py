"""Audience questions from the conference hashtag: the moderator picks, then puts them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from db.meeting.actions import Action, of_subject
from db.meeting.vocabulary import QuestionStatus
from db.speakers.audience_questions import QuestionView
from db.steps import step
from desktop.domain.conference_time import hm
from desktop.qt.desk.item_models import Column, Roles, SnapshotTableModel
from desktop.qt.views import keep_selection_by_id, stretch, table_view

if TYPE_CHECKING:
    from db.meeting.snapshots import Change
    from desktop.qt.desk.desk import Desk

_STATUS_WORDS = {
    QuestionStatus.NEW: "",
    QuestionStatus.SELECTED: "to put",
    QuestionStatus.PUT: "put",
    QuestionStatus.DISMISSED: "dismissed",
}
_OPEN = (QuestionStatus.NEW, QuestionStatus.SELECTED, QuestionStatus.PUT)


_QUESTIONS = of_subject("question", "questions")


class QuestionsModel(SnapshotTableModel[QuestionView]):
    paint_roles = (Qt.ItemDataRole.ForegroundRole,)

    def __init__(self, desk: Desk) -> None:
        self.columns = (
            Column("Posted", lambda r: hm(r.posted_at, desk.zone)),
            Column("By", lambda r: r.author),
            Column("Question", lambda r: r.text.replace("\n", " "), tooltip=lambda r: r.text),
            Column("", lambda r: _STATUS_WORDS[r.status]),
        )
        super().__init__(desk)

    def wants(self, change: Change) -> bool:
        return change.action in _QUESTIONS

    def query(self) -> list[QuestionView]:
        conference = self.desk.conference
        if conference is None:
            return []
        rows = self.desk.store.audience_questions.questions(conference.id, _OPEN)
        order = {QuestionStatus.SELECTED: 0, QuestionStatus.NEW: 1, QuestionStatus.PUT: 2}
        return sorted(rows, key=lambda q: (order.get(q.status, 3), q.posted_at))

    def extra_data(self, row: QuestionView, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and row.status is QuestionStatus.PUT:
            return QColor("#9ca3af")
        if role == Qt.ItemDataRole.ForegroundRole and row.status is QuestionStatus.SELECTED:
            return QColor("#1d4ed8")
        return None


class QuestionsPane(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.model = QuestionsModel(desk)
        self.view = table_view(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        stretch(self.view, 2)
        keep_selection_by_id(self.view, Roles.ID)
        self.view.setAccessibleName("Audience questions")
        buttons = QHBoxLayout()
        for text, status in (
            ("Select", QuestionStatus.SELECTED),
            ("Put to the panel", QuestionStatus.PUT),
            ("Dismiss", QuestionStatus.DISMISSED),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, s=status: self.set_selected(s))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel("<b>Audience questions</b> — selected first"))
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def set_selected(self, status: QuestionStatus) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            self.desk.problem.emit("Select a question first.")
            return
        question = self.model.row_at(index.row())
        self.desk.perform_step(
            f"Question: {_STATUS_WORDS[status] or 'new'}",
            step(
                Action.QUESTION_STATUS,
                question_id=question.id,
                status=status,
                at=self.desk.clock.now(),
            ),
            step(
                Action.QUESTION_STATUS,
                question_id=question.id,
                status=question.status,
                at=question.put_at,
            ),
        )
