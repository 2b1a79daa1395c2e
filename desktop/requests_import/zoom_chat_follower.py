"""The chat file the Zoom client writes during a meeting, followed as it grows (like
``tail -f``): each poll gives the messages new since the last (desktop/requests_import/
zoom_chat.py reads them)."""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import BinaryIO

from desktop.requests_import.zoom_chat import ChatMessage, ChatReader, ChatReading


class ChatFileFollower:
    """Follows a file on disk as it grows (like tail -f), by polling: call poll() periodically."""

    _KEEP = 256  # bytes compared, at the start and before the offset, to notice a new file

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._seen: set[str] = set()
        self._restart()

    def _restart(self) -> None:
        self._reader = ChatReader()
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._offset = 0
        self._head = b""  # the first bytes of the file
        self._tail = b""  # the last bytes read
        self._identity: tuple[int, int] | None = None

    def poll(self) -> ChatReading:
        """The messages completed since the last poll (and the lines placed in none of
        them); none if the file is not there."""
        try:
            with self.path.open("rb") as file:
                status = os.fstat(file.fileno())
                identity = (status.st_dev, status.st_ino)
                if self._replaced(file, identity, status.st_size):
                    self._restart()
                self._identity = identity
                file.seek(self._offset)
                data = file.read()
        except OSError:
            return ChatReading()
        if len(self._head) < self._KEEP:
            self._head = (self._head + data)[: self._KEEP]
        self._tail = (self._tail + data)[-self._KEEP :]
        self._offset += len(data)
        messages = self._reader.feed(self._decoder.decode(data))
        return ChatReading(self._new(messages), self._reader.unplaced())

    def finish(self) -> ChatReading:
        """The meeting has ended: gives the last message."""
        messages = self._reader.feed(self._decoder.decode(b"", final=True))
        messages += self._reader.finish()
        return ChatReading(self._new(messages), self._reader.unplaced())

    def _replaced(self, file: BinaryIO, identity: tuple[int, int], size: int) -> bool:
        """Whether the file shrank, was replaced or was written again from the start."""
        if self._offset == 0:
            return False
        if size < self._offset or (self._identity is not None and identity != self._identity):
            return True
        file.seek(0)
        if file.read(len(self._head)) != self._head:
            return True
        file.seek(self._offset - len(self._tail))
        return file.read(len(self._tail)) != self._tail

    def _new(self, messages: list[ChatMessage]) -> list[ChatMessage]:
        fresh: list[ChatMessage] = []
        for message in messages:
            fingerprint = message.fingerprint()
            if fingerprint not in self._seen:
                self._seen.add(fingerprint)
                fresh.append(message)
        return fresh
