"""The desk's side: serving off by default and started by one action, the pane's address,
token and QR code, the languages the booths expect corrected from the pane."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from db.speakers.booth import booth_details
from desktop import settings as options
from desktop.qt.main_window import MainWindow
from desktop.qt.technician.live_pages_pane import LivePagesPane
from desktop.settings import Settings
from tests.web.conftest import QT_WEBSOCKET_DELETED

pytestmark = pytest.mark.qt_log_ignore(QT_WEBSOCKET_DELETED)


def pane_of(window: MainWindow) -> LivePagesPane:
    pane = window.live_pages_pane  # built when first shown or asked for
    assert window.findChild(LivePagesPane) is pane
    return pane


def test_serving_is_off_until_asked_and_one_action_starts_and_stops_it(
    window: MainWindow, settings: Settings, qtbot: QtBot
) -> None:
    live = window.live_pages
    assert not live.server.serving
    assert settings.get(options.LIVE_PAGES_ENABLED) is False
    pane = pane_of(window)
    assert pane.qr.pixmap().isNull()
    assert "Not serving" in pane.status.text()
    settings.set(options.LIVE_PAGES_INTERFACE, "127.0.0.1")
    settings.set(options.LIVE_PAGES_PORT, 0)
    live.serve_action.trigger()
    assert live.server.serving
    assert settings.get(options.LIVE_PAGES_ENABLED) is True  # and again at the next start
    assert f"http://127.0.0.1:{live.server.port}/list" in pane.status.text()
    assert not pane.qr.pixmap().isNull()
    assert pane.token.text() == live.token == settings.get(options.LIVE_PAGES_TOKEN)
    assert len(live.token) >= 20
    pane.qr_target.setCurrentIndex(pane.qr_target.findData("pairing"))
    assert pane.target_address().endswith(f"/?token={live.token}")
    old = live.token
    live.renew_token()
    pane.refresh()
    assert live.token != old and pane.token.text() == live.token
    assert live.server.serving
    live.serve_action.trigger()
    assert not live.server.serving
    assert settings.get(options.LIVE_PAGES_ENABLED) is False


def test_a_port_in_use_is_said_in_one_sentence(window: MainWindow) -> None:
    first = window.live_pages
    assert first.start("127.0.0.1", 0) is None
    taken = first.server.port
    second = first.server
    second.stop()
    from PySide6.QtNetwork import QHostAddress, QTcpServer

    squatter = QTcpServer()
    assert squatter.listen(QHostAddress("127.0.0.1"), taken)
    problem = first.start("127.0.0.1", taken)
    assert problem is not None and problem.startswith(f"Cannot serve on 127.0.0.1:{taken}")
    assert "\n" not in problem
    assert not first.server.serving and not first.serve_action.isChecked()
    assert (
        first.start("not an address", 0)
        == "'not an address' is not an IP address of this computer."
    )
    squatter.close()


def test_the_booths_languages_are_corrected_from_the_pane(window: MainWindow) -> None:
    desk = window.desk
    window.apply_role("technician")  # the pane is the technician's
    pane = pane_of(window)
    assert pane.isVisible()
    name, choice = pane.language_rows[0]  # nobody speaks: the first is the next speaker
    following = desk.next_up[0]
    assert name.text().startswith("Next: ")
    choice.setCurrentIndex(choice.findData("es"))
    choice.activated.emit(choice.currentIndex())
    desk.settle()
    assert booth_details(desk.store, [following.id])[following.id].language == "es"
    assert "(usual)" not in pane.language_rows[0][0].text()
    desk.undo_stack.undo()
    desk.settle()
    assert booth_details(desk.store, [following.id])[following.id].language is None
    assert pane.language_rows[0][0].text().endswith("(usual)")


def test_the_live_lists_qr_code_on_the_speaker_display_between_speakers(
    window: MainWindow, settings: Settings
) -> None:
    qr = window.display_qr
    label = qr.label
    assert label.parent() is window.speaker_display
    assert not qr.action.isChecked() and label.isHidden()  # off by default
    assert window.live_pages.start("127.0.0.1", 0) is None
    qr.action.trigger()
    assert settings.get(options.LIVE_PAGES_QR_ON_DISPLAY) is True
    assert not label.isHidden() and not label.pixmap().isNull()
    band = label.geometry()
    display = window.speaker_display
    assert band.right() < display.width() and band.bottom() < display.height()
    assert band.height() > display.height() // 8
    window.desk.give_floor()
    window.desk.settle()
    assert label.isHidden()  # a speaker has the floor: the display is theirs
    window.desk.take_floor_back()
    window.desk.settle()
    assert not label.isHidden()
    window.toggle_blank()
    assert label.isHidden()
    window.toggle_blank()
    assert not label.isHidden()
    window.live_pages.stop()
    assert label.isHidden()
