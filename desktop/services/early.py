"""Services that are slow to start, opened on a thread.

libvlc takes a third of a second to start where VLC's plugins cache is missing (it opens
each of its 400 plugins; 20 ms with the cache), the first time in a process. That is C
code which lets go of the GIL, so the window goes on meanwhile on the other core; but
python-vlc's module is Python, which does not: the chimes are opened once the window's
first frame is painted (sound.LateChimes). ``start`` runs an opener on a thread at once;
``finished`` says whether it is done; ``take`` waits for it and hands its result over,
once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

_started: dict[str, _Opening] = {}
_lock = threading.Lock()


class _Opening:
    def __init__(self, name: str, opener: Callable[[], Any]) -> None:
        self._opener = opener
        self._result: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name=f"open {name}", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._result = self._opener()
        except BaseException as error:  # handed to the thread that takes the result
            self._error = error

    @property
    def finished(self) -> bool:
        return not self._thread.is_alive()

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


def start(name: str, opener: Callable[[], Any]) -> None:
    """Begin ``opener()`` on a thread, unless it is under way already."""
    with _lock:
        if name not in _started:
            _started[name] = _Opening(name, opener)


def finished(name: str) -> bool:
    """Whether the opener started as ``name`` is done (its result waits to be taken)."""
    with _lock:
        opening = _started.get(name)
    return opening is not None and opening.finished


def take(name: str) -> Any | None:
    """What the opener started as ``name`` returned (waiting for it); None if none was."""
    with _lock:
        opening = _started.pop(name, None)
    return opening.result() if opening is not None else None
