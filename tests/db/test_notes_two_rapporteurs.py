"""Two rapporteurs on one intervention's notes: the later save wins on screen, but the
text it replaced is kept whole in the journal and told in the history — never lost."""

from __future__ import annotations

from db.meeting.snapshots import SlotView
from db.store import Store
from desktop.domain.clock import FakeClock


def test_notes_saved_over_another_stations_are_kept_in_the_history(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    given = store.floor.give_floor(panel.id, clock.now())
    second_row = Store.open(store.engine.url, station="second-row")
    try:
        # Both editors opened the intervention with no notes; the second row saves first.
        assert not second_row.record.set_notes(
            given.intervention_id, "Called for a register of recruiters.", based_on=""
        )
    finally:
        second_row.close()
    replaced = store.record.set_notes(
        given.intervention_id, "Stressed labour inspections.", based_on=""
    )
    assert replaced
    assert store.floor.intervention(given.intervention_id).notes == "Stressed labour inspections."
    lines = [line.text for line in store.record.history(given.intervention_id)]
    assert any("Called for a register of recruiters." in text for text in lines), lines
    # A save that starts from what is stored replaces nothing of anyone's.
    assert not store.record.set_notes(
        given.intervention_id,
        "Stressed labour inspections and audits.",
        based_on="Stressed labour inspections.",
    )
