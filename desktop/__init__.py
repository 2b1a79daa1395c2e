"""Floordesk: the desk of the moderator, the rapporteur and the technician."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    # The version when first asked for (--version, libvlc's user agent): reading the
    # installed package's metadata brings importlib.metadata and the e-mail parser, some
    # 15 ms the window's first frame does not wait for.
    if name != "__version__":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("floordesk")
    except PackageNotFoundError:  # running from a source tree that was never installed
        found = "0.0.0+source"
    globals()["__version__"] = found
    return found
