"""The standby copies of a server, made in a process of their own.

A copy of a conference of 2,000 interventions is some 100 ms of Python, made again every
few seconds of a busy session (db/standby_copy.py). Made on a thread of the window's
process, it held the interpreter's lock while the window waited for the server's answer
to F5: with another station adding a request every second, the key took 60-100 ms now
and then instead of 12. One process, started with the first copy and kept, makes them
all; a copy comes back as SQLite's image of the database (``sqlite3`` serialize), which
the window's side takes in as a copy of bytes.

The process is started by ``spawn``, never ``fork`` (the window's process has Qt and
threads): it imports this module afresh, and the server's URL, password included, goes
to it through multiprocessing's pipe, never its command line. As every spawned process,
it also imports the main module of the program that started it when that is a file:
Floordesk's entry points are guarded (``if __name__ == "__main__":``), and a script that
opens the window on a server must be too. It holds some 80 MB (SQLAlchemy, the models,
one copy).
"""

from __future__ import annotations

import atexit
import threading
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool

from db.engine import server_connect_args
from db.standby_copy import from_image, image_of, make_copy

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# A copy waited for at most this long (the server's own statement timeout is 5 s).
WAIT_S = 15.0


class CopyFailed(Exception):
    """The copier could not make the copy; ``str(error)`` says why, in one line."""


# -- the window's side ----------------------------------------------------------------------

_copier: ProcessPoolExecutor | None = None
_copier_lock = threading.Lock()


def _the_copier() -> ProcessPoolExecutor:
    # Imported with the first copy, on a worker: multiprocessing and the process pool are
    # some 20 ms that a station's start does without.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _copier
    with _copier_lock:
        if _copier is None:
            _copier = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )
            atexit.register(_stop)
        return _copier


def _stop() -> None:
    """At exit, the copier ends with the program while the interpreter is whole: left to
    the collector at its teardown, the pool's clean-up found multiprocessing gone and said
    so ("Exception ignored in ... weakref_cb")."""
    global _copier
    with _copier_lock:
        copier, _copier = _copier, None
    if copier is not None:
        copier.shutdown(wait=True, cancel_futures=True)


def _start_again() -> None:
    """The copier process died (killed, out of memory): the next copy starts another."""
    global _copier
    with _copier_lock:
        broken, _copier = _copier, None
    if broken is not None:
        broken.shutdown(wait=False, cancel_futures=True)


def made_by_the_copier(server: Engine) -> Engine:
    """A copy of ``server``, made by the copier process (blocking: call it from a worker;
    a station's guard gives it as ``StandbyCopy(server, make=...)``); :class:`CopyFailed`
    if it could not be made."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        made = _the_copier().submit(_copy_image, server.url).result(timeout=WAIT_S)
    except BrokenProcessPool:
        _start_again()
        raise CopyFailed("the process that makes the copies stopped") from None
    except TimeoutError:
        raise CopyFailed(f"no copy within {WAIT_S:.0f} s") from None
    if isinstance(made, str):
        raise CopyFailed(made)
    return from_image(made)


# -- the copier's side ----------------------------------------------------------------------

_server: tuple[str, Engine] | None = None  # the last server copied, with its engine


def _engine_for(url: URL) -> Engine:
    global _server
    name = url.render_as_string(hide_password=False)
    if _server is not None and _server[0] == name:
        return _server[1]
    if _server is not None:
        _server[1].dispose()
    # A connection per copy (one every few seconds at most): none is left open between.
    engine = create_engine(url, connect_args=server_connect_args(url), poolclass=NullPool)
    _server = (name, engine)
    return engine


def _copy_image(url: URL) -> bytes | str:
    """In the copier: the server's copy as an SQLite image, or why it could not be made
    (an error's own class may not cross back between processes)."""
    try:
        copy = make_copy(_engine_for(url))
    except Exception as error:  # the server away, or busy: said, the copy before stays
        said = str(error).strip()
        return said.splitlines()[0] if said else type(error).__name__
    try:
        return image_of(copy)
    finally:
        copy.dispose()
