"""Fetching messages from an IMAP mailbox by UID, and reading the server's answers:
sizes and arrival dates first, then the bodies of those not too large, in batches; a
message the server chokes on is asked for alone, and one it will not hand out is kept
with the reason. Nothing here logs in or chooses a folder (imap_source.py does)."""

from __future__ import annotations

import imaplib
import re
import ssl
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta, timezone

from desktop.agenda_import.limits import size_text
from desktop.requests_import.outcome import RawMessage


def all_uids(client: imaplib.IMAP4_SSL) -> list[int]:
    status, data = client.uid("SEARCH", "ALL")
    if status != "OK":
        raise imaplib.IMAP4.error(answer_text(data))
    uids: set[int] = set()
    for line in data:
        if isinstance(line, bytes):
            uids.update(int(word) for word in line.split() if word.isdigit())
    return sorted(uids)


_UID = re.compile(rb"\bUID\s+(\d+)", re.IGNORECASE)
_INTERNALDATE = re.compile(
    rb'\bINTERNALDATE\s+"\s?(\d{1,2})-([A-Za-z]{3})-(\d{4}) '
    rb'(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})"',
    re.IGNORECASE,
)
_BODY = re.compile(rb"\bBODY\[\]\s+\{\d+\+?\}\s*$", re.IGNORECASE)
_MONTHS = {
    name: number
    for number, name in enumerate(
        b"jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1
    )
}


def fetch_batch(
    client: imaplib.IMAP4_SSL, uids: list[int], largest: int
) -> list[tuple[int, RawMessage]]:
    """Every UID of the batch, in order, each with its message or why it has none."""
    sizes = _fetch_sizes(client, uids)
    wanted = [uid for uid in uids if sizes.get(uid, (0, None))[0] <= largest]
    try:
        bodies = _fetch_bodies(client, wanted)
    except imaplib.IMAP4.abort:
        raise
    except imaplib.IMAP4.error:
        bodies = {}  # one message the server chokes on: ask for them one by one
        for uid in wanted:
            try:
                bodies |= _fetch_bodies(client, [uid])
            except imaplib.IMAP4.abort:
                raise
            except imaplib.IMAP4.error as error:
                bodies[uid] = RawMessage(
                    b"",
                    "",
                    unreadable=f"The mail server would not hand out the message: {reason(error)}.",
                )
    found: list[tuple[int, RawMessage]] = []
    for uid in uids:
        size, received_at = sizes.get(uid, (0, None))
        if uid in bodies:
            found.append((uid, bodies[uid]))
        elif size > largest:
            why = (
                f"The message is {size_text(size)}, more than the {size_text(largest)} an "
                "e-mail may have here; it was not fetched."
            )
            found.append((uid, RawMessage(b"", "", received_at, unreadable=why)))
        else:
            why = "The mail server did not hand out this message (deleted meanwhile?)."
            found.append((uid, RawMessage(b"", "", received_at, unreadable=why)))
    return found


_SIZE = re.compile(rb"\bRFC822\.SIZE\s+(\d+)", re.IGNORECASE)


def _fetch_sizes(
    client: imaplib.IMAP4_SSL, uids: list[int]
) -> dict[int, tuple[int, datetime | None]]:
    status, data = client.uid("FETCH", uid_set(uids), "(UID RFC822.SIZE INTERNALDATE)")
    if status != "OK":
        raise imaplib.IMAP4.error(answer_text(data))
    sizes: dict[int, tuple[int, datetime | None]] = {}
    for item in data:
        line = item[0] if isinstance(item, tuple) else item
        if not isinstance(line, bytes):
            continue
        uid_match, size_match = _UID.search(line), _SIZE.search(line)
        if uid_match and size_match:
            sizes[int(uid_match.group(1))] = (int(size_match.group(1)), internaldate(line))
    return sizes


def _fetch_bodies(client: imaplib.IMAP4_SSL, uids: list[int]) -> dict[int, RawMessage]:
    """One UID FETCH for these messages."""
    if not uids:
        return {}
    wanted = set(uids)
    status, data = client.uid("FETCH", uid_set(uids), "(UID INTERNALDATE BODY.PEEK[])")
    if status != "OK":
        raise imaplib.IMAP4.error(answer_text(data))
    found: dict[int, RawMessage] = {}
    for index, item in enumerate(data):
        if not isinstance(item, tuple):
            continue
        head, body = item
        if not _BODY.search(head):
            continue  # some other literal (not expected for this FETCH)
        trailer = data[index + 1] if index + 1 < len(data) else b""
        attributes = head + b" " + (trailer if isinstance(trailer, bytes) else b"")
        uid_match = _UID.search(attributes)
        if uid_match is None:
            continue
        uid = int(uid_match.group(1))
        if uid in wanted:
            found[uid] = RawMessage(body, "", internaldate(attributes))
    return found


def internaldate(attributes: bytes) -> datetime | None:
    match = _INTERNALDATE.search(attributes)
    if match is None:
        return None
    day, month, year, hour, minute, second, sign, off_h, off_m = match.groups()
    month_number = _MONTHS.get(month.lower())
    if month_number is None:
        return None
    offset = timedelta(hours=int(off_h), minutes=int(off_m))
    zone = timezone(-offset if sign == b"-" else offset)
    try:
        local = datetime(
            int(year), month_number, int(day), int(hour), int(minute), int(second), tzinfo=zone
        )
    except ValueError:
        return None
    return local.astimezone(UTC)


def uid_set(uids: Iterable[int]) -> str:
    """``1:3,7,9:10`` for 1, 2, 3, 7, 9, 10."""
    ranges: list[str] = []
    start = end = None
    for uid in sorted(uids):
        if end is not None and uid == end + 1:
            end = uid
            continue
        if start is not None:
            ranges.append(str(start) if start == end else f"{start}:{end}")
        start = end = uid
    if start is not None:
        ranges.append(str(start) if start == end else f"{start}:{end}")
    return ",".join(ranges)


def reason(error: BaseException) -> str:
    """The error's own words, without Python's decoration, as part of a sentence."""
    if isinstance(error, ssl.SSLError):
        text = error.strerror or str(error)
        text = re.sub(r"^\[[A-Z]+: [A-Z0-9_]+\]\s*", "", text)  # [SSL: WRONG_VERSION_NUMBER]
        text = re.sub(r"\s*\(_ssl\.c:\d+\)$", "", text)
    elif isinstance(error, OSError) and error.strerror:
        text = error.strerror
    else:
        text = str(error) or type(error).__name__
    text = text.strip()
    whole = re.fullmatch(r"""b(['"])(.*)\1""", text)  # imaplib shows server text as bytes
    if whole:
        text = whole.group(2)
    text = re.sub(r"""\bb(['"])(.*?)\1""", r"“\2”", text)
    text = re.sub(r"^\[[A-Z-]+\]\s*", "", text)  # [AUTHENTICATIONFAILED], [ALERT], …
    return text.rstrip(".")


def answer_text(data: list[object]) -> str:
    return " ".join(
        item.decode(errors="replace") if isinstance(item, bytes) else str(item)
        for item in data
        if item is not None
    )
