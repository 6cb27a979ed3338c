"""Any entry by its id prefix: change its text (`edit`), hide it (`rm`, a soft delete) or bring it
back (`restore`)."""

from __future__ import annotations

from datetime import datetime

from mentorlog import fields as schema
from mentorlog.errors import Refused
from mentorlog.journal import ids, validate
from mentorlog.journal.journal import Journal
from mentorlog.model import Role, Visibility
from mentorlog.store import records
from mentorlog.store.journal import writing
from mentorlog.store.merge import cursor
from mentorlog.store.records import Row

# Which column holds the text that `edit` changes, per kind of entry.
TEXT_COLUMNS = {
    "note": "text", "topic": "text", "rule": "text", "action": "text", "outcome": "text", "option": "text",
    "assessment": "text", "vision": "text", "goal": "title",
}  # fmt: skip


def _find(journal: Journal, prefix: str) -> tuple[str, Row]:
    table, record_id = records.resolve(journal.db, ids.REMOVABLE, prefix, "entry", ids.LIST_HINTS["entry"])
    return table, records.get(journal.db, table, record_id)


def remove(journal: Journal, prefix: str, now: datetime, acting_as: Role | None = None) -> Row:
    with writing(journal.db):
        table, row = _find(journal, prefix)
        if row["deleted_at"]:
            raise Refused(f"That {table} is already removed; `mentorlog restore {prefix}` brings it back.")
        records.soft_delete(journal.db, table, row["id"], journal.writer(now, acting_as))
    return {"kind": table, "id": ids.shorten(journal.db, [row])[row["id"]]}


def restore(journal: Journal, prefix: str, now: datetime, acting_as: Role | None = None) -> Row:
    with writing(journal.db):
        table, row = _find(journal, prefix)
        if not row["deleted_at"]:
            raise Refused(f"That {table} is not removed; nothing to restore.")
        if any(spec.required and row[name] is None for name, spec in schema.TABLES[table].items()):
            raise Refused(
                f"That {table} was removed before its words reached this journal (a removed entry "
                "travels without them), so only the journal that made it can restore it."
            )
        records.restore(journal.db, table, row["id"], journal.writer(now, acting_as))
    return {"kind": table, "id": ids.shorten(journal.db, [row])[row["id"]]}


def entry_text(journal: Journal, prefix: str) -> tuple[str, str]:
    """(kind, current text) of an entry, for editing it in an editor."""
    table, record_id = records.resolve(
        journal.db, tuple(TEXT_COLUMNS), prefix, "entry", ids.LIST_HINTS["entry"]
    )
    return table, records.get(journal.db, table, record_id)[TEXT_COLUMNS[table]]


def share_or_keep(journal: Journal, prefix: str, visibility: Visibility, now: datetime) -> Row:
    """Share an entry with the partner, or make a shared one private again (the partner keeps
    what they already have: a private entry stops travelling, it is not taken back)."""
    with writing(journal.db):
        table, record_id = records.resolve(
            journal.db, tuple(TEXT_COLUMNS), prefix, "entry", ids.LIST_HINTS["entry"]
        )
        row = records.get(journal.db, table, record_id)
        before = row["visibility"]
        if before != visibility:
            records.set_visibility(journal.db, table, record_id, visibility, now)
        partner_may_have = (
            before == Visibility.SHARED
            and visibility is Visibility.PRIVATE
            and cursor.exchange_state(journal.db).shared_clock >= row["updated_at"]
        )
    return {
        "kind": table,
        "id": record_id,
        "short_id": ids.shorten(journal.db, [{"id": record_id}])[record_id],
        "visibility": str(visibility),
        "changed": before != visibility,
        "partner_has_it": partner_may_have,
    }


def edit(journal: Journal, prefix: str, text: str, now: datetime, acting_as: Role | None = None) -> Row:
    with writing(journal.db):
        table, record_id = records.resolve(
            journal.db, tuple(TEXT_COLUMNS), prefix, "entry", ids.LIST_HINTS["entry"]
        )
        row = records.get(journal.db, table, record_id)
        if row["deleted_at"]:
            raise Refused(f"That {table} is removed; `mentorlog restore {prefix}` first.")
        column = TEXT_COLUMNS[table]
        new = validate.value(table, column, text, table)
        if new == row[column]:
            raise Refused("That is the text it already has; nothing changed.")
        records.update(journal.db, table, record_id, journal.writer(now, acting_as), {column: new})
    return {
        "kind": table,
        "id": record_id,
        "short_id": ids.shorten(journal.db, [{"id": record_id}])[record_id],
    }
