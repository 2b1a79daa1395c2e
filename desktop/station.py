"""This station's identity: a unique id made at its first start and kept in its settings.

The journal names the station that made each change by this id, and the undo history
is kept per id, so two stations never share an undo history — not even two Floordesk
windows on one computer, started with the same settings: the second finds the first's
id taken (a lock file, freed when its process ends, however it ends) and takes an id of
its own, kept as well for the next time. The host name is only the station's label,
shown to people (the setting ``desk/station`` or ``--station`` names it otherwise).

The id reads like its label ("hall-laptop-3fa9c1d2"): the record's history shows it.
"""

from __future__ import annotations

import re
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QLockFile

from desktop import settings as options
from desktop.settings import Settings

if TYPE_CHECKING:
    from db.store import Store

MAX_ID = 100  # the journal's and the undo history's station column


@dataclass
class Station:
    id: str
    label: str
    made_now: bool  # the id was made at this start (none was kept before)
    lock: QLockFile | None  # held while this process runs

    def release(self) -> None:
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None

    def take_up(self, store: Store) -> None:
        """The store shows this station by its label; at the first start with an id, the
        undo history kept under the station's former name (its host) goes with the id."""
        store.label = self.label
        if self.made_now:
            store.history.adopt(self.label)


def host_label() -> str:
    return socket.gethostname() or "station"


def new_station_id(label: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40] or "station"
    return f"{slug}-{secrets.token_hex(4)}"


def default_locks_folder() -> Path:
    return platformdirs.user_runtime_path("floordesk", appauthor=False) / "stations"


def claim_station(
    settings: Settings, label: str | None = None, *, locks: Path | None = None
) -> Station:
    """This process's station: the id kept in ``settings`` unless another process holds
    it, else one of the further ids kept there, else a new one (kept from now on)."""
    label = (label or settings.get(options.STATION_NAME) or host_label()).strip()
    folder = locks or default_locks_folder()
    first = settings.get(options.STATION_ID).strip()
    further = settings.get(options.FURTHER_STATION_IDS).split()
    made_now = not first
    if made_now:
        first = new_station_id(label)
        settings.set(options.STATION_ID, first)
    for station_id in [first, *further]:
        free, lock = _claim(folder, station_id)
        if free:
            return Station(station_id, label, made_now, lock)
    # Every kept id is in use by a Floordesk running now: one more station on this host.
    station_id = new_station_id(label)
    settings.set(options.FURTHER_STATION_IDS, " ".join([*further, station_id]))
    return Station(station_id, label, made_now, _claim(folder, station_id)[1])


def _claim(folder: Path, station_id: str) -> tuple[bool, QLockFile | None]:
    """Whether the id is free, with its lock held from now on. A lock that cannot be made
    at all (a read-only folder) does not stop the station: the id is used, unlocked."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return True, None
    lock = QLockFile(str(folder / f"{station_id}.lock"))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by its age
    if lock.tryLock(0):
        return True, lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return False, None  # held by a Floordesk running now
    return True, None
