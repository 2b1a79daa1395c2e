"""The Zoom chat file, as the clients write it, read whole or while it grows."""

from __future__ import annotations

import os
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.requests_import.chat_floor_phrases import DEFAULT_FLOOR_PHRASES, asks_for_floor
from desktop.requests_import.zoom_chat import ChatMessage, ChatReader, read_chat
from desktop.requests_import.zoom_chat_follower import ChatFileFollower

OLD_FILE = (
    "10:02:13\t From  Anna Weber  to  Everyone : I would like to take the floor\n"
    "10:03:40\t From  Marc Dupont  to  Anna Weber(Privately) : After the Swiss delegation?\n"
    "10:04:02\t From  Host : The meeting will resume at 10:30 : thank you\n"
)

NEW_FILE = (
    "10:02:13 From Anna Weber to Everyone:\n"
    "\tI would like to take the floor\n"
    "10:03:40 From Marc Dupont To Anna Weber(Privately):\n"
    "\tAfter the Swiss delegation?\n"
    "2026-11-19 10:04:02 From Host to Marc Dupont(direct message):\n"
    "\tPlease keep it short.\n"
    "\tWe are late.\n"
    "\n"
    "\tThree minutes at most.\n"
    "10:05:00 From Elena Rossi to Everyone:\n"
    '\tReplying to "I would like to take the floor":\n'
    "\tMe too, on item 3\n"
    "10:05:09 From Marc Dupont to Everyone:\n"
    '\tReacted to "I would like to…" with 👍\n'
)


def _summary(message: ChatMessage) -> tuple[str, str, bool, str]:
    return message.sender, message.recipient, message.private, message.text


# --- older clients ------------------------------------------------------------------


def test_old_format_everyone_private_and_no_recipient() -> None:
    messages = read_chat(OLD_FILE)

    assert [_summary(m) for m in messages] == [
        ("Anna Weber", "Everyone", False, "I would like to take the floor"),
        ("Marc Dupont", "Anna Weber", True, "After the Swiss delegation?"),
        ("Host", "", False, "The meeting will resume at 10:30 : thank you"),
    ]
    assert messages[0].said_at == time(10, 2, 13)
    assert messages[0].said_on is None
    assert [m.line_number for m in messages] == [1, 2, 3]
    assert not any(m.reaction for m in messages)


def test_old_format_message_is_given_as_soon_as_its_line_is_complete() -> None:
    reader = ChatReader()

    first = reader.feed("10:02:13\t From  Anna Weber  to  Everyone : I would like")
    second = reader.feed(" to take the floor\r\n")

    assert first == []
    assert [m.text for m in second] == ["I would like to take the floor"]
    assert reader.finish() == []


def test_old_format_name_containing_to() -> None:
    (message,) = read_chat("10:02:13\t From  Otto to Berg  to  Everyone : hello\n")

    assert (message.sender, message.recipient) == ("Otto to Berg", "Everyone")


# --- newer clients ------------------------------------------------------------------


def test_new_format_all_kinds() -> None:
    messages = read_chat(NEW_FILE)

    assert [_summary(m) for m in messages] == [
        ("Anna Weber", "Everyone", False, "I would like to take the floor"),
        ("Marc Dupont", "Anna Weber", True, "After the Swiss delegation?"),
        (
            "Host",
            "Marc Dupont",
            True,
            "Please keep it short.\nWe are late.\n\nThree minutes at most.",
        ),
        ("Elena Rossi", "Everyone", False, "Me too, on item 3"),
        ("Marc Dupont", "Everyone", False, 'Reacted to "I would like to…" with 👍'),
    ]
    assert [m.line_number for m in messages] == [1, 3, 5, 10, 13]
    assert messages[2].said_on == date(2026, 11, 19)
    assert messages[3].reply_to == "I would like to take the floor"
    assert not messages[3].reaction
    assert messages[4].reaction
    assert messages[4].reply_to == "I would like to…"


def test_new_format_message_waits_for_the_next_header_or_the_end() -> None:
    reader = ChatReader()

    assert reader.feed("10:02:13 From Anna Weber to Everyone:\n\tI would like\n") == []
    assert reader.feed("\tto take the floor\n") == []
    (message,) = reader.finish()

    assert message.text == "I would like\nto take the floor"


