"""Reading requests from an IMAP mailbox, against a real Dovecot server on loopback."""

from __future__ import annotations

import contextlib
import imaplib
import itertools
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.backends.null
import keyring.errors
import pytest

from desktop.requests_import import imap_fetching, imap_source
from desktop.requests_import.imap_source import (
    KEYRING_SERVICE,
    FetchedMessage,
    MailboxAccount,
    MailboxError,
    fetch_new,
    forget_password,
    store_password,
    stored_password,
)
from tests.requests_import.dovecot import INTL_PASSWORD, INTL_USER, Dovecot, running_dovecot

_folders = itertools.count(1)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with running_dovecot() as server:
        yield server


def _account(server: Dovecot, folder: str, **changes: Any) -> MailboxAccount:
    values: dict[str, Any] = {
        "host": server.host,
        "port": server.port,
        "user": server.user,
        "folder": folder,
        "ca_file": server.ca_file,
    }
    values.update(changes)
    return MailboxAccount(**values)


def _new_folder(server: Dovecot) -> str:
    folder = f"Requests{next(_folders)}"
    server.create_folder(folder)
    return folder


def _message(number: int) -> bytes:
    return (
        f"From: Delegation {number} <d{number}@example.org>\r\n"
        f"To: floor@example.org\r\n"
        f"Subject: Request to take the floor, item {number}\r\n"
        f"Message-ID: <req-{number}@example.org>\r\n"
        f"\r\n"
        f"Delegation {number} asks for the floor.\r\n"
    ).encode()


def _when(number: int) -> datetime:
    # Offset +02:00 on the server side; fetch_new must give it back in UTC.
    return datetime(2026, 3, 14, 9, 0, 0, tzinfo=timezone(timedelta(hours=2))) + timedelta(
        minutes=number
    )


def _never(_validity: int, _uid: int) -> bool:
    return False


def _server_view(server: Dovecot, folder: str) -> tuple[int, dict[int, bytes]]:
    """UIDVALIDITY and the FLAGS of every message, read with a connection of our own."""
    with server.connect() as client:
        status, _ = client.select(folder, readonly=True)
        assert status == "OK"
        _, validity = client.response("UIDVALIDITY")
        status, data = client.uid("FETCH", "1:*", "(FLAGS)")
        assert status == "OK"
    flags: dict[int, bytes] = {}
    for line in data:
        if not isinstance(line, bytes):
            continue
        match = re.search(rb"UID (\d+) FLAGS \(([^)]*)\)", line) or re.search(
            rb"FLAGS \(([^)]*)\) UID (\d+)", line
        )
        assert match, line
        if match.re.pattern.startswith(rb"UID"):
            flags[int(match.group(1))] = match.group(2)
        else:
            flags[int(match.group(2))] = match.group(1)
    return int(validity[0]), flags


# --- fetching ------------------------------------------------------------------------


def test_fetch_new_yields_every_message_oldest_first(dovecot: Dovecot) -> None:
    folder = _new_folder(dovecot)
    dovecot.append([(_message(n), _when(n)) for n in range(1, 6)], folder)
    validity, _ = _server_view(dovecot, folder)
    account = _account(dovecot, folder)
    progress: list[tuple[int, int]] = []

    fetched = list(
        fetch_new(account, dovecot.password, _never, progress=lambda *p: progress.append(p))
    )

    assert [m.uid for m in fetched] == [1, 2, 3, 4, 5]
    assert {m.uid_validity for m in fetched} == {validity}
    assert [m.message.data for m in fetched] == [_message(n) for n in range(1, 6)]
    first = fetched[0].message
    assert first.origin == f"imaps://delegate@127.0.0.1:{dovecot.port}/{folder} UID 1"
    assert first.received_at == datetime(2026, 3, 14, 7, 1, tzinfo=UTC)
    assert first.received_at is not None
    assert first.received_at.utcoffset() == timedelta(0)
    assert progress == [(0, 5), (5, 5)]


