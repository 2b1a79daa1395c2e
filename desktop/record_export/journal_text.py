"""The words of the journal, shared by the DOCX and the PDF so that both say the same."""

from __future__ import annotations

from collections.abc import Sequence

from db.meeting.record_rows import InterventionRecord, RecordReport, SlotRecord
from db.meeting.snapshots import PauseView
from desktop.domain.conference_time import day_label, hm, hms, to_local
from desktop.domain.record_stats import RecordStatistics, Share, Turn, overrun, speaking_time
from desktop.domain.speaking_time import format_duration

INTERVENTION_COLUMNS = ("No.", "Floor", "Delegation", "Speaker", "Channel", "Time", "Notes")


def record_kind(report: RecordReport) -> str:
    if report.public:
        return "Session record"
    return "Session record — internal, not for circulation"


def conference_line(report: RecordReport) -> str:
    days = (
        day_label(report.starts_on)
        if report.starts_on == report.ends_on
        else f"{day_label(report.starts_on)} – {day_label(report.ends_on)}"
    )
    return ", ".join(p for p in (report.venue, days) if p)


def slot_when(slot: SlotRecord, zone: str) -> str:
    day = to_local(slot.starts_at, zone).date()
    city = zone.split("/")[-1].replace("_", " ")
    return f"{day_label(day)}, {hm(slot.starts_at, zone)}–{hm(slot.ends_at, zone)} ({city} time)"


def slot_people(slot: SlotRecord) -> list[tuple[str, str]]:
    lines = []
    if slot.chair:
        lines.append(("Chair", slot.chair))
    if slot.panellists:
        lines.append(("Panellists", "; ".join(slot.panellists)))
    if slot.topics:
        lines.append(("Topics", "; ".join(slot.topics)))
    return lines


def floor_times(i: InterventionRecord, zone: str) -> str:
    given = hm(i.floor_given_at, zone)
    if i.floor_taken_at is None:
        return f"{given} – (speaking)"  # spaces: a narrow column wraps there, not in a time
    return f"{given} – {hm(i.floor_taken_at, zone)}"


def who(i: InterventionRecord) -> str:
    return i.delegation or "—"


def group_text(i: InterventionRecord) -> str:
    return i.group.label if i.group is not None else ""


def speaker_text(i: InterventionRecord) -> str:
    if i.speaker and i.speaker_function:
        return f"{i.speaker}, {i.speaker_function}"
    return i.speaker


def channel_text(i: InterventionRecord) -> str:
    return f"{i.channel.label}, {i.kind.label.lower()}"


def duration_text(i: InterventionRecord) -> str:
    text = format_duration(speaking_time(i))
    over = overrun(i)
    if over.total_seconds() >= 1:
        text += f"\n+{format_duration(over)}"
    return text


def table_row(i: InterventionRecord, zone: str) -> tuple[str, ...]:
    """One intervention as a row of the journal's table (DOCX and PDF alike): number,
    times, who and their group, speaker, channel, duration, the notes with the
    rapporteur's marks (and, in the internal record, internal notes and e-mails)."""
    notes = [i.notes, marks(i, zone)]
    if i.internal_notes:
        notes.append(f"Internal: {i.internal_notes}")
    if i.speaker_email or i.sender_email:
        notes.append("E-mail: " + ", ".join(filter(None, {i.speaker_email, i.sender_email})))
    return (
        str(i.number),
        floor_times(i, zone),
        "\n".join(filter(None, (who(i), group_text(i)))),
        speaker_text(i),
        channel_text(i),
        duration_text(i),
        "\n".join(n for n in notes if n),
    )


SLOT_COLUMNS = ("Slot", "Planned", "Speaking time", "Interventions", "Overruns")


def share_columns(label: str) -> tuple[str, ...]:
    return (label, "Interventions", "Speaking time", "Share")


def share_rows(shares: Sequence[Share]) -> list[tuple[str, ...]]:
    """Participation per group or per channel, as table rows (DOCX and PDF alike)."""
    return [
        (s.label, str(s.interventions), format_minutes(s.seconds), f"{s.time_share:.0%}")
        for s in shares
    ]


def slot_rows(stats: RecordStatistics) -> list[tuple[str, ...]]:
    """Time used against time planned, per slot, as table rows (DOCX and PDF alike)."""
    return [
        (
            s.title,
            format_minutes(s.planned_s),
            format_minutes(s.used_s),
            str(s.interventions),
            str(s.overruns),
        )
        for s in stats.per_slot
    ]


REVIEW_COLUMNS = ("Received", "Sender", "Subject", "Reason", "Status")


def review_rows(report: RecordReport) -> list[tuple[str, ...]]:
    """The review list (internal exports), as table rows (DOCX and PDF alike)."""
    return [
        (
            to_local(r.received_at, report.time_zone).strftime("%d.%m. %H:%M"),
            ", ".join(filter(None, (r.sender_name, r.sender_email))),
            r.subject,
            r.reason,
            r.status.value,
        )
        for r in report.review_items
    ]


def marks(i: InterventionRecord, zone: str = "") -> str:
    """Tags and flags on one line: 'Tags: a; b · Recommendation · Follow-up'."""
    parts = []
    if i.tags:
        parts.append("Tags: " + "; ".join(i.tags))
    if i.recommendation:
        parts.append("Recommendation")
    if i.follow_up:
        parts.append("Follow-up")
    if i.attachments:
        parts.append("Written statement: " + "; ".join(i.attachments))
    if i.video_file:
        parts.append(f"Video: {i.video_file}")
    if i.audio_gaps and zone:
        parts.append(audio_gaps_text(i, zone))
    return " · ".join(parts)


def audio_gap_text(gap: PauseView, zone: str) -> str:
    """'10:42:05–10:42:40 (0:35)'; a gap still open: '10:42:05– (audio still lost)'."""
    if gap.resumed_at is None:
        return f"{hms(gap.paused_at, zone)}– (audio still lost)"
    length = format_duration(gap.resumed_at - gap.paused_at)
    return f"{hms(gap.paused_at, zone)}–{hms(gap.resumed_at, zone)} ({length})"


def audio_gaps_text(i: InterventionRecord, zone: str) -> str:
    """'Audio lost 10:42:05–10:42:40 (0:35)': every gap in the speech, the countdown stopped."""
    return "Audio lost " + "; ".join(audio_gap_text(gap, zone) for gap in i.audio_gaps)


def format_minutes(seconds: float) -> str:
    """'1 h 05 min', '12 min', '0:45' for under a minute."""
    whole = round(seconds)
    if whole < 60:
        return f"0:{whole:02d}"
    hours, minutes = divmod(round(whole / 60), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def format_clock_s(seconds: float) -> str:
    from datetime import timedelta

    return format_duration(timedelta(seconds=seconds))


def speaking_order(turns: Sequence[Turn]) -> list[tuple[str, str]]:
    """Per slot, who spoke in what order: ('Panel 1', '1. Austria · 2. Holy See …')."""
    slots: dict[str, list[str]] = {}
    for turn in turns:
        slots.setdefault(turn.slot, []).append(f"{turn.number}. {turn.delegation or turn.speaker}")
    return [(slot, " · ".join(names)) for slot, names in slots.items()]