def test_new_format_split_in_the_middle_of_a_line_and_of_a_message() -> None:
    text = NEW_FILE
    for cut in (20, 45, 60, 150, len(text) - 3):
        reader = ChatReader()
        messages = reader.feed(text[:cut]) + reader.feed(text[cut:]) + reader.finish()
        assert messages == read_chat(text), cut


def test_fed_one_character_at_a_time_reads_the_same() -> None:
    reader = ChatReader()
    messages: list[ChatMessage] = []
    for char in NEW_FILE + OLD_FILE:
        messages += reader.feed(char)
    messages += reader.finish()

    assert messages == read_chat(NEW_FILE + OLD_FILE)


@pytest.mark.parametrize(
    ("header", "sender", "recipient", "private"),
    [
        ("10:02:13 From Otto to Berg to Everyone:", "Otto to Berg", "Everyone", False),
        ("10:02:13 From Anna to Weber To Marc(Privately):", "Anna to Weber", "Marc", True),
        (
            "10:02:13 From Anna Weber to Marc Dupont (direct message):",
            "Anna Weber",
            "Marc Dupont",
            True,
        ),
        (
            "10:02:13 From Anna Weber (Austria) to Everyone:",
            "Anna Weber (Austria)",
            "Everyone",
            False,
        ),
        ("10:02:13 From Anna Weber:", "Anna Weber", "", False),
        ("10:02:13 AM From Anna Weber to Everyone:", "Anna Weber", "Everyone", False),
        ("10:02:13 De Anna Weber à Tout le monde:", "Anna Weber", "Everyone", False),
        ("10:02:13 Von Anna Weber an Alle:", "Anna Weber", "Everyone", False),
        ("10:02:13 Von Anna Weber an Marc Dupont(Privat):", "Anna Weber", "Marc Dupont", True),
        ("10:02:13 De Ana García para Todos:", "Ana García", "Everyone", False),
        ("10:02:13 От Дмитрий Иванов для Все:", "Дмитрий Иванов", "Everyone", False),
    ],
)
def test_new_format_senders_and_recipients(
    header: str, sender: str, recipient: str, private: bool
) -> None:
    (message,) = read_chat(f"{header}\n\thello\n")

    assert (message.sender, message.recipient, message.private) == (sender, recipient, private)


def test_afternoon_with_am_pm() -> None:
    (message,) = read_chat("2:05:00 PM From Anna Weber to Everyone:\n\thello\n")

    assert message.said_at == time(14, 5, 0)


def test_unknown_to_word_is_learned_from_everyone_lines() -> None:
    messages = read_chat(
        "10:00:00 Van Anna Weber zu Marc Dupont(privé):\n\tvoor\n"
        "10:00:01 Van Anna Weber zu Alle:\n\thallo\n"
        "10:00:05 Van Anna Weber zu Marc Dupont(privé):\n\tna\n"
    )

    assert [(m.sender, m.recipient, m.private) for m in messages] == [
        ("Anna Weber zu Marc Dupont", "", True),  # "zu" not known yet: private to someone
        ("Anna Weber", "Everyone", False),
        ("Anna Weber", "Marc Dupont", True),
    ]


def test_unknown_words_leave_the_name_whole() -> None:
    (message,) = read_chat("10:00:00 Kimden Ayşe Yılmaz kime Ahmet:\n\tmerhaba\n")

    assert (message.sender, message.recipient, message.private) == (
        "Ayşe Yılmaz kime Ahmet",
        "",
        False,
    )


# --- scripts, encodings, line endings -----------------------------------------------


def test_cyrillic_arabic_cjk_greek() -> None:
    text = (
        "10:02:13\t From  Дмитрий Иванов  to  Everyone : Прошу слова\n"
        "10:02:20 From محمد العلي to Everyone:\n\tأود أن أتكلم\n"
        "10:02:30 From 王小明 to 佐藤 花子(Privately):\n\t我想发言\n\t第二行\n"
        "10:02:40 From Γιώργος Παπαδόπουλος to Everyone:\n\tΖητώ τον λόγο\n"
    )

    assert [_summary(m) for m in read_chat(text)] == [
        ("Дмитрий Иванов", "Everyone", False, "Прошу слова"),
        ("محمد العلي", "Everyone", False, "أود أن أتكلم"),
        ("王小明", "佐藤 花子", True, "我想发言\n第二行"),
        ("Γιώργος Παπαδόπουλος", "Everyone", False, "Ζητώ τον λόγο"),
    ]


