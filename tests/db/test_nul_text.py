"""A NUL character pasted into a note or read from an e-mail: PostgreSQL refuses it in
text (SQLite keeps it), so on PostgreSQL it is written as U+FFFD rather than failing the
change — through the ORM and through the prepared statements of giving the floor."""

from __future__ import annotations

from db.engine import NUL_STAND_IN
from db.meeting.drafts import RequestDraft
from db.meeting.snapshots import SlotView
from db.store import Store
from desktop.domain.clock import FakeClock


def test_a_nul_in_a_note_is_kept_or_stood_in_for(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    given = store.floor.give_floor(panel.id, clock.now())
    store.floor.set_notes(given.intervention_id, "before\x00after")
    notes = store.floor.intervention(given.intervention_id).notes
    if store.engine.dialect.name == "postgresql":
        assert notes == f"before{NUL_STAND_IN}after"
    else:
        assert notes == "before\x00after"


def test_a_nul_in_a_speakers_name_does_not_stop_the_floor(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    austria = next(d for d in store.delegations.all() if d.name == "Austria")
    request_id = store.speakers.add(
        panel.id, RequestDraft(delegation_id=austria.id, speaker="Anna\x00 Weber"), clock.now()
    )
    given = store.floor.give_floor(panel.id, clock.now(), request_id)  # prepared statements
    assert store.floor.intervention(given.intervention_id).speaker.startswith("Anna")
