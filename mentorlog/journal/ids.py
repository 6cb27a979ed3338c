"""Ids as people see and type them: short prefixes out, any unique prefix back in."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mentorlog.errors import InvalidInput, NotFound
from mentorlog.store import numbers, records
from mentorlog.store.migrations import ID_TABLES

if TYPE_CHECKING:
    from mentorlog.store.db import Db, Row

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


def shorten(db: Db, rows: Sequence[Mapping[str, Any]], key: str = "id") -> dict[str, str]:
    """Short ids for the rows' ids, unique across every record a person can name."""
    return records.short_ids(db, ID_TABLES, [row[key] for row in rows if row.get(key)])


def with_short_ids(db: Db, rows: Sequence[Mapping[str, Any]]) -> list[Row]:
    """The rows, each with its `short_id`."""
    short = shorten(db, rows)
    return [{**row, "short_id": short[row["id"]]} for row in rows]


def pick(row: Mapping[str, Any], keys: tuple[str, ...]) -> Row:
    """A row as scripts see it: its id and short id, then `keys`."""
    return {"id": row["id"], "short_id": row["short_id"], **{key: row[key] for key in keys}}


def find(db: Db, kind: str, prefix: str) -> Row:
    """The one record of `kind` a person names: by its number (goals, outcomes, options and
    actions, as sessions), by its id (the end, or the start as older versions showed it), or by a
    title (or text) that only one live record of its kind has or contains."""
    tables = KIND_TABLES.get(kind, ID_TABLES)
    hint = LIST_HINTS.get(kind, LIST_HINTS["entry"])
    if kind in numbers.NUMBERED:
        typed = prefix.strip()
        if typed.isdigit() and len(typed) < records.TAIL:
            found = numbers.by_number(db, kind, int(typed))
            if found is not None:
                return {**found, "_table": kind}
            if len(typed) < MIN_NUMBER_AS_ID:
                raise NotFound(f"No {kind} {typed}: {_numbered(db, kind)}. {hint} shows them.")
        try:
            table, record_id = records.resolve(db, tables, prefix, kind, hint)
        except (NotFound, InvalidInput) as error:
            if isinstance(error, InvalidInput) and "matches several" in str(error):
                raise
            return {**_by_title(db, kind, prefix, hint, error), "_table": kind}
    else:
        table, record_id = records.resolve(db, tables, prefix, kind, hint)
    row = records.get(db, table, record_id)
    row["_table"] = table
    return row


MIN_NUMBER_AS_ID = 4  # digits alone, shorter than this, are only ever a number


def _numbered(db: Db, kind: str) -> str:
    span = numbers.number_range(db, kind)
    if span is None:
        return f"there are no {kind}s yet"
    low, high = span
    return f"{kind}s are numbered {low}" if low == high else f"{kind}s are numbered {low}–{high}"


def _by_title(db: Db, kind: str, typed: str, hint: str, error: Exception) -> Row:
    """The one live record of `kind` whose title is (or contains) `typed`; else the id's error, or
    the records it could mean."""
    found = numbers.by_title(db, kind, typed) if typed.strip() else []
    if len(found) == 1:
        return found[0]
    if not found:
        if isinstance(error, InvalidInput):
            raise NotFound(f"No {kind} {typed!r}: no number, id or title. {hint} shows them.") from None
        raise error
    listed = ", ".join(str(row["number"]) for row in found[:10])
    more = " and more" if len(found) > 10 else ""
    raise InvalidInput(f"{typed!r} matches several {kind}s: {listed}{more}. Type its number.")


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
