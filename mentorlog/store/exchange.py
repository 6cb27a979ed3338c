"""Reading and writing whole record sets, for bundles, exports and merges.

Records move between journals as plain rows. `apply_rows` is the merge rule in one place: a row
whose id is new is inserted; a known row is replaced only when the incoming one is newer by
(`updated_at`, `origin`) — the later write wins, a tie goes to the larger origin — so both
journals converge whatever the order of exchanges, and merging the same rows twice writes nothing.
"""

from __future__ import annotations

from mentorlog import crashpoints

# Tables in an order that inserts every row after the rows it refers to.
MERGE_ORDER = (
    "pair", "agreement", "rule", "vision", "goal", "goal_revision", "goal_progress", "assessment", "outcome",
    "action", "option", "session", "topic", "feedback", "note", "reflection",
)  # fmt: skip
BATCH = 500


def columns(db, table: str) -> dict[str, str]:
    """Column name → SQLite type (`TEXT`, `INTEGER`) of a record table."""
    return {c.name: c.type.upper() for c in db.table(table).columns}


def foreign_keys(db, table: str) -> list[tuple[str, str]]:
    """(column, other table) for each reference a table makes."""
    return [(fk.column, fk.other_table) for fk in db.table(table).foreign_keys]


def private_count(db) -> int:
    """Private records in the journal (they never leave it in a bundle)."""
    return sum(
        db.execute(f"select count(*) from [{t}] where visibility = 'private'").fetchone()[0]
        for t in MERGE_ORDER
    )


def defer_foreign_keys(db) -> None:
    """Check references at the commit, not row by row (rows arrive table by table)."""
    db.execute("PRAGMA defer_foreign_keys = ON")


def iter_rows(db, table: str, shared_only: bool):
    where = "where visibility = 'shared'" if shared_only else ""
    yield from db.query(f"select * from [{table}] {where} order by id")


def existing_ids(db, table: str, ids: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        marks = ", ".join("?" for _ in chunk)
        found.update(r[0] for r in db.execute(f"select id from [{table}] where id in ({marks})", chunk))
    return found


def versions(db, table: str, ids: list[str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        marks = ", ".join("?" for _ in chunk)
        for row in db.execute(f"select id, updated_at, origin from [{table}] where id in ({marks})", chunk):
            found[row[0]] = (row[1], row[2])
    return found


def plan_rows(db, table: str, rows: list[dict]) -> tuple[list[dict], list[dict], int]:
    """Split incoming rows into (new, newer than ours, the rest) without writing."""
    known = versions(db, table, [r["id"] for r in rows])
    new, newer, same = [], [], 0
    for row in rows:
        mine = known.get(row["id"])
        if mine is None:
            new.append(row)
        elif (row["updated_at"], row["origin"]) > mine:
            newer.append(row)
        else:
            same += 1
    return new, newer, same


def apply_rows(db, table: str, new: list[dict], newer: list[dict]) -> None:
    """Write planned rows (inside the caller's transaction), a batch at a time."""
    for i in range(0, len(new), BATCH):
        db.table(table).insert_all(new[i : i + BATCH], batch_size=BATCH)
        crashpoints.reached("merge-batch")
    for i in range(0, len(newer), BATCH):
        db.table(table).upsert_all(newer[i : i + BATCH], pk="id", batch_size=BATCH)
        crashpoints.reached("merge-batch")