def test_second_fetch_yields_only_new_messages(dovecot: Dovecot) -> None:
    folder = _new_folder(dovecot)
    dovecot.append([(_message(n), _when(n)) for n in range(1, 4)], folder)
    account = _account(dovecot, folder)
    seen: set[tuple[int, int]] = set()
    first = list(fetch_new(account, dovecot.password, lambda v, u: (v, u) in seen))
    seen.update((m.uid_validity, m.uid) for m in first)
    dovecot.append([(_message(n), _when(n)) for n in (4, 5)], folder)

    second = list(fetch_new(account, dovecot.password, lambda v, u: (v, u) in seen))

    assert [m.uid for m in first] == [1, 2, 3]
    assert [m.uid for m in second] == [4, 5]
    assert [m.message.data for m in second] == [_message(4), _message(5)]


def test_a_different_uidvalidity_means_not_seen(dovecot: Dovecot) -> None:
    folder = _new_folder(dovecot)
    dovecot.append([(_message(1), _when(1))], folder)
    account = _account(dovecot, folder)
    validity, _ = _server_view(dovecot, folder)
    asked: list[tuple[int, int]] = []

    def seen(v: int, u: int) -> bool:
        asked.append((v, u))
        return v == validity + 1  # what a previous mailbox with the same UIDs said

    assert [m.uid for m in fetch_new(account, dovecot.password, seen)] == [1]
    assert asked == [(validity, 1)]


def test_fetching_changes_nothing_on_the_server(dovecot: Dovecot) -> None:
    folder = _new_folder(dovecot)
    dovecot.append([(_message(n), _when(n)) for n in range(1, 5)], folder)
    account = _account(dovecot, folder)

    assert len(list(fetch_new(account, dovecot.password, _never))) == 4
    assert len(list(fetch_new(account, dovecot.password, _never))) == 4

    _, flags = _server_view(dovecot, folder)
    assert sorted(flags) == [1, 2, 3, 4]
    for uid, uid_flags in flags.items():
        assert b"\\Seen" not in uid_flags, (uid, uid_flags)
        assert b"\\Deleted" not in uid_flags, (uid, uid_flags)


def test_many_messages_come_in_batches_quickly(dovecot: Dovecot) -> None:
    folder = _new_folder(dovecot)
    count = 120  # three batches of new messages: 50, 50 and 8
    dovecot.append([(_message(n), _when(n)) for n in range(1, count + 1)], folder)
    progress: list[tuple[int, int]] = []

    fetched = list(
        fetch_new(
            _account(dovecot, folder),
            dovecot.password,
            lambda _v, u: u % 10 == 0,  # every tenth was read before
            progress=lambda *p: progress.append(p),
        )
    )

    expected = [n for n in range(1, count + 1) if n % 10 != 0]
    assert [m.uid for m in fetched] == expected
    assert [m.message.data for m in fetched] == [_message(n) for n in expected]
    total = len(expected)
    assert progress == [(0, total), (50, total), (100, total), (total, total)]


def test_stopping_early_closes_the_connection(dovecot: Dovecot) -> None:
    folder = _new_folder(dovecot)
    dovecot.append([(_message(n), _when(n)) for n in range(1, 4)], folder)
    messages = fetch_new(_account(dovecot, folder), dovecot.password, _never)

    first = next(messages)
    messages.close()  # ResourceWarning (an error here) if the socket stayed open

    assert isinstance(first, FetchedMessage)
    assert first.uid == 1


def test_empty_folder_yields_nothing(dovecot: Dovecot) -> None:
    folder = _new_folder(dovecot)
    progress: list[tuple[int, int]] = []

    fetched = list(
        fetch_new(
            _account(dovecot, folder),
            dovecot.password,
            _never,
            progress=lambda *p: progress.append(p),
        )
    )

    assert fetched == []
    assert progress == [(0, 0)]


def test_folder_with_spaces_and_accents(dovecot: Dovecot) -> None:
    folder = 'Anträge 2026 "Plenum"'
    with dovecot.connect() as client:
        status, detail = client.create(imap_source._mailbox_name(folder))
        assert status == "OK", detail
        status, detail = client.append(
            imap_source._mailbox_name(folder), "", imaplib.Time2Internaldate(_when(1)), _message(1)
        )
        assert status == "OK", detail
    account = _account(dovecot, folder)

    fetched = list(fetch_new(account, dovecot.password, _never))

    assert [m.message.data for m in fetched] == [_message(1)]
    assert MailboxAccount.from_url(account.url()) == _account(dovecot, folder, ca_file=None)