def test_bom_and_crlf() -> None:
    text = "\ufeff" + NEW_FILE.replace("\n", "\r\n")

    assert read_chat(text) == read_chat(NEW_FILE)


def test_crlf_split_between_cr_and_lf() -> None:
    reader = ChatReader()
    messages = reader.feed("10:02:13\t From  Anna Weber  to  Everyone : hi\r")
    messages += reader.feed("\n")

    assert [m.text for m in messages] == ["hi"]


# --- garbage --------------------------------------------------------------------------


def test_garbage_lines_are_skipped_and_do_not_glue_lines_to_an_earlier_message() -> None:
    text = (
        "10:02:13 From Anna Weber to Everyone:\n"
        "\tI would like to take the floor\n"
        "=== chat saved by someone ===\n"
        "\tthis indented line belongs to no message\n"
        "25:99:99 From Nobody to Everyone:\n"
        "\tneither does this one\n"
        "10:02:14 From Marc Dupont to Everyone:\n"
        "\tgood\n"
        "10:02:15\t From  Elena Rossi  to  Everyone : old style\n"
        "\tnot part of the old-style message\n"
    )

    assert [_summary(m) for m in read_chat(text)] == [
        ("Anna Weber", "Everyone", False, "I would like to take the floor"),
        ("Marc Dupont", "Everyone", False, "good"),
        ("Elena Rossi", "Everyone", False, "old style"),
    ]


def test_header_without_text_gives_no_message() -> None:
    text = "10:02:13 From Anna Weber to Everyone:\n10:02:14 From Marc Dupont to Everyone:\n\tx\n"

    assert [m.sender for m in read_chat(text)] == ["Marc Dupont"]


@pytest.mark.parametrize(
    "text",
    ["", "\n", "\ufeff", "\t\t\n", ":", "10:00", "10:00:00 From", "10:00:00 From :\n\tx", "\r\r\n"],
)
def test_odd_inputs(text: str) -> None:
    assert isinstance(read_chat(text), list)


_PIECES = st.sampled_from(
    [
        "10:02:13",
        "2026-11-19 ",
        "\t",
        " ",
        "  ",
        "From",
        " to ",
        "  to  ",
        "Everyone",
        "(Privately)",
        "(direct message)",
        ":",
        " : ",
        "\n",
        "\r\n",
        "\ufeff",
        'Replying to "',
        'Reacted to "',
        '" with 👍',
        "Anna",
        "Дмитрий",
        "(",
        ")",
        "PM",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pieces=st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40),
    cut=st.integers(min_value=0, max_value=400),
)
def test_never_raises_and_feeding_in_pieces_reads_the_same(pieces: list[str], cut: int) -> None:
    text = "".join(pieces)
    whole = read_chat(text)

    reader = ChatReader()
    parts = reader.feed(text[:cut]) + reader.feed(text[cut:]) + reader.finish()

    assert parts == whole
    for message in whole:
        assert isinstance(message.fingerprint(), str)
        asks_for_floor(message.text)


def test_long_lines_are_read_quickly() -> None:
    spaces = " " * 200_000
    text = (
        f"10:00:00 From A{spaces}B{spaces}C{spaces}(x{spaces}:{spaces}y\n"
        f"10:00:01\t From  A{spaces}to{spaces}B : {spaces}\n"
        f'10:00:02 From A to Everyone:\n\tRemoved a {spaces} reaction from "{spaces}\n'
        f'\tReplying to "{spaces}"{spaces}x\n'
    )

    assert isinstance(read_chat(text), list)


# --- fingerprint --------------------------------------------------------------------


