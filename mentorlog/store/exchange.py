"""Records leaving and entering a journal: the rows a bundle carries, and the merge's writes.

`apply` is the merge rule in one place, run inside the caller's write transaction so that the
comparison and the write see the same journal (an edit made while a merge runs is never
overwritten by an older version): each incoming record is joined field by field into the local
one (`store/versions.py`), after the ownership rules —

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
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from mentorlog import crashpoints
from mentorlog import fields as schema
from mentorlog.errors import InvalidInput
from mentorlog.model import Audience
from mentorlog.store import numbers, records, sessions, written_for_me
from mentorlog.store import versions as fv
from mentorlog.store.audience import hidden_links, shown, without_hidden
from mentorlog.store.records import rows

# Tables in an order that writes every record after the records it refers to.
MERGE_ORDER = (
    "pair", "agreement", "agreement_event", "rule", "vision", "goal", "goal_revision", "goal_progress",
    "assessment", "outcome", "action", "option", "session", "topic", "feedback", "note", "reflection",
)  # fmt: skip
BATCH = 500
BOOKKEEPING = ("id", "created_at", "updated_at", "author", "origin", "phase", "visibility", "versions")
MAX_NOTED = 2000  # changes kept for the what's-new summary (the rest are counted)


class Refusal(InvalidInput):
    """A bundle that breaks an ownership rule; the merge's transaction is rolled back."""


@dataclass
class Record:
    """One checked record as it travels: bookkeeping, the fields it carries, their versions."""

    table: str
    id: str
    author: str
    created_at: str
    phase: str
    updated_at: str
    origin: str
    fields: dict[str, Any]
    versions: dict[str, str] = field(default_factory=dict)  # only the fields older than the record
    visibility: str = "shared"

    @property
    def removed(self) -> bool:
        return self.fields.get("deleted_at") is not None

    def copy(self) -> fv.Copy:
        newest = fv.version(self.updated_at, self.origin)
        return fv.Copy(dict(self.fields), {name: self.versions.get(name, newest) for name in self.fields})


Merges = list[tuple[str, str]]  # (the other journal's clock in a bundle merged, own clock after it)


@dataclass(frozen=True)
class Parties:
    """Who takes part in a merge: this journal, the sender, and what each had of the other."""

    me: str  # this journal's owner's role
    my_journal: str
    sender_role: str
    sender_journal: str
    had_from_sender: str = ""  # the newest of the sender's changes merged here before (clock)
    my_merges: Merges = field(default_factory=list)  # this journal's merges of the sender's bundles
    sender_merges: Merges = field(default_factory=list)  # the sender's merges of this journal's bundles
    # a journal started anew from the partner's bundle (`init --from`): the records written as this
    # journal's owner's come back as theirs (a lost journal rebuilt), wherever they were made
    restoring: bool = False


def had_when(merges: Merges, version_stamp: str) -> str | None:
    """When (by the merging journal's clock) a change of `version_stamp` first arrived through
    these merges, or None if it never did. A change made after that moment was made knowing it."""
    arrived = [at for clock, at in merges if clock >= version_stamp]
    return min(arrived) if arrived else None


@dataclass
class Change:
    """A record the merge added or changed, for the what's-new summary."""

    table: str
    id: str
    new: bool
    fields: list[str]
    before: dict[str, Any]
    after: dict[str, Any]
    author: str
    origin: str


@dataclass
class Conflict:
    """The same field changed on both sides since they last exchanged; the later change won."""

    table: str
    id: str
    field: str
    mine: Any
    theirs: Any
    winner: str  # "theirs" or "mine"
    row: dict[str, Any]


@dataclass(frozen=True)
class Renumbered:
    """A session of this journal given a new number: the partner had made one with its number first."""

    session_id: str
    old: int
    new: int
    kept_by: str  # the session that keeps the number
    numbered_by: str  # the journal that had given the renumbered session its number
    table: str = "session"  # or a goal, outcome, option or action


