"""What a merge did, as data (the same for `merge`, `sync` and `init --from`): counts, what is new
for this journal's owner, sessions renumbered, and each conflict as facts: which record and field,
both values and which won. The sentences are render/exchange.py's."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict

from mentorlog import fields as schema
from mentorlog.exchange import bundle, news
from mentorlog.journal.journal import Journal
from mentorlog.store import records
from mentorlog.store.merge import model


class Named(TypedDict):
    """What a person names a record by: a session's number, a goal's title, an agreement's version,
    a note's kind, or the first words of any other."""

    table: str
    number: int | None
    title: str | None
    version: int | None
    kind: str | None
    text: str | None


class ConflictFact(TypedDict):
    """The same field changed on both sides: `winner` is "theirs" or "mine"."""

    table: str
    id: str
    field: str
    field_words: str
    mine: Any
    theirs: Any
    winner: str
    record: Named


def report(
    journal: Journal, envelope: bundle.Envelope, result: model.Result, now: datetime
) -> dict[str, Any]:
    """What a merge did: counts, what is new for this journal's owner (each with the command to run
    next), each conflict (facts), and sessions renumbered."""
    tables = sorted(set(result.added) | set(result.updated))
    return {
        "from": str(envelope.sender_role),
        "from_name": news.first_name(journal, envelope.sender_role),
        "bundle_made_at": envelope.exported_at,
        "format_version": envelope.version,
        "added": sum(result.added.values()),
        "updated": sum(result.updated.values()),
        "unchanged": result.unchanged,
        "kept_private": result.kept_private,
        "by_table": {
            t: {"added": result.added.get(t, 0), "updated": result.updated.get(t, 0)} for t in tables
        },
        "news": [item.as_dict() for item in news.whats_new(journal, result, envelope.sender_role, now)],
        "conflicts": [conflict_fact(journal, c) for c in result.conflicts],
        "renumbered": [
            {"session": r.new, "was": r.old, "date": _local_day(journal, r.session_id, now)}
            for r in result.renumbered
        ],
    }


def _local_day(journal: Journal, session_id: str, now: datetime) -> str:
    from mentorlog.dates import from_stamp

    row = records.get(journal.db, "session", session_id) or {}
    return from_stamp(row["starts_at"]).astimezone(now.tzinfo).date().isoformat()


def named(journal: Journal, table: str, row: dict[str, Any]) -> Named:
    from mentorlog.store import sessions

    return Named(
        table=table,
        number=sessions.session_number(journal.db, row) if table == "session" else None,
        title=row.get("title") if table == "goal" else None,
        version=row.get("version") if table == "agreement" else None,
        kind=row.get("kind") if table == "note" else None,
        text=row.get("text"),
    )


def conflict_fact(journal: Journal, conflict: model.Conflict) -> ConflictFact:
    winning = conflict.theirs if conflict.winner == "theirs" else conflict.mine
    return ConflictFact(
        table=conflict.table,
        id=conflict.id,
        field=conflict.field,
        field_words=schema.TABLES[conflict.table][conflict.field].words,
        mine=conflict.mine,
        theirs=conflict.theirs,
        winner=conflict.winner,
        record=named(journal, conflict.table, {**conflict.row, conflict.field: winning}),
    )
