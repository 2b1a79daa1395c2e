"""The phrases of a chat message that asks for the floor, in the six languages, for a
moderator's own list of phrases (the recogniser, desktop/requests_import/floor_intent.py,
reads requests in general)."""

from __future__ import annotations

from collections.abc import Sequence

from db.meeting.folding import fold

DEFAULT_FLOOR_PHRASES: tuple[str, ...] = (
    # English
    "take the floor",
    "request the floor",
    "requests the floor",
    "requesting the floor",
    "like the floor",
    "ask for the floor",
    "asking for the floor",
    "may i have the floor",
    "can i have the floor",
    "could i have the floor",
    "would like to speak",
    "wish to speak",
    "want to speak",
    "would like to make a statement",
    "ask a question",
    "have a question",
    "right of reply",
    "point of order",
    # French
    "prendre la parole",
    "demande la parole",
    "demander la parole",
    "demandons la parole",
    "souhaite intervenir",
    "voudrais intervenir",
    "aimerais intervenir",
    "poser une question",
    "droit de réponse",
    "motion d'ordre",
    # German
    "Wortmeldung",
    "ums Wort",
    "um das Wort",
    "das Wort",
    "möchte sprechen",
    "möchte etwas sagen",
    "Frage stellen",
    "Recht auf Erwiderung",
    "zur Geschäftsordnung",
    # Italian
    "prendere la parola",
    "chiedo la parola",
    "chiedere la parola",
    "chiede la parola",
    "vorrei intervenire",
    "vorrei parlare",
    "fare una domanda",
    "diritto di replica",
    "mozione d'ordine",
    # Russian
    "прошу слова",
    "прошу слово",
    "просим слова",
    "предоставить слово",
    "хотел бы выступить",
    "хотела бы выступить",
    "хочу выступить",
    "взять слово",
    "задать вопрос",
    "право на ответ",
    "по порядку ведения",
    # Spanish
    "pedir la palabra",
    "pido la palabra",
    "solicito la palabra",
    "solicitar la palabra",
    "solicita la palabra",
    "pide la palabra",
    "tomar la palabra",
    "quisiera intervenir",
    "me gustaría intervenir",
    "hacer una pregunta",
    "derecho de réplica",
    "cuestión de orden",
    # a raised hand
    "🙋",
    "✋",
    "🖐",
)


def _fold(text: str) -> str:
    """Case, accents, apostrophes and spacing do not matter."""
    return fold(text.replace("’", "'").replace("ʼ", "'"))


def asks_for_floor(text: str, phrases: Sequence[str] = DEFAULT_FLOOR_PHRASES) -> bool:
    """Whether a chat message asks for the floor ("I would like to take the floor", "✋")."""
    folded = _fold(text)
    for phrase in phrases:
        wanted = _fold(phrase)
        if not wanted:
            continue
        start = folded.find(wanted)
        while start != -1:
            # the phrase starts a word: "das Wort" but not "redemande la parole"
            if start == 0 or not (folded[start - 1].isalnum() and wanted[0].isalnum()):
                return True
            start = folded.find(wanted, start + 1)
    return False
