"""Statistics of the record from hand-made records: no database, milliseconds."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from db.meeting.record_rows import InterventionRecord, RecordReport, SlotRecord
from db.meeting.snapshots import PauseView
from db.meeting.vocabulary import Channel, DelegationGroup, InterventionKind, SlotKind
from desktop.domain.record_stats import charts, overrun, speaking_time, statistics
from desktop.record_export.cells import neutralise
from tests.conftest import at


def record(
    number: int,
    given_s: int,
    spoken_s: int | None,
    *,
    channel: Channel = Channel.HALL,
    group: DelegationGroup | None = DelegationGroup.PARTICIPATING_STATE,
    pauses: tuple[PauseView, ...] = (),
) -> InterventionRecord:
    start = at(10) + timedelta(seconds=given_s)
    return InterventionRecord(
        id=number,
        number=number,
        delegation=f"Delegation {number}",
        group=group,
        speaker="",
        speaker_function="",
        channel=channel,
        kind=InterventionKind.STATEMENT,
        floor_given_at=start,
        floor_taken_at=None if spoken_s is None else start + timedelta(seconds=spoken_s),
        limit_s=180,
        added_s=0,
        pauses=pauses,
        notes="",
        tags=(),
        recommendation=False,
        follow_up=False,
        source=None,
        attachments=(),
    )


def report(*interventions: InterventionRecord) -> RecordReport:
    slot = SlotRecord(
        id=1,
        kind=SlotKind.PANEL,
        title="Panel 1",
        starts_at=at(10),
        ends_at=at(11, 30),
        chair="",
        panellists=(),
        topics=(),
        summary="",
        interventions=interventions,
    )
    return RecordReport(1, "C", "", "Europe/Vienna", date(2026, 4, 20), date(2026, 4, 20),
                        (slot,), (), public=True)  # fmt: skip


def test_pauses_are_left_out_and_overrun_is_past_the_limit() -> None:
    paused = (PauseView(at(10, 1), at(10, 2)),)
    row = record(1, 0, 300, pauses=paused)
    assert speaking_time(row) == timedelta(seconds=240)
    assert overrun(row) == timedelta(seconds=60)


def test_an_intervention_still_going_counts_until_now() -> None:
    row = record(1, 0, None)
    assert speaking_time(row, at(10, 2)) == timedelta(seconds=120)
    assert speaking_time(row) == timedelta(0)


def test_shares_per_group_and_channel() -> None:
    stats = statistics(
        report(
            record(1, 0, 120),
            record(2, 200, 60, channel=Channel.REMOTE, group=DelegationGroup.CIVIL_SOCIETY),
            record(3, 300, 60, channel=Channel.VIDEO, group=None),
        )
    )
    assert [(s.label, s.interventions, s.seconds) for s in stats.per_group] == [
        ("Participating State", 1, 120),
        ("Civil society", 1, 60),
        ("No delegation", 1, 60),
    ]
    assert [round(s.time_share, 2) for s in stats.per_channel] == [0.5, 0.25, 0.25]
    assert stats.per_slot[0].planned_s == 5400 and stats.per_slot[0].used_s == 240
    assert [c.key for c in charts(stats)] == ["groups", "channels", "slots"]


@given(st.lists(st.tuples(st.integers(0, 600), st.sampled_from(list(Channel))), max_size=12))
def test_shares_add_up(spoken: list[tuple[int, Channel]]) -> None:
    rows = [record(n, n * 1000, s, channel=c) for n, (s, c) in enumerate(spoken, 1)]
    stats = statistics(report(*rows))
    assert sum(s.interventions for s in stats.per_channel) == len(rows)
    assert sum(s.seconds for s in stats.per_group) == sum(s for s, _ in spoken)
    if stats.speaking_s:
        assert abs(sum(s.time_share for s in stats.per_channel) - 1) < 1e-9


def test_formula_cells_are_neutralised() -> None:
    for text in ("=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert neutralise(text) == "'" + text
    assert neutralise("Austria") == "Austria" and neutralise(-2) == -2 and neutralise(None) is None
