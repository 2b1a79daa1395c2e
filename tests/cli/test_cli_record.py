"""``floordesk record export`` and ``conference purge-personal-data``: a real process."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy.engine import URL

from db.store import Store
from desktop.demo import ensure_delegations
from tests.cli.test_cli import assert_user_error, floordesk
from tests.record_export.scripted import Scripted, build

pytestmark = pytest.mark.slow  # the real app in processes of its own


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[str, Scripted]:
    database = tmp_path / "desk.sqlite"
    store = Store.open(URL.create("sqlite", database=str(database)))
    try:
        ensure_delegations(store)
        return str(database), build(store)
    finally:
        store.close()


def test_export_a_conference_as_docx(tmp_path: Path, recorded: tuple[str, Scripted]) -> None:
    database, scripted = recorded
    target = tmp_path / "record.docx"
    result = floordesk(
        "--db", database, "record", "export", "--conference", str(scripted.conference_id),
        "--format", "docx", "-o", str(target), home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote the internal record to {target}"
    headings = [p.text for p in Document(str(target)).paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Panel 1: Prevention through partnership", "Lunch break"] or (
        "Panel 2: Protection of victims" in headings
    )


def test_export_a_public_slot_as_csv_and_json(
    tmp_path: Path, recorded: tuple[str, Scripted]
) -> None:
    database, scripted = recorded
    for fmt in ("csv", "json"):
        target = tmp_path / f"slot.{fmt}"
        result = floordesk(
            "--db", database, "record", "export", "--slot", str(scripted.slot_ids[0]),
            "--public", "-o", str(target), home=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        text = target.read_text(encoding="utf-8-sig")
        assert "@" not in text.replace("<", "")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "slot.csv").read_text("utf-8-sig"))))
    assert [r["Delegation"] for r in rows][:2] == ["Austria", "Holy See"]
    assert "Internal notes" not in rows[0]
    assert json.loads((tmp_path / "slot.json").read_text())["public"] is True


def test_export_errors_are_one_sentence(tmp_path: Path, recorded: tuple[str, Scripted]) -> None:
    database, _scripted = recorded
    unknown = floordesk(
        "--db", database, "record", "export", "--slot", "999", "--format", "pdf",
        "-o", str(tmp_path / "x.pdf"), home=tmp_path,
    )  # fmt: skip
    assert_user_error(unknown, "There is no agenda slot 999.")
    unwritable = floordesk(
        "--db", database, "record", "export", "--conference", "1",
        "-o", str(tmp_path / "no-such-folder" / "x.csv"), home=tmp_path,
    )  # fmt: skip
    assert_user_error(unwritable, "Cannot write", "x.csv")
    no_format = floordesk(
        "--db", database, "record", "export", "--conference", "1", "-o", str(tmp_path / "x"),
        home=tmp_path,
    )  # fmt: skip
    assert_user_error(no_format, "--format")


def test_purge_personal_data(tmp_path: Path, recorded: tuple[str, Scripted]) -> None:
    database, scripted = recorded
    result = floordesk(
        "--db", database, "conference", "purge-personal-data", str(scripted.conference_id),
        home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 attachments" in result.stdout
    target = tmp_path / "after.csv"
    floordesk(
        "--db", database, "record", "export", "--conference", "1", "-o", str(target),
        home=tmp_path,
    )  # fmt: skip
    assert "@" not in target.read_text("utf-8-sig")


def test_purge_refuses_a_conference_not_over(tmp_path: Path) -> None:
    database = str(tmp_path / "desk.sqlite")
    assert floordesk("--db", database, "demo", "--today", home=tmp_path).returncode == 0
    result = floordesk("--db", database, "conference", "purge-personal-data", "1", home=tmp_path)
    assert_user_error(result, "once it is over", "--force")
