"""Two records that share a number after a merge (sessions, goals, outcomes, options, actions):
the later-made one is given the next free number, the same way in both journals."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mentorlog.store import numbers, records, sessions
from mentorlog.store.db import Db
from mentorlog.store.merge import join, model
from mentorlog.store.records import rows


def settle(db: Db, parties: model.Parties, now: datetime, result: model.Result) -> None:
    """After the merge's writes: a number for each record that came without one (from an older
    mentorlog), and the later-made of two that share a number renumbered."""
    if "session" in result.added or "session" in result.updated:
        _number(db, "session", parties, now, result)
    for table in numbers.NUMBERED:
        if table in result.added or table in result.updated:
            _number(db, table, parties, now, result)


def _number(db: Db, table: str, parties: model.Parties, now: datetime, result: model.Result) -> None:
    session = table == "session"
    for row in rows(db, f"select id from [{table}] where number is null order by created_at, id"):
        new = sessions.next_number(db) if session else numbers.next_number(db, table)
        records.change(db, table, row["id"], parties.my_journal, now, {"number": new})
    # a shared record that moves may meet a private one: settle until no clash is left
    while groups := (sessions.clashes(db) if session else numbers.clashes(db, table)):
        for group in groups:
            winner_version = join.expand(table, group[0]).version_of("number")
            for loser in group[1:]:
                renumber(db, loser, winner_version, result, group[0]["id"], table)


def renumber(
    db: Db, loser: dict[str, Any], winner_version: str, result: model.Result, kept_by: str,
    table: str = "session",
) -> None:  # fmt: skip
    """Give the later-made of two sessions (or goals, outcomes, options, actions) that share a
    number the next free number.

    Both journals do this when they meet the clash, and both reach the same record: the new
    number's version is made from the two clashing versions (a millisecond after the later one,
    in the name of the journal that numbered the loser), not from the clock of the journal that
    happens to merge, so the two renumberings are one and the same change; and it is later than
    every version the renumbering was made knowing, as the journal's clock is.
    """
    copy = join.expand(table, loser)
    stamp, numbered_by = model.split(copy.version_of("number"))
    later = max(model.split(winner_version)[0], stamp)
    version = model.version(stamp_after(later), numbered_by)
    private = loser["visibility"] == "private"
    new = sessions.free_number(db, private) if table == "session" else numbers.free_number(db, table, private)
    copy.values["number"] = new
    copy.versions["number"] = version
    updated_at, origin, older = join.compact(copy)
    db.execute(
        f"update [{table}] set number = ?, updated_at = ?, origin = ?, versions = ? where id = ?",
        [new, updated_at, origin, older, loser["id"]],
    )
    records.see_stamp(db, updated_at)
    moved = model.Renumbered(loser["id"], loser["number"], new, kept_by, numbered_by, table)
    (result.renumbered if table == "session" else result.renumbered_plan).append(moved)


def stamp_after(value: str) -> str:
    from mentorlog.dates import from_stamp, stamp

    return stamp(from_stamp(value) + timedelta(milliseconds=1))
