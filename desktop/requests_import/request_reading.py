"""What a request to take the floor asks for: delegation, slot, speaker, hall or remote, kind.

Read from the words of an e-mail (or a chat message), in the six OSCE languages
as far as the usual phrasings go. Every guess is kept with what it was read
from, so the review list can show the person deciding why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from db.meeting.folding import fold
from db.meeting.snapshots import SlotView
from db.meeting.vocabulary import Channel, InterventionKind, SlotKind
from desktop.requests_import.channel_words import REMOTE_WORDS
from desktop.requests_import.delegation_match import (
    DelegationMatcher,
    DelegationReading,
    labelled_lines,
)
from desktop.requests_import.floor_intent import (
    NOTHING,
    FloorIntent,
    FloorReading,
    describe,
    read_intent,
)
from desktop.requests_import.mail_message import MailMessage
from desktop.requests_import.request_language import request_language

# Slots nobody asks to speak in.
_SILENT_SLOTS = frozenset(
    {SlotKind.BREAK, SlotKind.LUNCH, SlotKind.REGISTRATION, SlotKind.RECEPTION}
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9}
# "Panel 2", "panel II", "Panel No. 3", "панель 2", "Podium 2", "mesa 2", "tavola rotonda 2"
_NUMBERED = re.compile(
    r"\b(?P<word>panel|panels|session|séance|seance|sitzung|podium|panneau|tavola rotonda"
    r"|sessione|sesión|sesion|mesa|panel de discusión|панель|панели|сессия|сессии|заседание)"
    r"\s*(?:no\.?|n°|nr\.?|№|#)?\s*(?P<number>\d{1,2}|[ivx]{1,4})\b",
    re.IGNORECASE,
)
_SPEAKER_LABEL = re.compile(
    r"^\s*(?:speaker|name of (?:the )?speaker|speaker'?s name|name|delivered by|intervenant"
    r"|intervenante|orateur|oratrice|nom|redner|rednerin|sprecher|sprecherin"
    r"|выступающий|выступающая|докладчик|фио|orador|oradora|nombre|relatore|relatrice"
    r"|nome)\s*[:：]\s*(?P<value>.+)$",
    re.IGNORECASE | re.MULTILINE,
)
_DELIVERED_BY = re.compile(
    r"(?:delivered|made|given|read|presented)\s+by\s+(?P<value>[^;\n]+)",
    re.IGNORECASE,
)
_FUNCTION_LABEL = re.compile(
    r"^\s*(?:function|title|position|fonction|titre|funktion|position|должность"
    r"|cargo|funzione|qualifica)\s*[:：]\s*(?P<value>.+)$",
    re.IGNORECASE | re.MULTILINE,
)

_VIDEO = (
    "pre-recorded",
    "prerecorded",
    "recorded video",
    "video message",
    "video statement",
    "vidéo préenregistrée",
    "message vidéo",
    "videobotschaft",
    "videoaufzeichnung",
    "видеообращение",
    "видеозапись",
    "mensaje de vídeo",
    "mensaje en video",
    "video pregrabado",
    "videomessaggio",
    "video preregistrato",
)
_QUESTION = (
    "ask a question",
    "pose a question",
    "put a question",
    "raise a question",
    "a question to",
    "questions to the panel",
    "poser une question",
    "une question",
    "eine frage",
    "fragen an",
    "задать вопрос",
    "вопрос к",
    "hacer una pregunta",
    "formular una pregunta",
    "una pregunta",
    "fare una domanda",
    "porre una domanda",
    "una domanda",
)
_RIGHT_OF_REPLY = (
    "right of reply",
    "droit de réponse",
    "recht auf erwiderung",
    "право на ответ",
    "derecho de réplica",
    "diritto di replica",
)


@dataclass(frozen=True)
class SlotGuess:
    slot_id: int
    title: str
    found: str  # what in the text named it


@dataclass(frozen=True)
class SlotReading:
    guess: SlotGuess | None
    doubt: str = ""


@dataclass(frozen=True)
class RequestReading:
    delegation: DelegationReading
    slot: SlotReading
    speaker: str
    speaker_function: str
    kind: InterventionKind
    channel: Channel
    floor: FloorReading = NOTHING  # what the words ask, by meaning
    language: str | None = None  # "fr": what the message is written in

    @property
    def withdraws(self) -> bool:
        return self.floor.intent is FloorIntent.WITHDRAWAL

    def review_reason(self) -> str:
        """Why a person must look at it, or "" when it can join the list as it is."""
        reasons = []
        if self.floor.intent is FloorIntent.DECLINED:
            reasons.append(
                f"the message says it does not ask for the floor ({describe(self.floor)})"
            )
        elif self.floor.intent is FloorIntent.QUESTION:
            reasons.append(
                f"the message asks about the list, not for the floor ({describe(self.floor)})"
            )
        if self.delegation.match is None:
            reasons.append("no delegation could be recognised")
        elif self.delegation.doubt:
            reasons.append(self.delegation.doubt)
        if self.slot.guess is None:
            reasons.append(self.slot.doubt or "no slot of the agenda is named")
        return "; ".join(reasons)


class RequestReader:
    """Reads requests against one conference: its delegations and its agenda."""

    def __init__(self, matcher: DelegationMatcher, slots: Sequence[SlotView]) -> None:
        self._matcher = matcher
        self._slots = [s for s in slots if s.kind not in _SILENT_SLOTS]
        self._numbered: dict[tuple[str, int], SlotView] = {}
        for slot in self._slots:
            for found in _NUMBERED.finditer(slot.title):
                key = (_slot_word(found.group("word")), _number(found.group("number")))
                self._numbered.setdefault(key, slot)
        self._subtitles = [(slot, fold(_subtitle(slot.title))) for slot in self._slots]

    def read_mail(self, message: MailMessage, slot_id: int | None = None) -> RequestReading:
        lines = [line for line in message.body.splitlines() if line.strip()]
        zones = [
            ("label", labelled_lines(message.body)),
            ("subject", message.subject),
            ("opening", "\n".join(lines[:4])),
            ("signature", "\n".join(lines[-10:])),
            ("sender", message.sender_name),
            ("body", message.body),
        ]
        # The body says what is asked; a subject such as "Request to take the floor"
        # speaks only when the body says nothing of the floor.
        floor = read_intent(message.body)
        if floor.intent is FloorIntent.NONE:
            floor = read_intent(message.subject)
        return self.read(message.text, zones, slot_id, floor=floor)

    def read(
        self,
        text: str,
        zones: Sequence[tuple[str, str]],
        slot_id: int | None = None,
        *,
        floor: FloorReading | None = None,
    ) -> RequestReading:
        folded = fold(text)
        speaker, function = read_speaker(text)
        if floor is None:
            floor = read_intent(text)
        return RequestReading(
            delegation=self._matcher.read(zones),
            slot=self._slot_given(slot_id) if slot_id is not None else self.read_slot(text),
            speaker=speaker,
            speaker_function=function,
            kind=read_kind(folded),
            channel=read_channel(folded),
            floor=floor,
            language=request_language(text, floor.language),
        )

    def _slot_given(self, slot_id: int) -> SlotReading:
        for slot in self._slots:
            if slot.id == slot_id:
                return SlotReading(SlotGuess(slot.id, slot.title, "chosen for the import"))
        return SlotReading(None, f"slot {slot_id} does not take requests")

    def read_slot(self, text: str) -> SlotReading:
        """The slot the text asks for: "Panel 2", or the words of a slot's title."""
        named: dict[int, SlotGuess] = {}
        for found in _NUMBERED.finditer(text):
            key = (_slot_word(found.group("word")), _number(found.group("number")))
            slot = self._numbered.get(key)
            if slot is not None:
                named.setdefault(slot.id, SlotGuess(slot.id, slot.title, found.group(0)))
        if not named:
            folded = fold(text)
            for slot, subtitle in self._subtitles:
                if len(subtitle) >= 8 and fuzz.partial_ratio(subtitle, folded) >= 90:
                    named[slot.id] = SlotGuess(slot.id, slot.title, _subtitle(slot.title))
        if len(named) == 1:
            return SlotReading(next(iter(named.values())))
        if named:
            titles = " and ".join(f"“{g.title}”" for g in named.values())
            return SlotReading(None, f"the message names {titles}")
        return SlotReading(None)


