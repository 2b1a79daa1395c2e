"""What a person types or an e-mail carries never breaks an export nor runs as a formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from db.store import Store
from desktop.record_export import ExportRequest, render
from desktop.record_export.cells import neutralise, xml_safe
from tests.record_export.scripted import Scripted

HOSTILE = [
    " =1+2",
    '\u00a0=HYPERLINK("http://evil.example")',
    "\ufeff=cmd|' /C calc'!A0",
    "\n=1+2",
    "\r\n@SUM(A1)",
    "\u200b+1",
    "＝1+2",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "\t=1",
    "=1",
    "-2+3",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_formulas_behind_spaces_breaks_and_full_width_signs_are_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["Austria", "", " Austria", "1 = 1", "Ms = chair", "e-mail"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise(text) == text


def test_control_characters_are_replaced_for_xlsx() -> None:
    assert xml_safe("a\x00b\x07c\x1b[31md\tok\nline") == "a\ufffdb\ufffdc\ufffd[31md\tok\nline"
    assert xml_safe(12) == 12


def test_an_xlsx_export_never_fails_on_control_characters(store: Store, scripted: Scripted) -> None:
    notes = "Ends\x00 with a NUL, a bell\x07, an escape \x1b[31m and a form feed\x0c."
    store.floor.set_notes(scripted.intervention_ids[0], notes)
    store.floor.set_notes(scripted.intervention_ids[1], '\ufeff=HYPERLINK("http://x")')
    store.floor.set_notes(scripted.intervention_ids[2], " ＝1+2")
    request = ExportRequest("xlsx", Path("unused"), conference_id=scripted.conference_id)
    book = load_workbook(io.BytesIO(render(store, request)))
    sheet = book["Interventions"]
    header = [c.value for c in sheet[1]]
    notes_column = header.index("Notes")
    values = [row[notes_column].value for row in sheet.iter_rows(2)]
    assert (
        values[0]
        == "Ends\ufffd with a NUL, a bell\ufffd, an escape \ufffd[31m and a form feed\ufffd."
    )
    assert values[1] == '\'\ufeff=HYPERLINK("http://x")' and values[2] == "' ＝1+2"
    csv_request = ExportRequest("csv", Path("unused"), conference_id=scripted.conference_id)
    rows = list(csv.DictReader(io.StringIO(render(store, csv_request).decode("utf-8-sig"))))
    assert rows[1]["Notes"].startswith("'") and rows[2]["Notes"].startswith("'")


@pytest.mark.parametrize("fmt", ["docx", "csv", "json"])
def test_other_exports_survive_control_characters(
    store: Store, scripted: Scripted, fmt: str
) -> None:
    store.floor.set_notes(scripted.intervention_ids[0], "NUL\x00 bell\x07 escape\x1b.")
    request = ExportRequest(fmt, Path("unused"), conference_id=scripted.conference_id)
    assert render(store, request)
