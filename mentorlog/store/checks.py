"""The journal itself refuses a value its field cannot hold.

The domains of `fields.py` are turned into SQL and installed as triggers before every insert and
update of every record table, so that no writer — mentorlog, a partner's bundle, `sqlite3` or
Datasette in the owner's hands — can leave a value that would make a command fail. A refused
write raises `sqlite3.IntegrityError("mentorlog: TABLE.FIELD …")`.

Journals written before the triggers existed may already hold such values (an early mentorlog
merged them from bundles): `repair` moves each one into the `repaired` table (table, record,
field, the value as it was) and puts a harmless value in its place — nothing is lost, and the
owner can look at what was moved.

The rules follow the code: every check (trigger or view) carries the fingerprint of its rules
(`/* mentorlog rules 1a2b3c4d */`, a CRC-32 of every table's conditions). When a journal is opened,
its check triggers are compared with the ones the code makes now (`stale`); a journal made before a
field gained a choice, or whose triggers were changed or dropped by another program, gets them made
anew in one transaction (`store/journal.py`). Anything else in the schema that mentorlog did not make
(a trigger, view or table: `foreign`) could change what is written or shared, and the journal is
not used until its owner removes it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from mentorlog import fields as schema

if TYPE_CHECKING:  # a class made at import costs every command; the type checker alone needs it
    import sqlite3

    class Connection(Protocol):
        """What the checks need of a journal: SQL to run (sqlite3's connection, the store's `Db` or
        sqlite-utils' `Database`, as the caller holds it)."""

        def execute(self, sql: str, parameters: Any = ..., /) -> sqlite3.Cursor: ...


ULID_CHARS = "0-9a-hjkmnp-tv-z"  # Crockford's base 32, lower case
DAY_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
STAMP_GLOB = DAY_GLOB + "T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z"
# fields.py's forbidden characters; lone surrogates aside, which no SQLite text can hold
FORBIDDEN_CODES = tuple(
    code for low, high in schema.FORBIDDEN_RANGES if low != 0xD800 for code in range(low, high + 1)
)
BREAK_CODES = (10, 13, 0x2028, 0x2029, 0x85)
EMPTY = "char(" + ", ".join(str(ord(c)) for c in schema.EMPTY) + ")"  # blanks and invisible characters


@cache
def _char_class(codes: tuple[int, ...]) -> str:
    """A glob that matches a text holding any of `codes`, written as ranges (`*[a-b…]*`) in one
    call of char(): SQLite tries the class at every character of the text, and a range is one
    comparison where the codes one by one were dozens (most of a merge's time went there). char(0)
    ends a C string inside SQLite: NUL is caught separately with instr()."""
    runs: list[list[int]] = []
    for code in sorted(set(codes) - {0}):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    star, left, dash, right = (ord(c) for c in "*[-]")
    inner = [str(n) for low, high in runs for n in ((low,) if low == high else (low, dash, high))]
    return f"char({star}, {left}, {', '.join(inner)}, {right}, {star})"


# An id: 26 characters of Crockford's base 32, the first of them 0-7 (the 48-bit time of a ULID),
# as one pattern; a version (`versions`' values): a stamp, a space, the id of the journal.
ULID_GLOB = "[0-7]" + f"[{ULID_CHARS}]" * 25
# Text that is printable ASCII (with tabs; with line breaks where the field allows them) holds no
# character of this class: most text is, and one short class says so at once.
PLAIN = "'*[^' || char(9) || ' -~]*'"
PLAIN_LINES = "'*[^' || char(9) || char(10) || ' -~]*'"
# The classes and patterns are written once for the journal, as the columns of one row the
# conditions read (the view `check_constants`; `repair` reads the same row as a subquery), rather
# than once per field: SQLite parses every trigger and view whenever a command opens the journal,
# and per field they were most of that time.
CONSTANTS = (
    f"select {_char_class(FORBIDDEN_CODES)} as forbidden, {EMPTY} as blanks, "
    f"{_char_class(BREAK_CODES)} as line_breaks, "
    f"{_char_class(BREAK_CODES + (32, 35))} as tag_breaks, "  # a tag is one word: no space, no `#`
    f"{PLAIN} as plain_text, {PLAIN_LINES} as plain_lines, '{ULID_GLOB}' as ulid_glob, "
    f"'{STAMP_GLOB} {ULID_GLOB}' as version_glob"
)


def condition(spec: schema.Field, column: str) -> str:
    """SQL that is true when `column` holds a value the field may hold (NULL aside), beside the row
    of CONSTANTS (`… from check_constants`, or `from (CONSTANTS)`)."""
    domain = spec.domain
    c = column
    if isinstance(domain, schema.Text):
        # Only text that is not plain is tried against every forbidden range.
        plain = "plain_lines" if domain.multiline else "plain_text"
        allowed = f"{c} not glob forbidden" + ("" if domain.multiline else f" and {c} not glob line_breaks")
        return (
            f"typeof({c}) = 'text' and length(trim({c}, blanks)) > 0 "
            f"and length({c}) <= {domain.max_length} "
            f"and ({c} not glob {plain} or ({allowed})) and instr({c}, char(0)) = 0"
        )
    if isinstance(domain, schema.Choice):
        # `=` one by one rather than `in (…)`: in a trigger, SQLite builds the list anew for every row
        return "(" + " or ".join(f"{c} = '{member.value}'" for member in domain.kind) + ")"
    if isinstance(domain, schema.Int):
        return f"typeof({c}) = 'integer' and {c} between {domain.low} and {domain.high}"
    if isinstance(domain, schema.Day):
        low, high = schema.YEARS
        # A day date() gives back unchanged has the day's shape; date() gives text or NULL, and `is`
        # holds only between values of one kind, so a number or a blob is refused without typeof().
        # `is`, not `=`: date() gives NULL for no day at all (a 13th month), and a NULL condition
        # would let the value through.
        return f"date({c}, '+0 days') is {c} and {c} between '{low}-01-01' and '{high}-12-31'"
    if isinstance(domain, schema.Stamp):  # Moment too; as for a day
        low, high = schema.YEARS
        return (
            f"strftime('%Y-%m-%dT%H:%M:%fZ', {c}, '+0 seconds') is {c} "
            f"and {c} between '{low}-01-01' and '{high + 1}-01-01'"
        )
    if isinstance(domain, schema.Ref):
        return f"typeof({c}) = 'text' and {c} glob ulid_glob"
    if isinstance(domain, schema.Tags):
        return (
            f"typeof({c}) = 'text' and json_valid({c}) and json_type({c}) = 'array' "
            f"and json_array_length({c}) <= {schema.MAX_TAGS} "
            f"and not exists (select 1 from json_each({c}) where type != 'text' or length(value) = 0 "
            f"or length(value) > 50 or value glob forbidden or value glob tag_breaks)"
        )
    if isinstance(domain, schema.GoalChange):
        return f"typeof({c}) = 'text' and json_valid({c}) and json_type({c}) = 'object'"
    raise TypeError(f"no SQL for {domain!r}")  # pragma: no cover - every domain is above


BOOKKEEPING = ("id", "created_at", "updated_at", "author", "origin", "phase", "visibility")


@cache
def _bookkeeping_conditions() -> tuple[tuple[str, str], ...]:
    """The same for every table: made once."""
    found = [
        (name, f"new.{name} is not null and {condition(schema.BOOKKEEPING[name], 'new.' + name)}")
        for name in BOOKKEEPING
    ]
    found.append(
        (
            "versions",
            "new.versions is null or (typeof(new.versions) = 'text' and json_valid(new.versions) "
            "and json_type(new.versions) = 'object' "
            "and not exists (select 1 from json_each(new.versions) where type != 'text' "
            "or (value != '' and value not glob version_glob)))",
        )
    )
    return tuple(found)


def _conditions(table: str, columns: set[str] | None = None) -> Iterator[tuple[str, str]]:
    """Each field's condition; only those of `columns` when given (a schema step that runs before
    a later one added a field checks the fields the table has at that point)."""
    yield from _bookkeeping_conditions()
    for name, spec in schema.TABLES[table].items():
        if columns is not None and name not in columns:
            continue
        check = condition(spec, f"new.{name}")
        if not spec.required:
            yield name, f"new.{name} is null or ({check})"
        elif spec.text:  # a removed record may have arrived without its words (a tombstone)
            yield name, f"(new.{name} is null and new.deleted_at is not null) or ({check})"
        else:
            yield name, f"new.{name} is not null and {check}"


def _cases(table: str, conditions: list[tuple[str, str]]) -> str:
    return " ".join(
        f"when not ({check}) then raise(abort, 'mentorlog: {table}.{name} cannot hold that value')"
        for name, check in conditions
    )


def fingerprint(cases: Iterable[tuple[str, str]]) -> str:
    """The fingerprint of the rules: a CRC-32 of each table's name and conditions, in order."""
    crc = 0
    for table, body in cases:
        crc = zlib.crc32(f"{table}\0{body}\0".encode(), crc)
    return f"{crc:08x}"


def _checked_columns(conditions: list[tuple[str, str]]) -> list[str]:
    """The columns a table's conditions read: its checked fields, and `deleted_at` (a tombstone's
    missing words) when a condition reads it."""
    names = [name for name, _ in conditions]
    if "deleted_at" not in names and any("new.deleted_at" in check for _, check in conditions):
        names.append("deleted_at")
    return names


def triggers(columns: dict[str, set[str] | None]) -> dict[str, str]:
    """The value checks (name → SQL, as SQLite keeps it) of the tables given, each for its columns
    (None: every field `fields.py` declares), every one carrying the rules' fingerprint.

    SQLite parses every trigger and view of the schema whenever a command opens the journal, so each
    table's conditions are written once: in an `instead of insert` trigger on a view of its own
    (`check_TABLE`, one row of the checked columns, never holding any), which the table's thin
    `before insert` and `before update` triggers insert the new row into. The long character classes
    are written once for the whole journal, in the view `check_constants` the conditions read."""
    conditions = {table: list(_conditions(table, only)) for table, only in columns.items()}
    cases = [(table, _cases(table, found)) for table, found in conditions.items()]
    mark = f"/* mentorlog rules {fingerprint(cases)} */"
    made = {"check_constants": f"CREATE VIEW [check_constants] AS {mark} {CONSTANTS}"}
    for table, body in cases:
        names = _checked_columns(conditions[table])
        view = f"check_{table}"
        row = ", ".join(f"null as [{name}]" for name in names)
        made[view] = f"CREATE VIEW [{view}] AS {mark} select {row} where 0"
        made[f"{view}_values"] = (
            f"CREATE TRIGGER [{view}_values] instead of insert on [{view}] "
            f"begin {mark} select case {body} end from check_constants; end"
        )
        new = ", ".join(f"new.[{name}]" for name in names)
        for when in ("insert", "update"):
            made[f"{view}_{when}"] = (
                f"CREATE TRIGGER [{view}_{when}] before {when} on [{table}] "
                f"begin {mark} insert into [{view}] values ({new}); end"
            )
    return made


def _columns(db: Connection, table: str) -> set[str] | None:
    """The columns `table` has now, or None when a later schema step creates it."""
    found = {row[1] for row in db.execute(f"pragma table_info([{table}])").fetchall()}
    return found or None


def install(db: Connection) -> None:
    """(Re)create the value checks of every record table from `fields.py`, for the tables and
    fields the journal has at this schema step (the step that adds more installs them again)."""
    columns = {table: _columns(db, table) for table in schema.TABLES}
    made = triggers({table: found for table, found in columns.items() if found is not None})
    kinds = db.execute("select name, type from sqlite_master where type in ('trigger', 'view')")
    kind = dict(kinds.fetchall())
    for name in sorted(checks_in(db), key=lambda name: kind[name] == "view"):  # the views last
        db.execute(f"drop {kind[name]} if exists [{name}]")  # a view takes its own trigger along
    for sql in made.values():
        db.execute(sql)


def checks_in(db: Connection) -> dict[str, str]:
    """The value checks the journal holds (name → SQL)."""
    found = db.execute("select type, name, sql from sqlite_master where type in ('trigger', 'view')")
    return checks_among(found)


def checks_among(objects: Iterable[tuple[str, str, str | None]]) -> dict[str, str]:
    """The value checks (name → SQL: triggers and views) among a journal's schema `objects` (type,
    name, SQL)."""
    return {
        name: sql or "" for kind, name, sql in objects if kind in ("trigger", "view") and name[:6] == "check_"
    }


_made: dict[tuple[object, ...], dict[str, str]] = {}  # the checks of the rules last asked for


def stale(found: dict[str, str]) -> bool:
    """Whether the value checks `found` in a journal at the last schema step (name → SQL) are
    not those the rules make now: made from other rules, changed or dropped by another program.
    The checks are made once per process for the same rules (`journals` opens every journal)."""
    rules = tuple((table, tuple(specs.items())) for table, specs in schema.TABLES.items())
    if rules not in _made:
        _made.clear()
        _made[rules] = triggers(dict.fromkeys(schema.TABLES))
    return found != _made[rules]


# --- what mentorlog made -------------------------------------------------------------------------

FTS_TABLES = ("note", "topic", "goal", "action")  # sqlite-utils' enable_fts, schema step 3
OWN_TABLES = (
    "_sqlite_migrations", "journal", "merge_log", "repaired", "sync_seen", "note_tally", "calendar_item",
    "keys", "written_for_me", "programme_membership", "received_event",
)  # fmt: skip
OWN_TRIGGERS = ("note_tally_insert", "note_tally_delete", "note_tally_update")


@cache
def own_objects() -> frozenset[tuple[str, str]]:
    """(type, name) of every table, view and trigger some schema step makes (a test compares them
    with new journals and migrated ones); the only views are the value checks'."""
    tables = {*OWN_TABLES, *schema.TABLES}
    parts = ("", "_data", "_idx", "_docsize", "_config")
    tables.update(f"{t}_fts{part}" for t in FTS_TABLES for part in parts)
    made = {*OWN_TRIGGERS, *(f"{t}_{when}" for t in FTS_TABLES for when in ("ai", "ad", "au"))}
    made.update(f"check_{t}_{when}" for t in schema.TABLES for when in ("insert", "update", "values"))
    views = {"check_constants", *(f"check_{t}" for t in schema.TABLES)}
    return frozenset(
        {("table", name) for name in tables}
        | {("view", name) for name in views}
        | {("trigger", name) for name in made}
    )


def foreign(objects: Iterable[tuple[str, str, str | None]]) -> list[tuple[str, str, str | None]]:
    """Of a journal's `objects` (type, name, SQL), the tables, views and triggers mentorlog did not
    make (SQLite's own `sqlite_…` tables aside)."""
    own = own_objects()
    return [
        (kind, name, sql)
        for kind, name, sql in objects
        if kind in ("table", "view", "trigger") and (kind, name) not in own and not name.startswith("sqlite_")
    ]


def placeholder(spec: schema.Field) -> object:
    """A harmless value for a required field whose value had to be moved aside."""
    domain = spec.domain
    if isinstance(domain, schema.Text):
        return "(unreadable: see the repaired table)"
    if isinstance(domain, schema.Choice):
        return next(iter(domain.kind)).value
    if isinstance(domain, schema.Int):
        return domain.low
    if isinstance(domain, schema.Day):
        return "2000-01-01"
    if isinstance(domain, schema.Stamp):
        return "2000-01-01T00:00:00.000Z"
    if isinstance(domain, schema.GoalChange):
        return '{"title": null}'
    return None


def repair(db: Connection, when: str, limit: str, me: str, journal_id: str) -> int:
    """Move every value no field may hold into `repaired`, leaving NULL or a placeholder.

    Bookkeeping gets the safest value: a record whose visibility cannot be read becomes private.
    A required reference is left as it is (the foreign keys never let a bad one in). A stamp of
    something done that lies beyond `limit` (a day ahead of this machine's clock: a wrong clock
    somewhere) becomes `when`, and the journal's clock is set anew from what remains.
    """
    db.execute(
        "create table if not exists repaired (table_name text, record_id text, field text, value, "
        "repaired_at text)"
    )
    fixes = {
        "created_at": "2000-01-01T00:00:00.000Z",
        "updated_at": "2000-01-01T00:00:00.000Z",
        "author": me,
        "origin": journal_id,
        "phase": "getting-started",
        "visibility": "private",
        "versions": None,
    }
    moved = 0
    tables = {table: _columns(db, table) for table in schema.TABLES}
    for table, columns in tables.items():
        if columns is None:
            continue
        for name, check in _conditions(table, columns):
            spec = schema.TABLES[table].get(name)
            if name == "id" or (spec is not None and spec.required and spec.ref):
                continue
            fix = fixes[name] if spec is None else placeholder(spec) if spec.required else None
            plain = check.replace("new.", "")
            found = f"select id, [{name}] from [{table}], ({CONSTANTS}) where not ({plain})"
            bad = db.execute(found).fetchall()
            for record_id, value in bad:
                db.execute(
                    "insert into repaired values (?, ?, ?, ?, ?)", [table, record_id, name, value, when]
                )
                db.execute(f"update [{table}] set [{name}] = ? where id = ?", [fix, record_id])
                moved += 1
        stamps = ["created_at", "updated_at"]
        stamps += [n for n, f in schema.TABLES[table].items() if f.act_stamp and n in columns]
        for name in stamps:
            ahead = db.execute(f"select id, [{name}] from [{table}] where [{name}] > ?", [limit]).fetchall()
            for record_id, value in ahead:
                db.execute(
                    "insert into repaired values (?, ?, ?, ?, ?)", [table, record_id, name, value, when]
                )
                db.execute(f"update [{table}] set [{name}] = ? where id = ?", [when, record_id])
                moved += 1
    newest = max(
        db.execute(f"select max(updated_at) from [{t}]").fetchone()[0] or ""
        for t, columns in tables.items()
        if columns is not None
    )
    db.execute("update journal set clock = ?", [newest or None])
    return moved
