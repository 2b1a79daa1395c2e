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
from typing import Any

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


def _keyring() -> Any:
    """The keyring library, imported when first needed: a PostgreSQL station's start
    and its password commands, not every start (55 modules, some 20 ms)."""
    import keyring
    import keyring.backends.chainer
    import keyring.backends.fail
    import keyring.backends.null
    import keyring.errors

    return keyring


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
    if _backend_problem() is not None:
        return url
    keyring = _keyring()
    try:
        password = keyring.get_password(KEYRING_SERVICE, keyring_key(url))
    except keyring.errors.KeyringError as error:
        log.info("cannot read the keyring: %s", error)
        return url
    return url.set(password=password) if isinstance(password, str) else url


def keep_password(url: URL, password: str) -> str:
    """Keep the password for ``url`` in the keyring; returns the entry's name."""
    problem = _backend_problem()
    if problem is not None:
        raise PasswordError(problem)
    keyring = _keyring()
    key = keyring_key(url)
    try:
        keyring.set_password(KEYRING_SERVICE, key, password)
    except keyring.errors.KeyringLocked:
        raise PasswordError("The keyring is locked; unlock it and try again.") from None
    except keyring.errors.KeyringError as error:
        raise PasswordError(
            f"The keyring failed ({error}); keep the password in {PGPASS}."
        ) from None
    return key


def forget_password(url: URL) -> bool:
    """Remove the kept password; whether one was kept."""
    problem = _backend_problem()
    if problem is not None:
        raise PasswordError(problem)
    keyring = _keyring()
    try:
        keyring.delete_password(KEYRING_SERVICE, keyring_key(url))
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as error:
        raise PasswordError(f"The keyring failed ({error}).") from None
    return True


def _backend_problem() -> str | None:
    """Why the keyring cannot be used (None: it can)."""
    keyring = _keyring()
    try:
        backend = keyring.get_keyring()
    except keyring.errors.KeyringError:
        return NO_KEYRING
    if isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        return NO_KEYRING
    if isinstance(backend, keyring.backends.chainer.ChainerBackend) and not backend.backends:
        return NO_KEYRING
    return None
