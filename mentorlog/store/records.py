"""The conventions every record follows, and the helpers that keep them.

Every record table has the same bookkeeping columns:

- `id`: a ULID in lower case (26 characters, Crockford base32, time-sortable); people see
  the shortest prefix of at least 4 characters that no other record shares, like git.
- `created_at`, `updated_at`: UTC ISO 8601 with milliseconds (`2026-11-21T06:37:23.123Z`).
- `author`: the role that made the record (`mentor` or `mentee`).
- `updated_at`, `origin`: the record's newest version — the stamp of the hybrid logical clock
  (`tick`) and the journal that made the change; `versions` (JSON) keeps the version of each field
  that is older than that (store/merge/join.py), so two journals merge field by field.
- `phase`: the phase of the mentorship the record was made in.
- `visibility`: `shared` or `private`; private records never leave the journal.
- `deleted_at`: set by `rm` (soft delete), cleared by `restore`; merges carry it as a tombstone.

All writes go through `insert`, `update`, `soft_delete` and `restore` here, so every record
kind gets the conventions for free, and every value is checked against `fields.py` before it is
written, wherever it came from.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from mentorlog import fields as schema
from mentorlog.dates import from_stamp, stamp
from mentorlog.errors import InvalidInput, NotFound, Refused
from mentorlog.model import Phase, Role, Visibility
from mentorlog.store.db import Db, Params, Row

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = ["Params", "Row"]  # with the helpers below; the store's modules take the two from here

CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
MIN_PREFIX = 4

COMMON_COLUMNS: dict[str, type] = {
    "id": str,
    "created_at": str,
    "updated_at": str,
    "author": str,
    "origin": str,
    "phase": str,
    "visibility": str,
    "deleted_at": str,
}  # as the first schema steps made them (`versions` came later, in its own step)
# The condition that leaves out soft-deleted records; every query says it or why not.
LIVE = "deleted_at is null"
# The whole numbers SQLite can hold (a larger one cannot even be asked for: OverflowError).
SQL_INTEGERS = (-(2**63), 2**63 - 1)


def storable(number: int) -> bool:
    """Whether a record could hold `number`; no record numbered outside SQLite's integers exists."""
    return SQL_INTEGERS[0] <= number <= SQL_INTEGERS[1]


_lock = threading.Lock()
_last: tuple[int, int] = (0, 0)
_STEP_BITS = 70


