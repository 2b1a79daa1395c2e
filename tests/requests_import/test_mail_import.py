"""E-mails into the demo conference's list of speakers: queued, late, updated, reviewed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from db.meeting.vocabulary import Channel, InterventionKind, RequestStatus, ReviewStatus
from db.store import Store
from desktop.requests_import.mail_import import MailImport, import_mail
from desktop.requests_import.mail_sources import UnreadableSource, read_mail_source
from desktop.requests_import.outcome import ItemOutcome, Outcome, RawMessage
from tests.requests_import import mails

NOW = datetime(2026, 4, 19, 12, 0, tzinfo=UTC)


def run(store: Store, conference_id: int, *messages: bytes, dry_run: bool = False):  # type: ignore[no-untyped-def]
    plan = MailImport.for_conference(store, conference_id)
    raws = [RawMessage(m, f"test #{i}") for i, m in enumerate(messages, start=1)]
    return import_mail(store, plan, raws, now=lambda: NOW, dry_run=dry_run)


def slot_id(store: Store, conference_id: int, prefix: str) -> int:
    return next(s.id for s in store.agenda.slots(conference_id) if s.title.startswith(prefix))


def request_of(store: Store, conference_id: int, panel: str, delegation: str):  # type: ignore[no-untyped-def]
    requests = store.speakers.requests(slot_id(store, conference_id, panel))
    return next(r for r in requests if r.delegation == delegation)


AUSTRIA = (
    "Dear colleagues,\n\nThe Permanent Mission of the Republic of Austria would like to take "
    "the floor in Panel 2.\n\nSpeaker: Dr. Anna Weber, Head of the Anti-Trafficking Unit\n\n"
    "Best regards\nAnna Weber"
)


def test_a_request_joins_the_list_with_what_was_read(store: Store, conference_id: int) -> None:
    [outcome] = run(store, conference_id, mails.plain(AUSTRIA))
    assert outcome.outcome is Outcome.QUEUED, outcome
    assert outcome.details["delegation"] == "Austria"
    request = request_of(store, conference_id, "Panel 2", "Austria")
    assert request.status is RequestStatus.WAITING
    assert request.speaker == "Dr. Anna Weber"
    assert request.speaker_function == "Head of the Anti-Trafficking Unit"
    assert request.channel is Channel.HALL and request.kind is InterventionKind.STATEMENT
    assert request.received_at == datetime(2026, 4, 10, 7, 15, tzinfo=UTC)


def test_the_same_message_twice_is_skipped(store: Store, conference_id: int) -> None:
    run(store, conference_id, mails.plain(AUSTRIA))
    [again] = run(store, conference_id, mails.plain(AUSTRIA))
    assert again.outcome is Outcome.SKIPPED
    waiting = store.speakers.requests(slot_id(store, conference_id, "Panel 2"))
    assert [r.delegation for r in waiting].count("Austria") == 1


def test_a_second_request_updates_the_first_and_says_so(store: Store, conference_id: int) -> None:
    run(store, conference_id, mails.plain(AUSTRIA))
    change = (
        "Austria, Panel 2: our statement will now be delivered by Mag. Karl Huber, "
        "Deputy Head of Mission. He will join online."
    )
    [outcome] = run(store, conference_id, mails.plain(change, message_id="<req-2@bmeia>"))
    assert outcome.outcome is Outcome.UPDATED
    assert "replaces" in outcome.reason
    request = request_of(store, conference_id, "Panel 2", "Austria")
    assert request.speaker == "Mag. Karl Huber"
    assert request.channel is Channel.REMOTE
    journal = [e.action for e in store.journal_since(0)]
    assert "request.update" in journal


def test_after_the_deadline_it_waits_as_late(store: Store, conference_id: int) -> None:
    [outcome] = run(store, conference_id, mails.plain(AUSTRIA, date=mails.LATE))
    assert outcome.outcome is Outcome.LATE
    assert request_of(store, conference_id, "Panel 2", "Austria").status is RequestStatus.LATE


@pytest.mark.parametrize(
    ("text", "charset", "delegation"),
    [
        (
            "Делегация Российской Федерации просит слово в панели 2.",
            "windows-1251",
            "Russian Federation",
        ),
        ("Delegation of Türkiye: request for the floor, Panel 2", "utf-8", "Türkiye"),
        ("Turkey would like to make a statement in Panel 2.", "iso-8859-1", "Türkiye"),
        ("Österreich ersucht um das Wort in Panel 2.", "iso-8859-1", "Austria"),
        ("Литва просит предоставить слово на панели 2.", "koi8-r", "Lithuania"),
        ("La délégation de la Suisse demande la parole (panel 2).", "iso-8859-1", "Switzerland"),
        ("Delegation: Canda\nPanel 2, please.", "utf-8", "Canada"),  # a typing mistake
    ],
)
def test_delegations_in_many_languages(
    store: Store, conference_id: int, text: str, charset: str, delegation: str
) -> None:
    data = mails.plain(text, charset=charset, encoding="base64")
    [outcome] = run(store, conference_id, data)
    assert outcome.details["delegation"] == delegation, outcome
    assert outcome.outcome is Outcome.QUEUED
    assert outcome.details["slot_title"].startswith("Panel 2")


def test_kind_and_channel_are_read(store: Store, conference_id: int) -> None:
    text = "Malta would like to ask a question to the panellists of Panel 1. We will join via Zoom."
    [outcome] = run(store, conference_id, mails.plain(text))
    assert outcome.details["kind"] == InterventionKind.QUESTION
    assert outcome.details["channel"] == Channel.REMOTE
    video = "Canada will send a pre-recorded video statement for Panel 1."
    [outcome] = run(store, conference_id, mails.plain(video, message_id="<v@ca>"))
    assert outcome.details["channel"] == Channel.VIDEO


def test_what_cannot_be_matched_waits_for_review_with_its_original(
    store: Store, conference_id: int
) -> None:
    text = "Hello, our organization would like to speak tomorrow. Regards, Bob"
    [outcome] = run(store, conference_id, mails.plain(text, sender="Bob <bob@ngo.example>"))
    assert outcome.outcome is Outcome.REVIEW
    assert "no delegation could be recognised" in outcome.reason
    [item] = store.advance_requests.review_items(conference_id)
    assert item.sender_email == "bob@ngo.example"
    assert "would like to speak tomorrow" in item.original_text
    assert item.status is ReviewStatus.OPEN


def test_two_slots_named_is_a_question_for_a_person(store: Store, conference_id: int) -> None:
    text = "Malta asks for the floor in Panel 1 and in Panel 2."
    [outcome] = run(store, conference_id, mails.plain(text))
    assert outcome.outcome is Outcome.REVIEW
    assert "Panel 1" in outcome.reason and "Panel 2" in outcome.reason


def test_slot_by_the_words_of_its_title(store: Store, conference_id: int) -> None:
    text = "Malta would like to speak in the session on clean supply chains."
    [outcome] = run(store, conference_id, mails.plain(text))
    assert outcome.details["slot_title"].startswith("Panel 2"), outcome


def test_accepting_a_review_item_makes_the_request(store: Store, conference_id: int) -> None:
    text = "Pdf attached. Regards"
    data = mails.with_attachment(
        text, "statement.pdf", b"%PDF-1.4 x", sender="J. Borg <jb@gov.example>", subject="Hi"
    )
    run(store, conference_id, data)
    [item] = store.advance_requests.review_items(conference_id)
    assert item.attachments == ("statement.pdf",)
    panel_1 = slot_id(store, conference_id, "Panel 1")
    malta = next(d.id for d in store.delegations.all() if d.name == "Malta")
    request_id = store.advance_requests.accept(
        item.id,
        delegation_id=malta,
        slot_id=panel_1,
        kind=InterventionKind.STATEMENT,
        channel=Channel.HALL,
        speaker="Joseph Borg",
    )
    assert store.advance_requests.review_items(conference_id) == []
    assert store.advance_requests.attachments_of_request(request_id) == [
        ("statement.pdf", "application/pdf", b"%PDF-1.4 x")
    ]
    assert request_of(store, conference_id, "Panel 1", "Malta").speaker == "Joseph Borg"


def test_attachments_follow_the_request(store: Store, conference_id: int) -> None:
    body = "Malta requests the floor in Panel 1; our written statement is attached."
    [outcome] = run(store, conference_id, mails.with_attachment(body, "MT.pdf", b"%PDF-1.4 mt"))
    assert outcome.outcome is Outcome.QUEUED
    assert store.advance_requests.attachments_of_request(outcome.details["request"]) == [
        ("MT.pdf", "application/pdf", b"%PDF-1.4 mt")
    ]


def test_one_bad_message_never_stops_the_others(store: Store, conference_id: int) -> None:
    outcomes = run(
        store,
        conference_id,
        mails.plain(AUSTRIA),
        b"",
        b"\x00\x01 not mail",
        mails.plain("Malta: Panel 1 please.", message_id="<m@mt>"),
    )
    assert [o.outcome for o in outcomes] == [
        Outcome.QUEUED,
        Outcome.ERROR,
        Outcome.ERROR,
        Outcome.QUEUED,
    ]
    assert outcomes[1].reason == "The message is empty."


def test_a_dry_run_changes_nothing(store: Store, conference_id: int) -> None:
    before = store.last_journal_id()
    outcomes = run(
        store,
        conference_id,
        mails.plain(AUSTRIA),
        mails.plain(AUSTRIA, date=mails.LATE, message_id="<late@at>"),
        mails.plain("Hello", message_id="<h@x>"),
        dry_run=True,
    )
    assert [o.outcome for o in outcomes] == [Outcome.QUEUED, Outcome.LATE, Outcome.REVIEW]
    assert store.last_journal_id() == before
    as_json = outcomes[0].as_json()
    assert as_json["outcome"] == "queued" and as_json["delegation"] == "Austria"
    assert as_json["date"] == "2026-04-10T09:15:00+02:00"


def test_an_mbox_and_a_folder(tmp_path: Path, store: Store, conference_id: int) -> None:
    box = tmp_path / "requests.mbox"
    box.write_bytes(
        mails.mbox(
            mails.plain(AUSTRIA),
            mails.plain("From now on: Malta, Panel 1.", message_id="<from@mt>"),
        )
    )
    raws = list(read_mail_source(box))
    assert [r.origin for r in raws] == ["requests.mbox #1", "requests.mbox #2"]
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.eml").write_bytes(mails.plain(AUSTRIA))
    (folder / "sub" / "b.txt").write_bytes(mails.plain("Malta, Panel 1", message_id="<b@mt>"))
    (folder / "notes.csv").write_text("not,mail\n")
    assert [r.origin for r in read_mail_source(folder)] == ["a.eml", "sub/b.txt"]
    plan = MailImport.for_conference(store, conference_id)
    outcomes: list[ItemOutcome] = import_mail(store, plan, raws, now=lambda: NOW)
    assert [o.outcome for o in outcomes] == [Outcome.QUEUED, Outcome.QUEUED]


def test_sources_that_hold_no_mail_say_so(tmp_path: Path) -> None:
    (tmp_path / "agenda.csv").write_text("Start,End,Title\n")
    with pytest.raises(UnreadableSource, match="is not an e-mail, an mbox or an Outlook"):
        list(read_mail_source(tmp_path / "agenda.csv"))
    with pytest.raises(UnreadableSource, match="holds no e-mail"):
        list(read_mail_source(tmp_path))
    with pytest.raises(UnreadableSource, match="There is no file or folder"):
        list(read_mail_source(tmp_path / "missing"))


def test_an_outlook_message(tmp_path: Path, store: Store, conference_id: int) -> None:
    broken = tmp_path / "broken.msg"
    broken.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    plan = MailImport.for_conference(store, conference_id)
    [outcome] = import_mail(store, plan, read_mail_source(broken), now=lambda: NOW)
    assert outcome.outcome is Outcome.ERROR
    assert outcome.reason == "The file could not be read as an Outlook message."
