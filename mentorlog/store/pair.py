"""The pair (the mentorship) and this journal's own row: who keeps it, and its origin id."""

from __future__ import annotations

from mentorlog.model import Pair, Phase, Role
from mentorlog.store import records
from mentorlog.store.db import Db
from mentorlog.store.records import Writer


def create(
    db: Db,
    writer: Writer,
    *,
    me: Role,
    mentor: str,
    mentee: str,
    programme: str | None,
    starts_on: str | None,
    ends_on: str | None,
    version: str,
    pair_id: str | None = None,
) -> str:
    """Write the journal's own row and the pair; returns the pair id."""
    add_journal_row(db, writer, me, version)
    values = {
        "mentor": mentor,
        "mentee": mentee,
        "programme": programme,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "current_phase": str(Phase.GETTING_STARTED),
    }
    return records.insert(db, "pair", writer, values, record_id=pair_id)


def add_journal_row(db: Db, writer: Writer, me: Role, version: str, clock: str | None = None) -> None:
    """This journal's own row: its origin id, whose it is, the mentorlog that made it, and its
    clock (a journal started from a bundle starts at the bundle's clock)."""
    db.insert(
        "journal",
        {
            "id": writer.origin,
            "me": str(me),
            "created_at": writer.stamp,
            "mentorlog_version": version,
            "clock": clock,
        },
    )


def read(db: Db) -> Pair:
    journal = next(db.query("select id, me from journal limit 1"))
    row = next(db.query("select * from pair limit 1"))
    return Pair(
        id=row["id"],
        mentor=row["mentor"],
        mentee=row["mentee"],
        me=Role(journal["me"]),
        programme=row["programme"],
        starts_on=row["starts_on"],
        ends_on=row["ends_on"],
        phase=Phase(row["current_phase"]),
        journal_id=journal["id"],
        ended_on=row.get("ended_on"),
        end_kind=row.get("end_kind"),
        end_reason=row.get("end_reason"),
    )


def set_phase(db: Db, writer: Writer, phase: Phase) -> None:
    records.update(db, "pair", read(db).id, writer, {"current_phase": str(phase)})


def set_ending(db: Db, writer: Writer, ended_on: str, kind: str, reason: str | None) -> None:
    records.update(
        db, "pair", read(db).id, writer, {"ended_on": ended_on, "end_kind": kind, "end_reason": reason}
    )