def test_fingerprint_is_stable_and_distinguishes_messages() -> None:
    first = read_chat(NEW_FILE)
    second = read_chat(NEW_FILE.replace("\n", "\r\n"))

    assert [m.fingerprint() for m in first] == [m.fingerprint() for m in second]
    assert len({m.fingerprint() for m in first}) == len(first)
    assert len(first[0].fingerprint()) == 64
    # the same message at another place in the file is the same message
    (moved,) = read_chat(
        "\n\n10:02:13 From Anna Weber to Everyone:\n\tI would like to take the floor\n"
    )
    assert moved.fingerprint() == first[0].fingerprint()
    assert moved.line_number != first[0].line_number


# --- following the file -----------------------------------------------------------------


def _append(path: Path, data: bytes) -> None:
    with path.open("ab") as file:
        file.write(data)


def test_follower_reads_the_file_as_it_grows(tmp_path: Path) -> None:
    path = tmp_path / "meeting_saved_chat.txt"
    follower = ChatFileFollower(path)
    assert follower.poll() == []  # not there yet

    _append(path, "\ufeff10:02:13 From Дмитрий Иванов to Everyone:\r\n\tПрошу".encode())
    assert follower.poll() == []
    word = " слова".encode()
    _append(path, word[:4])  # ends inside "л", a two-byte character
    assert follower.poll() == []
    _append(path, word[4:] + b"\r\n\t")
    assert follower.poll() == []  # the message may still go on
    _append(path, "\u0438 \u0441\u0435\u0439\u0447\u0430\u0441\r\n".encode())
    assert follower.poll() == []
    _append(path, b"10:03:00 From Marc Dupont to Everyone:\r\n\tok\r\n")
    (first,) = follower.poll()
    assert (first.sender, first.text) == ("Дмитрий Иванов", "Прошу слова\nи сейчас")
    assert asks_for_floor(first.text)
    assert follower.poll() == []

    (last,) = follower.finish()
    assert (last.sender, last.text, last.line_number) == ("Marc Dupont", "ok", 4)


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_follower_written_byte_by_byte_reads_like_the_whole_file(
    tmp_path: Path, chunk: int
) -> None:
    text = "\ufeff" + (NEW_FILE + "10:06:00 From 王小明 to Everyone:\n\t我想发言 ✋\n").replace(
        "\n", "\r\n"
    )
    data = text.encode()
    path = tmp_path / "chat.txt"
    path.write_bytes(b"")
    follower = ChatFileFollower(path)

    messages: list[ChatMessage] = []
    for start in range(0, len(data), chunk):
        _append(path, data[start : start + chunk])
        messages += follower.poll()
    messages += follower.finish()

    assert messages == read_chat(text)
    assert [m.sender for m in messages if asks_for_floor(m.text) and not m.reaction] == [
        "Anna Weber",
        "王小明",
    ]


