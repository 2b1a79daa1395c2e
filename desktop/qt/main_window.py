"""The main window: agenda on the left, the floor in the middle, the record on the right."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QKeyEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QInputDialog,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from db.meeting.vocabulary import Channel
from desktop import settings as options
from desktop.domain.conference_time import hms
from desktop.domain.cues import CueTracker
from desktop.domain.roles import Role
from desktop.domain.speaking_time import Countdown, Phase, request_limit
from desktop.qt.banners import ServerBanner, StorageBanner
from desktop.qt.desk.agenda_pane import AgendaPane
from desktop.qt.desk.floor_panel import TICK_MS, CountdownPanel, Ticker
from desktop.qt.desk.live_banner import LiveBanner
from desktop.qt.desk.ordering_dialog import OrderingDialog
from desktop.qt.desk.slot_header import BudgetAdvice, SlotHeader
from desktop.qt.desk.speakers_pane import SpeakersPane
from desktop.qt.desk.undo_keys import DeskUndoKeys, give_undo_keys_to_the_desk
from desktop.qt.display.output_state import OutputState
from desktop.qt.display.speaker_display import SpeakerDisplay
from desktop.qt.kept_changes_dialog import KeptChangesDialog, confirm_quit
from desktop.qt.local_banner import LocalBanner
from desktop.qt.menus import build_menus, floor_buttons
from desktop.qt.record.record_workspace import RecordWorkspace
from desktop.qt.role_keys import RoleKeys, confirm_role
from desktop.qt.shortcut_sheet import ShortcutSheet
from desktop.qt.technician.video_attach import attach_video
from desktop.qt.technician.video_statement import VideoStatements
from desktop.qt.window_docks import SHORT_WINDOW, TALL_WINDOW, WindowDocks
from desktop.qt.window_keys import ROLE_TITLES
from desktop.qt.window_size import first_window_size
from desktop.services.sound import Chimes, LateChimes, open_chimes
from desktop.services.video import VideoPlayer, open_video

if TYPE_CHECKING:
    from desktop.qt.desk.desk import Desk
    from desktop.qt.outage import Outage
    from desktop.qt.station_sync import StationSync
    from desktop.qt.storage_guard import StorageGuard
    from desktop.settings import Settings

# Splitter proportions (agenda, floor, record) per role.
NARROW_WINDOW = 1500  # below this width the moderator's record column folds away
ROLE_LAYOUT = {
    "moderator": (17, 52, 31),  # the record's share goes to the list on a small screen
    "rapporteur": (14, 24, 62),  # the record is the rapporteur's main area
    "technician": (22, 78, 0),
}


class MainWindow(WindowDocks):
    def __init__(
        self,
        desk: Desk,
        settings: Settings,
        chimes: Chimes | None = None,
        video: VideoPlayer | None = None,
    ) -> None:
        super().__init__()
        self.desk = desk
        self.settings = settings
        self.chimes = chimes if chimes is not None else open_chimes()
        # Chimes opened once the window is up (desktop.qt.app): their state is shown when
        # they are open, at the tick that finds them so.
        self._chimes_opening = isinstance(self.chimes, LateChimes)
        self.chimes.set_volume(settings.get(options.CHIME_VOLUME))
        self.chimes.set_muted(settings.get(options.CHIME_MUTED))
        self.cues = CueTracker()
        self.setWindowTitle("Floordesk")
        self.resize(first_window_size(self.screen().availableGeometry()))
        self.setMinimumSize(1024, 640)

        self.agenda = AgendaPane(desk)
        self.header = SlotHeader(desk)
        self.countdown = CountdownPanel(desk)
        self.speakers_pane = SpeakersPane(desk)
        # Short names for what the window and its tests use most.
        self.entry = self.speakers_pane.entry
        self.speakers = self.speakers_pane.model
        self.speakers_view = self.speakers_pane.view
        self.speakers_heading = self.speakers_pane.heading
        self.record = RecordWorkspace(desk)
        # The outputs: the hall's screen and the 16:9 picture for Zoom, both out at once if
        # wanted, with one message and one blank between them; the desk shows a miniature
        # of each.
        self.outputs = OutputState(self)
        warning = lambda: settings.get(options.WARNING_SECONDS)  # noqa: E731
        flash = lambda: settings.get(options.FLASH_AT_EXPIRY)  # noqa: E731
        self.speaker_display = SpeakerDisplay(desk, warning, self.outputs, flash=flash)
        self.zoom_picture = SpeakerDisplay(
            desk, warning, self.outputs, flash=flash, title="picture for Zoom"
        )
        # Video statements play over the hall's screen, the Zoom picture and their miniatures
        # (on the technician's Outputs pane, built with it).
        self.videos = VideoStatements(desk, video if video is not None else open_video(), self)
        for output in (self.speaker_display, self.zoom_picture):
            output.show_videos_of(self.videos)
        self.videos.plays_here = self._plays_videos
        for output in (self.speaker_display, self.zoom_picture):
            output.shown_changed.connect(lambda _shown: self.videos.follow_floor())
        self.live_banner = LiveBanner(desk)
        self.local_banner = LocalBanner()  # shown through an outage (desktop/qt/outage.py)
        # The status bar's banners, which follow the store once it is there (banners.py).
        self.server_banner = ServerBanner(self, desk)
        self.storage_banner = StorageBanner(self)

        self.dock_roles: dict[QDockWidget, tuple[str, ...]] = {}
        # The store's guard (set by open_window): changes not yet written are asked about
        # at quit; those kept from the last session wait in dialogs of their own.
        self.storage_guard: StorageGuard | None = None
        self.kept_dialogs: list[KeptChangesDialog] = []
        self.outage: Outage | None = None  # through an outage of the server (open_window)
        self._quit_with_changes_waiting = False
        self._create_actions()
        self._add_panes()
        build_menus(self)
        self.advice = BudgetAdvice(desk, self.keys_of(self.close_list_action))
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.local_banner)
        centre_layout.addWidget(self.live_banner)
        centre_layout.addWidget(self.booth_banner)
        centre_layout.addWidget(self.header)
        centre_layout.addWidget(self.advice)
        centre_layout.addWidget(self.countdown)
        self.floor_buttons = QWidget()
        buttons = floor_buttons(self)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.floor_buttons.setLayout(buttons)
        centre_layout.addWidget(self.floor_buttons)
        centre_layout.addWidget(self.speakers_pane, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(True)
        for pane in (self.agenda, centre, self.record):
            pane.setContentsMargins(6, 6, 6, 6)
            self.splitter.addWidget(pane)
        self.setCentralWidget(self.splitter)

        self.clock_label = QLabel()
        self.clock_label.setStyleSheet("font-weight: bold; padding: 0 8px;")
        self.where_label = QLabel()
        self.show_where()
        self.where_label.setStyleSheet("color: #6b7280; padding: 0 8px;")
        # Why the chimes cannot sound, if they cannot: said once, and kept in view (the
        # desk works on without sound).
        self.sound_label = QLabel()
        self.sound_label.setStyleSheet("color: #92400e; padding: 0 8px;")
        self.sound_label.hide()
        self.statusBar().addPermanentWidget(self.sound_label)
        self.show_sound_state()
        self.statusBar().addPermanentWidget(self.where_label)
        self.statusBar().addPermanentWidget(self.clock_label)

        self.speakers_view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.speakers_view.addActions(
            [
                self.give_selected_action,
                self.set_limit_action,
                self.move_up_action,
                self.move_down_action,
                self.absent_action,
                self.release_action,
                self.accept_late_action,
                self.refuse_late_action,
                self.withdraw_action,
                self.attach_video_action,
            ]
        )
        self.agenda.slot_chosen.connect(self.choose_slot)
        self.agenda.edit_requested.connect(self.agenda.edit_selected_slot)
        desk.problem.connect(self.show_problem)
        desk.slot_changed.connect(self._on_slot_changed)
        desk.live_changed.connect(self._on_live_changed)
        desk.changed_later.connect(self._on_changed)
        self.ticker = Ticker(self)
        self.ticker.timeout.connect(self.tick)
        # An extra tick at the very moment of the warning or the end, for the chime.
        self.boundary_timer = QTimer(self)
        self.boundary_timer.setSingleShot(True)
        self.boundary_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.boundary_timer.timeout.connect(self.tick)
        self.ticker.start()
        # What other stations change (follow_other_stations, once the store is open).
        self.station_sync: StationSync | None = None

        # Ctrl+Z undoes the last change to the list or the floor from any text box that
        # has no typing of its own to undo (right after an addition, above all).
        self.undo_keys = DeskUndoKeys(self)
        give_undo_keys_to_the_desk(self, self.undo_keys)
        self.role_keys = RoleKeys(self)
        self.apply_role(settings.get(options.ROLE))
        geometry = settings.get(options.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)

    # -- building --------------------------------------------------------------

    def show_where(self) -> None:
        """This station and its database, in the status bar."""
        store = self.desk.store
        self.where_label.setText(f"{store.label} · {store.where}")
        self.where_label.setToolTip(f"This station's id in the journal: {store.station}")

    def follow_other_stations(self) -> StationSync:
        """What other stations change shows here at once: the database wakes the desk and
        the journal is read in a worker; a server that stops answering is said here."""
        from desktop.qt.station_sync import StationSync

        self.station_sync = StationSync(self.desk, self)
        self.server_banner.follow(self.station_sync)
        return self.station_sync

    def _plays_videos(self) -> bool:
        """This station plays video statements when it is the technician's or shows an
        output (a desk alone in the hall does both)."""
        shown = self.speaker_display.isVisible() or self.zoom_picture.isVisible()
        return getattr(self, "role", "") == "technician" or shown

    def attach_video_to_selected(self) -> None:
        """To the request selected on the technician's board, else in the list of speakers."""
        chosen = self.technician_cues.selected_request_id() if self.role == "technician" else None
        attach_video(self.videos, chosen or self.speakers_pane.selected_request_id(), self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A laptop's 768 lines: the floor panel gives the list of speakers some height.
        short = event.size().height() < SHORT_WINDOW
        self.countdown.set_short(short)
        self.header.set_short(short)

    # -- behaviour -------------------------------------------------------------

    def choose_slot(self, slot_id: int, *, by_hand: bool = True) -> None:
        self.desk.choose_slot(slot_id, by_hand=by_hand)
        self.settings.set(options.LAST_SLOT, slot_id)

    def choose_role(self, role: str) -> None:
        """The station's role changed by hand (Ctrl+1/2/3, the Role menu): a deliberate
        act, asked once, since it disables the keys of the role the station had."""
        before, after = Role.of(self.role), Role.of(role)
        self.role_actions[before].setChecked(True)  # until the answer
        if after is before:
            return

        def answered(accepted: bool) -> None:
            if accepted:
                self.apply_role(after)
                self.show_problem(f"This station is now the {after.value}'s.")

        self.role_question = confirm_role(self, before, after, answered)

    def apply_role(self, role: str) -> None:
        role = Role.of(role)
        self.role = role
        self.desk.set_role(role)
        self.role_keys.apply(role)
        self.role_actions[role].setChecked(True)
        self.settings.set(options.ROLE, role.value)
        total = max(self.width(), 1000)
        shares = ROLE_LAYOUT[role]
        narrow = self.width() < NARROW_WINDOW
        if role == "moderator" and narrow:
            # A glance at the record is not worth a column too narrow to read: it folds
            # away (drag it back from the right edge), the list of speakers gets the room.
            shares = (shares[0], shares[1] + shares[2], 0)
        if role == "rapporteur" and narrow:
            shares = (13, 37, 50)  # the floor readable beside the record and the statistics
        # The rapporteur on a laptop: the floor's keys work, their buttons make way.
        self.floor_buttons.setVisible(not (role == "rapporteur" and narrow))
        self.splitter.setSizes([total * share // 100 for share in shares])
        self.record.setVisible(role != "technician")
        self.record.set_role(role)
        for dock, roles in self.dock_roles.items():
            dock.setVisible(role in roles)
        if role == "technician" and self.height() < TALL_WINDOW:
            self._zoom_dock.raise_()  # the cues first; outputs and pages a tab away
        self._size_docks()
        self.videos.follow_floor()  # the technician's station plays the videos
        self.entry.channel.setCurrentIndex(
            self.entry.channel.findData(Channel.REMOTE if role == "technician" else Channel.HALL)
        )
        self.setWindowTitle(self._title())

    def _title(self) -> str:
        conference = self.desk.conference
        name = conference.title if conference else "no conference"
        return f"Floordesk — {ROLE_TITLES[self.role]} — {name}"

    def load_demo(self) -> None:
        """Add the demo conference, starting today, and show it at the slot of the hour."""
        from desktop.demo import load_demo
        from desktop.domain.conference_time import DEFAULT_ZONE, to_local

        now = self.desk.clock.now()  # the record only for slots that have ended by now
        conference_id = load_demo(
            self.desk.store,
            first_day=to_local(now, DEFAULT_ZONE).date(),
            with_record=True,
            now=now,
        )
        self.settings.set(options.LAST_CONFERENCE, conference_id)
        self.desk.open_conference(conference_id)
        self.desk.follow_clock()
        self.show_problem("The demo conference is loaded; it starts today.")

    def show_sound_state(self) -> None:
        """What the chimes can do: the Sound menu's actions, and the sentence saying why
        they cannot sound (shown again once chimes opened late are open)."""
        self.mute_action.setEnabled(self.chimes.available)
        self.volume_action.setEnabled(self.chimes.available)
        self.sound_label.setText(self.chimes.problem or "")
        self.sound_label.setVisible(bool(self.chimes.problem))

    def _on_mute(self) -> None:
        muted = self.mute_action.isChecked()
        self.chimes.set_muted(muted)
        self.settings.set(options.CHIME_MUTED, muted)

    def ask_volume(self) -> None:
        volume, accepted = QInputDialog.getInt(
            self, "Chime volume", "Volume of the chimes (0–100):", self.chimes.volume, 0, 100, 5
        )
        if accepted:
            self.set_volume(volume)

    def set_volume(self, volume: int) -> None:
        self.chimes.set_volume(volume)
        self.settings.set(options.CHIME_VOLUME, self.chimes.volume)

    def show_shortcuts(self) -> None:
        ShortcutSheet(self.menuBar(), self).show()

    def import_agenda(self) -> None:
        from desktop.qt.imports.agenda_import_dialog import AgendaImportDialog

        conference = self.desk.conference
        dialog = AgendaImportDialog(self.desk.store, conference.id if conference else None, self)
        dialog.imported.connect(lambda _ids: self._after_import(dialog.conference_id))
        dialog.open()
        dialog.choose_file()

    def edit_policy(self) -> None:
        slot = self.desk.slot
        if slot is None:
            self.show_problem("Choose an agenda slot first.")
            return
        dialog = OrderingDialog(self.desk.store.speakers.policy(slot.id), slot.title, self)
        if dialog.exec() == OrderingDialog.DialogCode.Accepted:
            self.desk.set_policy(dialog.policy())

    def export_record(self) -> None:
        if self.desk.conference is None:
            self.show_problem("Open or import a conference first.")
            return
        self.record.save_notes()
        from desktop.qt.record.export_dialog import ExportDialog

        dialog = ExportDialog(self.desk, self)
        dialog.exported.connect(lambda path: self.show_problem(f"Wrote {path}"))
        dialog.open()

    def import_requests(self) -> None:
        conference = self.desk.conference
        if conference is None:
            self.show_problem("Open or import a conference first.")
            return
        # Loaded when first asked for: it brings the e-mail readers (about 90 ms), which
        # the worker must then find loaded (importing on a thread stalls the window).
        from desktop.qt.imports.requests_import_dialog import RequestsImportDialog

        dialog = RequestsImportDialog(self.desk, self)
        dialog.open()
        dialog.choose_source()

    def _after_import(self, conference_id: int | None) -> None:
        if conference_id is not None and (
            self.desk.conference is None or self.desk.conference.id != conference_id
        ):
            self.settings.set(options.LAST_CONFERENCE, conference_id)
            self.desk.open_conference(conference_id)
            self.desk.follow_clock()

    def toggle_display(self) -> None:
        if self.speaker_display.isVisible():
            self.speaker_display.hide()
            return
        screen = self.display_controls.chosen_screen()
        if screen is None:
            self.speaker_display.show_windowed()
        else:
            self.speaker_display.show_full_screen(screen)
        self.activateWindow()  # the keys stay with the desk

    def show_conclude(self) -> None:
        """“Please conclude”, whatever was shown before (it goes when the floor passes)."""
        self.outputs.set_message("Please conclude")

    def toggle_blank(self) -> None:
        self.outputs.set_blank(not self.outputs.blank)

    def make_live(self) -> None:
        if self.desk.make_live():
            live = self.desk.live_slot
            self.show_problem(f"{live.title} is live in the hall." if live else "")

    def show_problem(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _on_slot_changed(self) -> None:
        self.setWindowTitle(self._title())
        self.agenda.select(self.desk.slot.id if self.desk.slot else None)
        self.tick()

    def _on_changed(self) -> None:
        self.tick()

    def _on_live_changed(self) -> None:
        # Kept for a restart, whoever made it live: this window, the control API's
        # next-slot, or another station giving the floor there.
        if not self.desk.follows_clock:
            live = self.desk.live_slot
            self.settings.set(options.LIVE_SLOT, live.id if live else 0)
        self.tick()

    def tick(self) -> None:
        desk = self.desk
        if self._chimes_opening and cast(LateChimes, self.chimes).ready():
            self._chimes_opening = False
            self.show_sound_state()
        desk.check_clock()
        warning = self.settings.get(options.WARNING_SECONDS)
        # The floor and the countdown are the live slot's, whatever slot is looked at.
        next_up = desk.next_up[0] if desk.next_up else None
        next_limit = request_limit(next_up, desk.live_slot) if next_up else None
        state = self.countdown.refresh(warning, next_up, [next_limit] if next_limit else [])
        self.outputs.follow_floor(desk.current.id if desk.current else None)
        self._sound_and_schedule(state, warning)
        self.live_banner.refresh()
        # The slot's clock and time budget: the slot looked at, with the live floor only
        # when it is that slot's.
        limits = [self.speakers.limit_of(r) for r in self.speakers.rows_waiting()]
        record = self.record.model.rows()
        shown_state = state if desk.viewing_live else None
        plan = self.header.refresh(
            limits, shown_state, record[0].floor_given_at if record else None
        )
        self.advice.refresh(plan)
        self.speakers_pane.show_list_state()
        if self.follow_clock_action.isChecked() != self.desk.follows_clock:
            self.follow_clock_action.setChecked(self.desk.follows_clock)
            self.settings.set(options.FOLLOW_CLOCK, self.desk.follows_clock)
        zone = self.desk.zone
        city = zone.split("/")[-1].replace("_", " ")
        self.clock_label.setText(f"{city} {hms(self.desk.clock.now(), zone)}")

    def _sound_and_schedule(self, state: Countdown | None, warning_s: int) -> None:
        """Chime at the warning and at the end; tick exactly then, not up to a tick late."""
        current = self.desk.current
        cue = self.cues.observe(current.id if current else None, state.phase if state else None)
        if cue is not None:
            self.chimes.play(cue)
        if state is None or state.phase not in (Phase.RUNNING, Phase.WARNING):
            return
        remaining_ms = state.remaining.total_seconds() * 1000
        boundaries = (remaining_ms - warning_s * 1000, remaining_ms)
        soon = [ms for ms in boundaries if 0 < ms < TICK_MS]
        if soon:
            self.boundary_timer.start(int(min(soon)) + 1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A key of another role, pressed anyway, is told (its action is disabled)."""
        sentence = self.role_keys.refusal_for_key(event)
        if sentence is not None:
            self.show_problem(sentence)
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.record.save_all()
        guard = self.storage_guard
        if guard is not None and guard.waiting and not self._quit_with_changes_waiting:
            event.ignore()  # said, and asked; the desk goes on meanwhile

            def quit_now() -> None:
                self._quit_with_changes_waiting = True
                self.close()

            self.quit_question = confirm_quit(self, guard.waiting, guard.fallback.problem, quit_now)
            return
        if self.station_sync is not None:
            self.station_sync.stop()  # only now: a quit not confirmed keeps the desk in step
        if guard is not None:
            guard.stop_standby()
        self.ticker.stop()
        self.boundary_timer.stop()
        self.settings.set(options.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.sync()
        self.desk.close()
        self.chimes.close()
        self.videos.close()
        self.live_pages.stop()
        self.speaker_display.close()
        self.zoom_picture.close()
        super().closeEvent(event)
