"""Who is who in Zoom, and whether the next remote speakers are ready.

The technician unmutes the remote speaker who has the floor by the name Zoom shows,
which is rarely the name on the list ("Anna Weber" asked by e-mail, "AWeber-AT" in
the meeting). The match is made once, here, in pure code: by delegation first, then
by name, forgiving order, case and accents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from rapidfuzz import fuzz, utils

from db.meeting.vocabulary import Channel

NAME_MATCH = 80  # rapidfuzz token_set_ratio, 0-100: "Weber Anna" is "Anna Weber"
READY_BOARD_SIZE = 3


class InMeeting(Protocol):
    """A participant of the Zoom meeting (db.people.participants.RemoteParticipantView)."""

    @property
    def name(self) -> str: ...
    @property
    def delegation(self) -> str: ...
    @property
    def hand_raised_at(self) -> datetime | None: ...
    @property
    def left_at(self) -> datetime | None: ...


class RemoteRequest(Protocol):
    """What the board needs of a request (db.meeting.snapshots.FloorRequestView)."""

    @property
    def id(self) -> int: ...
    @property
    def speaker(self) -> str: ...
    @property
    def delegation(self) -> str: ...
    @property
    def channel(self) -> Channel: ...


P = TypeVar("P", bound=InMeeting)


def who(speaker: str, delegation: str) -> str:
    """'Anna Weber (Austria)', or whichever of the two is known."""
    if speaker and delegation:
        return f"{speaker} ({delegation})"
    return speaker or delegation or "the remote speaker"


def _name_score(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process))


def match_participant(speaker: str, delegation: str, participants: Sequence[P]) -> P | None:
    """The participant in the meeting who is this speaker, if one can be told.

    The delegation's participant named like the speaker; else anyone named like the
    speaker (not yet linked to a delegation); else the delegation's only participant.
    """
    present = [p for p in participants if p.left_at is None]
    ours = [p for p in present if delegation and p.delegation == delegation]
    for pool in (ours, present):
        scored = sorted(
            ((_name_score(speaker, p.name), index, p) for index, p in enumerate(pool)),
            key=lambda item: (-item[0], item[1]),
        )
        if scored and scored[0][0] >= NAME_MATCH:
            return scored[0][2]
    if len(ours) == 1:
        return ours[0]
    return None


def unmute_cue(speaker: str, delegation: str, zoom_name: str | None) -> str:
    """'Unmute Anna Weber (Austria) in Zoom' and, when matched, the name to look for."""
    cue = f"Unmute {who(speaker, delegation)} in Zoom"
    if zoom_name is None:
        return f"{cue} — not found among the participants: look for them by name."
    return f"{cue} — shown in Zoom as “{zoom_name}”."


def prepare_cue(speaker: str, delegation: str, zoom_name: str | None) -> str:
    """What to do for the next remote speaker before their turn."""
    name = f"“{zoom_name}”" if zoom_name else who(speaker, delegation)
    return (
        f"Next remote: {who(speaker, delegation)} — make {name} a panellist "
        "and ask them to unmute when called."
    )


@dataclass(frozen=True)
class Readiness:
    """One of the next remote speakers, on the technician's board."""

    request_id: int
    who: str
    channel: Channel
    zoom_name: str | None
    in_meeting: bool  # in the participants report, or wrote in the chat
    hand_raised: bool
    delegation_linked: bool  # the participant is linked to the request's delegation
    video: str | None  # for a video statement: its file ready and checked, or None missing

    @property
    def ready(self) -> bool:
        if self.channel is Channel.VIDEO:
            return self.video is not None
        return self.in_meeting and self.delegation_linked


def readiness(
    upcoming: Sequence[RemoteRequest],
    participants: Sequence[InMeeting],
    chat_senders: Sequence[tuple[str, str]],
    videos: dict[int, str],
    size: int = READY_BOARD_SIZE,
) -> list[Readiness]:
    """The next ``size`` remote or video speakers of ``upcoming`` (in speaking order).

    ``chat_senders``: (sender, delegation) of the chat's messages; ``videos``: the
    checked video file's name by request.
    """
    board = []
    for request in upcoming:
        if request.channel not in (Channel.REMOTE, Channel.VIDEO):
            continue
        found = match_participant(request.speaker, request.delegation, participants)
        wrote = any(
            (request.delegation and delegation == request.delegation)
            or _name_score(request.speaker, sender) >= NAME_MATCH
            for sender, delegation in chat_senders
        )
        board.append(
            Readiness(
                request_id=request.id,
                who=who(request.speaker, request.delegation),
                channel=request.channel,
                zoom_name=found.name if found else None,
                in_meeting=found is not None or wrote,
                hand_raised=found is not None and found.hand_raised_at is not None,
                delegation_linked=found is not None
                and bool(request.delegation)
                and found.delegation == request.delegation,
                video=videos.get(request.id),
            )
        )
        if len(board) == size:
            break
    return board
