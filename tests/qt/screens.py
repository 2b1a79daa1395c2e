"""Screenshots of the desk for people to look at: ``python -m tests.qt.screens [folder]``.

A demo conference on a fake clock, with requests from e-mail (queued, late, on the
review list), the hall, Zoom (raised hands, chat) and the audience; the window is
rendered offscreen in each role and saved as PNG files.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from sqlalchemy.engine import URL

from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import Channel, InterventionKind, RequestSource
from db.people.participants import Participant
from db.speakers.audience_questions import QuestionDraft
from db.store import Store
from desktop.demo import load_demo
from desktop.domain.clock import FakeClock
from desktop.qt.app import open_window
from desktop.qt.main_window import MainWindow
from desktop.requests_import.mail_import import MailImport, import_mail
from desktop.requests_import.outcome import RawMessage
from desktop.services.sound import open_chimes
from desktop.settings import Settings
from tests.requests_import import mails


def stage(store: Store) -> tuple[int, int, FakeClock]:
    """The demo's Panel 1, half an hour in, with every kind of entry on its list."""
    conference_id = load_demo(store)
    panel = next(s for s in store.agenda.slots(conference_id) if s.title.startswith("Panel 1"))
    clock = FakeClock(panel.starts_at + timedelta(minutes=25))
    ids = {d.name: d.id for d in store.delegations.all()}
    plan = MailImport.for_conference(store, conference_id)
    messages = [
        mails.plain(
            "Malta would like to take the floor in Panel 1.\nSpeaker: Joseph Borg, Ambassador",
            message_id="<1@mt>",
        ),
        mails.plain(
            "Canada requests the floor in Panel 1; we will join online.",
            message_id="<2@ca>",
            date=mails.LATE,
        ),
        mails.plain(
            "Dear organizers, our foundation would like to speak tomorrow morning. Kind regards",
            sender="Helga Brandt <h.brandt@stiftung.example.de>",
            subject="Wortmeldung",
            message_id="<3@de>",
        ),
        mails.with_attachment(
            "Please find our written statement attached; we ask for the floor.",
            "Statement.pdf",
            b"%PDF-1.4",
            sender="Mission <mission@gov.example>",
            subject="Statement",
            message_id="<4@x>",
        ),
    ]
    import_mail(
        store,
        plan,
        [RawMessage(m, f"mail {i}") for i, m in enumerate(messages, 1)],
        now=clock.now,
    )
    store.floor.give_floor(panel.id, clock.advance(60))
    store.floor.take_floor_back(panel.id, clock.advance(200))
    store.floor.give_floor(panel.id, clock.advance(5))
    waiting = store.speakers.waiting(panel.id)
    store.speakers.set_absent(waiting[1].id, clock.now())
    store.speakers.add(
        panel.id,
        RequestDraft(ids["Armenia"], kind=InterventionKind.RIGHT_OF_REPLY),
        clock.advance(10),
    )
    store.speakers.add(
        panel.id,
        RequestDraft(ids["Switzerland"], kind=InterventionKind.POINT_OF_ORDER),
        clock.advance(10),
    )
    store.speakers.add(
        panel.id,
        RequestDraft(ids["Japan"], channel=Channel.REMOTE, source=RequestSource.ZOOM_HAND),
        clock.advance(10),
    )
    store.participants.add_remote(
        conference_id,
        [
            Participant("Keiko Tanaka (Japan)", "kt@mofa.example.jp", ids["Japan"]),
            Participant("Ana Lima – Portugal", None, ids["Portugal"]),
            Participant("iPhone de Marie", None, None),
        ],
    )
    for person in store.participants.remote(conference_id)[:2]:
        store.participants.raise_hand(person.id, clock.advance(3))
    from db.speakers.chat_proposals import ProposalDraft

    for n, (who, text, delegation) in enumerate(
        (
            ("Ana Lima – Portugal", "Portugal would like to take the floor, please", "Portugal"),
            ("Keiko Tanaka (Japan)", "May I ask a question to the panel?", "Japan"),
        )
    ):
        store.chat_proposals.propose(
            ProposalDraft(
                conference_id,
                panel.id,
                clock.advance(20),
                who,
                text,
                f"screens-{n}",
                ids[delegation],
                InterventionKind.QUESTION if "question" in text else InterventionKind.STATEMENT,
            )
        )
    store.audience_questions.add(
        conference_id,
        [
            QuestionDraft("1", "How can survivors claim compensation across borders?", "@lsi"),
            QuestionDraft("2", "What does 'follow the money' mean for small NGOs?", "@ngo_at"),
        ],
        clock.now(),
        panel.id,
    )
    return conference_id, panel.id, clock


def main(folder: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(URL.create("sqlite", database=f"{tmp}/screens.sqlite"), station="hall")
        _conference_id, panel_id, clock = stage(store)
        settings = Settings(Path(tmp) / "floordesk.ini")
        _desk, window = open_window(store, settings, clock, open_chimes(["--aout=adummy"]))
        window.resize(1600, 1000)
        window.show()
        window.choose_slot(panel_id)
        for role in ("moderator", "technician"):
            window.apply_role(role)
            app.processEvents()
            window.tick()
            app.processEvents()
            window.grab().save(str(folder / f"desk-{role}.png"))
        window.apply_role("moderator")
        app.processEvents()
        window.review.grab().save(str(folder / "review-list.png"))
        window.nameplates.grab().save(str(folder / "nameplates.png"))
        window.speakers_pane.grab().save(str(folder / "list-of-speakers.png"))
        rapporteur_screens(window, store, folder)
        statistics_screen(app, window, folder)
        window.close()
        store.close()
    print(f"screenshots in {folder}")


def statistics_screen(app: QApplication, window: MainWindow, folder: Path) -> None:
    """The rapporteur's statistics, once the worker has read the record."""
    window.apply_role("rapporteur")
    view = window.statistics
    view.refresh()
    deadline = time.monotonic() + 10
    while view.stats is None and time.monotonic() < deadline:
        app.processEvents()
    dock = window.dock_of(view)
    dock.setFloating(True)
    dock.resize(900, 640)
    app.processEvents()
    view.grab().save(str(folder / "statistics.png"))
    dock.setFloating(False)


def rapporteur_screens(window: MainWindow, store: Store, folder: Path) -> None:
    """The rapporteur's workspace while someone has the floor: the record so far with
    notes, tags and flags, the live intervention's notes being written, a search."""
    app = QApplication.instance()
    assert app is not None
    slot = window.desk.slot
    assert slot is not None
    done, live = store.floor.interventions(slot.id)[:2]
    record = store.record
    record.set_notes(
        done.id,
        "Every trafficking investigation paired with a parallel financial investigation "
        "since 2024; 14 confiscation orders in 2025. Recommended that financial "
        "investigators join the case team from the first day.",
    )
    record.set_tags(done.id, [slot.topics[0], slot.topics[3]])
    record.set_flags(done.id, recommendation=True)
    record.attach_statement(done.id, "Statement.pdf", b"%PDF-1.4", window.desk.clock.now())
    record.set_tags(live.id, [slot.topics[4]])
    window.apply_role("rapporteur")
    workspace = window.record
    workspace.notes.setPlainText(
        "Described the joint financial investigation units of the police. Cash-based "
        "exploitation in the care sector leaves few traces. Called for faster mutual "
        "legal assistance on bank records"
    )
    workspace.save_notes()
    workspace.search.field.setText("confiscation")
    workspace.search.search()
    app.processEvents()
    window.tick()
    app.processEvents()
    window.grab().save(str(folder / "desk-rapporteur.png"))
    workspace.grab().save(str(folder / "record-workspace.png"))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
