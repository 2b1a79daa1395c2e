"""A docked pane that is built when it is first shown, or first asked for.

Most of the window's docks are hidden at start (the technician's panes on a moderator's
desk, the tabs behind the one in front): building them, and importing what they need
(Qt Charts, the network server, the chat readers), would only delay the first frame.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDockWidget, QWidget


class PaneDock(QDockWidget):
    def __init__(self, title: str, parent: QWidget, pane: QWidget | Callable[[], QWidget]) -> None:
        super().__init__(title, parent)
        self._build: Callable[[], QWidget] | None = None
        if isinstance(pane, QWidget):
            self.setWidget(pane)
        else:
            self._build = pane
            self.setWidget(QWidget())  # holds the place until the pane is built
            self.visibilityChanged.connect(self._on_visibility_changed)

    @property
    def built(self) -> bool:
        return self._build is None

    def pane(self) -> QWidget:
        """The pane, built now if it was not yet."""
        if self._build is not None:
            build, self._build = self._build, None
            self.visibilityChanged.disconnect(self._on_visibility_changed)
            placeholder = self.widget()
            pane = build()
            self.setWidget(pane)
            placeholder.deleteLater()
            if self.isVisible():
                pane.show()
        return self.widget()

    def _on_visibility_changed(self, visible: bool) -> None:
        if visible:
            self.pane()
