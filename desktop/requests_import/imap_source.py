"""Requests to take the floor from an IMAP mailbox, read-only, over TLS.

The mailbox is opened with EXAMINE and messages are fetched with ``BODY.PEEK[]``,
so reading them changes nothing on the server: no ``\\Seen`` flag is set and
nothing is deleted, moved or flagged. Which messages were read before is the
caller's business (``already_seen`` is asked about each UIDVALIDITY/UID pair).

The password lives in the operating system's password store (``keyring``) and
nowhere else; when the system has none, the user types it each time.

Every failure the user can do something about becomes a :class:`MailboxError`
with one clear sentence.
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import socket
import ssl
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from urllib.parse import quote, unquote, urlsplit

from desktop.agenda_import.limits import DEFAULT_LIMITS
from desktop.requests_import.imap_fetching import all_uids, fetch_batch, reason
from desktop.requests_import.outcome import RawMessage
from desktop.services import password_store
from desktop.services.password_store import PasswordStoreFailure, Trouble

__all__ = [
    "KEYRING_SERVICE",
    "FetchedMessage",
    "MailboxAccount",
    "MailboxError",
    "fetch_new",
    "forget_password",
    "store_password",
    "stored_password",
]

KEYRING_SERVICE = "Floordesk IMAP"
BATCH_SIZE = 50  # UIDs per UID FETCH

_URL_EXAMPLE = "imaps://user@mail.example.org/INBOX"
_NO_KEYRING = (
    "This system has no password store (keyring); install and unlock one "
    "(for example GNOME Keyring or KWallet), or enter the password each time."
)


class MailboxError(Exception):
    """One clear sentence for the user (wrong password, unreachable server, bad
    certificate, no such folder, no keyring)."""


class _ConnectionLost(MailboxError):
    """The link broke or timed out: no point in saying goodbye (LOGOUT)."""


@dataclass(frozen=True)
class MailboxAccount:
    host: str
    port: int = 993
    user: str = ""
    folder: str = "INBOX"
    ca_file: str | None = None  # extra CA to trust (tests: the self-signed cert); None = system

    def server_url(self) -> str:
        """``imaps://user@host:port``: the account without its folder (the keyring key)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        user = f"{quote(self.user, safe='')}@" if self.user else ""
        return f"imaps://{user}{host}:{self.port}"

    def url(self) -> str:
        """``imaps://user@host:port/folder``, user and folder percent-encoded."""
        return f"{self.server_url()}/{quote(self.folder, safe='/')}"

    @classmethod
    def from_url(cls, url: str) -> MailboxAccount:
        """Parses ``imaps://user@host[:port]/folder``; the folder defaults to INBOX."""
        text = _without_password(url.strip())
        try:
            parts = urlsplit(url.strip())
            port = parts.port
        except ValueError:
            parts = None
        if parts is None:
            raise MailboxError(f"“{text}” is not a mailbox address; write it like {_URL_EXAMPLE}.")
        scheme = parts.scheme.lower()
        if scheme == "imap":
            raise MailboxError("Floordesk reads mail over TLS only (imaps://).")
        if scheme != "imaps" or not parts.hostname:
            raise MailboxError(f"“{text}” is not a mailbox address; write it like {_URL_EXAMPLE}.")
        if parts.password is not None:
            raise MailboxError(
                "Leave the password out of the mailbox address; "
                "Floordesk asks for it and keeps it in the system's password store."
            )
        if parts.query or parts.fragment:
            raise MailboxError(
                f"“{text}” has parts a mailbox address cannot have; write it like {_URL_EXAMPLE}."
            )
        if port == 0:
            raise MailboxError(f"“{text}” has no valid port; the usual one for imaps is 993.")
        folder = unquote(parts.path.lstrip("/")) or "INBOX"
        return cls(
            host=parts.hostname,
            port=993 if port is None else port,
            user=unquote(parts.username or ""),
            folder=folder,
        )


def _without_password(url: str) -> str:
    """The address as the user wrote it, for an error message, with whatever stands
    between the user name's colon and the last "@" hidden: a password may hold "/",
    "@", ":" or any other character, so the URL's own grammar cannot find its end.
    Characters that would upset a terminal are shown escaped."""
    head, slashes, rest = url.partition("//")
    at = rest.rfind("@")
    if slashes and at >= 0 and ":" in rest[:at]:
        rest = rest[:at].split(":", 1)[0] + ":…" + rest[at:]
    elif not slashes and ":" in url and "@" in url:
        return "(the address given)"
    text = head + slashes + rest
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


@dataclass(frozen=True)
class FetchedMessage:
    uid_validity: int
    uid: int
    message: RawMessage  # origin "imaps://user@host:993/INBOX UID 7"; received_at aware UTC


