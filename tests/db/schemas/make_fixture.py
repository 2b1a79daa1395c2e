"""Write tests/db/schemas/<revision>.sqlite: the demo conference with a few interventions.

Run it once per schema revision, when the revision is created, and commit the
file: later migrations are tested against every earlier schema's real data.

    python -m tests.db.schemas.make_fixture
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy.engine import URL

from db import migrate
from db.store import Store
from desktop.demo import load_demo


def main() -> Path:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fixture.sqlite"
        store = Store.open(URL.create("sqlite", database=str(path)), station="fixture")
        conference_id = load_demo(store)
        panel = next(s for s in store.agenda.slots(conference_id) if s.kind.value == "panel")
        moment = panel.starts_at + timedelta(minutes=40)
        for seconds in (170, 200, 95):
            store.floor.give_floor(panel.id, moment)
            moment += timedelta(seconds=seconds)
        store.floor.take_floor_back(panel.id, moment)
        store.close()
        target = Path(__file__).parent / f"{migrate.head_revision()}.sqlite"
        with sqlite3.connect(path) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        with sqlite3.connect(target) as copy:
            copy.execute("PRAGMA journal_mode=DELETE")
        with sqlite3.connect(target) as copy:
            copy.execute("VACUUM")
        return target


if __name__ == "__main__":
    print(main())
