"""Logging to a file in the user's log folder: tracebacks of bugs go there."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

import platformdirs

_configured = False


def log_file() -> Path:
    return platformdirs.user_log_path("floordesk", appauthor=False) / "floordesk.log"


def setup_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    _configured = True
    root = logging.getLogger()
    root.setLevel(level)
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        # No writable log folder: keep going, the messages go nowhere rather than crash.
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