def test_follower_old_format_written_mid_line(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    follower = ChatFileFollower(path)

    _append(path, b"10:02:13\t From  Anna Weber  to  Everyone : I would")
    assert follower.poll() == []
    _append(path, b" like to take the floor\n10:02:14\t From  Marc")
    assert [m.sender for m in follower.poll()] == ["Anna Weber"]
    _append(path, b" Dupont  to  Everyone : me too\n")
    assert [m.sender for m in follower.poll()] == ["Marc Dupont"]
    assert follower.finish() == []


def test_follower_starts_over_when_the_file_shrinks_without_repeating(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    lines = [
        "10:02:13\t From  Anna Weber  to  Everyone : I would like to take the floor\n",
        "10:02:14\t From  Marc Dupont  to  Everyone : me too\n",
        "10:02:15\t From  Elena Rossi  to  Everyone : and me\n",
    ]
    path.write_text("".join(lines), encoding="utf-8")
    follower = ChatFileFollower(path)
    assert len(follower.poll()) == 3

    path.write_text(lines[0] + "10:05:00\t From  Host  to  Everyone : new\n", encoding="utf-8")

    assert [m.text for m in follower.poll()] == ["new"]


def test_follower_notices_a_replaced_file_of_the_same_size(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(b"10:02:13\t From  Anna Weber  to  Everyone : first\n")
    follower = ChatFileFollower(path)
    assert [m.text for m in follower.poll()] == ["first"]

    replacement = tmp_path / "new.txt"
    replacement.write_bytes(b"10:02:14\t From  Anna Weber  to  Everyone : other\n")
    os.replace(replacement, path)

    assert [m.text for m in follower.poll()] == ["other"]


def test_follower_notices_a_rewritten_file_that_got_longer(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(b"10:02:13 From Anna Weber to Everyone:\n\tfirst\n")
    follower = ChatFileFollower(path)
    assert follower.poll() == []

    # Zoom saves the chat again, from the start, in place
    path.write_bytes(
        b"10:02:13 From Anna Weber to Everyone:\n\tfirst, and more\n"
        b"10:02:20 From Marc Dupont to Everyone:\n\tsecond\n"
    )

    assert [m.text for m in follower.poll()] == ["first, and more"]
    assert [m.text for m in follower.finish()] == ["second"]


def test_follower_notices_a_rewrite_that_differs_only_after_the_start(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    opening = "".join(f"10:00:{n:02}\t From  Host  to  Everyone : welcome {n}\n" for n in range(20))
    path.write_text(opening + "10:02:13\t From  Anna Weber  to  Everyone : first\n", "utf-8")
    follower = ChatFileFollower(path)
    assert len(follower.poll()) == 21

    path.write_text(
        opening + "10:02:13\t From  Anna Weber  to  Everyone : changed, longer\n", "utf-8"
    )

    assert [m.text for m in follower.poll()] == ["changed, longer"]


def test_follower_with_a_file_that_disappears(tmp_path: Path) -> None:
    path = tmp_path / "chat.txt"
    path.write_bytes(b"10:02:13\t From  Anna Weber  to  Everyone : first\n")
    follower = ChatFileFollower(path)
    assert len(follower.poll()) == 1

    path.unlink()
    assert follower.poll() == []
    path.write_bytes(b"10:02:13\t From  Anna Weber  to  Everyone : first\n")
    assert follower.poll() == []  # the same message again: not repeated


# --- asking for the floor -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I would like to take the floor",
        "Poland requests the floor, please",  # "request the floor" inside "requests the floor"?
        "May I have the floor on item 4?",
        "I'd like to ask a question to the Chair",
        "La France souhaite prendre la parole",
        "Je demande la parole",
        "JE DEMANDE LA PAROLE",
        "Wortmeldung Österreich",
        "Ich bitte ums Wort",
        "Deutschland bittet um das Wort",
        "L'Italia chiede di prendere la parola",
        "Chiedo la parola per una mozione d'ordine",
        "Прошу слова",
        "ПРОШУ СЛОВА, пожалуйста",
        "Я хотел бы выступить",
        "Хочу взять слово",
        "Quisiera pedir la palabra",
        "España solicita tomar la palabra",
        "Solicito la palabra",
        "solicito la PALABRA",
        "🙋",
        "✋🏽",
        "🙋‍♀️ please",
        "prendre la parole",
        "Quisiera tomar la palabra",
    ],
)
def test_asks_for_floor(text: str) -> None:
    assert asks_for_floor(text)


@pytest.mark.parametrize(
    "text",
    [
        "I agree with the previous speaker",
        "Thank you, Chair",
        "Merci, Monsieur le Président",
        "Die Sitzung ist unterbrochen",
        "Grazie",
        "Спасибо, коллеги",
        "Gracias",
        "",
        "👍",
        "Reacted with 👍",
    ],
)
def test_does_not_ask_for_floor(text: str) -> None:
    assert not asks_for_floor(text)


def test_asks_for_floor_without_accents_and_other_phrases() -> None:
    assert asks_for_floor("Me gustaria intervenir")  # written without the accent
    assert asks_for_floor("Droit de reponse")
    assert asks_for_floor("motion d’ordre")  # typographic apostrophe
    assert asks_for_floor("I want the mic", phrases=["want the mic"])
    assert not asks_for_floor("I would like to take the floor", phrases=[])
    assert not asks_for_floor("x", phrases=[""])


def test_default_phrases_cover_the_six_languages() -> None:
    for phrase in (
        "take the floor",
        "prendre la parole",
        "Wortmeldung",
        "prendere la parola",
        "прошу слова",
        "pedir la palabra",
        "🙋",
        "✋",
    ):
        assert phrase in DEFAULT_FLOOR_PHRASES
