"""How much of an imported file is read before it is refused: the guards against hostile input.

The defaults live here, once; ``desktop.settings`` declares each as an option
(with its title) so a station can raise a limit, and builds ``ImportLimits``
from them. Everything here is checked on the raw bytes, *before* the standard
library or a package parser (zipfile, openpyxl, python-docx, json, email) sees
them, so a zip bomb, a giant archive or a message nested a thousand levels deep
costs a few comparisons, not the memory or the stack of the station.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from desktop.agenda_import.model import UnreadableFile

MB = 1024 * 1024


@dataclass(frozen=True)
class ImportLimits:
    # Office files (.xlsx, .docx) are zip packages: what they hold once unpacked.
    max_unpacked_bytes: int = 200 * MB
    max_package_entries: int = 10_000
    # A JSON agenda or conference archive, as a file.
    max_json_bytes: int = 200 * MB
    # One e-mail (from a file, an mbox, an Outlook .msg or an IMAP mailbox).
    mail_max_message_bytes: int = 40 * MB
    mail_max_header_bytes: int = 256 * 1024  # the header block of the message or one of its parts
    mail_max_parts: int = 1_000
    mail_max_depth: int = 40  # parts inside parts, forwarded messages inside forwarded messages
    mail_max_attachment_bytes: int = 20 * MB  # one attachment, decoded
    # The standard library decodes a header's encoded words ("=?utf-8?q?…?=") in time
    # that grows with their square: 5,000 take 0.2 s, 20,000 take 8 s.
    mail_max_encoded_words: int = 2_000


DEFAULT_LIMITS = ImportLimits()


def size_text(size: int) -> str:
    """``250 MB``, ``12 kB``: a size as a user reads it."""
    if size >= MB:
        return f"{size / MB:.0f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size} bytes"


def check_package(data: bytes, name: str, limits: ImportLimits = DEFAULT_LIMITS) -> None:
    """Refuses an Office package (zip) that would unpack to more than the limits allow.

    The sizes a zip declares bound what ``zipfile`` hands out (it stops reading an
    entry at its declared size), so adding them up is enough to refuse a zip bomb
    before a single entry is unpacked. Damaged packages are left to the parser,
    which says what is wrong with them.
    """
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    if len(entries) > limits.max_package_entries:
        raise UnreadableFile(
            f"{name} holds {len(entries):,} files inside its package, more than the "
            f"{limits.max_package_entries:,} an Office document may have here; it was not read."
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unpacked_bytes:
        raise UnreadableFile(
            f"{name} would unpack to {size_text(unpacked)}, more than the "
            f"{size_text(limits.max_unpacked_bytes)} allowed (a zip bomb?); it was not read."
        )


class OverLimit(ValueError):
    """An e-mail beyond the limits; ``str()`` is the reason, one sentence."""


@dataclass(frozen=True)
class CheckedMail:
    data: bytes  # the message, oversized attachments cut out (their headers kept)
    left_out: tuple[str, ...]  # one note per attachment cut out


_BOUNDARY = re.compile(rb'\bboundary[ \t]*=[ \t]*(?:"([^"\r\n]{1,200})"|([^\s;"]{1,200}))', re.I)
_DELIMITER = re.compile(rb"^--([^\r\n]{1,200}?)[ \t]*\r?$", re.M)
_EMBEDDED = re.compile(rb"^content-type:[ \t]*message/(?:rfc822|global)\b", re.I | re.M)
_MULTIPART = re.compile(rb"^content-type:[ \t]*multipart/", re.I | re.M)
_NAME = re.compile(rb'\b(?:file)?name\*?[ \t]*=[ \t]*"?([^";\r\n]{1,120})', re.I)
_BLANK = re.compile(rb"\r?\n\r?\n")


def check_mail(data: bytes, limits: ImportLimits = DEFAULT_LIMITS) -> CheckedMail:
    """Checks one e-mail's bytes against the limits before the standard library parses it.

    Raises OverLimit for a message too large, with a header too large or too
    encoded, with too many parts or nested too deeply. An attachment larger than
    allowed is cut out (its part left empty), so the request around it is still read.
    Delimiters are only counted for boundaries the message declares, and nesting
    is the deepest run of open boundaries plus every embedded message: an upper
    bound, never less than what the parser would walk.
    """
    if len(data) > limits.mail_max_message_bytes:
        raise OverLimit(
            f"The message is {size_text(len(data))}, more than the "
            f"{size_text(limits.mail_max_message_bytes)} an e-mail may have here; it was not read."
        )
    _check_header(data, 0, limits, "The message's header")
    declared = {b for pair in _BOUNDARY.findall(data) for b in pair if b}
    embedded = len(_EMBEDDED.findall(data))
    open_boundaries: list[bytes] = []
    depth = parts = 0
    starts: list[tuple[int, int]] = []  # (where the part's header starts, where its line starts)
    for match in _DELIMITER.finditer(data):
        line = match.group(1)
        closing = line.endswith(b"--") and line[:-2] in declared
        boundary = line[:-2] if closing else line
        if boundary not in declared:
            continue
        starts.append((match.end(), match.start()))
        if boundary in open_boundaries:
            del open_boundaries[open_boundaries.index(boundary) + (0 if closing else 1) :]
        elif not closing:
            open_boundaries.append(boundary)
        if closing:
            continue
        parts += 1
        if parts > limits.mail_max_parts:
            raise OverLimit(
                f"The message has more than {limits.mail_max_parts:,} parts; it was not read."
            )
        _check_header(data, match.end(), limits, "The header of one of the message's parts")
        depth = max(depth, len(open_boundaries))
    if depth + embedded > limits.mail_max_depth:
        raise OverLimit(
            f"The message's parts are nested {depth + embedded:,} levels deep, more than the "
            f"{limits.mail_max_depth} an e-mail may have here; it was not read."
        )
    return _without_large_parts(data, starts, limits)


def _check_header(data: bytes, start: int, limits: ImportLimits, what: str) -> None:
    blank = _BLANK.search(data, start, start + limits.mail_max_header_bytes + 4)
    end = blank.start() if blank else min(len(data), start + limits.mail_max_header_bytes + 1)
    if end - start > limits.mail_max_header_bytes:
        raise OverLimit(
            f"{what} is larger than the {size_text(limits.mail_max_header_bytes)} allowed; "
            "the message was not read."
        )
    words = data.count(b"=?", start, end)
    if words > limits.mail_max_encoded_words:
        raise OverLimit(
            f"{what} has {words:,} encoded words, more than the "
            f"{limits.mail_max_encoded_words:,} allowed; the message was not read."
        )


def _without_large_parts(
    data: bytes, starts: list[tuple[int, int]], limits: ImportLimits
) -> CheckedMail:
    # Base64 carries 3 bytes in 4 characters, plus line ends: 1.37 times the decoded size.
    largest = limits.mail_max_attachment_bytes * 137 // 100 + 4096
    pieces: list[bytes] = []
    left_out: list[str] = []
    kept = 0
    for (start, _line), (_next, end) in itertools.pairwise(starts):
        if end - start <= largest:
            continue
        blank = _BLANK.search(data, start, start + limits.mail_max_header_bytes + 4)
        if blank is None or _MULTIPART.search(data, start, blank.start()):
            continue
        name = _NAME.search(data, start, blank.start())
        label = name.group(1).decode("utf-8", "replace").strip() if name else "without a name"
        left_out.append(
            f"attachment {label} ({size_text(end - blank.end())} encoded) is larger than the "
            f"{size_text(limits.mail_max_attachment_bytes)} allowed and was left out"
        )
        pieces += [data[kept : blank.end()], b"\r\n"]
        kept = end
    if not left_out:
        return CheckedMail(data, ())
    pieces.append(data[kept:])
    return CheckedMail(b"".join(pieces), tuple(left_out))
