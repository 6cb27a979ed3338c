"""What each audience may see: the one rule of privacy, as SQL.

A private record never leaves the journal. Every read that can feed something leaving it (a
bundle, a report, the agenda, the calendar, the certificate) takes an `Audience` and puts
`shown(audience, table, alias)` in its WHERE clause; nothing above the store filters rows.

For the partner (`Audience.PARTNER`) a record is shown when it is shared, live or not (a bundle
carries tombstones; the reads that want live rows say `deleted_at is null` themselves), and
when every record it cannot exist without (a required reference: a revision's goal, feedback's
session, an agreement event's version) is shared too. A shared record that merely points at a
private one (an action for a private goal, a topic for a private session) is shown without the
link: `hidden_links` names the links to leave out, and `linked` joins a parent only when the
audience may see it.
"""

from __future__ import annotations

from typing import Any

from mentorlog import fields as schema
from mentorlog.model import Audience, Visibility
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, Params, Row, rows

SHARED = f"'{Visibility.SHARED}'"


def _column(table: str, alias: str | None, name: str) -> str:
    return f"{alias or f'[{table}]'}.{name}"


def shown(audience: Audience, table: str, alias: str | None = None) -> str:
    """The SQL condition for the rows of `table` (named `alias` in the query) `audience` may see."""
    if audience is Audience.OWNER:
        return "1"
    parts = [f"{_column(table, alias, 'visibility')} = {SHARED}"]
    for name, spec in schema.TABLES[table].items():
        if spec.ref and spec.required:
            parts.append(
                f"exists (select 1 from [{spec.ref}] parent where parent.id = {_column(table, alias, name)} "
                f"and parent.visibility = {SHARED})"
            )
    return "(" + " and ".join(parts) + ")"


def visible(
    db: Db,
    table: str,
    audience: Audience,
    where: str = "1",
    params: Params = (),
    *,
    order: str = "created_at",
    limit: int | None = None,
) -> list[Row]:
    """The live rows of `table` that `audience` may see and that meet `where` (SQL, the code's own;
    its values in `params`), in `order`: the read most reports and views are made of."""
    last = "" if limit is None else f" limit {int(limit)}"
    sql = f"select * from [{table}] where {LIVE} and {shown(audience, table)} and ({where}) order by {order}"
    return rows(db, sql + last, params)


def optional_links(table: str) -> list[tuple[str, str]]:
    """(field, table it points at) for each reference `table` can exist without."""
    return [(name, spec.ref) for name, spec in schema.TABLES[table].items() if spec.ref and not spec.required]


def hidden_links(audience: Audience, table: str, alias: str | None = None) -> str:
    """Extra columns for a SELECT: `[hidden:FIELD]` is 1 where the row points at a record the
    audience may not see (`without_hidden` then clears that link)."""
    if audience is Audience.OWNER:
        return ""
    return "".join(
        f", (select 1 from [{target}] parent where parent.id = {_column(table, alias, name)} "
        f"and parent.visibility != {SHARED}) as [hidden:{name}]"
        for name, target in optional_links(table)
    )


def without_hidden(row: dict[str, Any], *, drop: bool = False) -> dict[str, Any]:
    """`row` with the links `hidden_links` marked cleared (None), or taken out of the row
    (`drop`: a bundle then does not carry the field at all, and the partner keeps what they have)."""
    for key in [k for k in row if k.startswith("hidden:")]:
        if row.pop(key):
            name = key.removeprefix("hidden:")
            if drop:
                del row[name]
            else:
                row[name] = None
    return row


def linked(audience: Audience, table: str, alias: str) -> str:
    """A join condition's extra part: the parent `alias` of `table` joins only when `audience`
    may see it (`left join goal g on g.id = a.goal_id and {linked(...)}`)."""
    return shown(audience, table, alias)
