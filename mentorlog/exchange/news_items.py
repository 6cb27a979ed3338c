"""The pieces every item of the news is made of (exchange/news.py): the item itself, how people,
session numbers and times are named, and a record as the merge left it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorlog.dates import from_stamp
from mentorlog.journal.journal import Journal
from mentorlog.model import Role
from mentorlog.store import records
from mentorlog.store.db import Db


@dataclass(frozen=True)
class Item:
    code: str  # stable, for scripts
    message: str  # a sentence for the owner, ending with the command to run, if any
    command: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "command": self.command}


def first_name(journal: Journal, role: Role | str) -> str:
    """The first name of the person in `role`, as news and messages call them."""
    name = journal.pair.mentor if str(role) == Role.MENTOR else journal.pair.mentee
    return name.split()[0] if name.split() else str(role)


def numbers_text(numbers: Iterable[int]) -> str:
    """`4`, `4 6`, `4-6`, `2 4-6`: how `session confirm` takes them."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return " ".join(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" for run in runs)


def when(row: dict[str, Any], now: datetime) -> str:
    """A session's start as news says it: `Thu 26 Nov 18:00`."""
    moment = from_stamp(row["starts_at"]).astimezone(now.tzinfo)
    return f"{moment:%a} {moment.day} {moment:%b} {moment:%H:%M}"


def quoted(text: Any, limit: int = 50) -> str:
    """A record's text on one line, in quotes, cut at `limit` characters."""
    words = " ".join(str(text or "").split())
    return f"'{words if len(words) <= limit else words[: limit - 1] + '…'}'"


def row_of(db: Db, table: str, record_id: str) -> dict[str, Any]:
    """The record as it stands after the merge, or an empty dict."""
    return records.get(db, table, record_id) or {}
