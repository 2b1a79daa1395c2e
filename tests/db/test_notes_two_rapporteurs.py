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


def test_two_saves_at_the_same_moment_never_lose_a_text(
    store: Store, panel: SlotView, clock: FakeClock
) -> None:
    """Both editors started from the empty notes and save at once: the intervention's row
    is held first, so the second to write reads the first's text and keeps it."""
    import threading

    given = store.floor.give_floor(panel.id, clock.now())
    stations = [Store.open(store.engine.url, station=f"row-{n}") for n in range(2)]
    try:
        for round_ in range(6):
            start = threading.Barrier(2)
            kept: list[str | None] = []
            texts = [f"Round {round_}, first row.", f"Round {round_}, second row."]
            base = store.floor.intervention(given.intervention_id).notes

            def save(
                station: Store,
                text: str,
                base: str = base,
                start: threading.Barrier = start,
                kept: list[str | None] = kept,
            ) -> None:
                start.wait()
                kept.append(station.record.set_notes(given.intervention_id, text, based_on=base))

            threads = [
                threading.Thread(target=save, args=(s, t))
                for s, t in zip(stations, texts, strict=True)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
            stored = store.floor.intervention(given.intervention_id).notes
            assert stored in texts
            other = next(t for t in texts if t != stored)
            assert other in kept, (kept, stored)  # the later save replaced it, and said so
    finally:
        for station in stations:
            station.close()
