"""Which database a station opens, when it is a file: read before SQLAlchemy is loaded,
for the window's first look (db/first_look.py), and by the store's URL (db/engine.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ENV_VARIABLE = "FLOORDESK_DB"


def default_database_path() -> Path:
    import platformdirs

    return platformdirs.user_data_path("floordesk", appauthor=False) / "floordesk.sqlite"


def named_database(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """What names the database: ``--db``, else ``FLOORDESK_DB`` ("": the user's data file)."""
    environ = os.environ if environ is None else environ
    return (option or environ.get(ENV_VARIABLE) or "").strip()


def named_file(option: str | None, environ: Mapping[str, str] | None = None) -> Path | None:
    """The SQLite file ``--db``, else ``FLOORDESK_DB``, else the user's data file names;
    None for a URL (a server, or a file given as ``sqlite:///``)."""
    text = named_database(option, environ)
    if not text:
        return default_database_path()
    return None if "://" in text else Path(text).expanduser()
