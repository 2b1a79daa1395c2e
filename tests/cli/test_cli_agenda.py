"""``floordesk agenda import`` and ``export`` as a user meets them: a real process, real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import assert_user_error, floordesk

pytestmark = pytest.mark.slow  # the real app in processes of its own

DATA = Path(__file__).parents[1] / "agenda_import" / "data"
NOTE = str(DATA / "concept_note_2027.txt")


def test_a_dry_run_lists_what_it_found_and_creates_no_database(tmp_path: Path) -> None:
    result = floordesk("agenda", "import", NOTE, "--dry-run", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Tuesday 30 March 2027" in result.stdout
    assert "11:30–13:00  Panel        Panel 1 – Recruitment fees" in result.stdout
    assert "11 slots found, 3 problems." in result.stdout
    assert result.stderr.splitlines() == [
        "line 55: '25:00' is not a time of day; slot skipped",
        "line 56: ends (11:30) before it starts (12:00); skipped",
        "line 58: no end time, and no slot after it that day; skipped",
    ]
    assert not (tmp_path / "data").exists()


def test_a_dry_run_as_json_in_conference_time(tmp_path: Path) -> None:
    result = floordesk(
        "agenda", "import", str(DATA / "agenda.ics"), "--dry-run", "--json", home=tmp_path
    )
    assert result.returncode == 0, result.stderr
    slots = json.loads(result.stdout)
    assert {"day", "start", "end", "kind", "title", "topics"} <= set(slots[0])
    panel = slots[2]
    assert (panel["day"], panel["start"], panel["end"], panel["kind"]) == (
        "2027-03-30",
        "11:30",  # 09:30 UTC in Vienna's summer time
        "13:00",
        "panel",
    )
    assert panel["topics"] == ["Fees charged by recruiters", "Debt bondage"]
    assert result.stderr == ""


def test_import_into_a_new_conference_then_list_it(tmp_path: Path) -> None:
    database = str(tmp_path / "desk.sqlite")
    result = floordesk("--db", database, "agenda", "import", NOTE, home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Imported 11 slots into conference 1 (27th Conference")
    assert result.stderr.count("\n") == 3 and result.stderr.startswith("line 55: ")
    listed = json.loads(
        floordesk("--db", database, "agenda", "list", "--json", home=tmp_path).stdout
    )
    assert [s["start"] for s in listed[:3]] == ["09:00", "10:00", "10:45"]
    assert listed[4]["moderator"] == "Mr Pavel Novak"


def test_import_into_the_demo_conference_as_json(tmp_path: Path) -> None:
    database = str(tmp_path / "desk.sqlite")
    assert floordesk("--db", database, "demo", home=tmp_path).returncode == 0
    result = floordesk(
        "--db", database, "agenda", "import", str(DATA / "agenda.csv"),
        "--conference", "1", "--json", home=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["conference"] == 1 and len(summary["slots"]) == 6
    assert [p["line"] for p in summary["problems"]] == [6, 7, 10, 11]


def test_export_then_import_elsewhere_gives_the_same_archive(tmp_path: Path) -> None:
    first, second = str(tmp_path / "first.sqlite"), str(tmp_path / "second.sqlite")
    archive, again = tmp_path / "conference.json", tmp_path / "again.json"
    assert floordesk("--db", first, "demo", home=tmp_path).returncode == 0
    exported = floordesk(
        "--db", first, "agenda", "export", "--conference", "1", "-o", str(archive), home=tmp_path
    )
    assert exported.returncode == 0, exported.stderr
    assert "16 slots" in exported.stdout
    imported = floordesk("--db", second, "agenda", "import", str(archive), home=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith("Imported conference 1 (26th Alliance")
    floordesk(
        "--db", second, "agenda", "export", "--conference", "1", "-o", str(again), home=tmp_path
    )
    assert again.read_bytes() == archive.read_bytes()
    assert json.loads(archive.read_text(encoding="utf-8"))["floordesk_archive"] == 1


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("agenda.docx", b"\x00\x01\x02" * 500, "not a Word document"),
        ("agenda.pdf", b"%PDF-1.7", "is a PDF"),
        ("agenda.json", b'{"floordesk_archive": 7}', "version 7"),
        ("agenda.json", b"[1, 2", "not valid JSON"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_clear_line(
    tmp_path: Path, name: str, content: bytes, words: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    database = str(tmp_path / "desk.sqlite")
    assert_user_error(
        floordesk("--db", database, "agenda", "import", str(path), home=tmp_path), words
    )


def test_missing_files_conferences_and_agendas(tmp_path: Path) -> None:
    database = str(tmp_path / "desk.sqlite")
    assert_user_error(
        floordesk("agenda", "import", str(tmp_path / "none.txt"), "--dry-run", home=tmp_path),
        "There is no file",
    )
    assert_user_error(
        floordesk("--db", database, "agenda", "import", NOTE, "--conference", "9", home=tmp_path),
        "no conference 9",
    )
    assert_user_error(
        floordesk(
            "--db",
            database,
            "agenda",
            "export",
            "--conference",
            "9",
            "-o",
            str(tmp_path / "x.json"),
            home=tmp_path,
        ),
        "no conference 9",
    )
    prose = tmp_path / "prose.txt"
    prose.write_text("Nothing here is an agenda.\n", encoding="utf-8")
    assert_user_error(
        floordesk("--db", database, "agenda", "import", str(prose), home=tmp_path),
        "nothing imported",
    )
