"""The window's panes docked around the desk: the nameplates, the review list, the
audience questions, the statistics, the technician's outputs, Zoom and live pages. Each
is shown for some roles; those hidden at start are built when first shown (pane_dock.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from desktop import settings as options
from desktop.qt.desk.hall_nameplates import HallNameplates
from desktop.qt.desk.nameplate_grid import NameplateGrid
from desktop.qt.desk.review_pane import ReviewPane
from desktop.qt.display.speaker_display import SpeakerDisplay
from desktop.qt.pane_dock import PaneDock
from desktop.qt.technician.live_pages import LivePages
from desktop.qt.technician.live_pages_display import DisplayQrCode
from desktop.qt.technician.live_pages_pane import BoothBanner
from desktop.qt.window_keys import ROLES, WindowKeys

if TYPE_CHECKING:
    from desktop.qt.desk.item_models import SpeakersListModel
    from desktop.qt.desk.questions_pane import QuestionsPane
    from desktop.qt.display.display_controls import DisplayControls
    from desktop.qt.record.statistics_view import StatisticsView
    from desktop.qt.technician.live_pages_pane import LivePagesPane
    from desktop.qt.technician.technician_cues import TechnicianCues
    from desktop.qt.technician.zoom_pane import ZoomPane

TALL_WINDOW = 900  # below this height the technician's panes are tabs
SHORT_WINDOW = 820  # below this height the floor panel is set smaller


class WindowDocks(WindowKeys):
    """The main window's docked panes (a base of desktop.qt.main_window.MainWindow)."""

    dock_roles: dict[QDockWidget, tuple[str, ...]]
    speaker_display: SpeakerDisplay
    zoom_picture: SpeakerDisplay
    speakers: SpeakersListModel
    role: str
    if TYPE_CHECKING:

        def show_problem(self, message: str) -> None: ...

    def add_dock(
        self,
        widget: QWidget | Callable[[], QWidget],
        title: str,
        area: Qt.DockWidgetArea,
        roles: tuple[str, ...] = ROLES,
    ) -> PaneDock:
        """A pane of its own (nameplates, review list, Zoom, questions…) shown for some roles;
        given as a function that builds it, it is built when first shown (pane_dock.py)."""
        dock = PaneDock(title, self, widget)
        dock.setObjectName(f"dock-{title}")
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(area, dock)
        self.dock_roles[dock] = roles
        dock.setVisible(getattr(self, "role", ROLES[0]) in roles)
        return dock

    def _add_panes(self) -> None:
        """The docked panes of the window; one line each."""
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.nameplates = NameplateGrid()
        self.add_dock(self.nameplates, "Nameplates", bottom, ("moderator",))
        self.review = ReviewPane(self.desk)
        review = self.add_dock(self.review, "Review list", right, ("moderator",))
        # The panes hidden at start are built when first shown (or asked for).
        self._outputs_dock = self.add_dock(self._build_outputs, "Outputs", right, ("technician",))
        self._zoom_dock = self.add_dock(self._build_zoom, "Zoom", right, ("technician",))
        self._questions_dock = self.add_dock(
            self._build_questions, "Audience questions", right, ("moderator",)
        )
        self.tabifyDockWidget(review, self._questions_dock)
        self._statistics_dock = self.add_dock(
            self._build_statistics, "Statistics", right, ("rapporteur", "moderator")
        )
        self.tabifyDockWidget(self._questions_dock, self._statistics_dock)
        review.raise_()
        # The live pages (phones, lectern, booths) and the control API: off until started.
        warning = lambda: self.settings.get(options.WARNING_SECONDS)  # noqa: E731
        self.live_pages = LivePages(self.desk, self.outputs, self.settings, warning, parent=self)
        self._live_pages_dock = self.add_dock(
            self._build_live_pages_pane, "Live pages", right, ("technician",)
        )
        self._arrange_technician_docks()
        self.booth_banner = BoothBanner(self.live_pages)
        self.display_qr = DisplayQrCode(self.live_pages, self.speaker_display, self.settings, self)
        self.live_pages.start_if_enabled()
        self.hall_nameplates = HallNameplates(
            self.desk, self.nameplates, self.speakers, self.record.model, self.show_problem
        )

    def _build_outputs(self) -> QWidget:
        """The technician's Outputs pane: the screens, and a miniature of each output."""
        from desktop.qt.display.display_controls import DisplayControls

        controls = DisplayControls(self.speaker_display, zoom_picture=self.zoom_picture)
        warning = lambda: self.settings.get(options.WARNING_SECONDS)  # noqa: E731
        flash = lambda: self.settings.get(options.FLASH_AT_EXPIRY)  # noqa: E731
        for name in ("Hall", "Zoom"):
            miniature = SpeakerDisplay(self.desk, warning, self.outputs, flash=flash, embedded=True)
            miniature.show_videos_of(self.videos)
            controls.add_miniature(miniature, name)
        controls.show_video_sound(
            self.videos,
            self.settings.get(options.VIDEO_SOUND),
            lambda device: self.settings.set(options.VIDEO_SOUND, device),
        )
        return controls

    def _build_zoom(self) -> QWidget:
        """The technician's Zoom pane, with the cues above the meeting."""
        from desktop.qt.technician.technician_cues import TechnicianCues, VideoKeys
        from desktop.qt.technician.zoom_pane import ZoomPane

        zoom = ZoomPane(self.desk)
        self._technician_cues = TechnicianCues(self.desk, self.videos)
        self._technician_cues.set_keys(
            VideoKeys(
                audio_lost=self.audio_lost_action,
                play_pause=self.video_play_action,
                back=self.video_back_action,
                restart=self.video_restart_action,
                stop=self.video_stop_action,
                attach=self.attach_video_action,
            )
        )
        zoom.show_cues(self._technician_cues)
        return zoom

    def _build_questions(self) -> QWidget:
        from desktop.qt.desk.questions_pane import QuestionsPane

        return QuestionsPane(self.desk)

    def _build_statistics(self) -> QWidget:
        from desktop.qt.record.statistics_view import StatisticsView

        return StatisticsView(self.desk)

    def _build_live_pages_pane(self) -> QWidget:
        from desktop.qt.technician.live_pages_pane import LivePagesPane

        return LivePagesPane(self.live_pages)

    @property
    def display_controls(self) -> DisplayControls:
        return cast("DisplayControls", self._outputs_dock.pane())

    @property
    def zoom(self) -> ZoomPane:
        return cast("ZoomPane", self._zoom_dock.pane())

    @property
    def technician_cues(self) -> TechnicianCues:
        self._zoom_dock.pane()
        return self._technician_cues

    @property
    def questions(self) -> QuestionsPane:
        return cast("QuestionsPane", self._questions_dock.pane())

    @property
    def statistics(self) -> StatisticsView:
        return cast("StatisticsView", self._statistics_dock.pane())

    @property
    def live_pages_pane(self) -> LivePagesPane:
        return cast("LivePagesPane", self._live_pages_dock.pane())

    def _arrange_technician_docks(self) -> None:
        """The technician's three panes in the height there is: the outputs and the live
        pages share a place (tabs), the Zoom pane below them; on a laptop's short screen
        all three are tabs, the Zoom pane in front."""
        outputs, live, zoom = self._outputs_dock, self._live_pages_dock, self._zoom_dock
        self.tabifyDockWidget(outputs, live)
        if self.height() < TALL_WINDOW:
            self.tabifyDockWidget(live, zoom)
            zoom.raise_()
        else:
            outputs.raise_()

    def _size_docks(self) -> None:
        """Room for the desk in the middle: a strip of nameplates, a column for the rest."""
        shown = [dock for dock in self.dock_roles if dock.isVisibleTo(self)]
        bottom = [
            d for d in shown if self.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea
        ]
        right = [
            d for d in shown if self.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea
        ]
        if bottom:
            # A strip of nameplates, never more than a fifth of a laptop's height; on a
            # short screen one row of plates, so that the list of speakers keeps its room.
            strip = 120 if self.height() < SHORT_WINDOW else min(250, max(self.height() // 5, 130))
            self.resizeDocks(bottom, [strip] * len(bottom), Qt.Orientation.Vertical)
        if right:
            # The rapporteur's main area is the record: the statistics beside it stay narrow.
            width = self.width() // 4 if self.role == "rapporteur" else max(self.width() // 3, 420)
            self.resizeDocks(right, [width] * len(right), Qt.Orientation.Horizontal)

    def dock_of(self, widget: QWidget) -> QDockWidget:
        return next(dock for dock in self.dock_roles if dock.widget() is widget)
