"""The technician's cues: what to do in Zoom now, who to prepare next, and the video keys.

At the top of the Zoom pane. When the floor goes to a remote speaker, the cue says whom
to unmute, by the name Zoom shows ("Unmute Anna Weber (Austria) in Zoom — shown in
Zoom as “AWeber-AT”"); below it, the next remote speaker to make a panellist. A video
statement shows its player's state with its keys. The readiness board holds the next
three remote speakers: seen in the meeting, hand raised, linked to a delegation, video
file ready and checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from db.meeting.vocabulary import Channel
from desktop.domain.remote_readiness import (
    Readiness,
    match_participant,
    prepare_cue,
    readiness,
    unmute_cue,
)
from desktop.domain.speaking_time import format_clock
from desktop.qt.action_button import ActionButton

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk
    from desktop.qt.technician.video_statement import VideoStatements

UPCOMING_LOOKED_AT = 12  # the list's head, among which the next three remote speakers are
STATUS_MS = 500
YES, NO = "✓", "—"
_Index = QModelIndex | QPersistentModelIndex


@dataclass
class VideoKeys:
    """The window's actions for the technician's keys, shown as the pane's buttons."""

    audio_lost: QAction
    play_pause: QAction
    back: QAction
    restart: QAction
    stop: QAction
    attach: QAction


