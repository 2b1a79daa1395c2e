"""One e-mail, read: sender, when it was sent, subject, body text and attachments.

The standard library's e-mail parser does the MIME work; this module only decides
what a person would call "the text" of a message (plain text first, else the
HTML turned into text, forwarded messages included) and survives what real
mailboxes contain: unknown charsets, broken structure, no Date header.
"""

from __future__ import annotations

import email
import email.utils
import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.policy import EmailPolicy
from functools import lru_cache
from html.parser import HTMLParser

from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits, OverLimit, check_mail
from desktop.requests_import.outcome import RawMessage

log = logging.getLogger(__name__)


class _RememberingPolicy(EmailPolicy):
    """The standard library's default policy, remembering the headers it has parsed.

    Parsing a header is the slow part of reading an e-mail, and the parser asks
    for a part's Content-Type several times; a mailbox repeats the same values
    (Content-Type, MIME-Version, Content-Transfer-Encoding) in every message.
    Parsed headers are immutable, so handing out the same one again is safe.
    """

    def header_fetch_parse(self, name: str, value: str) -> str:
        if hasattr(value, "name"):
            return value
        return _parsed_header(self, name, value)


@lru_cache(maxsize=4096)
def _parsed_header(policy: EmailPolicy, name: str, value: str) -> str:
    parsed: str = EmailPolicy.header_fetch_parse(policy, name, value)
    return parsed


_POLICY = _RememberingPolicy()


class UnreadableMessage(ValueError):
    """The message cannot be read at all; the text is the reason, in one sentence."""


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    media_type: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class MailMessage:
    origin: str
    sender_name: str
    sender_email: str | None
    subject: str
    sent_at: datetime | None  # aware; from the Date header, else when the mailbox got it
    dated_by_header: bool
    message_id: str | None
    body: str
    attachments: tuple[MailAttachment, ...] = ()
    problems: tuple[str, ...] = ()  # what was odd but did not stop the reading

    @property
    def text(self) -> str:
        """The subject and the body, as one text to read requests from."""
        return f"{self.subject}\n{self.body}"


def read_message(raw: RawMessage, limits: ImportLimits = DEFAULT_LIMITS) -> MailMessage:
    """Read one e-mail; raises UnreadableMessage when nothing can be made of it.

    The limits are checked on the bytes before the standard library parses them;
    whatever the parser still trips over ends as UnreadableMessage too, so one
    hostile message never stops the messages after it.
    """
    if raw.unreadable:
        raise UnreadableMessage(raw.unreadable)
    if not raw.data.strip():
        raise UnreadableMessage("The message is empty.")
    try:
        checked = check_mail(raw.data, limits)
    except OverLimit as error:
        raise UnreadableMessage(str(error)) from None
    try:
        return _read(raw, checked.data, checked.left_out, limits)
    except UnreadableMessage:
        raise
    except RecursionError:
        raise UnreadableMessage("The message's parts are nested too deeply to read.") from None
    except MemoryError:
        raise UnreadableMessage("The message is too large to read on this computer.") from None
    except Exception:  # the parser on damaged input: a bug of ours or theirs, not the user's
        log.info("cannot read %s", raw.origin, exc_info=True)
        raise UnreadableMessage(
            "The message is damaged in a way that cannot be read; details are in the log."
        ) from None


def _read(
    raw: RawMessage, data: bytes, left_out: tuple[str, ...], limits: ImportLimits
) -> MailMessage:
    message = email.message_from_bytes(data, policy=_POLICY)
    if not isinstance(message, EmailMessage):  # pragma: no cover - policy.default gives these
        raise UnreadableMessage("The message could not be parsed.")
    if not any(message.keys()):
        raise UnreadableMessage("The message has no headers; it is not an e-mail.")
    problems: list[str] = list(left_out)
    sender_name, sender_email = _sender(message)
    sent_at, dated = _sent_at(message, raw.received_at)
    if not dated:
        problems.append("no usable Date header")
    texts: list[str] = []
    attachments: list[MailAttachment] = []
    _walk(message, texts, attachments, problems, limits, top=True)
    body = "\n\n".join(_unarmoured(t).strip() for t in texts if t.strip())
    if ENCRYPTED_PART in problems and not _readable(body):
        raise UnreadableMessage(ENCRYPTED)
    if not body and not attachments:
        subject = _header(message, "subject")
        if not subject:
            raise UnreadableMessage("The message has neither a subject, a text nor attachments.")
    return MailMessage(
        origin=raw.origin,
        sender_name=sender_name,
        sender_email=sender_email,
        subject=" ".join(_header(message, "subject").split()),
        sent_at=sent_at,
        dated_by_header=dated,
        message_id=_header(message, "message-id").strip() or None,
        body=body,
        attachments=tuple(attachments),
        problems=tuple(problems),
    )


# -- headers -------------------------------------------------------------------


