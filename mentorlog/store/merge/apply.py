"""A bundle's records written into the journal: the merge's one pass, inside the caller's write
transaction, so that the comparison and the write see the same journal (an edit made while a
merge runs is never overwritten by an older version). Each incoming record goes once through
the ownership rules, the facts never undone (conflict.py), the join (join.py) and the conflicts
found (conflict.py), then is written:

- a record that is private in this journal is never written by a bundle (it is counted, left be);
- an id that this journal holds in another table refuses the bundle;
- a record's author, creation time and phase, and a table's fixed fields, never change;
- a new record is the sender's, or made for this journal's owner at the sender's laptop (`--as`),
  or this journal's own record coming back; anything else refuses the bundle;
- every reference points at a record of the right table that exists.

Rows are read and written in batches, so memory stays flat however large the bundle is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from typing import Any

from mentorlog import crashpoints
from mentorlog import fields as schema
from mentorlog.store import written_for_me
from mentorlog.store.db import Db
from mentorlog.store.merge import conflict, join, model, renumber
from mentorlog.store.merge.model import MERGE_ORDER, Change, Parties, Record, Result, refuse

BATCH = 500
MAX_NOTED = 2000  # changes kept for the what's-new summary (the rest are counted)


def defer_foreign_keys(db: Db) -> None:
    """Check references at the commit, not row by row (rows arrive table by table)."""
    db.execute("PRAGMA defer_foreign_keys = ON")


def apply(db: Db, records: Iterable[Record], parties: Parties, now: datetime) -> Result:
    """Join every record into the journal (inside the caller's write transaction)."""
    result = Result()
    for batch in _batches(records):
        _apply_batch(db, batch, parties, result)
        crashpoints.reached("merge-batch")
    renumber.settle(db, parties, now, result)
    if result.for_me:
        written_for_me.note(db, result.for_me, parties.sender_journal, now)
    return result


def _batches(records: Iterable[Record]) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        if batch and (record.table != batch[0].table or len(batch) >= BATCH):
            yield batch
            batch = []
        batch.append(record)
    if batch:
        yield batch


def _marks(values: list[Any]) -> str:
    return ", ".join("?" for _ in values)


def _local_rows(db: Db, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in db.query(f"select * from [{table}] where id in ({_marks(ids)})", ids)}


def _ids_in(db: Db, table: str, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    return {row[0] for row in db.execute(f"select id from [{table}] where id in ({_marks(ids)})", ids)}


@cache
def _clash_query(table: str) -> str:
    """One query for the ids (a JSON list, read once) that another table than `table` holds:
    (table, id) rows."""
    return "with wanted(id) as materialized (select value from json_each(?1)) " + " union all ".join(
        f"select '{other}', [{other}].id from wanted join [{other}] on [{other}].id = wanted.id"
        for other in MERGE_ORDER
        if other != table
    )


def _clash(db: Db, table: str, ids: list[str]) -> tuple[str, set[str]] | None:
    """The first table (in the merge's order) other than `table` that holds some of `ids`, and
    which of them it holds; None when no other table holds any."""
    if not ids:
        return None
    found: dict[str, set[str]] = {}
    for other, record_id in db.execute(_clash_query(table), [json.dumps(ids)]):
        found.setdefault(other, set()).add(record_id)
    for other in MERGE_ORDER:
        if other in found:
            return other, found[other]
    return None


@cache
def _versioned(table: str) -> frozenset[str]:
    return frozenset(schema.versioned(table))


def _apply_batch(db: Db, batch: list[Record], parties: Parties, result: Result) -> None:
    table = batch[0].table
    ids = [r.id for r in batch]
    local = _local_rows(db, table, ids)
    clash = _clash(db, table, [i for i in ids if i not in local])
    if clash:
        other, held = clash
        record = next(r for r in batch if r.id in held)
        raise refuse(record, f"has the id of a {other} in this journal")
    _check_references(db, table, batch)
    inserts: list[dict[str, Any]] = []
    for record in batch:
        if record.updated_at > result.newest:
            result.newest = record.updated_at
        for version_ in record.versions.values():
            stamp = model.split(version_)[0]
            if stamp > result.newest:
                result.newest = stamp
        row = local.get(record.id)
        if row is None:
            inserts.append(_new_row(record, parties, result))
        elif row["visibility"] == "private":
            result.kept_private += 1  # never written by a bundle
        else:
            _join_row(db, record, row, parties, result)
    if inserts:
        _insert_rows(db, table, inserts)
        result.added[table] = result.added.get(table, 0) + len(inserts)


def _insert_rows(db: Db, table: str, inserts: list[dict[str, Any]]) -> None:
    """Insert the new rows, many to a statement: the full-text index's trigger flushes its index at
    every statement, so one statement a row spent most of a large merge there."""
    import sqlite3

    columns = list(inserts[0])
    names = ", ".join(f"[{c}]" for c in columns)
    marks = f"({_marks(columns)})"
    per = max(1, db.conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER) // len(columns))
    for start in range(0, len(inserts), per):
        chunk = inserts[start : start + per]
        db.execute(
            f"insert into [{table}] ({names}) values {', '.join([marks] * len(chunk))}",
            [row[c] for row in chunk for c in columns],
        )


def _check_references(db: Db, table: str, batch: list[Record]) -> None:
    for name, spec in schema.TABLES[table].items():
        target = spec.ref
        if target is None:
            continue
        wanted = {r.fields[name] for r in batch if r.fields.get(name)}
        missing = wanted - _ids_in(db, target, sorted(wanted))
        if missing:
            record = next(r for r in batch if r.fields.get(name) in missing)
            raise refuse(record, f"refers to a {target} ({record.fields[name]}) that is in neither journal")


def _new_row(record: Record, parties: Parties, result: Result) -> dict[str, Any]:
    if parties.sender_journal and record.author != parties.sender_role:
        made_here = record.origin == parties.my_journal
        made_for_me = record.author == parties.me and record.origin == parties.sender_journal
        restored = parties.restoring and record.author == parties.me
        if not (made_here or made_for_me or restored):
            raise refuse(
                record,
                f"is new here but is written as the {record.author}'s, not the {parties.sender_role}'s",
            )
        if made_for_me and all(model.split(v)[1] == parties.sender_journal for v in record.versions.values()):
            result.for_me.append((record.table, record.id))
    values = record.fields
    if not record.versions and _versioned(record.table) <= values.keys():
        # every field at the record's version: the row's is the record's, with no older ones
        updated_at, origin, older = record.updated_at, record.origin, None
    else:
        copy = record.copy()
        for name in _versioned(record.table):
            if name not in copy.versions:
                copy.values[name] = None
                copy.versions[name] = model.UNKNOWN
        updated_at, origin, older = join.compact(copy)
        values = copy.values
    row = {
        "id": record.id,
        "created_at": record.created_at,
        "updated_at": updated_at,
        "author": record.author,
        "origin": origin,
        "phase": record.phase,
        "visibility": record.visibility,
        "versions": older,
    }
    for name in schema.TABLES[record.table]:
        row[name] = values.get(name) if name in values else record.fields.get(name)
    if _noting(result):  # a Change made only when it is kept
        result.changes.append(Change(record.table, record.id, True, sorted(record.fields), {},
                                     dict(record.fields), record.author, record.origin))  # fmt: skip
    return row


def _join_row(db: Db, record: Record, row: dict[str, Any], parties: Parties, result: Result) -> None:
    table = record.table
    for name in ("author", "created_at", "phase"):
        if getattr(record, name) != row[name]:
            raise refuse(record, f"changes its {name.replace('_', ' ')}, which never changes")
    for name, spec in schema.TABLES[table].items():
        if spec.fixed and name in record.fields and record.fields[name] != row[name]:
            raise refuse(record, f"changes its {spec.words}, which never changes")
    if nothing_new(record, row):
        result.unchanged += 1
        return
    conflict.never_undone(record, row, parties)
    mine = join.expand(table, row)
    theirs = record.copy()
    outcome = join.join(table, mine, theirs)
    result.conflicts.extend(conflict.found(record, row, mine, theirs, outcome, parties))
    if not outcome.changed:
        result.unchanged += 1
        return
    updated_at, origin, older = join.compact(outcome.copy)
    values = {name: outcome.copy.values[name] for name in outcome.taken}
    values.update({"updated_at": updated_at, "origin": origin, "versions": older})
    assignments = ", ".join(f"[{name}] = ?" for name in values)
    db.execute(f"update [{table}] set {assignments} where id = ?", [*values.values(), record.id])
    result.updated[table] = result.updated.get(table, 0) + 1
    changed = [n for n in outcome.taken if mine.values.get(n) != outcome.copy.values.get(n)]
    if changed:
        _note(
            result,
            Change(
                table,
                record.id,
                False,
                changed,
                {n: mine.values.get(n) for n in changed},
                {n: outcome.copy.values.get(n) for n in changed},
                row["author"],
                origin,
            ),
        )


def nothing_new(record: Record, row: dict[str, Any]) -> bool:
    """Whether the incoming record holds nothing the local row does not: the same record version,
    and each versioned field it carries at the same version with the same value (joining them
    would change nothing, so they are not joined). Merging a bundle again is this, record by record."""
    if record.updated_at != row["updated_at"] or record.origin != row["origin"]:
        return False
    older = join.decode_map(row["versions"])
    versioned = _versioned(record.table)
    for name, value in record.fields.items():
        if name in versioned and (record.versions.get(name) != older.get(name) or value != row[name]):
            return False
    return True


def _noting(result: Result) -> bool:
    """Whether the next change is kept for the summary (else only counted)."""
    if len(result.changes) < MAX_NOTED:
        return True
    result.more_changes += 1
    return False


def _note(result: Result, change: Change) -> None:
    if _noting(result):
        result.changes.append(change)