class ReadinessModel(QAbstractTableModel):
    """The next three remote speakers, a row each; ready rows in green."""

    HEADERS = ("Next remote", "In the meeting", "Hand", "Delegation", "Video")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Readiness] = []

    def set_rows(self, rows: list[Readiness]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return f"Zoom name: {row.zoom_name}" if row.zoom_name else "Not found in Zoom"
        if role == Qt.ItemDataRole.BackgroundRole and index.column() == 0:
            return QColor("#dcfce7") if row.ready else QColor("#fef3c7")
        if role == Qt.ItemDataRole.UserRole:
            return row.request_id
        return None

    @staticmethod
    def _text(row: Readiness, column: int) -> str:
        if column == 0:
            return row.who + (" (video)" if row.channel is Channel.VIDEO else "")
        if column == 4:
            if row.channel is not Channel.VIDEO:
                return ""
            return f"{YES} {row.video}" if row.video else "missing"
        flag = (row.in_meeting, row.hand_raised, row.delegation_linked)[column - 1]
        return YES if flag else NO


class TechnicianCues(QWidget):
    def __init__(self, desk: Desk, videos: VideoStatements, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("technicianCues")
        self.desk = desk
        self.videos = videos
        self.cue = QLabel()
        self.cue.setObjectName("cue")
        self.cue.setWordWrap(True)
        self.next_cue = QLabel()
        self.next_cue.setObjectName("nextCue")
        self.next_cue.setWordWrap(True)
        self.video_status = QLabel()
        self.video_status.setObjectName("videoStatus")
        self.keys_row = QHBoxLayout()
        self.board_model = ReadinessModel()
        self.board = QTableView()
        self.board.setModel(self.board_model)
        self.board.setAccessibleName("Readiness of the next remote speakers")
        self.board.verticalHeader().hide()
        self.board.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.board.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        header = self.board.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.board.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        rows = self.board.verticalHeader().defaultSectionSize() * 3
        self.board.setFixedHeight(rows + self.board.horizontalHeader().sizeHint().height() + 4)
        self.board.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.cue)
        layout.addWidget(self.next_cue)
        layout.addWidget(self.video_status)
        layout.addLayout(self.keys_row)
        layout.setSpacing(3)
        layout.addWidget(self.board)

        self.status_timer = QTimer(self)
        self.status_timer.setInterval(STATUS_MS)
        self.status_timer.timeout.connect(self.show_video_status)
        desk.changed_later.connect(self.refresh)
        desk.live_changed.connect(self.refresh)
        desk.agenda_changed.connect(self.refresh)
        videos.state_changed.connect(self.show_video_status)
        self.refresh()

    def set_keys(self, keys: VideoKeys) -> None:
        """The window's actions as buttons (their keys work everywhere in the window)."""
        self.keys = keys
        # Short words on the buttons, so that the row fits the dock; the action's full
        # name and its key are in the tooltip and the Video menu.
        for action, words in (
            (keys.audio_lost, "Audio lost"),
            (keys.play_pause, "Play/pause"),
            (keys.back, "−10 s"),
            (keys.restart, "Restart"),
            (keys.stop, "Stop"),
            (keys.attach, "Video…"),
        ):
            self.keys_row.addWidget(ActionButton(action, words))
        self.keys_row.addStretch(1)

    def selected_request_id(self) -> int | None:
        index = self.board.currentIndex()
        value = index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole) if index.isValid() else None
        return int(value) if value is not None else None

    # -- following the desk ---------------------------------------------------------------

    def refresh(self) -> None:
        desk = self.desk
        conference, live = desk.conference, desk.live_slot
        participants = desk.store.participants.remote(conference.id) if conference else []
        current = desk.current
        self._show_cue(current, participants)
        upcoming = desk.store.speakers.upcoming(live.id, UPCOMING_LOOKED_AT) if live else []
        chat = desk.store.chat_proposals.open(conference.id) if conference else []
        remote = [r for r in upcoming if r.channel in (Channel.REMOTE, Channel.VIDEO)]
        videos = desk.store_media.videos([r.id for r in remote])
        names = {request_id: video.filename for request_id, video in videos.items()}
        self.board_model.set_rows(
            readiness(remote, participants, [(c.sender, c.delegation) for c in chat], names)
        )
        following = next((r for r in remote if r.channel is Channel.REMOTE), None)
        if following is None:
            self.next_cue.setText("No remote speaker waits on the list.")
        else:
            found = match_participant(following.speaker, following.delegation, participants)
            self.next_cue.setText(
                prepare_cue(following.speaker, following.delegation, found.name if found else None)
            )
        self.show_video_status()

    def _show_cue(self, current: Any, participants: list[Any]) -> None:
        if current is None:
            self._set_cue("Nobody has the floor.", "#f3f4f6", "#374151")
        elif current.channel is Channel.REMOTE:
            found = match_participant(current.speaker, current.delegation, participants)
            text = unmute_cue(current.speaker, current.delegation, found.name if found else None)
            if self.desk.audio_lost:
                text = f"Audio lost — {text}"
            self._set_cue(text, "#fee2e2" if self.desk.audio_lost else "#dbeafe", "#1e3a8a")
        elif current.channel is Channel.VIDEO:
            who = current.delegation or current.speaker or "the speaker"
            self._set_cue(f"Play the video statement of {who}.", "#ede9fe", "#4c1d95")
        else:
            who = current.delegation or current.speaker or "the speaker"
            self._set_cue(f"{who} speaks in the hall: nobody to unmute.", "#f3f4f6", "#374151")

    def _set_cue(self, text: str, background: str, colour: str) -> None:
        self.cue.setText(text)
        self.cue.setStyleSheet(
            "font-size: 14px; font-weight: bold; padding: 4px; border-radius: 4px; "
            f"background: {background}; color: {colour};"
        )

    def show_video_status(self) -> None:
        self._video_status()
        self.video_status.setVisible(bool(self.video_status.text()))

    def _video_status(self) -> None:
        videos = self.videos
        if not videos.available:
            self.video_status.setText(videos.player.problem or "")
            return
        if not videos.loaded or videos.video is None:
            self.video_status.setText("")
            self.status_timer.stop()
            return
        player = videos.player
        where = format_clock(timedelta(milliseconds=player.position_ms))
        length = format_clock(timedelta(milliseconds=player.length_ms or videos.video.duration_ms))
        if videos.failed:
            state = "Stopped by an error"
        elif player.is_playing:
            state = "Playing"
        else:
            state = "Paused"
        self.video_status.setText(f"{state} {videos.video.filename}: {where} of {length}")
        if not self.status_timer.isActive():
            self.status_timer.start()