_ATOMS = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
# Values the header parser would give back unchanged (or read the same way): these
# headers differ in every message, so they are not parsed when they are this plain.
_PLAIN_VALUES = {
    "subject": re.compile(r"[\t -~]*"),
    "date": re.compile(r"[\t -~]*"),
    "message-id": re.compile(rf"[ \t]*<{_ATOMS}@{_ATOMS}>[ \t]*"),
    "from": re.compile(rf"[ \t]*(?:[A-Za-z0-9 .'_-]*<{_ATOMS}@{_ATOMS}>|{_ATOMS}@{_ATOMS})[ \t]*"),
}


def _header(message: Message, name: str, *, plain: bool = True) -> str:
    """The header's value, decoded; ``plain``: a plain one is taken as it is written."""
    pattern = _PLAIN_VALUES.get(name) if plain else None
    if pattern is not None:
        value = _raw_header(message, name)
        if value is not None:
            value = value.replace("\r", "").replace("\n", "")
            if "=?" not in value and pattern.fullmatch(value):
                return value
    try:
        value = message.get(name)
    except (ValueError, IndexError, AttributeError, LookupError):
        # A header so broken the parser gives up on it: fall back to its raw form (not
        # ``get_all``, which parses it again and fails the same way).
        raw = (v for k, v in message.raw_items() if k.lower() == name.lower())
        value = " ".join(str(next(raw, "")).split())
    return "" if value is None else str(value)


def _raw_header(message: Message, name: str) -> str | None:
    for key, value in message.raw_items():
        if key.lower() == name:
            return value if isinstance(value, str) else None
    return None


def _sender(message: Message) -> tuple[str, str | None]:
    raw = _header(message, "from") or _header(message, "sender")
    name, parsed = email.utils.parseaddr(raw)
    address = parsed.strip().lower()
    return " ".join(name.split()), address if "@" in address else None


def _sent_at(message: Message, received_at: datetime | None) -> tuple[datetime | None, bool]:
    raw = _header(message, "date")
    if raw:
        try:
            stamp = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            stamp = None
        if stamp is not None:
            if stamp.tzinfo is None:  # "-0000": the time is UTC, the zone unknown
                stamp = stamp.replace(tzinfo=UTC)
            return stamp, True
    return received_at, False


# -- the parts -----------------------------------------------------------------


def _walk(
    part: Message,
    texts: list[str],
    attachments: list[MailAttachment],
    problems: list[str],
    limits: ImportLimits,
    *,
    top: bool = False,
) -> None:
    """Collect the readable text and the attachments of a part and its children."""
    content_type = part.get_content_type()
    if content_type == "multipart/encrypted":  # PGP/MIME: its parts are the ciphertext
        problems.append(ENCRYPTED_PART)
        return
    if content_type == "message/rfc822":
        inner = part.get_payload()
        inner_message = inner[0] if isinstance(inner, list) and inner else None
        if isinstance(inner_message, Message):
            texts.append(_forward_header(inner_message))
            _walk(inner_message, texts, attachments, problems, limits)
        return
    if part.is_multipart():
        children = part.get_payload()
        if not isinstance(children, list):
            problems.append("a multipart part without parts")
            return
        if content_type == "multipart/alternative":
            chosen = _best_alternative(children)
            if chosen is not None:
                _walk(chosen, texts, attachments, problems, limits)
            return
        for child in children:
            if isinstance(child, Message):
                _walk(child, texts, attachments, problems, limits)
        return
    if content_type.startswith("multipart/"):  # a multipart that lost its boundary
        problems.append("broken MIME structure (a multipart part without a boundary)")
        texts.append(_text_of(part, problems))
        return
    if content_type in _SIGNATURES:
        return  # a signature is not something the delegation sent to be read
    if content_type in _SMIME or content_type == "multipart/encrypted":
        _walk_smime(part, texts, attachments, problems, limits)
        return
    disposition = (part.get_content_disposition() or "").lower()
    filename = part.get_filename()
    is_text = content_type in ("text/plain", "text/html")
    if is_text and disposition != "attachment" and not filename:
        text = _text_of(part, problems)
        texts.append(html_to_text(text) if content_type == "text/html" else text)
        return
    if top and is_text:
        texts.append(_text_of(part, problems))
        return
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes) and payload:
        if len(payload) > limits.mail_max_attachment_bytes:
            name = clean_filename(filename, content_type, len(attachments))
            problems.append(f"attachment {name} is too large and was left out")
            return
        attachments.append(
            MailAttachment(
                filename=clean_filename(filename, content_type, len(attachments)),
                media_type=content_type,
                content=payload,
            )
        )


# -- signed and encrypted messages ------------------------------------------------