@dataclass
class Result:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    kept_private: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    more_changes: int = 0
    newest: str = ""
    renumbered: list[Renumbered] = field(default_factory=list)
    # records in this journal's owner's name that the sender's journal made (`--as` at their laptop)
    for_me: list[tuple[str, str]] = field(default_factory=list)
    renumbered_plan: list[Renumbered] = field(default_factory=list)  # goals, outcomes, options, actions

    @property
    def written(self) -> bool:
        return bool(self.added or self.updated)


# --- reading what leaves --------------------------------------------------------------------


def shareable_rows(db, table: str, *, personal: bool, since: str | None = None) -> Iterator[dict[str, Any]]:
    """Rows a bundle (what the partner may see, links to private records left out) or a personal
    export (everything) carries, oldest id first."""
    audience = Audience.OWNER if personal else Audience.PARTNER
    where, params = [shown(audience, table, "t")], []
    if since:
        where.append("t.updated_at > ?")
        params.append(since)
    sql = (
        f"select t.*{hidden_links(audience, table, 't')} from [{table}] t "
        f"where {' and '.join(where)} order by t.id"
    )
    for row in db.query(sql, params):
        yield without_hidden(row, drop=True)


def defer_foreign_keys(db) -> None:
    """Check references at the commit, not row by row (rows arrive table by table)."""
    db.execute("PRAGMA defer_foreign_keys = ON")


def private_count(db) -> int:
    return sum(
        db.execute(f"select count(*) from [{t}] where visibility = 'private'").fetchone()[0]
        for t in MERGE_ORDER
    )


# --- writing what arrives -------------------------------------------------------------------


def _batches(records: Iterable[Record]) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        if batch and (record.table != batch[0].table or len(batch) >= BATCH):
            yield batch
            batch = []
        batch.append(record)
    if batch:
        yield batch


def _marks(values: list) -> str:
    return ", ".join("?" for _ in values)


def _local_rows(db, table: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in db.query(f"select * from [{table}] where id in ({_marks(ids)})", ids)}


def _ids_in(db, table: str, ids: list[str]) -> set[str]:
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


def _clash(db, table: str, ids: list[str]) -> tuple[str, set[str]] | None:
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


def apply(db, records: Iterable[Record], parties: Parties, now: datetime) -> Result:
    """Join every record into the journal (inside the caller's write transaction)."""
    result = Result()
    for batch in _batches(records):
        _apply_batch(db, batch, parties, result)
        crashpoints.reached("merge-batch")
    if "session" in result.added or "session" in result.updated:
        _number_sessions(db, parties, now, result)
    for table in numbers.NUMBERED:
        if table in result.added or table in result.updated:
            _number_records(db, table, parties, now, result)
    if result.for_me:
        written_for_me.note(db, result.for_me, parties.sender_journal, now)
    return result


def _number_records(db, table: str, parties: Parties, now: datetime, result: Result) -> None:
    """Goals, outcomes, options and actions as sessions: a number for a record that came without
    one (from an older mentorlog), and the later-made of two that share a number renumbered."""
    for row in rows(db, f"select id from [{table}] where number is null order by created_at, id"):
        records.change(
            db, table, row["id"], parties.my_journal, now, {"number": numbers.next_number(db, table)}
        )
    while groups := numbers.clashes(db, table):  # a shared record that moves may meet a private one
        for group in groups:
            winner_version = fv.expand(table, group[0]).version_of("number")
            for loser in group[1:]:
                renumber(db, loser, winner_version, result, group[0]["id"], table)


def _number_sessions(db, parties: Parties, now: datetime, result: Result) -> None:
    """Give a number to a session that came without one (from a bundle of the first format), and
    renumber a session of this journal that clashes with an earlier-made one of the partner's."""
    for row in rows(db, "select id from session where number is null order by created_at, id"):
        records.change(
            db, "session", row["id"], parties.my_journal, now, {"number": sessions.next_number(db)}
        )
    while groups := sessions.clashes(db):  # a shared session that moves may meet a private one
        for group in groups:
            winner_version = fv.expand("session", group[0]).version_of("number")
            for loser in group[1:]:
                renumber(db, loser, winner_version, result, group[0]["id"])


