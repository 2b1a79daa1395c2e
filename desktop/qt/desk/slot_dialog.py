"""The dialog for one agenda slot: kind, title, times, people, topics, speaking times.

Times are shown and typed in the conference's zone, whatever the station's own;
the draft it gives back holds them in UTC.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QTextBlockFormat, QTextCursor, QValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from db.agenda.agenda import MAX_SLOT_LIMIT_S, PersonDraft, SlotDraft
from db.meeting.vocabulary import DEFAULT_LIMITS_S, InterventionKind, SlotKind
from desktop.domain.conference_time import from_local, to_local, zone
from desktop.domain.speaking_time import parse_clock

if TYPE_CHECKING:
    from db.meeting.snapshots import ConferenceView

LIMIT_LABELS = {
    InterventionKind.PANELLIST: "Pa&nellist",
    InterventionKind.STATEMENT: "St&atement",
    InterventionKind.QUESTION: "&Question",
    InterventionKind.POINT_OF_ORDER: "Point of orde&r",
    InterventionKind.RIGHT_OF_REPLY: "Ri&ght of reply",
}
_TYPING_A_CLOCK = re.compile(r"\d{0,2}(:\d{0,2})?")
_PROBLEM_STYLE = "color: #b91c1c;"
NO_TITLE = "Give the slot a title."
ENDS_FIRST = "The slot must end after it starts."


class SpeakingTimeBox(QSpinBox):
    """Seconds, shown and typed as m:ss (a bare number is seconds, as elsewhere)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, MAX_SLOT_LIMIT_S)
        self.setSingleStep(15)
        self.setAccelerated(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def textFromValue(self, value: int) -> str:
        return f"{value // 60}:{value % 60:02d}"

    def valueFromText(self, text: str) -> int:
        seconds = parse_clock(text)
        return self.value() if seconds is None else seconds

    def validate(self, input: str, pos: int) -> tuple[QValidator.State, str, int]:
        text = input.strip()
        seconds = parse_clock(text)
        if seconds is not None and self.minimum() <= seconds <= self.maximum():
            return QValidator.State.Acceptable, input, pos
        if _TYPING_A_CLOCK.fullmatch(text):
            return QValidator.State.Intermediate, input, pos
        return QValidator.State.Invalid, input, pos


class DayEdit(QDateEdit):
    """Tab leaves the field (arrows and typing move between its parts)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class ClockEdit(QTimeEdit):
    """A 24-hour clock; Tab leaves the field (arrows and typing move between its parts)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")  # whatever the station's locale says

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def person_line(person: PersonDraft) -> str:
    return f"{person.name}, {person.function}" if person.function else person.name


def parse_person(line: str) -> PersonDraft | None:
    """'Name, function' (the function may itself hold commas); None for a blank line."""
    name, _, function = line.partition(",")
    if not name.strip():
        return None
    return PersonDraft(name=" ".join(name.split()), function=function.strip())


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _qtime(clock: time) -> QTime:
    return QTime(clock.hour, clock.minute)


def _fit_lines(box: QPlainTextEdit | QTextEdit, lines: int) -> None:
    # A plain text box draws a further line into the margin below the last one: leave
    # that margin out there, so that the box shows whole lines and a scroll bar.
    margins = (1 if isinstance(box, QPlainTextEdit) else 2) * int(box.document().documentMargin())
    margins += 2 * box.frameWidth()
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + margins)


def _text_box(lines: int, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field
    box.setPlaceholderText(placeholder)
    _fit_lines(box, lines)
    return box


class LinesBox(QTextEdit):
    """Plain text, one entry a line; a hanging indent shows where a long entry wraps."""

    def __init__(self, lines: int, placeholder: str) -> None:
        super().__init__()
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        _fit_lines(self, lines)
        self._indent()

    def set_lines(self, lines: Iterable[str]) -> None:
        self.setPlainText("\n".join(lines))
        self._indent()

    def lines(self) -> list[str]:
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]

    def _indent(self) -> None:
        indent = self.fontMetrics().horizontalAdvance("MM")
        block = QTextBlockFormat()
        block.setLeftMargin(indent)
        block.setTextIndent(-indent)
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setBlockFormat(block)


