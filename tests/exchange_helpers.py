"""Helpers for tests that use two journals."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from mentorlog import fields as schema
from mentorlog.store.merge import join
from mentorlog.store.merge.model import MERGE_ORDER


def field_state(path: Path) -> dict[tuple[str, str], dict[str, tuple[Any, str]]]:
    """Every shared record of a journal as a bundle carries it: each field's (value, version),
    fixed fields with an empty version, and no free text for a removed record (a tombstone)."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        state: dict[tuple[str, str], dict[str, tuple[Any, str]]] = {}
        for table in MERGE_ORDER:
            for raw in conn.execute(f"select * from [{table}] where visibility = 'shared'"):
                row = dict(raw)
                copy = join.expand(table, row)
                removed = row["deleted_at"] is not None
                fields: dict[str, tuple[Any, str]] = {
                    name: (row[name], "") for name in ("author", "created_at", "phase")
                }
                for name, spec in schema.TABLES[table].items():
                    if removed and spec.text:
                        continue
                    if spec.fixed:
                        fields[name] = (row[name], "")
                    else:
                        fields[name] = (copy.values[name], copy.versions[name])
                state[(table, row["id"])] = fields
        return state
    finally:
        conn.close()


def shared_content(path: Path) -> dict[tuple[str, str], dict[str, tuple[Any, str]]]:
    return field_state(path)


def first_exchange(folder: Path, moment: datetime):
    """Maja's journal (mentee) and Tomaž's, started from her first plain bundle, through the
    services (no command line): the two open journals."""
    from mentorlog.exchange import exchange, share
    from mentorlog.journal.journal import init_journal

    maja = init_journal(
        str(folder / "maja.db"), mentor="Tomaž Zupan", mentee="Maja Horvat", me="mentee",
        programme=None, start="2026-09-01", end=None, now=moment,
    )  # fmt: skip
    first = folder / "first.json"
    share.share(maja, first, moment, plain=True)
    tomaz, _ = exchange.init_from(str(folder / "tomaz.db"), first, None, moment)
    return maja, tomaz