def test_password_that_is_not_ascii(dovecot: Dovecot) -> None:
    account = _account(dovecot, "INBOX", user=INTL_USER)

    assert list(fetch_new(account, INTL_PASSWORD, _never)) == []


# --- what goes wrong ---------------------------------------------------------------


def _error(account: MailboxAccount, password: str, timeout: float = 5.0) -> str:
    with pytest.raises(MailboxError) as caught:
        list(fetch_new(account, password, _never, timeout=timeout))
    text = str(caught.value)
    assert "Traceback" not in text
    assert "b'" not in text
    assert "\n" not in text
    assert text.endswith(".")
    return text


def test_wrong_password(dovecot: Dovecot) -> None:
    text = _error(_account(dovecot, "INBOX"), "not-the-password")

    assert text == (
        f"The mail server refused the user name or password for delegate "
        f"at 127.0.0.1:{dovecot.port}."
    )


def test_unknown_user(dovecot: Dovecot) -> None:
    text = _error(_account(dovecot, "INBOX", user="nobody-here"), dovecot.password)

    assert text.startswith("The mail server refused the user name or password for nobody-here")


def test_unreachable_server() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound but not listening: connections are refused
        text = _error(MailboxAccount("127.0.0.1", port, "delegate"), "pw", timeout=2)

    assert text == (
        f"Could not reach the mail server 127.0.0.1:{port}: the connection was refused."
    )


def test_unknown_host_name() -> None:
    text = _error(MailboxAccount("no-such-host.invalid", 993, "delegate"), "pw", timeout=2)

    assert text.startswith("Could not reach the mail server no-such-host.invalid:993:")


def test_server_that_does_not_answer() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts the connection but never speaks TLS
        port = silent.getsockname()[1]
        text = _error(MailboxAccount("127.0.0.1", port, "delegate"), "pw", timeout=0.5)

    assert text == (
        f"Could not reach the mail server 127.0.0.1:{port}: no answer within 0.5 seconds."
    )


def test_server_without_tls() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as plain:
        plain.bind(("127.0.0.1", 0))
        plain.listen()
        port = plain.getsockname()[1]

        def greet() -> None:  # a plain-text IMAP server where TLS was expected
            connection, _ = plain.accept()
            with connection:
                connection.sendall(b"* OK [CAPABILITY IMAP4rev1] ready\r\n")
                with contextlib.suppress(OSError):
                    connection.recv(4096)

        server = threading.Thread(target=greet)
        server.start()
        try:
            text = _error(MailboxAccount("127.0.0.1", port, "delegate"), "pw", timeout=2)
        finally:
            server.join(5)

    assert text.startswith(
        f"Could not set up a secure (TLS) connection to the mail server 127.0.0.1:{port}: "
    )
    assert "_ssl.c" not in text
    assert "[SSL" not in text


