"""The IMAP reader never stops at a bad message nor skips the ones after it; the mailbox
address never echoes a password; Ctrl+D at the password prompt ends cleanly."""

from __future__ import annotations

import argparse
import getpass
import itertools
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from db.store import Store
from desktop.agenda_import.limits import MB, ImportLimits
from desktop.cli import UserError
from desktop.requests_import import sources
from desktop.requests_import.imap_source import MailboxAccount, MailboxError, fetch_new
from desktop.requests_import.outcome import Outcome
from tests.faults.readable import one_sentence
from tests.requests_import import hostile
from tests.requests_import.dovecot import Dovecot, running_dovecot

_folders = itertools.count(1)


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    with running_dovecot() as server:
        yield server


def _account(server: Dovecot) -> tuple[MailboxAccount, str]:
    folder = f"Hostile{next(_folders)}"
    server.create_folder(folder)
    account = MailboxAccount(server.host, server.port, server.user, folder, server.ca_file)
    return account, folder


def _when(number: int) -> datetime:
    return datetime(2026, 4, 10, 7, 0, tzinfo=UTC) + timedelta(minutes=number)


def test_bad_messages_in_a_mailbox_end_as_errors_and_the_rest_is_read(
    dovecot: Dovecot,
) -> None:
    account, folder = _account(dovecot)
    messages = [
        hostile.good(1),
        hostile.nested(1000),
        hostile.good(2),
        hostile.with_attachment(3 * MB),
        hostile.good(3),
    ]
    dovecot.append([(m, _when(n)) for n, m in enumerate(messages)], folder)

    fetched = list(
        fetch_new(account, dovecot.password, lambda _v, _u: False, max_message_bytes=2 * MB)
    )

    assert [m.uid for m in fetched] == [1, 2, 3, 4, 5]
    assert [m.message.data.replace(b"\r\n", b"\n") for m in fetched[::2]] == [
        hostile.good(n).replace(b"\r\n", b"\n") for n in (1, 2, 3)
    ]
    too_large = fetched[3].message
    assert too_large.data == b"" and "it was not fetched" in too_large.unreadable
    assert too_large.received_at == _when(3)


def test_importing_a_mailbox_with_bad_messages_files_all_the_good_ones(
    dovecot: Dovecot, store: Store, conference_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    account, folder = _account(dovecot)
    messages = [
        hostile.good(1),
        hostile.encoded_subject(50_000),
        hostile.nested(1000),
        hostile.with_attachment(3 * MB),
        hostile.good(2),
    ]
    dovecot.append([(m, _when(n)) for n, m in enumerate(messages)], folder)
    url = account.url()
    original = MailboxAccount.from_url
    # The test server's certificate is trusted by a CA file the URL cannot name.
    monkeypatch.setattr(
        MailboxAccount,
        "from_url",
        classmethod(lambda _cls, text: replace(original(text), ca_file=dovecot.ca_file)),
    )

    outcomes = sources.import_source(
        store,
        conference_id,
        url,
        password=dovecot.password,
        limits=ImportLimits(mail_max_message_bytes=2 * MB),
    )

    assert [o.outcome for o in outcomes].count(Outcome.ERROR) == 3
    assert [o.outcome is Outcome.ERROR for o in outcomes] == [False, True, True, True, False]
    for outcome in outcomes:
        if outcome.outcome is Outcome.ERROR:
            one_sentence(outcome.reason)
    assert {o.details.get("delegation") for o in outcomes[::4]} == {"Austria"}
    # Read again: nothing new, every message (the bad ones too) remembered.
    again = sources.import_source(store, conference_id, url, password=dovecot.password)
    assert again == []


@pytest.mark.parametrize(
    "password",
    ["pa/ss", "p@ss", "p:ss", "pa#ss", "pa?ss", "p%40ss", "pa ss", "pa\nss", "å/@:#?x", "]["],
)
def test_a_mailbox_address_never_echoes_the_password(password: str) -> None:
    for url in (
        f"imaps://bob:{password}@mail.example.org/INBOX",
        f"imaps://bob:{password}@mail.example.org:99999/INBOX",
        f"imaps://bob:{password}@mail.example.org:port/INBOX",
        f"imaps://bob:{password}@[::1/INBOX",
        f"imaps://bob:{password}@mail.example.org/INBOX?x=1",
        f"bob:{password}@mail.example.org",
    ):
        with pytest.raises(MailboxError) as caught:
            MailboxAccount.from_url(url)
        message = str(caught.value)
        assert password not in message and password.replace("\n", "\\n") not in message, message
        one_sentence(message)


def test_ctrl_d_at_the_password_prompt_ends_cleanly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from desktop import cli_requests
    from desktop.requests_import import imap_source

    def no_password(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr(getpass, "getpass", no_password)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(imap_source, "stored_password", lambda _account: None)
    args = argparse.Namespace(source="imaps://bob@mail.example.org/INBOX", ask_password=False)
    with pytest.raises(UserError, match="No password was entered"):
        cli_requests._mailbox_password(args)


class _ChokingServer:
    """Answers UID FETCH as a server does, but refuses any FETCH that includes UID 2 and
    reports UID 4 without handing it out (expunged meanwhile)."""

    def uid(self, command: str, uid_set: str, items: str) -> tuple[str, list[object]]:
        import imaplib

        uids = [int(u) for u in uid_set.split(",")] if ":" not in uid_set else []
        if ":" in uid_set:
            first, last = map(int, uid_set.split(":"))
            uids = list(range(first, last + 1))
        if "RFC822.SIZE" in items:
            return "OK", [
                f'{n} (UID {u} RFC822.SIZE 120 INTERNALDATE "10-Apr-2026 09:00:00 +0200")'.encode()
                for n, u in enumerate(uids, 1)
                if u != 4
            ]
        if 2 in uids:
            raise imaplib.IMAP4.error("FETCH failed: message 2 is corrupt on disk")
        data: list[object] = []
        for n, u in enumerate(uids, 1):
            if u == 4:
                continue
            head = f'{n} (UID {u} INTERNALDATE "10-Apr-2026 09:00:00 +0200" BODY[] {{9}}'.encode()
            data += [(head, f"Subject: {u}".encode()), b")"]
        return "OK", data


def test_a_batch_the_server_chokes_on_is_fetched_one_by_one() -> None:
    from desktop.requests_import.imap_fetching import fetch_batch as _fetch_batch

    found = _fetch_batch(_ChokingServer(), [1, 2, 3, 4, 5], 1000)  # type: ignore[arg-type]
    assert [uid for uid, _m in found] == [1, 2, 3, 4, 5]
    by_uid = dict(found)
    assert [by_uid[u].data for u in (1, 3, 5)] == [b"Subject: 1", b"Subject: 3", b"Subject: 5"]
    assert "would not hand out the message: FETCH failed" in by_uid[2].unreadable
    assert "did not hand out this message" in by_uid[4].unreadable
    one_sentence(by_uid[2].unreadable)
