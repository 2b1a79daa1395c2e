"""Participation statistics of the session record, and the charts drawn from them.

Pure: it reads a :class:`db.record.report.RecordReport` and gives numbers.
Speaking time is net of pauses and measured exactly as the speaker's countdown
measures it (``speaking_time.speaking_elapsed``), so the report and the timer
in the hall never disagree. The chart definitions are plain data too: the
window draws them with QtCharts, the reports as images, from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from db.meeting.vocabulary import Channel, DelegationGroup
from desktop.domain.speaking_time import speaking_elapsed

if TYPE_CHECKING:
    from db.meeting.record_rows import InterventionRecord, RecordReport, SlotRecord

NO_GROUP = "No delegation"


def speaking_time(intervention: InterventionRecord, now: datetime | None = None) -> timedelta:
    """Time with the floor, pauses left out; an intervention still going counts up to ``now``."""
    until = intervention.floor_taken_at or now or intervention.floor_given_at
    return speaking_elapsed(intervention.floor_given_at, intervention.pauses, until)


def allowed_time(intervention: InterventionRecord) -> timedelta:
    return timedelta(seconds=intervention.limit_s + intervention.added_s)


def overrun(intervention: InterventionRecord, now: datetime | None = None) -> timedelta:
    return max(timedelta(0), speaking_time(intervention, now) - allowed_time(intervention))


def group_label(intervention: InterventionRecord) -> str:
    return intervention.group.label if intervention.group is not None else NO_GROUP


@dataclass(frozen=True)
class Share:
    """One group or channel: how often and how long it spoke, and its share of the time."""

    label: str
    interventions: int
    seconds: float
    time_share: float  # 0..1 of all speaking time

    @property
    def minutes(self) -> float:
        return self.seconds / 60


@dataclass(frozen=True)
class SlotUse:
    slot_id: int
    title: str
    planned_s: float  # the slot's length on the agenda
    used_s: float  # speaking time of its interventions
    interventions: int
    overruns: int


@dataclass(frozen=True)
class Overrun:
    slot: str
    number: int
    delegation: str
    speaker: str
    seconds: float


@dataclass(frozen=True)
class Turn:
    """Who spoke in what order."""

    slot: str
    number: int
    delegation: str
    speaker: str
    group: str
    channel: Channel
    seconds: float


@dataclass(frozen=True)
class RecordStatistics:
    interventions: int
    speaking_s: float
    per_group: tuple[Share, ...]
    per_channel: tuple[Share, ...]
    per_slot: tuple[SlotUse, ...]
    overruns: tuple[Overrun, ...]
    order: tuple[Turn, ...]


def statistics(report: RecordReport, now: datetime | None = None) -> RecordStatistics:
    rows = report.interventions
    times = {i.id: speaking_time(i, now).total_seconds() for i in rows}
    total = sum(times.values())

    def shares(labels: list[str], key: dict[int, str]) -> tuple[Share, ...]:
        result = []
        for label in labels:
            mine = [i for i in rows if key[i.id] == label]
            if mine:
                seconds = sum(times[i.id] for i in mine)
                result.append(Share(label, len(mine), seconds, seconds / total if total else 0.0))
        return tuple(result)

    groups = [g.label for g in DelegationGroup] + [NO_GROUP]
    per_group = shares(groups, {i.id: group_label(i) for i in rows})
    per_channel = shares([c.label for c in Channel], {i.id: i.channel.label for i in rows})
    overruns = tuple(
        Overrun(slot.title, i.number, i.delegation, i.speaker, over)
        for slot in report.slots
        for i in slot.interventions
        if (over := overrun(i, now).total_seconds()) >= 1
    )
    return RecordStatistics(
        interventions=len(rows),
        speaking_s=total,
        per_group=per_group,
        per_channel=per_channel,
        per_slot=tuple(
            _slot_use(slot, times, now) for slot in report.slots if slot.kind.has_speakers
        ),
        overruns=overruns,
        order=tuple(
            Turn(
                slot.title,
                i.number,
                i.delegation,
                i.speaker,
                group_label(i),
                i.channel,
                times[i.id],
            )
            for slot in report.slots
            for i in slot.interventions
        ),
    )


def _slot_use(slot: SlotRecord, times: dict[int, float], now: datetime | None) -> SlotUse:
    return SlotUse(
        slot_id=slot.id,
        title=slot.title,
        planned_s=(slot.ends_at - slot.starts_at).total_seconds(),
        used_s=sum(times[i.id] for i in slot.interventions),
        interventions=len(slot.interventions),
        overruns=sum(1 for i in slot.interventions if overrun(i, now) >= timedelta(seconds=1)),
    )


# -- charts ---------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartSpec:
    """A chart as data: bars (one bar per category and series) or a pie (one series)."""

    key: str
    title: str
    kind: str  # "bars" or "pie"
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # what the values count, for the axis


def charts(stats: RecordStatistics) -> tuple[ChartSpec, ...]:
    """The charts of the report and of the statistics view, in that order."""
    found = []
    if stats.per_group:
        found.append(
            ChartSpec(
                "groups",
                "Speaking time per group",
                "bars",
                tuple(s.label for s in stats.per_group),
                (Series("Minutes", tuple(round(s.minutes, 1) for s in stats.per_group)),),
                "minutes",
            )
        )
    if stats.per_channel:
        found.append(
            ChartSpec(
                "channels",
                "Hall, remote and video (share of speaking time)",
                "pie",
                tuple(s.label for s in stats.per_channel),
                (Series("Minutes", tuple(round(s.minutes, 1) for s in stats.per_channel)),),
                "minutes",
            )
        )
    used = [s for s in stats.per_slot if s.interventions]
    if used:
        found.append(
            ChartSpec(
                "slots",
                "Time used against time planned, per slot",
                "bars",
                tuple(_short(s.title) for s in used),
                (
                    Series("Planned", tuple(round(s.planned_s / 60, 1) for s in used)),
                    Series("Speaking time", tuple(round(s.used_s / 60, 1) for s in used)),
                ),
                "minutes",
            )
        )
    return tuple(found)


def _short(title: str, length: int = 28) -> str:
    return title if len(title) <= length else title[: length - 1].rstrip() + "…"
