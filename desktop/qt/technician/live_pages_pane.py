"""The desk's side of the live pages: the pane that starts and stops serving (address,
token, QR code, what is connected, the languages the booths expect) and the banner that
shows a booth's signal at once."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from db.meeting.vocabulary import BOOTH_LANGUAGES
from desktop.domain.conference_time import hms
from desktop.qt.technician.live_pages import LivePages, connected_words
from desktop.web.control import Signal
from desktop.web.pages import BOOTH_AHEAD, expected_language, who

if TYPE_CHECKING:
    from db.meeting.snapshots import FloorRequestView

LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "ru": "Russian",
    "es": "Spanish",
}
QR_TARGETS = (
    ("list", "Phones: the live list"),
    ("timer", "Lectern: the speaker timer"),
    ("booth", "Booths: the interpreters' page"),
    ("pairing", "Controller: pairing (with the token)"),
)
BANNER_SHOWN_MS = 120_000  # a signal stays two minutes unless dismissed or answered
_BANNER_STYLE = (
    "#boothBanner { background: #ede9fe; border: 2px solid #7c3aed; border-radius: 6px; }"
    " #boothBanner QLabel { color: #3b0764; font-weight: bold; }"
)


def qr_pixmap(text: str, scale: int = 5) -> QPixmap:
    import segno  # when first drawn: it brings urllib and the XML writers (some 40 ms)

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class BoothBanner(QFrame):
    """'French booth: slower, please' — on the desk at once; the moderator may put a
    short line on the speaker display, or dismiss it."""

    def __init__(self, live: LivePages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.setObjectName("boothBanner")
        self.setStyleSheet(_BANNER_STYLE)
        self.text = QLabel()
        self.text.setAccessibleName("Signal from an interpreters' booth")
        self.to_display = QPushButton("Show on the speaker display")
        self.dismiss = QPushButton("Dismiss")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 4, 10, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.to_display)
        row.addWidget(self.dismiss)
        self.to_display.clicked.connect(self.show_on_display)
        self.dismiss.clicked.connect(self.hide)
        self._hide_later = QTimer(self)
        self._hide_later.setSingleShot(True)
        self._hide_later.setInterval(BANNER_SHOWN_MS)
        self._hide_later.timeout.connect(self.hide)
        self.signal: Signal | None = None
        self.hide()
        live.booth_signal.connect(self.show_signal)

    def show_signal(self, signal: str, language: str) -> None:
        self.signal = Signal(signal)
        self.language = language
        at = hms(self.live.desk.clock.now(), self.live.desk.zone)
        booth = LANGUAGE_NAMES.get(language, language)
        self.text.setText(f"{booth} booth ({language.upper()}): {self.signal.sentence} — {at}")
        self.show()
        self._hide_later.start()

    def show_on_display(self) -> None:
        """A short line for the speaker, in the display's message (taken off when the
        floor passes)."""
        if self.signal is not None:
            self.live.outputs.set_message(f"Interpreters: {self.signal.sentence.lower()}")
        self.hide()


class LivePagesPane(QWidget):
    def __init__(self, live: LivePages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        serve = QToolButton()
        serve.setDefaultAction(live.serve_action)
        serve.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.connected = QLabel()
        self.token = QLineEdit(live.token)
        self.token.setReadOnly(True)
        self.token.setAccessibleName("Token of the control API")
        renew = QPushButton("New token")
        renew.setToolTip("Every Stream Deck or script must pair again")
        renew.clicked.connect(self._renew)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(renew)
        self.qr_target = QComboBox()
        for key, title in QR_TARGETS:
            self.qr_target.addItem(title, key)
        self.qr_target.currentIndexChanged.connect(self.refresh)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setAccessibleName("QR code of the address")
        save = QPushButton("Save the QR code to print…")
        save.clicked.connect(self.save_qr)

        self.languages = QGroupBox("Languages the booths expect")
        self.language_form = QFormLayout(self.languages)
        self.language_rows: list[tuple[QLabel, QComboBox]] = []
        for _ in range(BOOTH_AHEAD + 1):
            name, choice = QLabel(), QComboBox()
            for code in BOOTH_LANGUAGES:
                choice.addItem(LANGUAGE_NAMES[code], code)
            choice.activated.connect(lambda _i, c=choice: self._language_chosen(c))
            self.language_form.addRow(name, choice)
            self.language_rows.append((name, choice))

        layout = QVBoxLayout(self)
        layout.addWidget(serve)
        layout.addWidget(self.status)
        layout.addWidget(self.connected)
        layout.addWidget(QLabel("Token for the Stream Deck and scripts:"))
        layout.addLayout(token_row)
        layout.addWidget(self.qr_target)
        layout.addWidget(self.qr)
        layout.addWidget(save)
        layout.addWidget(self.languages)
        layout.addStretch(1)
        live.serving_changed.connect(self.refresh)
        live.server.clients_changed.connect(self._show_connected)
        live.desk.changed_later.connect(self._show_languages)
        live.desk.live_changed.connect(self._show_languages)
        self.refresh()
        self._show_languages()

    def target_address(self) -> str:
        key = self.qr_target.currentData()
        return self.live.pairing_address() if key == "pairing" else self.live.address(key)

    def refresh(self) -> None:
        live = self.live
        self.token.setText(live.token)
        if not live.server.serving:
            self.status.setText(
                live.problem
                or "Not serving: phones, the lectern and the booths see nothing until it is."
            )
            self.qr.clear()
            self.connected.setText("")
            return
        pages = " · ".join(f"{page}: {live.address(page)}" for page in ("list", "timer", "booth"))
        self.status.setText(f"Serving on {live.address('')} — {pages}")
        self.qr.setPixmap(qr_pixmap(self.target_address()))
        self._show_connected()

    def _show_connected(self) -> None:
        if self.live.server.serving:
            self.connected.setText(f"Connected: {connected_words(self.live.counts())}")

    def _renew(self) -> None:
        self.live.renew_token()
        self.refresh()

    def save_qr(self) -> None:
        address = self.target_address()
        if not address:
            self.status.setText("Serve the live pages first: the QR code holds their address.")
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the QR code", "floordesk-live-pages.svg", "SVG (*.svg);;PNG (*.png)"
        )
        if path:
            import segno

            segno.make(address, error="m").save(path, scale=10, border=4)

    def _speakers(self) -> Sequence[FloorRequestView]:
        return self.live.desk.next_up[:BOOTH_AHEAD]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_languages()

    def _show_languages(self) -> None:
        if not self.isVisible():
            return  # read when the pane is shown: nothing on the key's way meanwhile
        desk = self.live.desk
        self.live.feed.floor()  # the booths' details read, if a change came since
        current = desk.current
        rows: list[tuple[str, FloorRequestView | None, int | None]] = []
        if current is not None:
            rows.append((f"Now: {who(current) or 'speaker'}", None, current.floor_request_id))
        rows += [(f"Next: {who(r) or 'speaker'}", r, r.id) for r in self._speakers()]
        details = self.live.feed.booth
        for index, (name, choice) in enumerate(self.language_rows):
            shown = index < len(rows)
            name.setVisible(shown)
            choice.setVisible(shown)
            if not shown:
                continue
            text, _request, request_id = rows[index]
            language, source = expected_language(
                details.get(request_id) if request_id is not None else None
            )
            name.setText(text + ("" if source == "request" else " (usual)"))
            choice.setProperty("request_id", request_id)
            choice.setCurrentIndex(max(choice.findData(language), 0))

    def _language_chosen(self, choice: QComboBox) -> None:
        request_id = choice.property("request_id")
        if request_id is None:
            return
        found = self.live.desk.store.speakers.requests_with_ids([int(request_id)])
        if found:
            from desktop.qt.technician.live_pages_feed import correct_language

            correct_language(self.live.desk, found[0], choice.currentData())
