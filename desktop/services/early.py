"""Services that are slow to start, opened on a thread.

libvlc takes a third of a second to start where VLC's plugins cache is missing (it opens
each of its 400 plugins; 20 ms with the cache), the first time in a process. That is C
code which lets go of the GIL, so the window goes on meanwhile on the other core; but
python-vlc's module is Python, which does not: the chimes are opened once the window's
first frame is painted (sound.LateChimes, video.LateVideo). An :class:`OpenedLater` is
begun on a thread when asked (``start``) and taken when first needed (``take``): waited
for if it is still opening, opened there and then if it was never begun.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


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


class OpenedLater(Generic[T]):
    """A service slow to open, begun on a thread once asked, taken when first needed."""

    def __init__(self, name: str, opener: Callable[[], T]) -> None:
        self._name, self._opener = name, opener
        self._opening: _Opening | None = None
        self._value: T | None = None

    def start(self) -> None:
        """Begin opening it on a thread, once."""
        if self._opening is None and self._value is None:
            self._opening = _Opening(self._name, self._opener)

    @property
    def started(self) -> bool:
        return self._opening is not None or self._value is not None

    def ready(self) -> bool:
        """Whether it can be taken without waiting; never waits."""
        return self._value is not None or (self._opening is not None and self._opening.finished)

    def take(self) -> T:
        """It, waiting for it if it is still opening (opened here and now if it was never
        begun); the same one at every call."""
        if self._value is None:
            opening, self._opening = self._opening, None
            self._value = opening.result() if opening is not None else self._opener()
        return self._value
