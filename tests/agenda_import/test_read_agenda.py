"""read_agenda: recognising the format, JSON agendas, and files that cannot be read at all."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest

from desktop.agenda_import import UnreadableFile, detect_format, read_agenda
from desktop.domain.conference_time import UnknownTimeZone

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("agenda", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", "ics"),
        ("agenda.dat", b'\xef\xbb\xbf  [{"day": "2027-03-30"}]', "json"),
        ("export", b"Day,Start,End,Title\n2027-03-30,09:00,10:00,Opening\n", "csv"),
        ("pasted", b"Day 1\n09:00-10:00 Opening\n", "text"),
        ("agenda.md", b"# Agenda", "text"),
        ("calendar.txt", b"BEGIN:VCALENDAR", "text"),  # the name says text: the user chose it
    ],
)
def test_the_format_is_recognised(name: str, content: bytes, expected: str) -> None:
    assert detect_format(Path(name), content) == expected


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.7 ...", "is a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office format"),
        (b"\x00\x01\x02ELF binary" * 100, "not a text file"),
    ],
)
def test_files_that_are_not_agendas_at_all(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "agenda.txt"
    path.write_bytes(content)
    with pytest.raises(UnreadableFile, match=words):
        read_agenda(path)


def test_a_missing_file_or_a_folder(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="There is no file"):
        read_agenda(tmp_path / "nothing.txt")
    with pytest.raises(UnreadableFile, match="is a folder"):
        read_agenda(tmp_path)


def test_a_wrong_time_zone_is_the_callers_mistake() -> None:
    with pytest.raises(UnknownTimeZone):
        read_agenda(DATA / "agenda.ics", zone="Europe/Atlantis")


def test_the_format_can_be_given(tmp_path: Path) -> None:
    path = tmp_path / "agenda.dat"
    path.write_text("30 March 2027\n09:00-10:00 Opening\n", encoding="cp1252")
    assert read_agenda(path, fmt="text").slots[0].title == "Opening"


def test_windows_text_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "agenda.txt"
    path.write_bytes("30 March 2027\n09:00-10:00 Eröffnung – Grußworte\n".encode("cp1252"))
    assert read_agenda(path).slots[0].title == "Eröffnung – Grußworte"


def test_a_json_list_of_slots_as_agenda_list_prints_it(tmp_path: Path) -> None:
    path = tmp_path / "slots.json"
    rows = [
        {
            "day": "2027-03-30",
            "start": "09:00",
            "end": "10:00",
            "kind": "opening",
            "title": "Opening",
            "topics": ["Leadership"],
            "moderator": "Ms A",
            "panellists": ["Ms B, Judge"],
        },
        {"day": "2027-03-30", "start": "11:00", "end": "10:00", "title": "Backwards"},
        {"day": "someday", "start": "11:00", "end": "12:00", "title": "No day"},
        {"start": "11:00"},
    ]
    path.write_text(json.dumps(rows), encoding="utf-8")
    agenda = read_agenda(path)
    assert [(s.day, s.start, s.end, s.title, s.topics) for s in agenda.slots] == [
        (date(2027, 3, 30), time(9), time(10), "Opening", ("Leadership",))
    ]
    assert agenda.slots[0].panellists == ("Ms B, Judge",)
    assert [p.reason.split(":")[0] for p in agenda.problems] == ["slot 2", "slot 3", "slot 4"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('[{"day": "2027-03-30",', r"not valid JSON \(line 1"),
        ('"just a string"', "neither an archive nor a list of slots"),
    ],
)
def test_json_that_is_no_agenda(tmp_path: Path, content: str, words: str) -> None:
    path = tmp_path / "agenda.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UnreadableFile, match=words):
        read_agenda(path)
