"""What a command can refuse, in one sentence a user can read."""

from __future__ import annotations


class UnknownRecord(LookupError):
    """A conference, slot, request or intervention that is not (or no longer) there."""


class FloorConflict(Exception):
    """A command that does not fit the state of the list or the floor; ``str()`` says why."""
