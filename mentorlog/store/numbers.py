"""The numbers people type for goals, outcomes, options and actions (`goal show 2`, `option choose
1`, `action done 3`), kept as a session's number is (store/sessions.py): given once, when the record
is made (one more than the highest number of its table, removed and private records included), and
stored, never recomputed. Two records made at once in the two journals can get the same number; the
merge renumbers the later-made one (store/merge/renumber.py), so both journals agree after
the next exchange.

A private record is in one journal only, so the partner's journal cannot meet its clashes: when a
shared record from the partner has the number of a private one, the private one always moves
(`clashes` puts it last), and a shared record that moves takes the next number after every
*shared* one (`free_number`), which both journals count alike; a private record that moves takes
the next number after all of them."""

from __future__ import annotations

from mentorlog.model import Audience
from mentorlog.store.audience import shown
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, NUMBERED, Row, next_number, rows

__all__ = [
    "NUMBERED",
    "by_number",
    "by_title",
    "clashes",
    "free_number",
    "next_number",
    "number_range",
    "numbers_of",
]

TITLE = {"goal": "title", "outcome": "text", "option": "text", "action": "text"}


def by_number(db: Db, table: str, number: int, audience: Audience = Audience.OWNER) -> Row | None:
    """The record of `table` with `number`, live ones first (the one made first, while a clash
    waits to be renumbered)."""
    found = rows(
        db,
        f"select * from [{table}] where number = ? and {shown(audience, table)} "
        "order by deleted_at is not null, created_at, id limit 1",
        [number],
    )
    return found[0] if found else None


def by_title(db: Db, table: str, typed: str) -> list[Row]:
    """Live records of `table` whose title (or text) is `typed`, ignoring case and the spaces
    around it; failing that, those whose title contains it."""
    column = TITLE[table]
    wanted = typed.strip().lower()
    exact = rows(
        db,
        f"select * from [{table}] where {LIVE} and lower(trim([{column}])) = ? order by number, id",
        [wanted],
    )
    if exact:
        return exact
    return rows(
        db,
        f"select * from [{table}] where {LIVE} and instr(lower([{column}]), ?) > 0 "
        "order by number, id limit 11",
        [wanted],
    )


def number_range(db: Db, table: str) -> tuple[int, int] | None:
    """The lowest and highest number of a live record of `table`, or None."""
    low, high = db.execute(f"select min(number), max(number) from [{table}] where {LIVE}").fetchone()
    return None if low is None else (low, high)


def clashes(db: Db, table: str) -> list[list[Row]]:
    """Records of `table` that share a number (made at once in the two journals): the shared ones
    first-made first, then the private ones (which give way, as the partner never sees them)."""
    found = [
        row[0] for row in db.execute(f"select number from [{table}] group by number having count(*) > 1")
    ]
    return [
        rows(
            db,
            f"select * from [{table}] where number = ? order by visibility = 'private', created_at, id",
            [number],
        )
        for number in found
    ]


def free_number(db: Db, table: str, private: bool) -> int:
    """The number a record of `table` that has to move takes: a shared one the next after every
    shared record (the same in both journals, whatever private records each holds), a private one
    the next after every record."""
    if private:
        return next_number(db, table)
    highest = db.execute(f"select max(number) from [{table}] where visibility = 'shared'").fetchone()[0]
    return (highest or 0) + 1


def numbers_of(db: Db, table: str, record_ids: set[str | None]) -> dict[str, int]:
    """The numbers of some records of `table`, by id."""
    wanted = sorted(i for i in record_ids if i)
    if not wanted:
        return {}
    marks = ", ".join("?" for _ in wanted)
    return dict(db.execute(f"select id, number from [{table}] where id in ({marks})", wanted).fetchall())
