"""Zoom chat files written by real clients (tests/data/zoom, origins in tests/data/SOURCES),
the layouts with two spaces around the names and indented lines, the chat saved with a
cloud recording, and the lines that belong to no message: reported, never dropped."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from desktop.requests_import.zoom_chat import ChatReader, read_chat
from desktop.requests_import.zoom_chat_follower import ChatFileFollower

ZOOM = Path(__file__).resolve().parent.parent / "data" / "zoom"


def _read(name: str):  # type: ignore[no-untyped-def]
    return read_chat((ZOOM / name).read_text(encoding="utf-8"))


def test_two_spaces_around_the_names_and_lines_indented_with_spaces() -> None:
    reading = _read("bushong1-test-zoom-chat.txt")
    assert reading.unplaced == []
    said = [(m.sender, m.text) for m in reading if not m.reaction]
    assert said[0] == ("John Doe", "Good morning folks")
    assert ("Alice Balice", "Hi John") in said  # 'Replying to "…" Hi John' on one line
    assert ("Jane Smith", "Hello there, John!") in said
    private = next(m for m in reading if m.private)
    assert (private.sender, private.recipient, private.text) == (
        "John Doe",
        "Open Mike",
        "Please mute",
    )
    # "add 👍", "remove ☝️", "Reacted to …", "Removed a … reaction": reactions, not requests
    reactions = [m.text for m in reading if m.reaction]
    assert "add ☝️" in reactions and "remove ☝️" in reactions
    assert len(reactions) == 9
    assert next(m for m in reading if m.sender.startswith("Charlie")).sender == (
        "Charlie Barlie (she/her)"
    )


def test_one_line_messages_and_lines_that_follow_them_are_reported() -> None:
    reading = _read("0xcharchar-demo.chat.txt")
    assert [m.sender for m in reading][:2] == ["Dwight Shrute", "Pam Beesly"]
    assert reading[-1].text == "These are search engines"
    assert [(u.line_number, u.text) for u in reading.unplaced] == [
        (9, "https://duckduckgo.com"),
        (10, "https://google.com"),
    ]


def test_newer_layout_with_a_private_message() -> None:
    reading = _read("zehua-chen-chat_history.txt")
    assert [(m.sender, m.recipient, m.private, m.text) for m in reading] == [
        ("Person 1", "Everyone", False, "search"),
        ("Person 1", "Everyone", False, "other pages"),
        ("Person 2", "Everyone", False, "Create information hierarchy"),
        ("Person 2", "Everyone", False, "multiple pags"),
        ("Person 1", "Person 2", True, "search"),
    ]
    assert reading.unplaced == []


def test_the_layout_of_the_issue_two_spaces_and_tab_indented_lines() -> None:
    # As written by the Windows client (CRLF, the header ends with the colon).
    text = (
        "08:59:02 From  Anna Weber (Austria)  to  Everyone:\r\n"
        "\tAustria would like\r\n"
        "\tto take the floor\r\n"
        "09:00:10 From  Marc Dupont  to  Anna Weber (Austria)(Direct Message):\r\n"
        "\tafter Malta\r\n"
    )
    first, second = read_chat(text)
    assert (first.sender, first.recipient, first.text) == (
        "Anna Weber (Austria)",
        "Everyone",
        "Austria would like\nto take the floor",
    )
    assert (second.recipient, second.private) == ("Anna Weber (Austria)", True)


def test_a_cloud_recordings_chat_counts_from_the_recording() -> None:
    # The layout of the chat file downloaded with a cloud recording: elapsed time, TAB,
    # name and colon, TAB, text; a message goes on on plain lines, blank ones included.
    text = (
        "00:58:04\tAnna Weber:\tAustria asks for the floor on item 2.\n"
        '01:07:16\tMarc Dupont:\tReplying to "Austria asks for the…"\n'
        "\n"
        "La France demande également la parole\n"
        "\n"
        "après l'Autriche.\n"
        '01:10:00\tElena Rossi:\tReacted to "Austria asks for the…" with 👍\n'
    )
    first, second, third = read_chat(text)
    assert (first.said_at, first.elapsed, first.sender) == (time(0, 58, 4), True, "Anna Weber")
    assert second.reply_to == "Austria asks for the…"
    assert second.text == "La France demande également la parole\n\naprès l'Autriche."
    assert third.reaction
    assert read_chat(text).unplaced == []


def test_a_clock_time_followed_by_name_colon_and_tab() -> None:
    text = "08:02:35 Host:\tWho would like to speak first?\n\tPlease raise your hand\n"
    (message,) = read_chat(text)
    assert (message.said_at, message.elapsed, message.sender) == (time(8, 2, 35), False, "Host")
    assert message.text == "Who would like to speak first?\nPlease raise your hand"


def test_every_line_that_belongs_to_no_message_is_reported_with_its_number() -> None:
    text = (
        "Chat saved on 2026-11-19\n"
        "\tan orphan line\n"
        "10:02:13 From Anna Weber to Everyone:\n"
        "\tI would like to take the floor\n"
        "25:99:99 From Nobody to Everyone:\n"
    )
    reading = read_chat(text)
    assert [m.text for m in reading] == ["I would like to take the floor"]
    assert [u.line_number for u in reading.unplaced] == [1, 2, 5]
    assert "no message header" in reading.unplaced[1].why


def test_the_follower_reports_unplaced_lines_once(tmp_path: Path) -> None:
    path = tmp_path / "meeting_saved_chat.txt"
    path.write_text("garbage\n10:02:13 From Anna Weber to Everyone:\n\thello\n", encoding="utf-8")
    follower = ChatFileFollower(path)
    first = follower.poll()
    assert [u.text for u in first.unplaced] == ["garbage"]
    assert follower.poll().unplaced == []
    assert [m.text for m in follower.finish()] == ["hello"]


def test_the_reader_gives_unplaced_lines_as_they_come() -> None:
    reader = ChatReader()
    reader.feed("nonsense\n")
    assert [u.line_number for u in reader.unplaced()] == [1]
    assert reader.unplaced() == []
