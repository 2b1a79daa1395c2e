"""What the live pages show, worked out without Qt: the estimates, no personal data, the
booths' languages and statements, the commands and HTTP requests checked."""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from db.meeting.snapshots import FloorRequestView
from db.meeting.vocabulary import (
    Channel,
    DelegationGroup,
    InterventionKind,
    RequestSource,
    RequestStatus,
)
from db.speakers.booth import BoothDetails, StatementView
from desktop.domain.time_budget import budget, estimated_starts
from desktop.web.control import Action, CommandError, Signal, booth_signal, command
from desktop.web.http import BadRequest, RateLimiter, asset_for_path, read_head
from desktop.web.pages import Floor, booth_page, expected_language, list_page
from desktop.web.statements import statement_text
from tests.conftest import at
from tests.factories import intervention_view


def request(number: int, **changes: object) -> FloorRequestView:
    values: dict[str, object] = {
        "id": number,
        "slot_id": 1,
        "delegation_id": number,
        "delegation": f"Delegation {number}",
        "nameplate": f"D{number}",
        "group": DelegationGroup.PARTICIPATING_STATE,
        "speaker": f"Ms Private Person {number}",
        "speaker_function": "Ambassador",
        "source": RequestSource.ADVANCE_EMAIL,
        "kind": InterventionKind.STATEMENT,
        "channel": Channel.HALL,
        "status": RequestStatus.WAITING,
        "received_at": at(9),
        "position": number,
        "pinned": False,
        "limit_s": None,
        "note": "confidential note",
        "sender_email": f"person{number}@example.org",
    }
    values.update(changes)
    return FloorRequestView(**values)  # type: ignore[arg-type]


@given(
    st.integers(0, 3600),
    st.integers(-600, 600),
    st.lists(st.integers(0, 600), max_size=30),
)
def test_the_estimates_end_where_the_budget_projects_the_list_to_end(
    minutes_in: int, remaining_s: int, limits: list[int]
) -> None:
    now = at(10) + timedelta(seconds=minutes_in)
    starts = estimated_starts(now, at(10, 30), timedelta(seconds=remaining_s), limits)
    plan = budget(now, at(10, 30), at(12), timedelta(seconds=remaining_s), limits)
    assert len(starts) == len(limits) + 1
    assert starts[-1] == plan.projected_end
    assert starts == sorted(starts)
    assert starts[0] >= max(now, at(10, 30))


def test_the_fourth_speaker_starts_after_the_current_remainder_and_three_turns() -> None:
    starts = estimated_starts(at(10), at(9), timedelta(seconds=90), [180, 180, 60, 180])
    assert starts[3] - at(10) == timedelta(seconds=90 + 180 + 180 + 60)


def floor_with(slot_panel: object, **changes: object) -> Floor:
    values: dict[str, object] = {
        "now": at(10),
        "zone": "Europe/Vienna",
        "conference": "Alliance",
        "slot": slot_panel,
        "current": None,
        "countdown": None,
    }
    values.update(changes)
    return Floor(**values)  # type: ignore[arg-type]


def test_no_personal_data_leaves_for_the_pages(panel: object) -> None:
    from desktop.domain.speaking_time import countdown

    waiting = [request(n) for n in range(1, 5)]
    from dataclasses import replace

    current = replace(intervention_view(at(9, 55)), speaker="Mr Private Speaker", notes="secret")
    floor = floor_with(
        panel,
        current=current,
        countdown=countdown(current, current.floor_given_at + timedelta(seconds=20)),
        waiting=waiting,
        limits_s=[180] * 4,
        next_up=waiting,
        booth={1: BoothDetails(1, "fr", "FR", (StatementView(9, "s.txt", "text/plain"),))},
    )
    for page in (list_page(floor), booth_page(floor, {9: "Mr Chair"})):
        text = json.dumps(page)
        for private in ("Private", "@", "confidential", "Ambassador", "sender", "note", "secret"):
            assert private not in text, (private, page["page"])
    listed = list_page(floor)
    assert [s["who"] for s in listed["speakers"]] == [f"Delegation {n}" for n in range(1, 5)]
    assert [s["place"] for s in listed["speakers"]] == [1, 2, 3, 4]


def test_the_expected_language_is_the_requests_then_the_delegations_usual_one() -> None:
    assert expected_language(BoothDetails(1, "it", "FR", ())) == ("it", "request")
    assert expected_language(BoothDetails(1, None, "FR", ())) == ("fr", "delegation")
    assert expected_language(BoothDetails(1, None, "ru", ())) == ("ru", "delegation")
    assert expected_language(BoothDetails(1, None, "US", ())) == ("en", "delegation")
    assert expected_language(None) == ("en", "delegation")


def test_statements_are_read_as_text_when_they_can_be() -> None:
    assert statement_text("s.txt", "text/plain", "Monsieur le Président\r\n".encode()) == (
        "Monsieur le Président"
    )
    document = Document()
    document.add_paragraph("Herr Vorsitzender,")
    document.add_paragraph("")
    document.add_paragraph("Menschenhandel ist ein Verbrechen.")
    buffer = io.BytesIO()
    document.save(buffer)
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert statement_text("s.docx", word, buffer.getvalue()) == (
        "Herr Vorsitzender,\n\nMenschenhandel ist ein Verbrechen."
    )
    assert statement_text("s.docx", word, b"not a zip") is None
    assert statement_text("s.pdf", "application/pdf", b"%PDF-1.4") is None


def test_commands_are_checked_before_anything_is_done() -> None:
    assert command("add-time", {"seconds": "-30"}).seconds == -30
    assert command("add-time", {}).seconds is None
    assert command("blank", {"on": "true"}).on is True
    assert command("message", {"text": "Please conclude", "pinned": True}).pinned
    assert command("next-slot", {}).action is Action.NEXT_SLOT
    for action, arguments in (
        ("explode", {}),
        ("add-time", {"seconds": 0}),
        ("add-time", {"seconds": 3.5}),
        ("message", {"text": "   "}),
        ("message", {"text": 5}),
        ("blank", {"on": "sometimes"}),
    ):
        with pytest.raises(CommandError):
            command(action, arguments)
    assert booth_signal({"signal": "relay-lost", "language": "ru"}).signal is Signal.RELAY_LOST
    with pytest.raises(CommandError):
        booth_signal({"signal": "relay-lost"})


def test_requests_are_read_with_limits() -> None:
    assert read_head(b"GET /list HTTP/1.1\r\nHost: x") is None  # still coming
    head = read_head(b"POST /api/control/blank?on=true HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
    assert head is not None
    request, length = head
    assert request.path == "/api/control/blank" and request.query == {"on": "true"}
    assert length == len(b"POST /api/control/blank?on=true HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}")
    with pytest.raises(BadRequest) as refused:
        read_head(b"A" * 9000)
    assert refused.value.status == 431


def test_only_the_shipped_assets_are_served() -> None:
    assert asset_for_path("/list") is not None
    assert asset_for_path("/static/live.js") is not None
    for path in (
        "/static/../__init__.py",
        "/static/..",
        "/static/web/list.html",
        "/static/usual_languages.json/..",
        "/static/",
        "/static/LIST.HTML",
        "/__init__.py",
    ):
        assert asset_for_path(path) is None, path


def test_the_rate_limiter_lets_a_burst_through_then_the_steady_rate() -> None:
    limiter = RateLimiter(burst=3, per_second=2)
    assert [limiter.allow("a", 0.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b", 0.0)  # another address has its own bucket
    assert limiter.allow("a", 0.5)  # one more after half a second
    assert not limiter.allow("a", 0.5)
