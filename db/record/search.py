"""Search over the record: by delegation, tag or words of the notes.

Each intervention has a row of folded words (``RecordWords``: lower case, no
accents, punctuation turned to spaces), written by the store commands that
change what it says. SQLite searches it through an FTS5 table kept in step by
triggers, PostgreSQL through a generated ``tsvector`` column ('simple' config,
weighted: delegation, then tags, then notes) with a GIN index; both are made by
migration 0003. Folding in Python first means that both backends
see the same words in all six languages, and give the same hits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.meeting.folding import WORD, fold_words
from db.models import (
    AgendaSlot,
    Delegation,
    Intervention,
    InterventionTag,
    Person,
    RecordWords,
)

SNIPPET_CHARS = 90
# A query is every word's prefix at once: more than a few words find nothing more, and
# each costs a pass over the index (a pasted page of 5,000 words took seconds).
MAX_TERMS = 8
MAX_TERM_CHARS = 40
MAX_QUERY_CHARS = 2_000
# A single letter as a prefix matches nearly every intervention (40 ms on 2,000): it is
# searched as a whole word.
MIN_PREFIX = 2


@dataclass(frozen=True)
class SearchHit:
    """One intervention found, best first."""

    intervention_id: int
    slot_id: int
    slot_title: str
    delegation: str
    speaker: str
    floor_given_at: datetime
    tags: tuple[str, ...]
    snippet: str
    rank: float


def index_intervention(session: Session, row: Intervention) -> None:
    """Write (or drop, once merged away) the searchable words of one intervention."""
    words = session.get(RecordWords, row.id)
    if row.merged_into_id is not None:
        if words is not None:
            session.delete(words)
        return
    delegation = row.delegation
    who = " ".join(
        part
        for part in (
            delegation.name if delegation else "",
            delegation.nameplate if delegation else "",
            row.person.name if row.person else "",
        )
        if part
    )
    fresh = {
        "delegation": fold_words(who),
        "tags": fold_words(" ".join(tag.name for tag in row.tags)),
        "notes": fold_words(row.notes),
    }
    if words is None:
        conference_id = session.scalar(
            select(AgendaSlot.conference_id).where(AgendaSlot.id == row.slot_id)
        )
        session.add(RecordWords(intervention_id=row.id, conference_id=conference_id, **fresh))
        return
    for name, value in fresh.items():
        if getattr(words, name) != value:
            setattr(words, name, value)


def search(
    session: Session,
    conference_id: int,
    query: str,
    *,
    slot_id: int | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Interventions whose delegation, tags or notes hold every word of ``query``
    (each word of two letters or more may be the beginning of a longer one), best first."""
    words = query_terms(query)
    if not words:
        return []
    find = _sqlite_ids if session.get_bind().dialect.name == "sqlite" else _postgresql_ids
    ranked = find(session, conference_id, words, slot_id, limit)
    if not ranked:
        return []
    ids = [i for i, _ in ranked]
    rows = {
        row.id: row
        for row in session.execute(
            select(
                Intervention.id,
                Intervention.slot_id,
                Intervention.floor_given_at,
                Intervention.notes,
                Intervention.merged_into_id,
                Delegation.name.label("delegation"),
                Person.name.label("speaker"),
                AgendaSlot.title,
            )
            .join(AgendaSlot, AgendaSlot.id == Intervention.slot_id)
            .outerjoin(Delegation, Delegation.id == Intervention.delegation_id)
            .outerjoin(Person, Person.id == Intervention.person_id)
            .where(Intervention.id.in_(ids))
        )
    }
    tags: dict[int, list[str]] = {}
    for intervention_id, name in session.execute(
        select(InterventionTag.intervention_id, InterventionTag.name)
        .where(InterventionTag.intervention_id.in_(ids))
        .order_by(InterventionTag.name)
    ):
        tags.setdefault(intervention_id, []).append(name)
    hits = []
    for intervention_id, rank in ranked:
        row = rows.get(intervention_id)
        if row is None or row.merged_into_id is not None:
            continue
        if slot_id is not None and row.slot_id != slot_id:
            continue
        hits.append(
            SearchHit(
                intervention_id=row.id,
                slot_id=row.slot_id,
                slot_title=row.title,
                delegation=row.delegation or "",
                speaker=row.speaker or "",
                floor_given_at=row.floor_given_at,
                tags=tuple(tags.get(row.id, ())),
                snippet=snippet(row.notes, words),
                rank=rank,
            )
        )
    return hits[:limit]