class SlotDialog(QDialog):
    """Add or edit an agenda slot; ``draft()`` is what the user made of it."""

    def __init__(
        self,
        conference: ConferenceView,
        draft: SlotDraft,
        parent: QWidget | None = None,
        *,
        title: str = "Agenda slot",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.zone_name = conference.time_zone
        self._original = draft
        self._known_people = {
            p.name: p for p in (*draft.panellists, *([draft.moderator] if draft.moderator else []))
        }

        self.kind = QComboBox()
        for kind in SlotKind:
            self.kind.addItem(kind.label, kind.value)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Required, as on the programme")
        self.day = DayEdit()
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.start = ClockEdit()
        self.end = ClockEdit()
        self.zone_label = QLabel()
        self.zone_label.setStyleSheet("color: #6b7280;")
        self.problem = QLabel()
        self.problem.setStyleSheet(_PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.description = _text_box(4, "What the concept note says about the slot")
        self.moderator = QLineEdit()
        self.moderator.setPlaceholderText("Name, function")
        self.panellists = LinesBox(7, "One per line: Name, function")
        self.topics = LinesBox(5, "One per line")
        self.limits = {kind: SpeakingTimeBox() for kind in InterventionKind}

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()
        self._fill(conference, draft)

        self._length = self._minutes(self.end.time()) - self._minutes(self.start.time())
        self.start.timeChanged.connect(self._keep_length)
        self.end.timeChanged.connect(self._remember_length)
        self.day.dateChanged.connect(self._show_zone)
        self._title_touched = False
        self.title.textEdited.connect(self._touch_title)
        self.title.textChanged.connect(self._revalidate)
        self.end.timeChanged.connect(self._revalidate)
        self.start.timeChanged.connect(self._revalidate)
        self._show_zone()
        self._revalidate()
        self.title.setFocus()

    # -- building --------------------------------------------------------------

    def _lay_out(self) -> None:
        when = QHBoxLayout()
        when.addWidget(self.day)
        for text, clock in (("&Start", self.start), ("&End", self.end)):
            label = QLabel(text)
            label.setBuddy(clock)
            when.addSpacing(8)
            when.addWidget(label)
            when.addWidget(clock)
        when.addSpacing(12)
        when.addWidget(self.zone_label)
        when.addStretch(1)

        limits = QGridLayout()
        limits.setHorizontalSpacing(12)
        for column, (kind, box) in enumerate(self.limits.items()):
            label = QLabel(LIMIT_LABELS[kind])
            label.setBuddy(box)
            limits.addWidget(label, 0, column)
            limits.addWidget(box, 1, column)
        limits.setColumnStretch(len(self.limits), 1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Title:", self.title)
        day_label = QLabel("&Day:")
        day_label.setBuddy(self.day)
        form.addRow(day_label, when)
        form.addRow("", self.problem)
        self._problem_row = form.rowCount() - 1
        self._form = form
        form.addRow("Descr&iption:", self.description)
        form.addRow("&Moderator:", self.moderator)
        form.addRow("&Panellists:", self.panellists)
        form.addRow("T&opics:", self.topics)
        form.addRow("Speaking time\n(m:ss):", limits)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(760)

        order: list[QWidget] = [
            self.kind,
            self.title,
            self.day,
            self.start,
            self.end,
            self.description,
            self.moderator,
            self.panellists,
            self.topics,
            *self.limits.values(),
            self.buttons,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _fill(self, conference: ConferenceView, draft: SlotDraft) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(SlotKind(draft.kind).value)))
        self.title.setText(draft.title)
        starts = to_local(draft.starts_at, self.zone_name)
        ends = to_local(draft.ends_at, self.zone_name)
        # The conference's days; a slot already outside them keeps its own.
        first = min(conference.starts_on, starts.date())
        last = max(conference.ends_on, starts.date())
        self.day.setDateRange(_qdate(first), _qdate(last))
        self.day.setDate(_qdate(starts.date()))
        self.start.setTime(_qtime(starts.time()))
        self.end.setTime(_qtime(ends.time()) if ends.date() == starts.date() else QTime(23, 59))
        self.description.setPlainText(draft.description)
        self.moderator.setText(person_line(draft.moderator) if draft.moderator else "")
        self.moderator.setCursorPosition(0)  # the name, not the end of the function
        self.panellists.set_lines(person_line(p) for p in draft.panellists)
        self.topics.set_lines(draft.topics)
        for kind, box in self.limits.items():
            box.setValue(draft.limits.get(kind, DEFAULT_LIMITS_S[kind]))

    # -- behaviour -------------------------------------------------------------

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @staticmethod
    def _minutes(clock: QTime) -> int:
        return clock.hour() * 60 + clock.minute()

    def _keep_length(self, start: QTime) -> None:
        """A later start moves the end with it, as in a calendar."""
        end = min(self._minutes(start) + self._length, 23 * 60 + 59)
        self.end.setTime(QTime(end // 60, end % 60))

    def _remember_length(self, end: QTime) -> None:
        self._length = max(0, self._minutes(end) - self._minutes(self.start.time()))

    def _touch_title(self) -> None:
        self._title_touched = True
        self._revalidate()

    def _show_zone(self) -> None:
        noon = datetime.combine(self._day(), time(12), tzinfo=zone(self.zone_name))
        offset = noon.utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds()) // 60
        sign = "+" if minutes >= 0 else "−"
        self.zone_label.setText(
            f"Times in {self.zone_name} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"
        )

    def problems(self) -> list[str]:
        """What keeps OK disabled, one sentence each."""
        found = []
        if not self.title.text().strip():
            found.append(NO_TITLE)
        if self._minutes(self.end.time()) <= self._minutes(self.start.time()):
            found.append(ENDS_FIRST)
        return found

    def _revalidate(self) -> None:
        found = self.problems()
        self.ok_button.setEnabled(not found)
        # A new slot has no title yet: no news until the user has typed in the field.
        shown = [p for p in found if p != NO_TITLE or self._title_touched]
        self.problem.setText(" ".join(shown))
        self._form.setRowVisible(self._problem_row, bool(shown))

    def _day(self) -> date:
        qdate = self.day.date()
        return date(qdate.year(), qdate.month(), qdate.day())

    def _moment(self, clock: QTime) -> datetime:
        return from_local(self._day(), time(clock.hour(), clock.minute()), self.zone_name)

    def _person(self, line: str) -> PersonDraft | None:
        typed = parse_person(line)
        if typed is None:
            return None
        known = self._known_people.get(typed.name)
        # Keep what the dialog does not show (delegation, e-mail) for people it knew.
        return replace(known, function=typed.function) if known else typed

    def draft(self) -> SlotDraft:
        return SlotDraft(
            kind=SlotKind(self.kind.currentData()),
            title=self.title.text().strip(),
            starts_at=self._moment(self.start.time()),
            ends_at=self._moment(self.end.time()),
            description=self.description.toPlainText().strip(),
            topics=tuple(self.topics.lines()),
            moderator=self._person(self.moderator.text()),
            panellists=tuple(
                person
                for person in map(self._person, self.panellists.lines())
                if person is not None
            ),
            limits={kind: box.value() for kind, box in self.limits.items()},
        )