ENCRYPTED = (
    "The message is encrypted; Floordesk cannot read it. "
    "Open it in the mail program that holds the key and forward the text."
)
ENCRYPTED_PART = "an encrypted part could not be read"
_SIGNATURES = frozenset(
    {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature"}
)
_SMIME = frozenset({"application/pkcs7-mime", "application/x-pkcs7-mime"})
_SIGNED_DATA = bytes.fromhex("2a864886f70d010702")  # the OID of CMS signed data
_PGP_SIGNED = re.compile(
    r"-----BEGIN PGP SIGNED MESSAGE-----\r?\n(?:[A-Za-z]+:[^\n]*\n)*\r?\n(.*?)"
    r"\r?\n-----BEGIN PGP SIGNATURE-----.*?-----END PGP SIGNATURE-----",
    re.DOTALL,
)
_PGP_MESSAGE = re.compile(
    r"-----BEGIN PGP MESSAGE-----.*?(?:-----END PGP MESSAGE-----|\Z)", re.DOTALL
)


def _walk_smime(
    part: Message,
    texts: list[str],
    attachments: list[MailAttachment],
    problems: list[str],
    limits: ImportLimits,
) -> None:
    """An S/MIME part: an opaque signature holds the message inside it (read); an
    encrypted one cannot be read without the key (said so)."""
    payload = part.get_payload(decode=True)
    kind = str(part.get_param("smime-type") or "").lower()
    inner = None
    if isinstance(payload, bytes) and (kind == "signed-data" or _SIGNED_DATA in payload[:64]):
        inner = signed_content(payload)
    if inner is None:
        problems.append(ENCRYPTED_PART)
        return
    _walk(email.message_from_bytes(inner, policy=_POLICY), texts, attachments, problems, limits)


def _unarmoured(text: str) -> str:
    """Inline PGP: the signed text without its armour; an encrypted block left out."""
    if "-----BEGIN PGP" not in text:
        return text
    text = _PGP_SIGNED.sub(lambda m: re.sub(r"(?m)^- ", "", m.group(1)), text)
    return _PGP_MESSAGE.sub("", text)


def _readable(body: str) -> bool:
    """More than the line mailers put before the ciphertext."""
    words = [w for w in body.split() if w.isalpha()]
    return len(words) > 12


def signed_content(der: bytes) -> bytes | None:
    """The content of a CMS SignedData (an opaque S/MIME signature), without checking the
    signature; None when there is none to read (a detached signature, a broken file)."""
    from asn1crypto import cms  # read when a message is signed so, not at start

    try:
        info = cms.ContentInfo.load(der, strict=False)
        if info["content_type"].native != "signed_data":
            return None
        content = info["content"]["encap_content_info"]["content"].native
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError):
        return None  # hostile or broken: said as an unreadable part by the caller
    return content if isinstance(content, bytes) else None


def _best_alternative(children: object) -> Message | None:
    parts = [c for c in children if isinstance(c, Message)] if isinstance(children, list) else []
    for wanted in ("text/plain", "text/html"):
        for child in parts:
            if child.get_content_type() == wanted:
                return child
    for child in parts:
        if child.is_multipart():
            return child
    return parts[0] if parts else None


def _forward_header(inner: Message) -> str:
    lines = ["---------- Forwarded message ----------"]
    for name in ("From", "Date", "Subject"):
        value = _header(inner, name.lower(), plain=False)
        if value:
            lines.append(f"{name}: {' '.join(value.split())}")
    return "\n".join(lines)


def _text_of(part: Message, problems: list[str]) -> str:
    """The part's text, whatever its transfer encoding and charset; line ends as "\\n",
    no byte-order mark (UTF-16 mail from Outlook starts with one)."""
    text = _decoded(part, problems)
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decoded(part: Message, problems: list[str]) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    charset = (part.get_content_charset() or "").strip().lower()
    candidates = [charset] if charset else []
    candidates += ["utf-8", "windows-1252"]
    for candidate in candidates:
        try:
            return payload.decode(candidate)
        except LookupError:
            problems.append(f"unknown character set {charset!r}")
        except UnicodeDecodeError:
            continue
    return payload.decode("utf-8", errors="replace")  # pragma: no cover - cp1252 rarely fails


# Control characters, and the format characters that reorder text: a name written
# "invoice\u202egpj.exe" shows as "invoiceexe.jpg" in a file manager.
MAX_FILENAME_BYTES = 255  # what the usual file systems take


def clean_filename(filename: str | None, content_type: str, index: int) -> str:
    """An attachment's name safe to show and to save: no folders, no control or
    direction characters, at most 255 bytes in UTF-8 (the extension kept)."""
    if filename:
        # Only what prints: controls, direction and format characters, separators,
        # surrogates and unassigned code points become spaces.
        name = "".join(c if c.isprintable() else " " for c in filename.replace("\\", "/"))
        name = " ".join(name.rsplit("/", 1)[-1].split()).strip(" .")
        if name:
            return _cut_to_bytes(name, MAX_FILENAME_BYTES)
    extension = {"application/pdf": ".pdf", "text/plain": ".txt"}.get(content_type, ".bin")
    return f"attachment-{index + 1}{extension}"


def _cut_to_bytes(name: str, limit: int) -> str:
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 16:
        stem, extension = name, ""
    tail = f".{extension}" if extension else ""
    room = limit - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip(" .")
    return cut + tail


# -- HTML ----------------------------------------------------------------------

_BLOCKS = frozenset(
    {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"}
    | {"ul", "ol", "pre", "hr", "address", "section"}
)


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.pieces.append(data)


def html_to_text(html: str) -> str:
    """The words of an HTML body, one paragraph per line."""
    parser = _TextOfHtml()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # pragma: no cover - very old parsers on broken markup
        pass
    lines = (" ".join(line.split()) for line in "".join(parser.pieces).splitlines())
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()