def read_speaker(text: str) -> tuple[str, str]:
    """The speaker's name and function, from "Speaker: …" or "delivered by …"."""
    found = _SPEAKER_LABEL.search(text) or _DELIVERED_BY.search(text)
    if found is None:
        return "", ""
    value = _first_sentence(" ".join(found.group("value").split())).strip(" .,;:")
    name, _, function = value.partition(",")
    label = _FUNCTION_LABEL.search(text)
    if label is not None:
        function = label.group("value")
    return name.strip()[:200], " ".join(function.split()).strip(" .,;")[:200]


_SENTENCE_END = re.compile(r"(?<=\w{4})\.\s|(?<=[a-z]\))\.\s|[!?]\s")


def _first_sentence(text: str) -> str:
    """Up to the end of the sentence; "Dr.", "Mag.", "H.E." and initials do not end one."""
    end = _SENTENCE_END.search(text)
    return text[: end.start()] if end else text


def read_channel(folded: str) -> Channel:
    if any(phrase in folded for phrase in _folded(_VIDEO)):
        return Channel.VIDEO
    if _remote_phrase().search(folded) is not None:
        return Channel.REMOTE
    return Channel.HALL


@lru_cache(maxsize=1)
def _remote_phrase() -> re.Pattern[str]:
    """Any of the phrases for remote participation, as whole words."""
    phrases = "|".join(re.escape(phrase) for phrase in _folded(REMOTE_WORDS))
    return re.compile(rf"(?<!\w)(?:{phrases})(?!\w)")


def read_kind(folded: str) -> InterventionKind:
    if any(phrase in folded for phrase in _folded(_RIGHT_OF_REPLY)):
        return InterventionKind.RIGHT_OF_REPLY
    if any(phrase in folded for phrase in _folded(_QUESTION)):
        return InterventionKind.QUESTION
    return InterventionKind.STATEMENT


_FOLDED: dict[tuple[str, ...], tuple[str, ...]] = {}


def _folded(phrases: tuple[str, ...]) -> tuple[str, ...]:
    if phrases not in _FOLDED:
        _FOLDED[phrases] = tuple(fold(p) for p in phrases)
    return _FOLDED[phrases]


def _slot_word(word: str) -> str:
    word = fold(word)
    if word.startswith(("sess", "séan", "sean", "sitz", "сесс", "засед")):
        return "session"
    return "panel"


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _ROMAN.get(text.lower(), 0)


def _subtitle(title: str) -> str:
    """ "Panel 1 – Follow the money: …" → "Follow the money" (the words people quote)."""
    for dash in (" – ", " — ", " - ", ": "):
        if dash in title:
            rest = title.split(dash, 1)[1]
            return rest.split(":", 1)[0].strip()
    return title.strip()
