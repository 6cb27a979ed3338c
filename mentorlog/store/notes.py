"""Queries for notes (quick notes, questions, lessons, decisions, contacts): the timeline, the
questions parked for a session, counts, and full-text search across notes, topics, goals and
actions. Tags are stored as a JSON array and returned as a list."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import TYPE_CHECKING, Any, cast

from mentorlog.errors import InvalidInput
from mentorlog.model import Audience, NoteKind
from mentorlog.store.audience import shown, visible
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, Row, rows
from mentorlog.store.sessions import carried

if TYPE_CHECKING:
    from mentorlog.rows.stored import NoteRow, Slot


def decode(row: Row) -> Row:
    row["tags"] = json.loads(row["tags"]) if row.get("tags") else []
    return row


def _notes(found: list[Row]) -> list[NoteRow]:
    """Notes as read, their tags as a list."""
    return cast("list[NoteRow]", [decode(row) for row in found])


def notes_since(db: Db, since: str, kinds: tuple[str, ...], audience: Audience) -> list[NoteRow]:
    marks = ", ".join("?" for _ in kinds)
    where = f"kind in ({marks}) and created_at >= ?"
    return _notes(visible(db, "note", audience, where, [*kinds, since]))


def last_contact(db: Db) -> NoteRow | None:
    found = rows(
        db,
        f"select * from note where {LIVE} and kind = ? order by created_at desc limit 1",
        [NoteKind.CONTACT],
    )
    return _notes(found)[0] if found else None


def timeline(
    db: Db,
    *,
    limit: int,
    since: str | None,
    until: str | None,
    kind: str | None,
    session_id: str | None,
    tag: str | None,
) -> list[Row]:
    """The newest `limit` notes matching the filters, returned oldest first."""
    where, params = [LIVE], []
    for value, clause in (
        (since, "created_at >= ?"),
        (until, "created_at < ?"),
        (kind, "kind = ?"),
        (session_id, "session_id = ?"),
        (tag, "exists (select 1 from json_each(note.tags) where value = ?)"),
    ):
        if value:
            where.append(clause)
            params.append(value)
    found = rows(
        db,
        f"select * from note where {' and '.join(where)} order by created_at desc, id desc limit ?",
        [*params, limit],
    )
    return [decode(r) for r in reversed(found)]


SEARCHABLE = (
    ("note", "text", "kind"),
    ("topic", "text", "'topic'"),
    ("goal", "title", "'goal'"),
    ("action", "text", "'action'"),
)


FTS_HELP = (
    'words, "exact phrases", prefix* and OR, AND, NOT between them (SQLite\'s FTS5 query syntax: '
    "https://www.sqlite.org/fts5.html#full_text_query_syntax)"
)


def quote_fts(query: str) -> str:
    """sqlite-utils' `Database.quote_fts`, step for step: every word and every "quoted phrase" in
    double quotes, an unmatched quote closed at the end. Importing sqlite-utils costs a search
    about 70 ms (README, "Speed"), so its rule is followed here; tests/test_search_syntax.py holds
    the two to the same output on any text."""
    if query.count('"') % 2:
        query += '"'
    bits = [bit for bit in re.split(r'\s+|(".*?")', query) if bit and bit != '""']
    return " ".join(f'"{bit}"' if not bit.startswith('"') else bit for bit in bits)


def search(db: Db, query: str, limit: int, *, fts: bool = False) -> list[Row]:
    """Full-text matches across notes, topics, goals and actions, newest first (FTS5).

    The words are looked for as typed: each is quoted as sqlite-utils' `quote_fts` does (so
    `grant-deadline`, `OR` or an unmatched quote are words, not syntax). With `fts` the query is
    FTS5's own syntax (`grant OR funding`, `"exact phrase"`, `gran*`), and one FTS5 cannot read is
    refused with a message naming that syntax.
    """
    if not fts:
        quoted = quote_fts(query)
        if not quoted.strip('" '):
            raise InvalidInput(f"Nothing to search for in {query!r}: write the words you look for.")
        try:
            return _search(db, quoted, limit)
        except sqlite3.OperationalError as error:
            raise InvalidInput(f"Can't search for {query!r} ({error}). Try plain words.") from None
    try:
        return _search(db, query, limit)
    except sqlite3.OperationalError as error:
        raise InvalidInput(
            f"Can't search for {query!r} with --fts: SQLite's full-text syntax can't read it ({error}).\n"
            f"Write {FTS_HELP}, or leave out --fts to look for the words as typed."
        ) from None


def _search(db: Db, query: str, limit: int) -> list[Row]:
    # Newest matches first: each FTS index is read backwards and stops after a few, so the cost
    # stays the same however many thousands of old entries match (ranking them all would not).
    inner = limit * 2 + 50  # room for matches that were removed (rm keeps them in the index)
    parts = []
    params: list[Any] = []
    for table, text, kind in SEARCHABLE:
        extra = (
            "tags, session_id, via, occurred_on"
            if table == "note"
            else "null as tags, "
            + ("session_id" if table == "topic" else "null as session_id")
            + ", null as via, null as occurred_on"
        )
        parts.append(
            f"select * from (select {table}.id, {kind} as kind, {table}.{text} as text, author, visibility, "
            f"phase, created_at, {extra} from "
            f"(select rowid from {table}_fts where {table}_fts match ? order by rowid desc limit ?) as hits "
            f"join {table} on {table}.rowid = hits.rowid where {table}.deleted_at is null)"
        )
        params.extend([query, inner])
    sql = " union all ".join(parts) + " order by created_at desc limit ?"
    return [decode(r) for r in rows(db, sql, [*params, limit])]


def tags_in_use(db: Db) -> list[str]:
    """Every tag of a live note, once, most used first."""
    return [
        row["tag"]
        for row in rows(
            db,
            "select value as tag, count(*) as uses from note, json_each(note.tags) "
            f"where note.{LIVE} group by value order by uses desc, value",
        )
    ]


def notes_at(db: Db, stamps: list[str]) -> set[tuple[str, str]]:
    """(created_at, text) of the live notes made at any of `stamps` (an import finds what it
    brought in before)."""
    found: set[tuple[str, str]] = set()
    for start in range(0, len(stamps), 500):
        chunk = stamps[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            (row["created_at"], row["text"])
            for row in rows(
                db, f"select created_at, text from note where {LIVE} and created_at in ({marks})", chunk
            )
        )
    return found


def open_questions(db: Db, session: Slot, audience: Audience) -> list[NoteRow]:
    """Questions not yet asked, for `session`. Found through the (kind, asked_at) index, the few
    unasked ones; left to itself SQLite walks every question ever written in date order."""
    clause, params = carried(session)
    return _notes(
        rows(
            db,
            "select * from note where rowid in (select rowid from note where kind = ? and asked_at is null) "
            f"and {LIVE} and {shown(audience, 'note')} and {clause} and created_at <= ? order by created_at",
            [NoteKind.QUESTION, *params, session["starts_at"]],
        )
    )


def note_counts(db: Db) -> dict[str, int]:
    """Live notes per kind, as the triggers of `note_tally` keep them (one small read, however
    many notes the journal holds)."""
    return dict(db.execute("select kind, live from note_tally where live > 0").fetchall())