# --- password store -----------------------------------------------------------------


def _keyring_failure(failure: PasswordStoreFailure) -> MailboxError:
    if failure.trouble is Trouble.NONE:
        return MailboxError(_NO_KEYRING)
    if failure.trouble is Trouble.LOCKED:
        return MailboxError("The system's password store (keyring) is locked; unlock it and retry.")
    return MailboxError(f"The system's password store (keyring) failed: {reason(failure)}.")


def stored_password(account: MailboxAccount) -> str | None:
    """The password kept for this account, or None if none is kept."""
    try:
        return password_store.read(KEYRING_SERVICE, account.server_url())
    except PasswordStoreFailure as failure:
        raise _keyring_failure(failure) from None


def store_password(account: MailboxAccount, password: str) -> None:
    """Keeps the password in the system's password store, and nowhere else."""
    try:
        password_store.keep(KEYRING_SERVICE, account.server_url(), password)
    except PasswordStoreFailure as failure:
        raise _keyring_failure(failure) from None


def forget_password(account: MailboxAccount) -> None:
    """Removes the kept password; nothing happens if none was kept."""
    try:
        password_store.forget(KEYRING_SERVICE, account.server_url())
    except PasswordStoreFailure as failure:
        raise _keyring_failure(failure) from None


# --- reading the mailbox ------------------------------------------------------------


def fetch_new(
    account: MailboxAccount,
    password: str,
    already_seen: Callable[[int, int], bool],
    *,
    timeout: float = 20.0,
    progress: Callable[[int, int], None] | None = None,
    max_message_bytes: int = DEFAULT_LIMITS.mail_max_message_bytes,
) -> Generator[FetchedMessage, None, None]:
    """Messages not read before, oldest first. Read-only: EXAMINE (select readonly=True),
    UID FETCH with BODY.PEEK[] and INTERNALDATE, so no \\Seen flag is set and nothing is
    deleted, moved or flagged.

    ``progress(done, total)`` is called with the number of new messages fetched so far.
    Errors are raised as MailboxError when the iteration reaches them (the connection is
    made at the first ``next()``). ``close()`` on the generator (or exhausting it) logs
    out and closes the connection.

    One bad message never stops the reading nor hides the ones after it: the sizes
    are asked first, and a message larger than ``max_message_bytes`` comes out
    unreadable without being fetched; a message the server will not hand out comes
    out unreadable too, with the server's words.
    """
    where = f"{account.host}:{account.port}"
    client = _connect(account, timeout)
    healthy = True  # whether LOGOUT is worth sending (not after a timeout or a broken link)
    try:
        _login(client, account, password)
        uid_validity = _examine(client, account)
        try:
            uids = [uid for uid in all_uids(client) if not already_seen(uid_validity, uid)]
            total = len(uids)
            if progress is not None:
                progress(0, total)
            done = 0
            for start in range(0, total, BATCH_SIZE):
                batch = uids[start : start + BATCH_SIZE]
                for uid, message in fetch_batch(client, batch, max_message_bytes):
                    origin = f"{account.url()} UID {uid}"
                    yield FetchedMessage(uid_validity, uid, replace(message, origin=origin))
                done += len(batch)
                if progress is not None:
                    progress(done, total)
        except imaplib.IMAP4.abort as error:
            healthy = False
            raise MailboxError(
                f"The connection to the mail server {where} broke off: {reason(error)}."
            ) from None
        except imaplib.IMAP4.error as error:
            raise MailboxError(
                f"The mail server {where} did not hand out the messages: {reason(error)}."
            ) from None
        except TimeoutError:
            healthy = False
            raise MailboxError(
                f"The mail server {where} stopped answering (no reply within {timeout:g} s)."
            ) from None
        except OSError as error:
            healthy = False
            raise MailboxError(
                f"The connection to the mail server {where} broke off: {reason(error)}."
            ) from None
    except _ConnectionLost:
        healthy = False
        raise
    finally:
        if healthy:
            _logout(client)
        else:
            with contextlib.suppress(OSError):
                client.shutdown()


def _context(account: MailboxAccount) -> ssl.SSLContext:
    try:
        context = ssl.create_default_context(cafile=account.ca_file)
    except (OSError, ssl.SSLError):
        raise MailboxError(
            f"The certificate file {account.ca_file} could not be read as a PEM certificate."
        ) from None
    if account.ca_file:
        context.load_default_certs()  # the extra CA comes on top of the system's
    return context