def renumber(
    db, loser: dict, winner_version: str, result: Result, kept_by: str, table: str = "session"
) -> None:
    """Give the later-made of two sessions (or goals, outcomes, options, actions) that share a
    number the next free number.

    Both journals do this when they meet the clash, and both reach the same record: the new
    number's version is made from the two clashing versions (a millisecond after the later one,
    in the name of the journal that numbered the loser), not from the clock of the journal that
    happens to merge, so the two renumberings are one and the same change.
    """
    copy = fv.expand(table, loser)
    losing_version = copy.version_of("number")
    stamp, numbered_by = fv.split(losing_version)
    later = max(fv.split(winner_version)[0], stamp)
    version = fv.version(stamp_after(later), numbered_by)
    private = loser["visibility"] == "private"
    new = sessions.free_number(db, private) if table == "session" else numbers.free_number(db, table, private)
    copy.values["number"] = new
    copy.versions["number"] = version
    updated_at, origin, older = fv.compact(copy)
    db.execute(
        f"update [{table}] set number = ?, updated_at = ?, origin = ?, versions = ? where id = ?",
        [new, updated_at, origin, older, loser["id"]],
    )
    records.see_stamp(db, updated_at)
    moved = Renumbered(loser["id"], loser["number"], new, kept_by, numbered_by, table)
    (result.renumbered if table == "session" else result.renumbered_plan).append(moved)


def stamp_after(value: str) -> str:
    from datetime import timedelta

    from mentorlog.dates import from_stamp, stamp

    return stamp(from_stamp(value) + timedelta(milliseconds=1))


def _refuse(record: Record, what: str) -> Refusal:
    return Refusal(
        f"The bundle is refused: {record.table} {record.id} {what}.\n"
        "Nothing was merged; ask your partner for a new bundle."
    )


def _apply_batch(db, batch: list[Record], parties: Parties, result: Result) -> None:
    table = batch[0].table
    ids = [r.id for r in batch]
    local = _local_rows(db, table, ids)
    clash = _clash(db, table, [i for i in ids if i not in local])
    if clash:
        other, held = clash
        record = next(r for r in batch if r.id in held)
        raise _refuse(record, f"has the id of a {other} in this journal")
    _check_references(db, table, batch)
    inserts: list[dict[str, Any]] = []
    for record in batch:
        if record.updated_at > result.newest:
            result.newest = record.updated_at
        for version_ in record.versions.values():
            stamp = fv.split(version_)[0]
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


def _insert_rows(db, table: str, inserts: list[dict[str, Any]]) -> None:
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


def _check_references(db, table: str, batch: list[Record]) -> None:
    for name, spec in schema.TABLES[table].items():
        target = spec.ref
        if target is None:
            continue
        wanted = {r.fields[name] for r in batch if r.fields.get(name)}
        missing = wanted - _ids_in(db, target, sorted(wanted))
        if missing:
            record = next(r for r in batch if r.fields.get(name) in missing)
            raise _refuse(record, f"refers to a {target} ({record.fields[name]}) that is in neither journal")


def _new_row(record: Record, parties: Parties, result: Result) -> dict[str, Any]:
    if parties.sender_journal and record.author != parties.sender_role:
        made_here = record.origin == parties.my_journal
        made_for_me = record.author == parties.me and record.origin == parties.sender_journal
        restored = parties.restoring and record.author == parties.me
        if not (made_here or made_for_me or restored):
            raise _refuse(
                record,
                f"is new here but is written as the {record.author}'s, not the {parties.sender_role}'s",
            )
        if made_for_me and all(fv.split(v)[1] == parties.sender_journal for v in record.versions.values()):
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
                copy.versions[name] = fv.UNKNOWN
        updated_at, origin, older = fv.compact(copy)
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


