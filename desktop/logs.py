"""Logging to a file in the user's log folder: tracebacks of bugs go there.

Never personal data: SQLAlchemy's own loggers (which, at INFO, write every
statement with its parameters — names, e-mail addresses, the text of requests)
are held at WARNING, and the parameters a database error carries in its message
("[parameters: (…)]") are cut out of every line, tracebacks included.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

import platformdirs

_configured = False
_PARAMETERS = re.compile(
    r"\[parameters: [^\n]*\]|\[generated in [^\]]*\] [^\n]*|\[cached since [^\]]*\] [^\n]*"
)
_QUIET = ("sqlalchemy.engine", "sqlalchemy.pool", "sqlalchemy.orm")


class _WithoutParameters(logging.Formatter):
    """Formats as usual, then cuts out SQL parameters wherever they appear."""

    def format(self, record: logging.LogRecord) -> str:
        return _PARAMETERS.sub("[parameters hidden]", super().format(record))


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
    handler.setFormatter(_WithoutParameters("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    for name in _QUIET:  # at INFO these would log every statement with its parameters
        logging.getLogger(name).setLevel(logging.WARNING)
