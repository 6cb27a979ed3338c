"""Helpers for tests that use two journals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mentorlog.store.exchange import MERGE_ORDER


def shared_content(path: Path) -> dict[str, list[tuple]]:
    """Every shared record of a journal, table by table, as sorted tuples of all columns."""
    conn = sqlite3.connect(path)
    try:
        content = {}
        for table in MERGE_ORDER:
            rows = conn.execute(f"select * from [{table}] where visibility = 'shared' order by id").fetchall()
            content[table] = rows
        return content
    finally:
        conn.close()
