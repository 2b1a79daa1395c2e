"""Concept notes in Word: paragraphs, bulleted lists and the usual two-column agenda table."""

from __future__ import annotations

import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from docx import Document

from db.meeting.vocabulary import SlotKind
from desktop.agenda_import import UnreadableFile, read_agenda


def concept_note(path: Path) -> Path:
    document = Document()
    document.add_heading("24th Conference of the Alliance against Trafficking in Persons", 0)
    document.add_paragraph("18-19 April 2028")
    document.add_paragraph("Hofburg, Vienna")
    document.add_heading("BACKGROUND", 1)
    document.add_paragraph("Day 1 opens with leaders who made a difference in their countries.")
    document.add_heading("Day 1: Tuesday 18 April", 1)
    document.add_paragraph("09:00-10:00\tRegistration")
    document.add_paragraph("10:00 – 11:00\tOpening and Welcoming Remarks")
    document.add_paragraph("Moderator: Ms Ilse Brandauer")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "11:00-11:30"
    table.cell(0, 1).text = "Coffee break"
    table.cell(1, 0).text = "11:30-13:00"
    content = table.cell(1, 1)
    content.text = "Panel 1 – Systems and structures"
    content.add_paragraph("The panel looks at national co-ordination.")
    content.add_paragraph("Panellists:")
    content.add_paragraph("Ms Laura Quint, Labour Inspector")
    content.add_paragraph("Mr Omar Said, NGO Director")
    content.add_paragraph("")
    content.add_paragraph("Topics to be covered:")
    content.add_paragraph("National referral mechanisms", style="List Bullet")
    content.add_paragraph("Data on victims", style="List Bullet")
    merged = table.cell(2, 0).merge(table.cell(2, 1))
    merged.text = "Day 2 – Wednesday, 19 April 2028"
    document.add_paragraph("09:30-10:30\tClosing remarks")
    document.add_paragraph("26:00-27:00\tNot a time")
    document.save(str(path))
    return path


def test_a_word_concept_note_with_an_agenda_table(tmp_path: Path) -> None:
    agenda = read_agenda(concept_note(tmp_path / "concept note.docx"))
    assert agenda.title == "24th Conference of the Alliance against Trafficking in Persons"
    assert agenda.dates == (date(2028, 4, 18), date(2028, 4, 19))
    found = [(s.day.day, s.start, s.end, s.kind, s.title) for s in agenda.slots]
    assert found == [
        (18, time(9), time(10), SlotKind.REGISTRATION, "Registration"),
        (18, time(10), time(11), SlotKind.OPENING, "Opening and Welcoming Remarks"),
        (18, time(11), time(11, 30), SlotKind.BREAK, "Coffee break"),
        (18, time(11, 30), time(13), SlotKind.PANEL, "Panel 1 – Systems and structures"),
        (19, time(9, 30), time(10, 30), SlotKind.CLOSING, "Closing remarks"),
    ]
    panel = agenda.slots[3]
    assert panel.description == "The panel looks at national co-ordination."
    assert panel.panellists == ("Ms Laura Quint, Labour Inspector", "Mr Omar Said, NGO Director")
    assert panel.topics == ("National referral mechanisms", "Data on victims")
    assert agenda.slots[1].moderator == "Ms Ilse Brandauer"
    assert len(agenda.problems) == 1 and "'26:00' is not a time of day" in agenda.problems[0].reason


def test_a_file_named_docx_that_is_not_a_document(tmp_path: Path) -> None:
    garbage = tmp_path / "agenda.docx"
    garbage.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnreadableFile, match=r"agenda\.docx is not a Word document"):
        read_agenda(garbage)
    other_zip = tmp_path / "photos.docx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("photo.txt", "not a document")
    with pytest.raises(UnreadableFile, match=r"photos\.docx"):
        read_agenda(other_zip)
