"""A written statement as text the booths can read before the speaker starts.

Plain text and Word files are read here; anything else (a PDF, a scan) is offered to the
booth as the file itself. A damaged file is never an error on a page: it is a file.
"""

from __future__ import annotations

import io
import logging
import zipfile

log = logging.getLogger(__name__)

MAX_TEXT_CHARS = 60_000  # a long statement is some 20 pages; a booth needs no more
# Read on the desk's thread when a speaker comes up: a larger file (a scan, pictures) is
# offered as a file rather than parsed while the moderator waits.
MAX_READ_BYTES = 2_000_000


def statement_text(filename: str, media_type: str, content: bytes) -> str | None:
    """The statement's text, or None when it can only be offered as a file."""
    if len(content) > MAX_READ_BYTES:
        return None
    name = filename.lower()
    text: str | None = None
    if media_type.startswith("text/plain") or name.endswith(".txt"):
        text = content.decode("utf-8", errors="replace")
    elif name.endswith(".docx") or "wordprocessingml" in media_type:
        text = _docx_text(content)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").strip()
    return text[:MAX_TEXT_CHARS] if text else None


def _docx_text(content: bytes) -> str | None:
    from docx import Document  # loaded when a booth first needs it

    try:
        document = Document(io.BytesIO(content))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        log.info("a written statement could not be read as Word: %s", error)
        return None
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
