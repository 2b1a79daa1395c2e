"""Who is who in Zoom: the match of a remote speaker to a participant, the cues, the board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.meeting.vocabulary import Channel
from desktop.domain.remote_readiness import (
    match_participant,
    prepare_cue,
    readiness,
    unmute_cue,
    who,
)
from tests.conftest import at


@dataclass(frozen=True)
class InZoom:
    name: str
    delegation: str = ""
    hand_raised_at: datetime | None = None
    left_at: datetime | None = None


@dataclass(frozen=True)
class Asked:
    id: int
    speaker: str
    delegation: str
    channel: Channel = Channel.REMOTE


MEETING = [
    InZoom("AWeber-AT", "Austria", hand_raised_at=at(10, 5)),
    InZoom("iPad de Marie", "France"),
    InZoom("Kenji SATO", ""),
    InZoom("Left Early", "Norway", left_at=at(9, 50)),
]


def test_the_delegations_only_participant_is_the_speaker_whatever_zoom_calls_them() -> None:
    assert match_participant("Marie Dupont", "France", MEETING) == MEETING[1]


def test_among_several_of_a_delegation_or_none_the_name_decides() -> None:
    unlinked = InZoom("Weber, Anna")
    austria = [*MEETING, InZoom("Austria delegation 2", "Austria"), unlinked]
    assert match_participant("Anna Weber", "Austria", austria) == unlinked  # name, order
    assert match_participant("Anna Weber", "Austria", austria[:-1]) is None  # two: who?
    assert match_participant("Kenji Sato", "Japan", MEETING) == MEETING[2]  # case
    assert match_participant("Ingrid Dahl", "Norway", MEETING) is None  # left the meeting
    assert match_participant("", "Germany", MEETING) is None


def test_the_cues_name_the_speaker_and_the_zoom_name() -> None:
    assert who("Anna Weber", "Austria") == "Anna Weber (Austria)"
    assert who("", "Austria") == "Austria" and who("", "") == "the remote speaker"
    assert unmute_cue("Anna Weber", "Austria", "AWeber-AT") == (
        "Unmute Anna Weber (Austria) in Zoom — shown in Zoom as “AWeber-AT”."
    )
    assert unmute_cue("", "Norway", None) == (
        "Unmute Norway in Zoom — not found among the participants: look for them by name."
    )
    assert prepare_cue("Kenji Sato", "Japan", None) == (
        "Next remote: Kenji Sato (Japan) — make Kenji Sato (Japan) a panellist and ask them "
        "to unmute when called."
    )


def test_the_board_holds_the_next_three_remote_speakers_and_what_each_lacks() -> None:
    upcoming = [
        Asked(1, "Jonas Keller", "Germany", Channel.HALL),
        Asked(2, "Marie Dupont", "France"),
        Asked(3, "", "UNODC", Channel.VIDEO),
        Asked(4, "Ingrid Dahl", "Norway"),
        Asked(5, "Kenji Sato", "Japan"),
    ]
    board = readiness(upcoming, MEETING, [("Ingrid Dahl", "")], {3: "unodc.mp4"})
    assert [(r.request_id, r.zoom_name) for r in board] == [
        (2, "iPad de Marie"),
        (3, None),
        (4, None),
    ]
    france, unodc, norway = board
    assert (france.in_meeting, france.hand_raised, france.delegation_linked) == (
        True,
        False,
        True,
    )
    assert france.ready and unodc.ready and unodc.video == "unodc.mp4"
    assert norway.in_meeting and not norway.ready  # wrote in the chat, not linked
    austria = readiness([Asked(9, "Anna Weber", "Austria")], MEETING, [], {})[0]
    assert austria.hand_raised and austria.delegation_linked
    missing = readiness([Asked(3, "", "UNODC", Channel.VIDEO)], MEETING, [], {})[0]
    assert missing.video is None and not missing.ready