def query_terms(query: str) -> list[str]:
    """The words a query searches for: folded, each once, none that another one starts
    with (a hit for "referral" is a hit for "ref"), the longest (most selective) first,
    at most MAX_TERMS of them, each cut to MAX_TERM_CHARS."""
    words = dict.fromkeys(w[:MAX_TERM_CHARS] for w in fold_words(query[:MAX_QUERY_CHARS]).split())
    distinct = sorted(words, key=len, reverse=True)
    kept: list[str] = []
    for word in distinct:
        if not any(longer.startswith(word) for longer in kept):
            kept.append(word)
        if len(kept) == MAX_TERMS:
            break
    return kept


_IN_SLOT = (
    " AND record_words.intervention_id IN (SELECT id FROM intervention WHERE slot_id = :slot)"
)


def _sqlite_ids(
    session: Session, conference_id: int, words: list[str], slot_id: int | None, limit: int
) -> list[tuple[int, float]]:
    # Every word a prefix; bm25 weighs a delegation or tag match above a word of the notes.
    match = " ".join(f'"{word}"' + ("*" if len(word) >= MIN_PREFIX else "") for word in words)
    result = session.execute(
        text(
            "SELECT record_search.rowid, bm25(record_search, 4.0, 2.0, 1.0) AS score "
            "FROM record_search JOIN record_words "
            "ON record_words.intervention_id = record_search.rowid "
            "WHERE record_search MATCH :match AND record_words.conference_id = :conference"
            + (_IN_SLOT if slot_id is not None else "")
            + " ORDER BY score, record_search.rowid LIMIT :limit"
        ),
        {"match": match, "conference": conference_id, "slot": slot_id, "limit": limit},
    )
    return [(int(rowid), -float(score)) for rowid, score in result]


def _postgresql_ids(
    session: Session, conference_id: int, words: list[str], slot_id: int | None, limit: int
) -> list[tuple[int, float]]:
    result = session.execute(
        text(
            "SELECT intervention_id, ts_rank(record_search_vector, query) AS score "
            "FROM record_words, to_tsquery('simple', :query) AS query "
            "WHERE record_words.conference_id = :conference AND record_search_vector @@ query"
            + (_IN_SLOT if slot_id is not None else "")
            + " ORDER BY score DESC, intervention_id LIMIT :limit"
        ),
        {
            "query": " & ".join(word + (":*" if len(word) >= MIN_PREFIX else "") for word in words),
            "conference": conference_id,
            "slot": slot_id,
            "limit": limit,
        },
    )
    return [(int(rowid), float(score)) for rowid, score in result]


def snippet(notes: str, words: list[str]) -> str:
    """The part of the notes around the first word found, or their beginning."""
    flat = " ".join(notes.split())
    if len(flat) <= SNIPPET_CHARS:
        return flat
    start = 0
    lowered = flat.casefold()
    if lowered.isascii() and len(lowered) == len(flat):  # the same offsets: one regex
        found = re.search(r"\b(?:" + "|".join(map(re.escape, words)) + ")", lowered)
        start = found.start() if found else 0
    else:
        for word in WORD.finditer(flat):  # the first word that begins like a searched one
            if any(fold_words(word.group()).startswith(w) for w in words):
                start = word.start()
                break
    begin = max(0, start - SNIPPET_CHARS // 3)
    piece = flat[begin : begin + SNIPPET_CHARS]
    return ("…" if begin else "") + piece + ("…" if begin + SNIPPET_CHARS < len(flat) else "")
