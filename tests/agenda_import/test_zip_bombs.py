"""Zip bombs in .xlsx and .docx are refused by what their packages declare, before a byte
is unpacked; the bombs are made at run time (a few hundred kB on disk)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook

from db.store import Store
from desktop.agenda_import import UnreadableFile, read_agenda
from desktop.agenda_import.limits import MB, ImportLimits, check_package
from desktop.requests_import.sources import UnreadableImport, import_source
from tests.faults.readable import one_sentence


def with_bomb(path: Path, size: int = 250 * MB) -> Path:
    """Adds an entry of ``size`` zero bytes (deflated to almost nothing) to a package."""
    chunk = bytes(MB)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as package,
        package.open("xl/media/image1.bin", "w", force_zip64=True) as entry,
    ):
        for _ in range(size // MB):
            entry.write(chunk)
    return path


def workbook(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["First Name", "Last Name", "Email", "Organisation"])
    sheet.append(["Anna", "Weber", "anna@example.at", "Austria"])
    book.save(str(path))
    return path


def document(path: Path) -> Path:
    note = Document()
    note.add_paragraph("Conference")
    note.add_paragraph("20 April 2026")
    note.add_paragraph("09:00-10:00\tOpening")
    note.save(str(path))
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "xlsx": with_bomb(workbook(folder / "registration.xlsx")),
        "docx": with_bomb(document(folder / "note.docx")),
    }


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
def test_an_agenda_that_would_unpack_too_large_is_refused(
    bombs: dict[str, Path], kind: str
) -> None:
    path = bombs[kind]
    assert path.stat().st_size < 2 * MB
    with pytest.raises(UnreadableFile) as caught:
        read_agenda(path)
    assert "more than the 200 MB allowed (a zip bomb?)" in str(caught.value)
    one_sentence(str(caught.value))


def test_a_registration_workbook_bomb_is_one_clear_sentence(
    bombs: dict[str, Path], store: Store, conference_id: int
) -> None:
    with pytest.raises(UnreadableImport) as caught:
        import_source(store, conference_id, str(bombs["xlsx"]), fmt="registration")
    assert "zip bomb" in str(caught.value)


def test_ordinary_packages_pass_and_limits_apply(tmp_path: Path) -> None:
    data = workbook(tmp_path / "ok.xlsx").read_bytes()
    check_package(data, "ok.xlsx")
    with pytest.raises(UnreadableFile, match="more than the 1 kB"):
        check_package(data, "ok.xlsx", ImportLimits(max_unpacked_bytes=1024))
    with pytest.raises(UnreadableFile, match="files inside its package"):
        check_package(data, "ok.xlsx", ImportLimits(max_package_entries=2))