def test_server_that_stops_answering_while_listing(dovecot: Dovecot) -> None:
    """A TLS server that logs in and opens the folder, then falls silent."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(dovecot.root / "cert.pem", dovecot.root / "key.pem")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        def serve() -> None:
            connection, _ = listener.accept()
            with context.wrap_socket(connection, server_side=True) as tls:
                tls.settimeout(5)
                reader = tls.makefile("rb")
                tls.sendall(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n")
                with reader, contextlib.suppress(OSError):
                    for line in reader:
                        tag, command = [*line.split(), b""][:2]
                        command = command.upper()
                        if command == b"CAPABILITY":
                            tls.sendall(
                                b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK done\r\n"
                            )
                        elif command == b"LOGIN":
                            tls.sendall(tag + b" OK logged in\r\n")
                        elif command == b"EXAMINE":
                            tls.sendall(
                                b"* 1 EXISTS\r\n* OK [UIDVALIDITY 7] ok\r\n"
                                + tag
                                + b" OK [READ-ONLY] done\r\n"
                            )
                        # anything else (UID SEARCH): no answer, ever

        server = threading.Thread(target=serve)
        server.start()
        account = MailboxAccount("127.0.0.1", port, "delegate", "INBOX", dovecot.ca_file)
        started = time.monotonic()
        try:
            text = _error(account, "pw", timeout=0.5)
        finally:
            server.join(10)
        elapsed = time.monotonic() - started

    assert text == (f"The mail server 127.0.0.1:{port} stopped answering (no reply within 0.5 s).")
    assert elapsed < 2  # no LOGOUT sent into the silence


def test_untrusted_certificate(dovecot: Dovecot) -> None:
    text = _error(_account(dovecot, "INBOX", ca_file=None), dovecot.password)

    assert text == (
        "The mail server's certificate is not trusted for 127.0.0.1: it is self-signed "
        "(ask the administrator for the certificate to trust)."
    )


def test_certificate_for_another_name(dovecot: Dovecot) -> None:
    # The certificate is for localhost and 127.0.0.1; 127.0.0.2 reaches the same
    # server (on Linux) but is not named in it.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(2)
        if probe.connect_ex(("127.0.0.2", dovecot.port)) != 0:
            pytest.skip("the test server cannot listen on 127.0.0.2 on this system")
    text = _error(_account(dovecot, "INBOX", host="127.0.0.2"), dovecot.password)

    assert text == (
        "The mail server's certificate is not trusted for 127.0.0.2: "
        "it was made out for another server address."
    )


def test_missing_folder(dovecot: Dovecot) -> None:
    text = _error(_account(dovecot, "No such folder"), dovecot.password)

    assert text == (
        f"The mail server 127.0.0.1:{dovecot.port} has no folder “No such folder” "
        f"for delegate (or may not open it)."
    )


def test_missing_ca_file(dovecot: Dovecot) -> None:
    text = _error(_account(dovecot, "INBOX", ca_file="/nonexistent/ca.pem"), dovecot.password)

    assert "/nonexistent/ca.pem" in text


# --- addresses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "imaps://alice%40example.org@mail.example.org/Requests%202026",
            MailboxAccount("mail.example.org", 993, "alice@example.org", "Requests 2026"),
        ),
        (
            "imaps://bob@mail.example.org:1993",
            MailboxAccount("mail.example.org", 1993, "bob", "INBOX"),
        ),
        (
            "IMAPS://bob@Mail.Example.org/",
            MailboxAccount("mail.example.org", 993, "bob", "INBOX"),
        ),
        (
            "  imaps://bob@mail.example.org/Floor/Requests  ",
            MailboxAccount("mail.example.org", 993, "bob", "Floor/Requests"),
        ),
        ("imaps://bob@[::1]:9993/INBOX", MailboxAccount("::1", 9993, "bob", "INBOX")),
    ],
)
def test_from_url(url: str, expected: MailboxAccount) -> None:
    account = MailboxAccount.from_url(url)

    assert account == expected
    assert MailboxAccount.from_url(account.url()) == account


def test_url() -> None:
    account = MailboxAccount("mail.example.org", 993, "alice@example.org", "Floor/Anträge 1")

    assert (
        account.url() == "imaps://alice%40example.org@mail.example.org:993/Floor/Antr%C3%A4ge%201"
    )
    assert account.server_url() == "imaps://alice%40example.org@mail.example.org:993"


def test_plain_imap_is_refused() -> None:
    with pytest.raises(MailboxError) as caught:
        MailboxAccount.from_url("imap://bob@mail.example.org/INBOX")

    assert str(caught.value) == "Floordesk reads mail over TLS only (imaps://)."


@pytest.mark.parametrize(
    "url",
    [
        "",
        "mail.example.org",
        "https://mail.example.org/INBOX",
        "imaps:///INBOX",
        "imaps://bob@mail.example.org:99999/INBOX",
        "imaps://bob@mail.example.org:port/INBOX",
        "imaps://bob:secret@mail.example.org/INBOX",
        "imaps://bob:secret@mail.example.org:99999/INBOX",
        "imap://bob:secret@mail.example.org/INBOX",
        "https://bob:secret@mail.example.org/",
        "imaps://[::1/INBOX",
        "imaps://bob@mail.example.org/INBOX?x=1",
    ],
)
def test_from_url_refuses(url: str) -> None:
    with pytest.raises(MailboxError) as caught:
        MailboxAccount.from_url(url)

    text = str(caught.value)
    assert text.endswith(".")
    assert "secret" not in text
    assert "\n" not in text


# --- password store ----------------------------------------------------------------


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not stored")


@pytest.fixture
def use_keyring() -> Iterator[Any]:
    previous = keyring.get_keyring()

    def use(backend: keyring.backend.KeyringBackend) -> keyring.backend.KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    try:
        yield use
    finally:
        keyring.set_keyring(previous)


def test_password_round_trip(use_keyring: Any) -> None:
    store = use_keyring(MemoryKeyring())
    account = MailboxAccount("mail.example.org", 993, "alice@example.org", "Requests")
    other_folder = MailboxAccount("mail.example.org", 993, "alice@example.org", "INBOX")

    assert stored_password(account) is None
    store_password(account, "pässword")

    assert store.passwords == {
        (KEYRING_SERVICE, "imaps://alice%40example.org@mail.example.org:993"): "pässword"
    }
    assert stored_password(account) == "pässword"
    assert stored_password(other_folder) == "pässword"  # one password per account
    forget_password(account)
    assert stored_password(account) is None
    forget_password(account)  # nothing stored: nothing to do


@pytest.mark.parametrize("backend", ["fail", "null"])
def test_no_password_store(use_keyring: Any, backend: str) -> None:
    # "fail" is what keyring picks when the system has nothing; "null" would drop passwords
    use_keyring(
        keyring.backends.fail.Keyring() if backend == "fail" else keyring.backends.null.Keyring()
    )
    account = MailboxAccount("mail.example.org", 993, "alice")
    sentence = (
        "This system has no password store (keyring); install and unlock one "
        "(for example GNOME Keyring or KWallet), or enter the password each time."
    )

    for call in (
        lambda: store_password(account, "secret"),
        lambda: stored_password(account),
        lambda: forget_password(account),
    ):
        with pytest.raises(MailboxError) as caught:
            call()
        assert str(caught.value) == sentence


def test_locked_password_store(use_keyring: Any) -> None:
    class Locked(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise keyring.errors.KeyringLocked("locked")

    use_keyring(Locked())

    with pytest.raises(MailboxError, match="locked"):
        store_password(MailboxAccount("mail.example.org", 993, "alice"), "secret")


# --- details of the protocol -------------------------------------------------------


def test_uid_sets_are_compact() -> None:
    assert imap_fetching.uid_set([1, 2, 3, 7, 9, 10]) == "1:3,7,9:10"
    assert imap_fetching.uid_set([5]) == "5"
    assert imap_fetching.uid_set([10, 9, 8]) == "8:10"


def test_folder_names_in_modified_utf7() -> None:
    # RFC 3501, section 5.1.3
    assert (
        imap_source._modified_utf7("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
    )
    assert imap_source._modified_utf7("R&D") == "R&-D"
    assert imap_source._mailbox_name('Say "hi"') == '"Say \\"hi\\""'


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        (
            b'1 (UID 4 INTERNALDATE "14-Mar-2026 09:05:00 +0200" BODY[] {12}',
            datetime(2026, 3, 14, 7, 5, tzinfo=UTC),
        ),
        (
            b'1 (INTERNALDATE " 2-Jan-2026 23:30:00 -0500" UID 4 BODY[] {12}',
            datetime(2026, 1, 3, 4, 30, tzinfo=UTC),
        ),
        (b"1 (UID 4 BODY[] {12}", None),
        (b'1 (INTERNALDATE "31-Feb-2026 00:00:00 +0000")', None),
    ],
)
def test_internaldate(attributes: bytes, expected: datetime | None) -> None:
    assert imap_fetching.internaldate(attributes) == expected
