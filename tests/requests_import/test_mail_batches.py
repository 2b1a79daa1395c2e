"""Many messages filed in one transaction decide as if filed one at a time."""

from __future__ import annotations

from sqlalchemy import select

from db.meeting.vocabulary import Channel, InterventionKind, RequestStatus
from db.models import Attachment
from db.store import Store
from desktop.requests_import.outcome import Outcome
from tests.requests_import import mails
from tests.requests_import.test_mail_import import AUSTRIA, request_of, run, slot_id

CHANGE = (
    "Austria, Panel 2: our statement will now be delivered by Mag. Karl Huber, "
    "Deputy Head of Mission. He will join online."
)


def test_one_batch_sees_what_its_earlier_messages_did(store: Store, conference_id: int) -> None:
    outcomes = run(
        store,
        conference_id,
        mails.plain(AUSTRIA),
        mails.plain(AUSTRIA),  # the same message again: skipped
        mails.plain(CHANGE, message_id="<req-2@bmeia>"),  # updates the first
        mails.with_attachment(
            "Austria asks for the floor in Panel 2; a right of reply.",
            "reply.pdf",
            b"%PDF-1.4 reply",
            message_id="<req-3@bmeia>",
            subject="Right of reply",
        ),
    )
    assert [o.outcome for o in outcomes] == [
        Outcome.QUEUED,
        Outcome.SKIPPED,
        Outcome.UPDATED,
        Outcome.UPDATED,
    ], outcomes
    assert "replaces" in outcomes[2].reason and "07:15 UTC" in outcomes[2].reason
    assert outcomes[2].details["request"] == outcomes[0].details["request"]
    request = request_of(store, conference_id, "Panel 2", "Austria")
    assert request.speaker == "Mag. Karl Huber"
    assert request.channel is Channel.HALL and request.kind is InterventionKind.RIGHT_OF_REPLY
    # The right of reply waits at the end of the list: the list was ordered after the update.
    waiting = store.speakers.requests(slot_id(store, conference_id, "Panel 2"))
    waiting = [r for r in waiting if r.status is RequestStatus.WAITING]
    assert waiting[-1].id == request.id
    with store.reading() as session:
        files = session.scalars(
            select(Attachment.filename).where(Attachment.floor_request_id == request.id)
        )
        assert list(files) == ["reply.pdf"]
    actions = [e.action for e in store.journal_since(0) if e.entity_id == request.id]
    assert actions[-3:] == ["request.add", "request.update", "request.update"]
