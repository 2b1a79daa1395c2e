"""The scripted two-day conference, exported in every format and read back."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy.engine import URL

from db.archive.archive import export_conference, import_conference
from db.record.report import read_record
from db.store import Store
from desktop.domain.record_stats import statistics
from desktop.record_export import ExportError, ExportRequest, export_record, render
from tests.record_export.scripted import FORMULA_NOTE, Scripted

PERSONAL = (
    "delegation@austria.example",
    "claire@canada.example",
    "someone@private.example",
    "a.weber@osce.example",
    "Check the figures",
    "Dear organizers",
    "austria-statement.pdf",
)


def export(store: Store, scripted: Scripted, fmt: str, *, public: bool = False) -> bytes:
    return render(
        store,
        ExportRequest(fmt, Path("unused"), conference_id=scripted.conference_id, public=public),
    )


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_statistics_of_the_record(store: Store, scripted: Scripted) -> None:
    stats = statistics(read_record(store, conference_id=scripted.conference_id))
    assert stats.interventions == 6
    assert stats.speaking_s == 150 + 60 + 220 + 120 + 100 + 210
    groups = {s.label: (s.interventions, s.seconds) for s in stats.per_group}
    assert groups == {
        "Participating State": (3, 310),
        "Partner for Co-operation": (1, 220),
        "International organization": (1, 210),
        "Civil society": (1, 120),
    }
    channels = {s.label: s.interventions for s in stats.per_channel}
    assert channels == {"Hall": 3, "Remote (Zoom)": 2, "Video": 1}
    assert [(o.delegation, o.seconds) for o in stats.overruns] == [
        ("Japan", 40),
        ("International Organization for Migration", 30),
    ]
    panels = [(u.title, u.planned_s, u.used_s) for u in stats.per_slot]
    assert panels == [
        ("Panel 1: Prevention through partnership", 5400, 550),
        ("Panel 2: Protection of victims", 3600, 310),
    ]
    assert [t.delegation for t in stats.order][:3] == ["Austria", "Holy See", "Japan"]


def test_docx_journal_reads_back(store: Store, scripted: Scripted) -> None:
    document = Document(io.BytesIO(export(store, scripted, "docx")))
    headings = [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "Panel 1: Prevention through partnership") in headings
    assert ("Heading 1", "Panel 2: Protection of victims") in headings
    assert ("Heading 1", "Statistics") in headings
    assert ("Heading 2", "Summary") in headings
    assert document.paragraphs[0].style.name == "Title"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Monday 20 April 2026, 10:00–11:30 (Vienna time)" in text
    assert "The panel discussed registers of recruitment agencies." in text
    first = document.tables[0]
    header = [c.text for c in first.rows[0].cells]
    assert header == ["No.", "Floor", "Delegation", "Speaker", "Channel", "Time", "Notes"]
    rows = [[c.text for c in row.cells] for row in first.rows[1:]]
    assert [r[2].split("\n")[0] for r in rows] == [
        "Austria",
        "Holy See",
        "Japan",
        "La Strada International",
    ]
    assert rows[0][1] == "10:05 – 10:07" and rows[0][5] == "2:30"
    assert rows[0][3] == "Ms Eva Gruber, Deputy Head of Mission"
    assert rows[2][4] == "Video, statement" and rows[2][5] == "3:40\n+0:40"
    assert rows[0][6].startswith("Calls for a register of recruitment agencies.")
    assert "Recommendation" in rows[0][6] and "Internal: Check the figures" in rows[0][6]
    assert len(document.inline_shapes) == 3  # the three charts
    assert (
        "Panel 1: Prevention through partnership: 1. Austria · 2. Holy See · 3. Japan · "
        "4. La Strada International"
    ) in text
    assert any(t.rows[0].cells[0].text == "Received" for t in document.tables)


def test_pdf_pages_render(store: Store, scripted: Scripted, tmp_path: Path, qapp: object) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtPdf import QPdfDocument

    path = tmp_path / "record.pdf"
    export_record(store, ExportRequest("pdf", path, conference_id=scripted.conference_id))
    pdf = QPdfDocument()
    assert pdf.load(str(path)) == QPdfDocument.Error.None_
    assert pdf.pageCount() >= 2
    size = pdf.pagePointSize(0)
    assert (round(size.width()), round(size.height())) == (595, 842)  # A4
    text = " ".join(" ".join(pdf.getAllText(n).text() for n in range(pdf.pageCount())).split())
    assert "Panel 1: Prevention through partnership" in text
    assert "Calls for a register of recruitment agencies." in text
    page = pdf.render(0, QSize(620, 877))
    assert not page.isNull()
    pdf.close()


def test_csv_rows_and_neutralised_cells(store: Store, scripted: Scripted) -> None:
    content = export(store, scripted, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 6
    austria = rows[0]
    assert austria["Delegation"] == "Austria" and austria["Duration (s)"] == "150"
    assert austria["Pauses"] == "1" and austria["Recommendation"] == "yes"
    assert austria["Tags"] == "Prevention; register"
    assert austria["Sender's e-mail"] == "delegation@austria.example"
    assert rows[2]["Overrun (s)"] == "40" and rows[2]["Channel"] == "Video"
    assert rows[2]["Notes"] == "'" + FORMULA_NOTE
    assert rows[3]["Speaker"] == "'+Ms Claire Roy"
    assert rows[3]["Allowed (s)"] == "210"
    assert [r["Date"] for r in rows] == ["2026-04-20"] * 4 + ["2026-04-21"] * 2


def test_xlsx_sheets_and_neutralised_cells(store: Store, scripted: Scripted) -> None:
    book = load_workbook(io.BytesIO(export(store, scripted, "xlsx")))
    assert book.sheetnames == ["Interventions", "Statistics", "Review items"]
    sheet = book["Interventions"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    assert len(rows) == 6
    assert rows[0]["Duration (s)"] == 150 and rows[0]["Recommendation"] is True
    assert rows[2]["Notes"] == "'" + FORMULA_NOTE and rows[3]["Speaker"] == "'+Ms Claire Roy"
    assert all(
        not (isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")))
        for row in book["Interventions"].iter_rows()
        for c in row
    )
    figures = [[c.value for c in row] for row in book["Statistics"].iter_rows()]
    assert ["Civil society", 1, 2.0] in [r[:3] for r in figures]
    assert book["Review items"]["D2"].value == "someone@private.example"


def test_json_archive_round_trips(store: Store, scripted: Scripted, tmp_path: Path) -> None:
    document = json.loads(export(store, scripted, "json"))
    assert document == export_conference(store, scripted.conference_id)
    other = Store.open(URL.create("sqlite", database=str(tmp_path / "other.sqlite")))
    try:
        imported = import_conference(other, document)
        assert export_conference(other, imported) == document
    finally:
        other.close()
    notes = [i["internal_notes"] for s in document["slots"] for i in s["interventions"]]
    assert "Check the figures with the delegation." in notes


def test_public_json_imports_without_personal_fields(
    store: Store, scripted: Scripted, tmp_path: Path
) -> None:
    document = json.loads(export(store, scripted, "json", public=True))
    assert document["public"] is True
    other = Store.open(URL.create("sqlite", database=str(tmp_path / "other.sqlite")))
    try:
        again = export_conference(other, import_conference(other, document))
    finally:
        other.close()
    assert again == {k: v for k, v in document.items() if k != "public"}


@pytest.mark.parametrize("fmt", ["docx", "csv", "xlsx", "json", "pdf"])
def test_public_leaves_out_personal_fields(
    store: Store, scripted: Scripted, fmt: str, qapp: object
) -> None:
    internal = readable(fmt, export(store, scripted, fmt))
    public = readable(fmt, export(store, scripted, fmt, public=True))
    assert "delegation@austria.example" in internal and "Check the figures" in internal
    for secret in PERSONAL:
        assert secret not in public, secret
    assert "Calls for a register of recruitment agencies." in public
    assert "Review items" not in public


def readable(fmt: str, content: bytes) -> str:
    if fmt == "docx":
        return docx_text(content)
    if fmt == "xlsx":
        book = load_workbook(io.BytesIO(content))
        return "\n".join(
            f"{sheet.title}\n" + "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
            for sheet in book.worksheets
        )
    if fmt == "pdf":
        return " ".join(" ".join(pdf_pages_text(content)).split())
    return content.decode("utf-8-sig")


def pdf_pages_text(content: bytes) -> Iterator[str]:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    pdf = QPdfDocument()
    pdf.load(buffer)
    for n in range(pdf.pageCount()):
        yield pdf.getAllText(n).text()
    pdf.close()


def test_slot_export_holds_one_slot(store: Store, scripted: Scripted) -> None:
    request = ExportRequest("csv", Path("unused"), slot_id=scripted.slot_ids[1])
    rows = list(csv.DictReader(io.StringIO(render(store, request).decode("utf-8-sig"))))
    assert [r["Delegation"] for r in rows] == [
        "Austria",
        "International Organization for Migration",
    ]
    archive = json.loads(
        render(store, ExportRequest("json", Path("x"), slot_id=scripted.slot_ids[1]))
    )
    assert [s["title"] for s in archive["slots"]] == ["Panel 2: Protection of victims"]


def test_unwritable_file_is_one_sentence(store: Store, scripted: Scripted, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "record.csv"
    with pytest.raises(ExportError, match=r"^Cannot write .*record\.csv: .*\.$"):
        export_record(store, ExportRequest("csv", target, conference_id=scripted.conference_id))
    assert not target.parent.exists()


def test_docx_is_a_zip_with_styles(store: Store, scripted: Scripted) -> None:
    with zipfile.ZipFile(io.BytesIO(export(store, scripted, "docx"))) as archive:
        styles = archive.read("word/styles.xml").decode()
    assert 'w:styleId="Heading1"' in styles and "Light Grid" in styles
