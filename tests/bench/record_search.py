"""Search over a record of 2,000 interventions with notes and tags.

    python -m tests.bench.record_search [POSTGRESQL_URL]

Without a URL the record is in a fresh SQLite file (FTS5); with one, in a fresh
database on that PostgreSQL server (GIN index on to_tsvector('simple', …)).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

from db.meeting.vocabulary import Channel, InterventionKind
from db.models import Intervention, InterventionTag
from db.store import Store
from desktop.demo import ensure_delegations, load_demo

VOCABULARY = (
    "trafficking victims compensation confiscation assets financial investigation banks "
    "recruitment fees labour inspection supply chains due diligence procurement survivors "
    "non-punishment principle referral mechanism shelters prosecution convictions judges "
    "cross-border co-operation mutual legal assistance online platforms recruitment agencies "
    "forced criminality begging agriculture construction domestic work fishing garments "
    "remittances crypto-assets typologies intelligence units hotline identification children "
    "displaced women reintegration residence permits legal aid trauma-informed interviews "
    "Recommended Stressed Welcomed Reported Announced Called Underlined Cautioned Asked"
)
WORDS = VOCABULARY.split()
FREE_TAGS = ("survivors", "technology", "crypto", "fisheries", "children", "data", "funding")
QUERIES = (
    "compensation",
    "confisc",
    "banks financial",
    "recruitment fees",
    "non-punishment",
    "Germany",
    "Holy See",
    "crypto",
    "survivors referral",
    "zzz nothing",
    "labour inspection agriculture",
    "Ukraine children",
    "a",
    "typologies intelligence",
)

# What a hurried or hostile user pastes: repeated words, a whole page, every letter.
HOSTILE_QUERIES = (
    "a " * 5000,
    " ".join(WORDS) * 20,
    " ".join("abcdefghijklmnopqrstuvwxyz"),
    "trafficking " * 2000 + "victims",
    "x" * 100_000,
    " ".join(f"w{n}" for n in range(3000)),
)


def build_record(store: Store, interventions: int = 2000, seed: int = 7) -> int:
    """A demo conference whose panels hold ``interventions`` interventions with notes
    (40–90 words) and 1–3 tags each, written in one go; returns the conference id."""
    ensure_delegations(store)
    rng = random.Random(seed)
    conference_id = load_demo(store)
    slots = [s for s in store.agenda.slots(conference_id) if s.kind.has_speakers]
    delegations = [d.id for d in store.delegations.all()]
    with store.transaction() as session:
        for number in range(interventions):
            slot = slots[number % len(slots)]
            at = slot.starts_at + timedelta(seconds=30 * (number // len(slots)))
            tags = rng.sample(list(slot.topics) or list(FREE_TAGS), k=min(2, len(slot.topics)))
            tags.append(rng.choice([t for t in FREE_TAGS if t not in tags]))
            session.add(
                Intervention(
                    slot_id=slot.id,
                    delegation_id=delegations[number % len(delegations)],
                    channel=Channel.HALL,
                    kind=InterventionKind.STATEMENT,
                    floor_given_at=at,
                    floor_taken_at=at + timedelta(seconds=25),
                    limit_s=180,
                    notes=" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))) + ".",
                    tags=[InterventionTag(name=name) for name in tags],
                )
            )
    store.record.reindex(conference_id)  # the searchable words, as the store commands write them
    return conference_id


def measure_record_search(
    url: URL | None = None, interventions: int = 2000, rounds: int = 20
) -> dict[str, float]:
    """p50 and p95 of ``store.record.search`` over a mix of queries, and the build time."""
    with tempfile.TemporaryDirectory() as folder:
        admin = None
        if url is None:
            url = URL.create("sqlite", database=str(Path(folder) / "bench.sqlite"))
        else:
            admin = create_engine(url, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.exec_driver_sql('DROP DATABASE IF EXISTS "floordesk_bench_search"')
                connection.exec_driver_sql('CREATE DATABASE "floordesk_bench_search"')
            url = url.set(database="floordesk_bench_search")
        store = Store.open(url, station="bench")
        try:
            started = time.perf_counter()
            conference_id = build_record(store, interventions)
            built_s = time.perf_counter() - started
            times: list[float] = []
            found = 0
            for _ in range(rounds):
                for query in QUERIES:
                    start = time.perf_counter()
                    found += len(store.record.search(conference_id, query))
                    times.append((time.perf_counter() - start) * 1000)
            hostile: list[float] = []
            for query in HOSTILE_QUERIES:
                start = time.perf_counter()
                store.record.search(conference_id, query)
                hostile.append((time.perf_counter() - start) * 1000)
        finally:
            store.close()
            if admin is not None:
                with admin.connect() as connection:
                    connection.exec_driver_sql(
                        'DROP DATABASE IF EXISTS "floordesk_bench_search" WITH (FORCE)'
                    )
                admin.dispose()
    times.sort()
    return {
        "p50_ms": times[len(times) // 2],
        "p95_ms": times[int(len(times) * 0.95)],
        "build_s": built_s,
        "hits_per_query": found / len(times),
        "hostile_max_ms": max(hostile),
    }


if __name__ == "__main__":
    target = make_url(sys.argv[1]).set(drivername="postgresql+psycopg") if sys.argv[1:] else None
    print(measure_record_search(target))
