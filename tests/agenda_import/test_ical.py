"""iCalendar agendas: time zones, folding, durations, shared slots, and real-world damage."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from db.meeting.vocabulary import SlotKind
from desktop.agenda_import import UnreadableFile, read_agenda
from desktop.agenda_import.ical import read_ical

DATA = Path(__file__).parent / "data"


def calendar(*event_lines: str) -> str:
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *event_lines, "END:VCALENDAR", ""])


def event(*lines: str) -> list[str]:
    return ["BEGIN:VEVENT", *lines, "END:VEVENT"]


def test_a_clean_calendar_in_every_way_of_giving_times() -> None:
    agenda = read_agenda(DATA / "agenda.ics")
    assert agenda.title == "27th Alliance Conference – Fair Work"
    assert agenda.problems == ()
    assert [(s.start, s.end, s.kind, s.line) for s in agenda.slots] == [
        (time(9), time(10), SlotKind.REGISTRATION, 20),  # TZID=Europe/Vienna
        (time(10), time(10, 45), SlotKind.OPENING, 27),  # an Outlook VTIMEZONE
        (time(11, 30), time(13), SlotKind.PANEL, 35),  # UTC, with DURATION
        (time(13), time(14, 30), SlotKind.LUNCH, 48),  # floating: conference time
        (time(13, 15), time(14, 15), SlotKind.SIDE_EVENT, 55),  # two events, one slot
    ]
    assert all(s.day == date(2027, 3, 30) for s in agenda.slots)


def test_folded_lines_and_a_description_with_people_and_topics() -> None:
    panel = read_agenda(DATA / "agenda.ics").slots[2]
    assert panel.title == "Panel 1 – Recruitment fees and the debts that bind workers"
    assert panel.description == "How fees charged to workers turn into debt bondage."
    assert panel.moderator == "Pavel Novak, Senior Adviser"
    assert panel.panellists == ("Laura Quint, Labour Inspector", "Omar Said")
    assert panel.topics == ("Fees charged by recruiters", "Debt bondage")
    opening = read_agenda(DATA / "agenda.ics").slots[1]
    assert opening.moderator == "Ilse Brandauer"  # ATTENDEE;ROLE=CHAIR


def test_events_at_the_same_time_are_one_slot_titled_by_the_first() -> None:
    side = read_agenda(DATA / "agenda.ics").slots[4]
    assert side.title == "Side event: Survivors speak"
    assert side.description == (
        "In the Ratsaal.\n\nAlso in this slot:\n"
        "- Side event: Labour inspectors' network: In the Wappensaal."
    )


def test_utc_times_are_shown_in_the_conference_zone() -> None:
    text = calendar(*event("SUMMARY:Panel", "DTSTART:20270330T093000Z", "DURATION:PT90M"))
    assert read_ical(text, "Europe/Vienna").slots[0].start == time(11, 30)  # CEST
    assert read_ical(text, "America/New_York").slots[0].start == time(5, 30)  # EDT
    winter = calendar(*event("SUMMARY:Panel", "DTSTART:20271130T093000Z", "DURATION:PT1H"))
    assert read_ical(winter, "Europe/Vienna").slots[0].start == time(10, 30)  # CET


def test_a_damaged_export_keeps_what_can_be_read() -> None:
    agenda = read_agenda(DATA / "agenda_damaged.ics")
    assert [(s.title, s.start) for s in agenda.slots] == [
        ("Opening (no END line)", time(10)),
        ("Panel 2 – Public procurement", time(14, 30)),  # the higher SEQUENCE
        ("Coffee break in Atlantis time", time(16)),
        ("Closing remarks", time(11, 30)),
    ]
    assert agenda.dates == (date(2027, 3, 30), date(2027, 3, 31))  # from the all-day event
    reasons = {p.line: p.reason for p in agenda.problems}
    assert "without its BEGIN line" in reasons[4]
    assert reasons[5] == "no END:VEVENT; read up to line 9"
    assert "no readable end" in reasons[10]
    assert reasons[14].startswith("DTEND:")
    assert "not an iCalendar line" in reasons[15]
    assert "same event as line 24" in reasons[17]
    assert "unknown time zone 'Atlantis/Poseidonis'" in reasons[34]
    assert "all-day" in reasons[37]
    assert "cancelled" in reasons[43]
    assert "no readable DTSTART" in reasons[50]
    assert "past midnight" in reasons[55]
    assert "before the end of the file" in reasons[61]


def test_the_same_uid_at_other_times_keeps_both() -> None:
    text = calendar(
        *event("UID:x", "SUMMARY:Panel 1", "DTSTART:20270330T090000", "DTEND:20270330T100000"),
        *event("UID:x", "SUMMARY:Panel 2", "DTSTART:20270330T110000", "DTEND:20270330T120000"),
    )
    agenda = read_ical(text, "Europe/Vienna")
    assert [s.title for s in agenda.slots] == ["Panel 1", "Panel 2"]
    assert agenda.problems[0].line == 9 and "kept both" in agenda.problems[0].reason


@pytest.mark.parametrize(
    ("lines", "reason"),
    [
        (("DTSTART:20270330T090000", "DTEND:20270330T080000"), "does not end after it starts"),
        (("DTSTART:20270330T090000",), "no DTEND and no DURATION"),
        (("DTSTART:20270330T090000", "DURATION:-PT1H"), "does not end after it starts"),
    ],
)
def test_events_that_do_not_make_a_slot(lines: tuple[str, ...], reason: str) -> None:
    agenda = read_ical(calendar(*event("SUMMARY:Panel", *lines)), "Europe/Vienna")
    assert agenda.slots == ()
    assert reason in agenda.problems[0].reason and agenda.problems[0].line == 3


def test_what_is_read_but_reported() -> None:
    agenda = read_ical(
        calendar(
            *event(
                "DTSTART:20270330T090000",
                "DTEND:20270330T100000",
                "DURATION:PT2H",
                "RRULE:FREQ=DAILY;COUNT=2",
            )
        ),
        "Europe/Vienna",
    )
    assert [(s.title, s.end) for s in agenda.slots] == [("Other", time(10))]
    assert [p.line for p in agenda.problems] == [3, 6, 7]  # no SUMMARY, DURATION, RRULE


def test_a_file_without_any_calendar_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "agenda.ics"
    path.write_text("09:00-10:00 Opening\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="not an iCalendar file"):
        read_agenda(path)
