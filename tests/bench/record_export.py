"""DOCX export of a conference with 2,000 interventions (goal ≤ 3 s).

The conference is made as an archive document and imported (seconds, not the
minutes that 2,000 give/take-back transactions would take), then exported the
way the window and the command line do it, charts included.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from db.archive.archive import MARK, VERSION, import_conference
from db.store import Store
from desktop.demo import ensure_delegations

SLOTS = 10


def big_archive(store: Store, interventions: int) -> dict[str, Any]:
    delegations = store.delegations.all()
    start = datetime(2026, 4, 20, 7, tzinfo=UTC)
    per_slot = interventions // SLOTS
    slots = []
    channels = ("hall", "hall", "remote", "video")
    for number in range(SLOTS):
        begins = start + timedelta(days=number // 4, hours=2 * (number % 4))
        records = []
        moment = begins
        for n in range(per_slot):
            delegation = delegations[(number * per_slot + n) % len(delegations)]
            spoken = 60 + (n * 37) % 200
            records.append(
                {
                    "key": f"intervention-{number}-{n}",
                    "floor_request": None,
                    "delegation": delegation.name,
                    "person": {
                        "name": f"Speaker {n}",
                        "function": "Delegate",
                        "email": None,
                        "delegation": delegation.name,
                    },
                    "channel": channels[n % 4],
                    "kind": "statement",
                    "floor_given_at": moment.isoformat(),
                    "floor_taken_at": (moment + timedelta(seconds=spoken)).isoformat(),
                    "limit_s": 180,
                    "added_s": 0,
                    "notes": f"Intervention {n}: supports the draft recommendations on "
                    "prevention, calls for better data and offers support.",
                    "recommendation": n % 7 == 0,
                    "follow_up": n % 11 == 0,
                    "pauses": [],
                    "tags": [{"name": "prevention", "topic": None}],
                }
            )
            moment += timedelta(seconds=spoken + 5)
        slots.append(
            {
                "key": f"slot-{number}",
                "kind": "panel",
                "title": f"Panel {number + 1}",
                "starts_at": begins.isoformat(),
                "ends_at": (begins + timedelta(minutes=90)).isoformat(),
                "moderator": {"name": "Chair", "function": "", "email": None, "delegation": None},
                "topics": ["Prevention"],
                "interventions": records,
            }
        )
    return {
        MARK: VERSION,
        "conference": {
            "title": "Benchmark conference",
            "time_zone": "Europe/Vienna",
            "starts_on": "2026-04-20",
            "ends_on": "2026-04-22",
        },
        "delegations": [],
        "slots": slots,
    }


def measure_docx_export(interventions: int = 2000) -> dict[str, float]:
    from desktop.record_export import ExportRequest, ensure_gui_application, export_record

    ensure_gui_application()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        store = Store.open(URL.create("sqlite", database=str(folder / "bench.sqlite")))
        try:
            ensure_delegations(store)
            conference_id = import_conference(store, big_archive(store, interventions))
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                export_record(
                    store,
                    ExportRequest("docx", folder / "record.docx", conference_id=conference_id),
                )
                runs.append(time.perf_counter() - start)
            size = (folder / "record.docx").stat().st_size
        finally:
            store.close()
    return {"seconds": sorted(runs)[1], "best": min(runs), "bytes": size}


if __name__ == "__main__":
    print(measure_docx_export())
