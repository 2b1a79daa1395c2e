"""The live pages at this desk: the server, what feeds it, and the commands it carries out.

Off by default (settings: live_pages/enabled, interface, port). One action starts and
stops serving; the pane (live_pages_pane.py) shows the address, the token, a QR code and
what is connected; a booth's signal becomes the banner on the desk.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction

from desktop import settings as options

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk
    from desktop.qt.display.output_state import OutputState
    from desktop.qt.technician.live_pages_feed import DeskControl, LiveFeed
    from desktop.qt.technician.live_pages_server import Limits, LiveServer
    from desktop.settings import Settings

KIND_WORDS = {  # page -> (one, many), as the desk says what is connected
    "list": ("phone", "phones"),
    "booth": ("booth", "booths"),
    "timer": ("timer", "timers"),
    "control": ("controller", "controllers"),
}


def new_token() -> str:
    return secrets.token_urlsafe(18)


def connected_words(counts: dict[str, int]) -> str:
    """'3 phones, 2 booths, 1 controller' (kinds with nobody left out)."""
    parts = [
        f"{n} {KIND_WORDS[page][0 if n == 1 else 1]}"
        for page in ("list", "booth", "timer", "control")
        if (n := counts.get(page, 0))
    ]
    return ", ".join(parts) if parts else "nothing connected"


def reachable_host(interface: str) -> str:
    """The address others on the network type: the interface served on, or when serving on
    all of them, this computer's first IPv4 address that is not loopback."""
    if interface and interface not in ("0.0.0.0", "::"):
        return interface
    from PySide6.QtNetwork import QAbstractSocket, QHostAddress, QNetworkInterface

    for address in QNetworkInterface.allAddresses():
        if (
            address.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol
            and not address.isLoopback()
            and not address.isLinkLocal()
        ):
            return address.toString()
    return QHostAddress(QHostAddress.SpecialAddress.LocalHost).toString()


class LivePages(QObject):
    serving_changed = Signal(bool)
    booth_signal = Signal(str, str)  # signal, booth language

    def __init__(
        self,
        desk: Desk,
        outputs: OutputState,
        settings: Settings,
        warning_s: Callable[[], int],
        limits: Limits | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.outputs = outputs
        self.settings = settings
        self._warning_s = warning_s
        self._limits = limits
        token = settings.get(options.LIVE_PAGES_TOKEN)
        if not token:
            token = new_token()
            settings.set(options.LIVE_PAGES_TOKEN, token)
        self._token = token
        # The feed, the commands and the server, made when first needed (see ``_parts``).
        self._made: tuple[LiveFeed, DeskControl, LiveServer] | None = None
        self.serve_action = QAction("Serve the live pages (phones, lectern, booths)", self)
        self.serve_action.setCheckable(True)
        self.serve_action.toggled.connect(self._on_toggled)
        self.problem = ""

    def _parts(self) -> tuple[LiveFeed, DeskControl, LiveServer]:
        """The feed, the commands and the server, made at the first start or when first
        asked for: a desk that does not serve (the default) starts without the server's
        modules (QtNetwork, QtWebSockets, the pages), some 10 ms of its first frame."""
        if self._made is None:
            from desktop.qt.technician.live_pages_feed import DeskControl, LiveFeed
            from desktop.qt.technician.live_pages_server import LiveServer

            feed = LiveFeed(self.desk, self.outputs, self._warning_s, self._publish, self)
            settings = self.settings
            control = DeskControl(
                self.desk, self.outputs, lambda: settings.get(options.NUDGE_SECONDS), feed
            )
            server = LiveServer(control, self._token, self._limits, self)
            server.state_for = feed.state
            server.booth_signalled.connect(self.booth_signal)
            self._made = (feed, control, server)
        return self._made

    @property
    def feed(self) -> LiveFeed:
        return self._parts()[0]

    @property
    def control(self) -> DeskControl:
        return self._parts()[1]

    @property
    def server(self) -> LiveServer:
        return self._parts()[2]

    @property
    def serving(self) -> bool:
        return self._made is not None and self._made[2].serving

    def _publish(self, page: str, state: dict[str, object]) -> None:
        if self.serving:
            self.server.publish(page, state)

    @property
    def token(self) -> str:
        return self._token

    def renew_token(self) -> str:
        """A new token: every controller must pair again (those connected are dropped)."""
        self._token = new_token()
        if self._made is not None:
            self.server.token = self._token
        self.settings.set(options.LIVE_PAGES_TOKEN, self._token)
        if self.serving:
            self.stop()
            self.start()
        return self._token

    def start(self, interface: str | None = None, port: int | None = None) -> str | None:
        """Serve; returns None, or one sentence saying why not."""
        chosen = (
            interface if interface is not None else self.settings.get(options.LIVE_PAGES_INTERFACE)
        )
        number = port if port is not None else self.settings.get(options.LIVE_PAGES_PORT)
        self.interface = chosen
        self.problem = self.server.start(chosen, number) or ""
        if self.problem:
            self.serve_action.setChecked(False)
            return self.problem
        self.feed.start()
        self.serve_action.setChecked(True)
        self.serving_changed.emit(True)
        return None

    def stop(self) -> None:
        if self._made is not None:  # else never served: nothing to stop
            self.feed.stop()
            self.server.stop()
        self.serve_action.setChecked(False)
        self.serving_changed.emit(False)

    def start_if_enabled(self) -> None:
        """At start: serve if the technician left it serving (off by default)."""
        if self.settings.get(options.LIVE_PAGES_ENABLED):
            self.start()

    def _on_toggled(self, on: bool) -> None:
        self.settings.set(options.LIVE_PAGES_ENABLED, on)
        if on and not self.serving:
            self.start()
        elif not on and self.serving:
            self.stop()

    def address(self, page: str = "list") -> str:
        """The page's address for others on the network ('' when not serving)."""
        if not self.serving:
            return ""
        path = "" if page == "" else f"/{page}"
        return f"http://{reachable_host(self.interface)}:{self.server.port}{path}"

    def pairing_address(self) -> str:
        """What a controller is given: the API's address with the token."""
        base = self.address("")
        return f"{base}/?token={self.token}" if base else ""

    def counts(self) -> dict[str, int]:
        if self.serving:
            return self.server.counts()
        from desktop.qt.technician.live_pages_server import PAGES

        return dict.fromkeys(PAGES, 0)