def _join_row(db, record: Record, row: dict[str, Any], parties: Parties, result: Result) -> None:
    table = record.table
    for name in ("author", "created_at", "phase"):
        if getattr(record, name) != row[name]:
            raise _refuse(record, f"changes its {name.replace('_', ' ')}, which never changes")
    for name, spec in schema.TABLES[table].items():
        if spec.fixed and name in record.fields and record.fields[name] != row[name]:
            raise _refuse(record, f"changes its {spec.words}, which never changes")
    if nothing_new(record, row):
        result.unchanged += 1
        return
    _never_undone(record, row)
    mine = fv.expand(table, row)
    theirs = record.copy()
    outcome = fv.join(table, mine, theirs)
    _conflicts(record, row, mine, theirs, outcome, parties, result)
    if not outcome.changed:
        result.unchanged += 1
        return
    updated_at, origin, older = fv.compact(outcome.copy)
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


def _never_undone(record: Record, row: dict[str, Any]) -> None:
    """Refuse a record that would change an approved agreement version's terms: two approved copies
    of a version always agree (a change is a new version). The other facts that are never undone
    are kept by the join itself (store/versions.py), since an honest bundle can look like an attempt
    on them: a move made without knowing the session was held, or a first-format bundle, whose
    whole pair row stands at one version, made without knowing of the ending."""
    approved = "approved"
    if record.table == "agreement" and row["state"] == approved and record.fields.get("state") == approved:
        for name in schema.approved_terms():
            if name in record.fields and record.fields[name] != row[name]:
                raise _refuse(
                    record,
                    f"changes the {schema.TABLES['agreement'][name].words} ({name}) of version "
                    f"{row['version']}, which is approved and never changes (a change is a new version)",
                )


def nothing_new(record: Record, row: dict[str, Any]) -> bool:
    """Whether the incoming record holds nothing the local row does not: the same record version,
    and each versioned field it carries at the same version with the same value (joining them
    would change nothing, so they are not joined). Merging a bundle again is this, record by record."""
    if record.updated_at != row["updated_at"] or record.origin != row["origin"]:
        return False
    older = fv.decode_map(row["versions"])
    versioned = _versioned(record.table)
    for name, value in record.fields.items():
        if name in versioned and (record.versions.get(name) != older.get(name) or value != row[name]):
            return False
    return True


def _conflicts(
    record: Record,
    row: dict[str, Any],
    mine: fv.Copy,
    theirs: fv.Copy,
    outcome: fv.Outcome,
    parties: Parties,
    result: Result,
) -> None:
    """The fields both sides changed, each without knowing the other's change: the journal that
    made the losing change had not yet received the winning one when it made its own."""

    def made_by(version: str, journal: str) -> bool:
        return fv.split(version)[1] == journal

    def unaware(first: str, second: str, merges: Merges) -> bool:
        """Whether `second` was made without knowing `first` (the merges are its journal's)."""
        arrived = had_when(merges, fv.split(first)[0])
        return arrived is None or fv.split(second)[0] <= arrived

    for name in outcome.taken:
        replaced, winning = mine.version_of(name), theirs.version_of(name)
        if (
            mine.values.get(name) != theirs.values.get(name)
            and made_by(replaced, parties.my_journal)
            and unaware(replaced, winning, parties.sender_merges)
        ):
            result.conflicts.append(
                Conflict(
                    record.table,
                    record.id,
                    name,
                    mine.values.get(name),
                    theirs.values.get(name),
                    "theirs",
                    row,
                )
            )
    for name in outcome.lost:
        arrived, kept = theirs.version_of(name), outcome.copy.version_of(name)
        if (
            made_by(arrived, parties.sender_journal)
            and made_by(kept, parties.my_journal)
            and fv.split(arrived)[0] > parties.had_from_sender
            and unaware(arrived, kept, parties.my_merges)
        ):
            result.conflicts.append(
                Conflict(
                    record.table, record.id, name, mine.values.get(name), theirs.values.get(name), "mine", row
                )
            )


