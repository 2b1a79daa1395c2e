"""The PostgreSQL password of a station: never on the command line, kept in the keyring.

A password written into ``--db`` is readable by every user of the computer in the list
of processes (``ps``) for as long as Floordesk runs, and stays in the shell's history:
such a ``--db`` is refused, in one sentence that says where the password goes instead.
It is not taken and moved to the keyring on the way, because by then it has been seen
already; ``floordesk db password`` asks for it at a prompt and keeps it in the system's
keyring (the ``keyring`` library), from where every start takes it. Where the system has
no keyring, libpq's own ``~/.pgpass`` (or ``PGPASSFILE``) holds it: nothing is put in
the URL, and libpq finds it there by itself.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from desktop.services import password_store
from desktop.services.password_store import PasswordStoreFailure, Trouble

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

log = logging.getLogger(__name__)

KEYRING_SERVICE = "Floordesk database"
PGPASS = (
    "~/.pgpass (one line host:port:database:user:password, readable by you alone: "
    "chmod 600 ~/.pgpass)"
)
NO_KEYRING = (
    "This computer has no keyring (for example GNOME Keyring or KWallet, unlocked); "
    f"keep the password in {PGPASS} instead."
)
ON_THE_COMMAND_LINE = (
    "--db holds a password, which every user of this computer can read in the list of "
    "processes: leave it out and keep it in the keyring (floordesk db password --db URL) "
    f"or in {PGPASS}."
)


class PasswordError(Exception):
    """One sentence for the user (no keyring, a locked one)."""


def password_on_command_line(option: str | None) -> str | None:
    """The sentence refusing a ``--db`` that holds a password (None: it holds none)."""
    if not option or "://" not in option:
        return None
    # Read by hand, not by the URL parser: a password may hold "/", "@", ":" or any other
    # character, which the parser trips over (and its error would repeat the URL).
    rest = option.strip().partition("://")[2]
    at = rest.rfind("@")
    return ON_THE_COMMAND_LINE if at >= 0 and ":" in rest[:at] else None


def keyring_key(url: URL) -> str:
    """``postgresql://user@host:port/database``: the entry's name in the keyring."""
    host = url.host or "localhost"
    return f"postgresql://{url.username}@{host}:{url.port or 5432}/{url.database or ''}"


def with_stored_password(url: URL) -> URL:
    """``url`` with the password the keyring keeps for it, if it keeps one; else as it is
    (libpq then reads ``~/.pgpass``). Never fails: a missing keyring is no error here,
    a failed connection says what to do (db/engine.py)."""
    if url.get_backend_name() != "postgresql" or not url.username or url.password is not None:
        return url
    try:
        password = password_store.read(KEYRING_SERVICE, keyring_key(url))
    except PasswordStoreFailure as failure:
        log.info("cannot read the keyring: %s", failure)
        return url
    return url.set(password=password) if password is not None else url


def keep_password(url: URL, password: str) -> str:
    """Keep the password for ``url`` in the keyring; returns the entry's name."""
    key = keyring_key(url)
    try:
        password_store.keep(KEYRING_SERVICE, key, password)
    except PasswordStoreFailure as failure:
        raise _said(failure, f"; keep the password in {PGPASS}") from None
    return key


def forget_password(url: URL) -> bool:
    """Remove the kept password; whether one was kept."""
    try:
        return password_store.forget(KEYRING_SERVICE, keyring_key(url))
    except PasswordStoreFailure as failure:
        raise _said(failure) from None


def _said(failure: PasswordStoreFailure, instead: str = "") -> PasswordError:
    if failure.trouble is Trouble.NONE:
        return PasswordError(NO_KEYRING)
    if failure.trouble is Trouble.LOCKED:
        return PasswordError("The keyring is locked; unlock it and try again.")
    return PasswordError(f"The keyring failed ({failure}){instead}.")
