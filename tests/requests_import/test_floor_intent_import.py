"""Requests read by meaning, through the imports into the store: the language stored with
each request, a withdrawal that takes a waiting request back, a refusal or a question
that joins no list, and chat lines that belong to no message reported."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from db.meeting.drafts import RequestDraft
from db.meeting.vocabulary import RequestSource, RequestStatus, ReviewStatus
from db.models import ChatProposal, FloorRequest, ReviewItem
from db.store import Store
from desktop.requests_import.chat_import import ChatImport, import_chat
from desktop.requests_import.mail_import import MailImport, import_mail
from desktop.requests_import.outcome import Outcome, RawMessage
from desktop.requests_import.zoom_chat import read_chat
from tests.requests_import import mails

NOW = datetime(2026, 4, 19, 12, 0, tzinfo=UTC)


def _slot(store: Store, conference_id: int, prefix: str) -> int:
    return next(s.id for s in store.agenda.slots(conference_id) if s.title.startswith(prefix))


def _delegation(store: Store, name: str) -> int:
    return next(d.id for d in store.delegations.all() if d.name == name)


def _chat(store: Store, conference_id: int, text: str, slot: int):  # type: ignore[no-untyped-def]
    plan = ChatImport.for_conference(store, conference_id, slot)
    return import_chat(store, plan, read_chat(text), today=date(2026, 4, 20))


def _mail(store: Store, conference_id: int, *messages: bytes):  # type: ignore[no-untyped-def]
    plan = MailImport.for_conference(store, conference_id)
    raws = [RawMessage(m, f"test #{i}") for i, m in enumerate(messages, start=1)]
    return import_mail(store, plan, raws, now=lambda: NOW)


def _status(store: Store, request_id: int) -> RequestStatus:
    with store.reading() as session:
        request = session.get(FloorRequest, request_id)
        assert request is not None
        return request.status


def _language_of_request(store: Store, request_id: int) -> str | None:
    with store.reading() as session:
        return session.scalar(select(FloorRequest.language).where(FloorRequest.id == request_id))


# --- Zoom chat ------------------------------------------------------------------------


def test_a_chat_request_keeps_its_language_through_the_confirmation(
    store: Store, conference_id: int
) -> None:
    slot = _slot(store, conference_id, "Panel 1")
    text = (
        "10:02:13 From  Jean Dupont (France)  to  Everyone:\n"
        "\tLa délégation de la France demande la parole sur ce point, s'il vous plaît\n"
    )
    [outcome] = _chat(store, conference_id, text, slot)
    assert outcome.outcome is Outcome.PROPOSED
    assert outcome.details["language"] == "fr"
    [proposal] = store.chat_proposals.open(conference_id)
    request_id = store.chat_proposals.confirm(
        proposal.id, slot_id=slot, delegation_id=_delegation(store, "France")
    )
    assert _language_of_request(store, request_id) == "fr"


def test_a_chat_withdrawal_dismisses_the_proposal_not_yet_confirmed(
    store: Store, conference_id: int
) -> None:
    slot = _slot(store, conference_id, "Panel 1")
    text = (
        "10:02:13 From Ivan Petrov (Russian Federation) to Everyone:\n"
        "\tРоссийская Федерация просит слова\n"
        "10:05:40 From Ivan Petrov (Russian Federation) to Everyone:\n"
        "\tМы снимаем нашу заявку на выступление, спасибо\n"
    )
    asked, withdrawn = _chat(store, conference_id, text, slot)
    assert (asked.outcome, withdrawn.outcome) == (Outcome.PROPOSED, Outcome.UPDATED)
    assert asked.details["language"] == withdrawn.details["language"] == "ru"
    assert store.chat_proposals.open(conference_id) == []
    # Read again (the chat file is polled again): nothing more happens.
    assert [o.outcome for o in _chat(store, conference_id, text, slot)] == [
        Outcome.SKIPPED,
        Outcome.SKIPPED,
    ]


def test_a_chat_withdrawal_takes_the_waiting_request_off_the_list(
    store: Store, conference_id: int
) -> None:
    slot = _slot(store, conference_id, "Panel 1")
    austria = _delegation(store, "Austria")
    request_id = store.speakers.add(
        slot, RequestDraft(austria, source=RequestSource.ZOOM_CHAT), NOW
    )
    text = "10:07:00 From Anna Weber (Austria) to Everyone:\n\tAustria withdraws its request.\n"
    [outcome] = _chat(store, conference_id, text, slot)
    assert outcome.outcome is Outcome.UPDATED
    assert outcome.details["request"] == request_id
    assert _status(store, request_id) is RequestStatus.WITHDRAWN
    # A later request of Austria is not withdrawn by reading the same file again.
    again = store.speakers.add(slot, RequestDraft(austria, source=RequestSource.ZOOM_CHAT), NOW)
    assert [o.outcome for o in _chat(store, conference_id, text, slot)] == [Outcome.SKIPPED]
    assert _status(store, again) is RequestStatus.WAITING


def test_refusals_and_questions_in_the_chat_are_conversation(
    store: Store, conference_id: int
) -> None:
    slot = _slot(store, conference_id, "Panel 1")
    text = (
        "10:02:13 From Anna Weber (Austria) to Everyone:\n"
        "\tAustria does not wish to take the floor on this item\n"
        "10:02:40 From Marc Dupont to Everyone:\n"
        "\tIs the list of speakers still open?\n"
    )
    assert _chat(store, conference_id, text, slot) == []
    assert store.chat_proposals.open(conference_id) == []


def test_chat_lines_in_no_message_are_reported_one_outcome_each(
    store: Store, conference_id: int
) -> None:
    slot = _slot(store, conference_id, "Panel 1")
    text = (
        "=== saved by the host ===\n"
        "08:59:02 From  Anna Weber (Austria)  to  Everyone:\n"
        "\tAustria would like\n"
        "\tto take the floor\n"
        "01:07:16\tMarc Dupont (France):\tLa France demande la parole\n"
    )
    outcomes = _chat(store, conference_id, text, slot)
    assert [(o.origin, o.outcome) for o in outcomes] == [
        ("line 1", Outcome.ERROR),
        ("line 2", Outcome.PROPOSED),
        ("line 5", Outcome.PROPOSED),
    ]
    assert "=== saved by the host ===" in outcomes[0].reason
    # The recording's times count from the start of the chosen slot.
    starts = next(s.starts_at for s in store.agenda.slots(conference_id) if s.id == slot)
    recorded = outcomes[2].details["date"]
    assert (recorded - starts).total_seconds() == 67 * 60 + 16


# --- e-mail -------------------------------------------------------------------------


def test_an_e_mailed_request_keeps_its_language(store: Store, conference_id: int) -> None:
    body = (
        "Sehr geehrte Damen und Herren,\n\nDeutschland bittet im Panel 2 um das Wort.\n\n"
        "Redner: Dr. Hans Müller, Botschafter\n\nMit freundlichen Grüßen"
    )
    message = mails.plain(
        body,
        subject="Wortmeldung",
        sender="Hans Müller <hans.mueller@diplo.example.de>",
        message_id="<de-1@example.de>",
    )
    [outcome] = _mail(store, conference_id, message)
    assert outcome.outcome is Outcome.QUEUED, outcome
    assert outcome.details["language"] == "de"
    assert _language_of_request(store, outcome.details["request"]) == "de"


def test_an_e_mail_that_withdraws_takes_the_request_off_the_list(
    store: Store, conference_id: int
) -> None:
    asked = (
        "Dear colleagues,\n\nThe Permanent Mission of the Republic of Austria would like to "
        "take the floor in Panel 2.\n\nBest regards"
    )
    taken_back = (
        "Dear colleagues,\n\nThe Permanent Mission of the Republic of Austria withdraws its "
        "request to speak in Panel 2.\n\nBest regards"
    )
    [first] = _mail(store, conference_id, mails.plain(asked, message_id="<a-1@example.at>"))
    [second] = _mail(store, conference_id, mails.plain(taken_back, message_id="<a-2@example.at>"))
    assert first.outcome is Outcome.QUEUED
    assert second.outcome is Outcome.UPDATED
    assert "withdraws" in second.reason
    assert _status(store, first.details["request"]) is RequestStatus.WITHDRAWN
    # Without a waiting request, a person reads the message.
    [third] = _mail(store, conference_id, mails.plain(taken_back, message_id="<a-3@example.at>"))
    assert third.outcome is Outcome.REVIEW
    assert "none waiting" in third.reason


def test_an_e_mail_that_declines_or_asks_about_the_list_waits_for_a_person(
    store: Store, conference_id: int
) -> None:
    declines = (
        "Dear colleagues,\n\nThe Permanent Mission of Austria does not wish to take the floor "
        "in Panel 2.\n\nBest regards"
    )
    asks = "Dear colleagues,\n\nIs the list of speakers for Panel 2 still open?\n\nBest regards"
    first, second = _mail(
        store,
        conference_id,
        mails.plain(declines, message_id="<d-1@example.at>"),
        mails.plain(asks, message_id="<d-2@example.at>"),
    )
    assert (first.outcome, second.outcome) == (Outcome.REVIEW, Outcome.REVIEW)
    assert "does not ask for the floor" in first.reason
    assert "asks about the list" in second.reason
    with store.reading() as session:
        languages = session.scalars(
            select(ReviewItem.language).where(ReviewItem.status == ReviewStatus.OPEN)
        ).all()
    assert languages == ["en", "en"]


def test_a_proposal_remembers_its_language(store: Store, conference_id: int) -> None:
    slot = _slot(store, conference_id, "Panel 1")
    text = "10:02:13 From Ana García (Spain) to Everyone:\n\tEspaña solicita el uso de la palabra\n"
    _chat(store, conference_id, text, slot)
    with store.reading() as session:
        assert session.scalars(select(ChatProposal.language)).all() == ["es"]


def test_a_request_and_its_withdrawal_in_one_mailbox(store: Store, conference_id: int) -> None:
    asked = (
        "Dear colleagues,\n\nThe Permanent Mission of Malta would like to take the floor in "
        "Panel 2.\n\nBest regards"
    )
    taken_back = (
        "Dear colleagues,\n\nMalta no longer wishes to take the floor in Panel 2.\n\nBest regards"
    )
    first, second = _mail(
        store,
        conference_id,
        mails.plain(asked, sender="Joseph Borg <jb@gov.example.mt>", message_id="<m-1@x.mt>"),
        mails.plain(taken_back, sender="Joseph Borg <jb@gov.example.mt>", message_id="<m-2@x.mt>"),
    )
    assert (first.outcome, second.outcome) == (Outcome.QUEUED, Outcome.UPDATED), second
    assert _status(store, first.details["request"]) is RequestStatus.WITHDRAWN