def _noting(result: Result) -> bool:
    """Whether the next change is kept for the summary (else only counted)."""
    if len(result.changes) < MAX_NOTED:
        return True
    result.more_changes += 1
    return False


def _note(result: Result, change: Change) -> None:
    if _noting(result):
        result.changes.append(change)


# --- the journal's exchange bookkeeping -----------------------------------------------------


@dataclass
class ExchangeState:
    """What this journal knows of its exchanges (the local `journal` row)."""

    clock: str
    partner_journal: str | None
    had_from_partner: str  # the partner's clock in the last bundle merged whole
    partner_had: str  # this journal's clock as the partner last said they had it
    partner_bundle_at: str | None  # when the partner made the last bundle merged
    shared_clock: str  # this journal's clock at its last share
    shared_at: str | None = None  # when this journal last wrote a bundle (its wall clock, UTC)
    merged_at: str | None = None  # when it last merged a bundle of the partner's that moved something


def exchange_state(db) -> ExchangeState:
    row = next(
        db.query(
            "select clock, partner_journal, had_from_partner, partner_had, partner_bundle_at, shared_clock, "
            "shared_at, merged_at from journal limit 1"
        )
    )
    return ExchangeState(
        clock=row["clock"] or "",
        partner_journal=row["partner_journal"],
        had_from_partner=row["had_from_partner"] or "",
        partner_had=row["partner_had"] or "",
        partner_bundle_at=row["partner_bundle_at"],
        shared_clock=row["shared_clock"] or "",
        shared_at=row["shared_at"],
        merged_at=row["merged_at"],
    )


def merges(db, partner_journal: str) -> Merges:
    """This journal's merges of the partner's bundles that brought something: (their clock, ours)."""
    return [
        (row[0], row[1])
        for row in db.execute(
            "select partner_clock, at from merge_log where partner_journal = ? order by at", [partner_journal]
        )
    ]


def note_merged(
    db,
    *,
    partner_journal: str,
    newest: str,
    clock: str,
    partner_had: str | None,
    made_at: str,
    brought: bool,
    at: str | None = None,
) -> None:
    """After a merge (of a bundle whose cursors were checked: services/bundle.py, so it holds
    every change of the sender's this journal has not had): the clock moves past every stamp
    seen, the cursors move forward (never back, unless the partner's journal is another one now:
    they are about that journal), and a merge that brought something is logged; nothing is
    written when nothing moves, so merging a bundle again writes nothing; `at` (when it merged) is
    kept when something moved."""
    state = exchange_state(db)
    values: dict[str, Any] = {}
    if newest > state.clock:
        values["clock"] = newest
    if brought:
        db.execute(
            "insert into merge_log (partner_journal, partner_clock, at) values (?, ?, ?)",
            [partner_journal, clock, max(newest, state.clock)],
        )
    another = state.partner_journal != partner_journal
    if another:
        values["partner_journal"] = partner_journal
    if another or clock > state.had_from_partner:
        values["had_from_partner"] = clock
    if another and (partner_had or "") != state.partner_had:
        values["partner_had"] = partner_had
    elif partner_had and partner_had > state.partner_had:
        values["partner_had"] = partner_had
    if made_at > (state.partner_bundle_at or ""):
        values["partner_bundle_at"] = made_at
    if (values or brought) and at is not None:
        values["merged_at"] = at
    if values:
        assignments = ", ".join(f"[{name}] = ?" for name in values)
        db.execute(f"update journal set {assignments}", list(values.values()))


def note_shared(db, clock: str, at: str | None = None) -> None:
    """A bundle written (at `at`, UTC) holding this journal's changes up to `clock`."""
    if clock > exchange_state(db).shared_clock:
        db.execute("update journal set shared_clock = ?", [clock])
    if at is not None:
        db.execute("update journal set shared_at = ?", [at])
