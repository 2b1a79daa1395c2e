"""The system's password store (the ``keyring`` library): the one place Floordesk keeps a
secret — a mailbox's password, a database user's. Each caller says in its own words what
to do when the store fails (enter the password each time, keep it in ~/.pgpass); here is
only whether the store can be used, and the three things done with it.

The library is imported when first needed: not every start needs it (55 modules, some
20 ms)."""

from __future__ import annotations

import enum
from typing import Any


class Trouble(enum.Enum):
    NONE = "none"  # the system has no usable password store
    LOCKED = "locked"  # it has one, locked
    FAILED = "failed"  # it failed in its own way (said by the failure's text)


class PasswordStoreFailure(Exception):
    """The password store could not be used; ``trouble`` says how, ``str()`` its words."""

    def __init__(self, trouble: Trouble, detail: str = "") -> None:
        super().__init__(detail or trouble.value)
        self.trouble = trouble


def _keyring() -> Any:
    import keyring
    import keyring.backends.chainer
    import keyring.backends.fail
    import keyring.backends.null
    import keyring.errors

    return keyring


def check() -> None:
    """PasswordStoreFailure(NONE) unless the system has a password store to use."""
    keyring = _keyring()
    try:
        backend = keyring.get_keyring()
    except keyring.errors.KeyringError:
        raise PasswordStoreFailure(Trouble.NONE) from None
    if isinstance(backend, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        raise PasswordStoreFailure(Trouble.NONE)
    if isinstance(backend, keyring.backends.chainer.ChainerBackend) and not backend.backends:
        raise PasswordStoreFailure(Trouble.NONE)


def usable() -> bool:
    try:
        check()
    except PasswordStoreFailure:
        return False
    return True


def _failure(error: Exception) -> PasswordStoreFailure:
    keyring = _keyring()
    if isinstance(error, keyring.errors.NoKeyringError):
        return PasswordStoreFailure(Trouble.NONE)
    if isinstance(error, keyring.errors.KeyringLocked):
        return PasswordStoreFailure(Trouble.LOCKED)
    return PasswordStoreFailure(Trouble.FAILED, str(error) or type(error).__name__)


def read(service: str, key: str) -> str | None:
    """The password kept under ``key`` of ``service``; None if none is kept."""
    check()
    keyring = _keyring()
    try:
        password = keyring.get_password(service, key)
    except keyring.errors.KeyringError as error:
        raise _failure(error) from None
    return password if isinstance(password, str) else None


def keep(service: str, key: str, password: str) -> None:
    """Keep the password in the system's password store, and nowhere else."""
    check()
    keyring = _keyring()
    try:
        keyring.set_password(service, key, password)
    except keyring.errors.KeyringError as error:
        raise _failure(error) from None


def forget(service: str, key: str) -> bool:
    """Remove the kept password; whether one was kept."""
    check()
    keyring = _keyring()
    try:
        keyring.delete_password(service, key)
    except keyring.errors.PasswordDeleteError:
        return False
    except keyring.errors.KeyringError as error:
        raise _failure(error) from None
    return True
