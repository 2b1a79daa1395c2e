"""What the desk hands the store to make: a request for the floor, before it has an id."""

from __future__ import annotations

from dataclasses import dataclass

from db.meeting.vocabulary import Channel, InterventionKind, RequestSource


@dataclass(frozen=True)
class RequestDraft:
    delegation_id: int | None
    kind: InterventionKind = InterventionKind.STATEMENT
    channel: Channel = Channel.HALL
    source: RequestSource = RequestSource.HALL
    speaker: str = ""
    speaker_function: str = ""
    note: str = ""
    sender_email: str | None = None
    limit_s: int | None = None

    def __post_init__(self) -> None:
        # Values that crossed Qt (combo box data) come back as plain strings.
        object.__setattr__(self, "kind", InterventionKind(self.kind))
        object.__setattr__(self, "channel", Channel(self.channel))
        object.__setattr__(self, "source", RequestSource(self.source))
