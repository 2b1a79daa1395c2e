"""A JSON archive that is damaged or hostile is refused with its reason, and nothing of it
is kept; on the command line that is exit status 2 and one line, never "internal error"."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from db.archive.archive import ArchiveError, export_conference, import_conference
from db.store import Store
from tests.cli.test_cli import assert_user_error, floordesk
from tests.faults.readable import one_sentence
from tests.record_export.scripted import Scripted

Damage = Callable[[dict[str, Any]], None]


def _slot(archive: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in archive["slots"] if s["floor_requests"] and s["interventions"])


def _set(path: str, value: Any) -> Damage:
    def damage(archive: dict[str, Any]) -> None:
        target: Any = archive
        *head, last = path.split(".")
        for key in head:
            target = _slot(archive) if key == "SLOT" else target[int(key) if key.isdigit() else key]
        target[int(last) if last.isdigit() else last] = value

    return damage


DAMAGES: list[tuple[str, Damage, str]] = [
    ("unknown zone", _set("conference.time_zone", "Mars/Olympus_Mons"), "time zone"),
    ("zone of the wrong type", _set("conference.time_zone", ["Europe/Vienna"]), "time zone"),
    ("reversed dates", _set("conference.ends_on", "2001-01-01"), "ends (2001-01-01) before"),
    ("not a date", _set("conference.starts_on", "26th/Feb/2018"), "not a date"),
    ("slot ending first", _set("SLOT.ends_at", "2001-01-01T00:00:00+00:00"), "ends before it"),
    ("naive time", _set("SLOT.starts_at", "2026-04-20T09:00:00"), "with a zone"),
    ("negative limit", _set("SLOT.limits.statement", -180), "outside 0–86400"),
    ("text limit", _set("SLOT.limits.statement", "three minutes"), "whole number"),
    ("float limit", _set("SLOT.limits.question", 90.5), "whole number"),
    ("true limit", _set("SLOT.limits.question", True), "whole number"),
    ("unknown kind", _set("SLOT.limits.filibuster", 60), "filibuster"),
    ("huge position", _set("SLOT.floor_requests.0.position", 10**40), "41 digits"),
    ("huge added time", _set("SLOT.interventions.0.added_s", 2**63), "outside"),
    ("title a list", _set("SLOT.title", ["Panel"]), "should be a text"),
    ("slots an object", _set("slots", {"a": 1}), "should be a list"),
    ("unknown status", _set("SLOT.floor_requests.0.status", "maybe"), "'maybe'"),
    ("person a number", _set("SLOT.floor_requests.0.person", 7), "should be an object"),
    (
        "taken before given",
        _set("SLOT.interventions.0.floor_taken_at", "2001-01-01T00:00:00Z"),
        "ends before",
    ),
    ("seating order text", _set("delegations.0.seating_order", "first"), "whole number"),
]


@pytest.mark.parametrize(
    ("damage", "words"), [(d, w) for _n, d, w in DAMAGES], ids=[n for n, _d, _w in DAMAGES]
)
def test_a_damaged_archive_is_refused_with_its_reason(
    store: Store, scripted: Scripted, damage: Damage, words: str
) -> None:
    archive = copy.deepcopy(export_conference(store, scripted.conference_id))
    damage(archive)
    before = len(store.agenda.conferences())
    with pytest.raises(ArchiveError) as caught:
        import_conference(store, archive)
    assert words in str(caught.value), str(caught.value)
    one_sentence(str(caught.value))
    assert len(store.agenda.conferences()) == before


def test_the_command_line_refuses_a_damaged_archive_with_status_2(
    tmp_path: Path, store: Store, scripted: Scripted
) -> None:
    archive = export_conference(store, scripted.conference_id)
    database = str(tmp_path / "other.sqlite")
    for number, (damage, words) in enumerate(
        [
            (_set("conference.time_zone", "Nowhere/Atlantis"), "time zone"),
            (_set("SLOT.limits.statement", 10**30), "31 digits"),
        ]
    ):
        damaged = copy.deepcopy(archive)
        damage(damaged)
        path = tmp_path / f"archive-{number}.json"
        path.write_text(json.dumps(damaged), encoding="utf-8")
        result = floordesk("--db", database, "agenda", "import", str(path), home=tmp_path)
        assert_user_error(result, words)
        assert "internal error" not in result.stderr


def test_a_giant_archive_is_refused_by_its_size_before_it_is_read(tmp_path: Path) -> None:
    from desktop.agenda_import.limits import DEFAULT_LIMITS

    path = tmp_path / "giant.json"
    with path.open("wb") as out:  # sparse: no disk is spent on it
        out.write(b'{"floordesk_archive": 1, "slots": [')
        out.seek(DEFAULT_LIMITS.max_json_bytes + 10)
        out.write(b"]}")
    result = floordesk(
        "--db", str(tmp_path / "d.sqlite"), "agenda", "import", str(path), home=tmp_path
    )
    assert_user_error(result, "giant.json is", "more than the 200 MB")


def test_a_damaged_archive_is_refused_in_a_dry_run_and_into_a_conference(
    tmp_path: Path, store: Store, scripted: Scripted
) -> None:
    archive = copy.deepcopy(export_conference(store, scripted.conference_id))
    _set("conference.time_zone", "Mars/Olympus_Mons")(archive)
    path = tmp_path / "archive.json"
    path.write_text(json.dumps(archive), encoding="utf-8")
    database = str(tmp_path / "other.sqlite")
    dry = floordesk("agenda", "import", str(path), "--dry-run", home=tmp_path)
    assert_user_error(dry, "damaged Floordesk archive", "Mars/Olympus_Mons")
    assert floordesk("--db", database, "demo", home=tmp_path).returncode == 0
    into = floordesk(
        "--db", database, "agenda", "import", str(path), "--conference", "1", home=tmp_path
    )
    assert_user_error(into, "time zone")
