"""Ids as people see and type them: short prefixes out, any unique prefix back in."""

from __future__ import annotations

from mentorlog.store import records
from mentorlog.store.migrations import ID_TABLES

KIND_TABLES = {
    "goal": ("goal",),
    "rule": ("rule",),
    "outcome": ("outcome",),
    "option": ("option",),
    "action": ("action",),
    "assessment": ("assessment",),
}
LIST_HINTS = {
    "goal": "`mentorlog goal list --all`",
    "rule": "`mentorlog rule list --all`",
    "outcome": "`mentorlog outcome list`",
    "option": "`mentorlog option list`",
    "action": "`mentorlog action list --all`",
    "entry": "`mentorlog log`",
}


def shorten(db, rows: list[dict], key: str = "id") -> dict[str, str]:
    """Short ids for the rows' ids, unique across every record a person can name."""
    return records.short_ids(db, ID_TABLES, [row[key] for row in rows if row.get(key)])


def with_short_ids(db, rows: list[dict]) -> list[dict]:
    """The rows, each with its `short_id`."""
    short = shorten(db, rows)
    return [{**row, "short_id": short[row["id"]]} for row in rows]


def pick(row: dict, keys: tuple[str, ...]) -> dict:
    """A row as scripts see it: its id and short id, then `keys`."""
    return {"id": row["id"], "short_id": row["short_id"], **{key: row[key] for key in keys}}


def find(db, kind: str, prefix: str) -> dict:
    """The one record of `kind` whose id starts with `prefix`."""
    tables = KIND_TABLES.get(kind, ID_TABLES)
    table, record_id = records.resolve(db, tables, prefix, kind, LIST_HINTS.get(kind, LIST_HINTS["entry"]))
    row = records.get(db, table, record_id)
    row["_table"] = table
    return row


# What `rm` and `restore` may act on: the entries people write (agreement versions and the
# history of goals stay as they are).
REMOVABLE = (
    "rule",
    "vision",
    "goal",
    "assessment",
    "outcome",
    "option",
    "action",
    "note",
    "topic",
    "feedback",
)