def _connect(account: MailboxAccount, timeout: float) -> imaplib.IMAP4_SSL:
    where = f"{account.host}:{account.port}"
    context = _context(account)
    try:
        return imaplib.IMAP4_SSL(account.host, account.port, ssl_context=context, timeout=timeout)
    except ssl.SSLCertVerificationError as error:
        raise MailboxError(
            f"The mail server's certificate is not trusted for {account.host}: "
            f"{_certificate_problem(error)}."
        ) from None
    except ssl.SSLError as error:
        raise MailboxError(
            f"Could not set up a secure (TLS) connection to the mail server {where}: "
            f"{reason(error)}."
        ) from None
    except socket.gaierror as error:
        raise MailboxError(
            f"Could not reach the mail server {where}: the name {account.host} is unknown "
            f"({reason(error)})."
        ) from None
    except TimeoutError:
        raise MailboxError(
            f"Could not reach the mail server {where}: no answer within {timeout:g} seconds."
        ) from None
    except ConnectionRefusedError:
        raise MailboxError(
            f"Could not reach the mail server {where}: the connection was refused."
        ) from None
    except (OSError, imaplib.IMAP4.error) as error:
        raise MailboxError(f"Could not reach the mail server {where}: {reason(error)}.") from None


_CERTIFICATE_PROBLEMS = {
    9: "it is not valid yet",
    10: "it has expired",
    18: "it is self-signed (ask the administrator for the certificate to trust)",
    19: "it was issued by an authority this computer does not know",
    20: "it was issued by an authority this computer does not know",
    21: "it was issued by an authority this computer does not know",
    62: "it was made out for another server name",
    64: "it was made out for another server address",
}


def _certificate_problem(error: ssl.SSLCertVerificationError) -> str:
    known = _CERTIFICATE_PROBLEMS.get(error.verify_code)
    if known:
        return known
    return (error.verify_message or reason(error)).rstrip(".")


def _login(client: imaplib.IMAP4_SSL, account: MailboxAccount, password: str) -> None:
    refused = (
        f"The mail server refused the user name or password for {account.user} "
        f"at {account.host}:{account.port}."
    )
    try:
        if account.user.isascii() and password.isascii():
            client.login(account.user, password)
        else:  # LOGIN is ASCII-only; SASL PLAIN carries UTF-8
            secret = f"\0{account.user}\0{password}".encode()
            client.authenticate("PLAIN", lambda _challenge: secret)
    except imaplib.IMAP4.abort as error:
        raise _ConnectionLost(
            f"The mail server {account.host}:{account.port} closed the connection "
            f"while logging in: {reason(error)}."
        ) from None
    except imaplib.IMAP4.error:
        raise MailboxError(refused) from None
    except OSError as error:
        raise _ConnectionLost(
            f"The connection to the mail server {account.host}:{account.port} broke off "
            f"while logging in: {reason(error)}."
        ) from None


def _examine(client: imaplib.IMAP4_SSL, account: MailboxAccount) -> int:
    """Opens the folder read-only and returns its UIDVALIDITY."""
    where = f"{account.host}:{account.port}"
    try:
        status, _ = client.select(_mailbox_name(account.folder), readonly=True)
        if status != "OK":
            raise MailboxError(
                f"The mail server {where} has no folder “{account.folder}” "
                f"for {account.user} (or may not open it)."
            )
        _, values = client.response("UIDVALIDITY")
    except imaplib.IMAP4.abort as error:
        raise _ConnectionLost(
            f"The connection to the mail server {where} broke off: {reason(error)}."
        ) from None
    except imaplib.IMAP4.error as error:
        raise MailboxError(
            f"The mail server {where} would not open the folder “{account.folder}”: "
            f"{reason(error)}."
        ) from None
    except OSError as error:
        raise _ConnectionLost(
            f"The connection to the mail server {where} broke off: {reason(error)}."
        ) from None
    for value in values or []:
        if isinstance(value, bytes) and value.strip().isdigit():
            return int(value)
    raise MailboxError(
        f"The mail server {where} gave no UIDVALIDITY for “{account.folder}”, "
        "so Floordesk cannot tell which messages it read before."
    )


def _mailbox_name(folder: str) -> str:
    """The folder as an IMAP quoted string, non-ASCII in modified UTF-7 (RFC 3501 5.1.3)."""
    encoded = _modified_utf7(folder)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _modified_utf7(text: str) -> str:
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append(
                "&" + base64.b64encode(raw).decode("ascii").rstrip("=").replace("/", ",") + "-"
            )
            pending.clear()

    for char in text:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    return "".join(out)


def _logout(client: imaplib.IMAP4_SSL) -> None:
    """Says goodbye; closes the socket even when the server no longer listens."""
    try:
        client.logout()
    except (imaplib.IMAP4.error, OSError):
        with contextlib.suppress(OSError):
            client.shutdown()
