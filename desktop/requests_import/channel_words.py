"""The words that say a participant takes part from afar, in the OSCE's languages.

One list for every reader: a request e-mail ("I will speak online") and a
registration export's participation column ("Online", "à distance"). Each reader
folds them as it folds its text.
"""

from __future__ import annotations

REMOTE_WORDS = (
    "online",
    "on-line",
    "remotely",
    "remote",
    "via zoom",
    "on zoom",
    "through zoom",
    "virtually",
    "virtual participation",
    "videoconference",
    "video link",
    "à distance",
    "en ligne",
    "par visioconférence",
    "per video",
    "zugeschaltet",
    "aus der ferne",
    "digital teilnehmen",
    "онлайн",
    "дистанционно",
    "удаленно",
    "в режиме видеосвязи",
    "по видеосвязи",
    "en línea",
    "a distancia",
    "en remoto",
    "da remoto",
    "in collegamento",
    "in videoconferenza",
)
# Names of meeting tools and bare adjectives: they say "remote" as a form's whole
# answer ("Zoom", "Teams"), not inside a sentence ("our teams", "a virtual absence").
REMOTE_ANSWERS = ("virtual", "virtuell", "distanciel", "zoom", "webex", "teams")
