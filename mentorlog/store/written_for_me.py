"""The records in the owner's name that the partner's journal made (`--as` at the partner's
laptop): the `written_for_me` table, filled by the merge that brings them (store/merge/apply.py) and
read by `log` and the reports, which mark them as the partner's doing. Local, never exchanged:
one row per record (`id`, its table `tbl`, the journal that made it `by_journal`, `noted_at`).
"""

from __future__ import annotations

from datetime import datetime

from mentorlog.store.db import Db


def note(db: Db, found: list[tuple[str, str]], by_journal: str, now: datetime) -> None:
    """Remember (table, id) records made in the owner's name by the journal `by_journal`."""
    from mentorlog.dates import stamp

    db.executemany(
        "insert or ignore into written_for_me (id, tbl, by_journal, noted_at) values (?, ?, ?, ?)",
        [(record_id, table, by_journal, stamp(now)) for table, record_id in found],
    )


def among(db: Db, ids: list[str]) -> set[str]:
    """Which of `ids` the partner's journal wrote in the owner's name."""
    if not ids:
        return set()
    marks = ", ".join("?" for _ in ids)
    return {row[0] for row in db.execute(f"select id from written_for_me where id in ({marks})", ids)}