def _random_bits(bits: int) -> int:
    """`bits` random bits from the system's source (what `secrets.randbits` reads, without
    importing `secrets` and its hashing modules on every command)."""
    return int.from_bytes(os.urandom((bits + 7) // 8)) >> (-bits % 8)


def new_id(now: datetime) -> str:
    """A ULID for `now`: 48 bits of milliseconds, then 80 random bits.

    Ids made in the same millisecond still sort in the order they were made: the random part
    steps up by a random amount (so short prefixes stay short), spilling into the next
    millisecond in the rare case it runs out of room.
    """
    global _last
    ms = int(now.timestamp() * 1000)
    with _lock:
        last_ms, last_rand = _last
        if ms <= last_ms:
            ms, rand = last_ms, last_rand + 1 + _random_bits(_STEP_BITS)
            if rand >> 80:
                ms, rand = ms + 1, _random_bits(79)
        else:
            rand = _random_bits(79)  # leaves room to step up within the millisecond
        _last = (ms, rand)
    return ulid(ms, rand)


def ulid(ms: int, rand: int) -> str:
    """The ULID of `ms` milliseconds and an 80-bit random part, in lower-case Crockford base32."""
    value = (ms << 80) | rand
    chars = []
    for _ in range(26):
        chars.append(CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


class Writer(NamedTuple):
    """Who writes, from which journal, in which phase, and when: stamped on every record (an
    immutable value; a NamedTuple costs each command less to define than a frozen dataclass)."""

    role: Role
    origin: str
    phase: Phase
    now: datetime

    @property
    def stamp(self) -> str:
        return stamp(self.now)


def create_table(
    db: Database,
    name: str,
    columns: dict[str, type],
    foreign_keys: Sequence[tuple[str, str, str]] = (),
    **kwargs: Any,
) -> None:
    """Create a schema step's record table (sqlite-utils): common columns first, the index merges need."""
    table = db.table(name)
    table.create(
        {**COMMON_COLUMNS, **columns},
        pk="id",
        not_null={"created_at", "updated_at", "author", "origin", "phase", "visibility"},
        foreign_keys=foreign_keys,
        **kwargs,
    )
    table.create_index(["updated_at"], index_name=f"idx_{name}_updated_at")


def tick(db: Db, now: datetime) -> str:
    """The stamp of this write transaction: the hybrid logical clock of the journal.

    It is the wall clock, unless the journal's clock (the newest stamp it made or merged) is
    already there, in which case it is one millisecond later: so stamps never go backwards and a
    change made here is always later than every version this journal has seen, even when one of
    the two machines' clocks is wrong. One stamp serves the whole transaction.
    """
    if db.tx_stamp is not None:
        return db.tx_stamp
    row = db.execute("select clock from journal limit 1").fetchone()
    current = row[0] if row and row[0] else ""
    wall = stamp(now)
    value = wall if wall > current else stamp(from_stamp(current) + timedelta(milliseconds=1))
    db.execute("update journal set clock = ?", [value])
    if db.writing:
        db.tx_stamp = value
    return value


def see_stamp(db: Db, value: str) -> None:
    """Move the journal's clock past a stamp it has just written in another journal's name."""
    row = db.execute("select clock from journal limit 1").fetchone()
    if row is not None and (row[0] or "") < value:
        db.execute("update journal set clock = ?", [value])


def _checked(table: str, values: Row) -> Row:
    try:
        return schema.check_values(table, values)
    except schema.BadValue as error:
        spec = schema.TABLES[table].get(error.field)
        what = spec.words if spec else error.field
        raise InvalidInput(f"The {what} {error.reason}.") from None


def _gated(table: str, row: Row) -> None:
    """Refuse a write that would give a record a role-gated act by a role that may not do it
    (`fields.ACT_ROLES`): the same rule a merge holds bundles to."""
    problem = schema.act_problem(table, row)
    if problem:
        raise Refused(f"The {table.replace('_', ' ')} cannot be written: its {problem}.")


def new_row(
    writer: Writer, values: Row, *, visibility: Visibility = Visibility.SHARED, record_id: str | None = None
) -> Row:
    """A complete new row stamped by `writer` (its version stamp is set by `insert`)."""
    return {
        "id": record_id or new_id(writer.now),
        "created_at": writer.stamp,
        "updated_at": writer.stamp,
        "author": str(writer.role),
        "origin": writer.origin,
        "phase": str(writer.phase),
        "visibility": str(visibility),
        "deleted_at": None,
        "versions": None,
        **values,
    }


def insert(
    db: Db,
    table: str,
    writer: Writer,
    values: Row,
    *,
    visibility: Visibility = Visibility.SHARED,
    record_id: str | None = None,
    created_at: str | None = None,
) -> str:
    """Insert a new record stamped by `writer`; returns its id (a new one unless given). A goal,
    outcome, option or action gets the next number of its table (store/numbers.py). A record
    dated by its author (a note written down later, an imported entry) gives its `created_at`."""
    if table in NUMBERED and values.get("number") is None:
        values = {**values, "number": next_number(db, table)}
    row = new_row(writer, _checked(table, values), visibility=visibility, record_id=record_id)
    if created_at is not None:
        row["created_at"] = created_at
    _gated(table, row)
    row["updated_at"] = tick(db, writer.now)
    db.insert(table, row)
    return str(row["id"])


NUMBERED = ("goal", "outcome", "option", "action")  # numbered when made, as sessions are when planned


def next_number(db: Db, table: str) -> int:
    """The number the next record of `table` gets: one more than any the journal has given."""
    return (db.execute(f"select max(number) from [{table}]").fetchone()[0] or 0) + 1


def update(db: Db, table: str, record_id: str, writer: Writer, values: Row) -> None:
    """Change fields of a record; each changed field gets this transaction's version.

    The version is later than every version the journal holds (`tick`), so the change wins over
    the one it replaces, here and in the partner's journal after a merge.
    """
    change(db, table, record_id, writer.origin, writer.now, values)


def change(db: Db, table: str, record_id: str, origin: str, now: datetime, values: Row) -> None:
    """`update` for a journal's own bookkeeping changes (no person behind them: a merge that
    renumbers a session), made in the name of the journal `origin`."""
    from mentorlog.store.merge import join, model  # merges and edits only: a quick note never needs it

    values = _checked(table, values)
    row = get(db, table, record_id)
    if row is None:
        raise NotFound(f"No {table} {record_id}.")
    _gated(table, {**row, **values})
    copy = join.expand(table, row)
    new = model.version(tick(db, now), origin)
    for name, value in values.items():
        copy.values[name] = value
        copy.versions[name] = new
    updated_at, origin, older = join.compact(copy)
    db.update(table, record_id, {**values, "updated_at": updated_at, "origin": origin, "versions": older})


def set_visibility(db: Db, table: str, record_id: str, visibility: Visibility, now: datetime) -> None:
    """Share a private record or make a shared one private again. Visibility is this journal's
    own decision and carries no version; a record that becomes shared is marked as changed now
    (its fields keep their versions), so the next bundle, even one of recent changes only, carries it."""
    row = get(db, table, record_id)
    if row is None:
        raise NotFound(f"No {table} {record_id}.")
    values: Row = {"visibility": str(visibility)}
    if visibility is Visibility.SHARED and row["visibility"] != Visibility.SHARED:
        values.update(_marked_changed(db, table, row, now))
        # shared records pointing at it travelled without that link (store/audience.py): they
        # travel again, link included
        for child, name in schema.references_to(table):
            for linked in rows(
                db, f"select * from [{child}] where [{name}] = ? and visibility = ?", [record_id, "shared"]
            ):
                db.update(child, linked["id"], _marked_changed(db, child, linked, now))
    db.update(table, record_id, values)


def _marked_changed(db: Db, table: str, row: Row, now: datetime) -> Row:
    """A row marked as changed now with every field keeping its version: the next bundle, even
    one of recent changes only, carries it whole."""
    from mentorlog.store.merge import join

    copy = join.expand(table, row)
    return {
        "versions": json.dumps(dict(sorted(copy.versions.items())), separators=(",", ":")),
        "updated_at": tick(db, now),
    }


def soft_delete(db: Db, table: str, record_id: str, writer: Writer) -> None:
    update(db, table, record_id, writer, {"deleted_at": writer.stamp})


def restore(db: Db, table: str, record_id: str, writer: Writer) -> None:
    update(db, table, record_id, writer, {"deleted_at": None})


def rows(db: Db, sql: str, params: Params = ()) -> list[Row]:
    """The rows of a query as plain dicts."""
    return list(db.query(sql, params))


def count(db: Db, sql: str, params: Params = ()) -> int:
    """The number a `select count(*)` (or another query of one whole number) gives."""
    return int(db.execute(sql, params).fetchone()[0] or 0)


def get(db: Db, table: str, record_id: str) -> Row:
    """The record `record_id` of `table`, which the caller knows exists (removed or not)."""
    found = list(db.query(f"select * from [{table}] where id = ?", [record_id]))
    if not found:
        raise LookupError(f"no {table} {record_id} in the journal")
    return found[0]


# --- ids as people see them -------------------------------------------------------------
#
# People see a record by the end of its id, the random part: at least six characters (30 random
# bits), more only when another record ends the same way. An id printed today still names the same
# record after thousands more are made in the same minute (the start of an id is its time, shared by
# every record made in one millisecond). Each table has an index on the last six characters
# (`substr(id, 21)`), so finding a record by its short id stays one look-up.

TAIL = 6
TAIL_FROM = 27 - TAIL  # substr() position of the last six characters


def _tail_matches(db: Db, tables: Sequence[str], tail6: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for table in tables:
        rows = db.execute(f"select id from [{table}] where substr(id, {TAIL_FROM}) = ?", [tail6]).fetchall()
        found.extend((table, row[0]) for row in rows)
    return found


def _ids_by_tail(db: Db, tables: Sequence[str], tails: set[str]) -> dict[str, list[str]]:
    """Every id in `tables` that ends in one of `tails` (six characters each), by tail: one query
    for a whole list, each table's part an indexed look-up, rather than one per id and table."""
    found: dict[str, list[str]] = {tail: [] for tail in tails}
    wanted = sorted(tails)
    for start in range(0, len(wanted), 500):  # well under SQLite's limit on parameters
        chunk = wanted[start : start + 500]
        marks = ", ".join(f"?{n}" for n in range(1, len(chunk) + 1))  # the same list for every table
        sql = " union all ".join(
            f"select id from [{table}] where substr(id, {TAIL_FROM}) in ({marks})" for table in tables
        )
        for (other,) in db.execute(sql, chunk):
            found[other[-TAIL:]].append(other)
    return found


def short_ids(db: Db, tables: Sequence[str], ids: Iterable[str]) -> dict[str, str]:
    """The shortest end (at least six characters) of each id that no other record in `tables` shares."""
    wanted = list(ids)
    by_tail = _ids_by_tail(db, tables, {record_id[-TAIL:] for record_id in wanted}) if wanted else {}
    result = {}
    for record_id in wanted:
        others = [other for other in by_tail[record_id[-TAIL:]] if other != record_id]
        length = TAIL
        while any(other.endswith(record_id[-length:]) for other in others) and length < len(record_id):
            length += 1
        result[record_id] = record_id[-length:]
    return result


def resolve(db: Db, tables: Sequence[str], typed: str, what: str, hint: str) -> tuple[str, str]:
    """Find the one record a person names by its short id (the end of the id, as mentorlog shows
    it) or by the start of its id (as older versions showed it); returns (table, id).

    `what` names the kind for messages ("goal"), `hint` the command that lists them.
    """
    cleaned = typed.strip().lower()
    if not cleaned or any(c not in CROCKFORD for c in cleaned) or len(cleaned) > 26:
        raise InvalidInput(f"{typed!r} is not a {what} id. {hint} shows the ids.")
    found: list[tuple[str, str]] = []
    if len(cleaned) >= TAIL:
        found = [(t, i) for t, i in _tail_matches(db, tables, cleaned[-TAIL:]) if i.endswith(cleaned)]
    if not found and len(cleaned) >= MIN_PREFIX:
        upper = cleaned + "~"  # '~' sorts after every id character
        for table in tables:
            rows = db.execute(
                f"select id from [{table}] where id >= ? and id < ? order by id limit 11", [cleaned, upper]
            ).fetchall()
            found.extend((table, row[0]) for row in rows)
    if not found:
        raise NotFound(f"No {what} {typed!r}. {hint} shows the ids.")
    if len(found) > 1:
        shown = short_ids(db, tables, [i for _, i in found[:10]])
        listed = ", ".join(shown[i] for _, i in found[:10])
        more = " and more" if len(found) > 10 else ""
        kinds = f"{what}s" if not what.endswith("y") else f"{what[:-1]}ies"
        raise InvalidInput(f"{typed!r} matches several {kinds}: {listed}{more}. Type more of the id.")
    return found[0]
