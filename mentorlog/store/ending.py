"""Queries for the end of the mentorship: the final-reflection answers and the totals of held sessions."""

from __future__ import annotations

from mentorlog.model import Audience, ReflectionKey, may_answer
from mentorlog.store import records
from mentorlog.store.audience import shown
from mentorlog.store.db import Db
from mentorlog.store.records import LIVE, Row, Writer, rows


def answers(db: Db, audience: Audience) -> list[Row]:
    return rows(
        db, f"select * from reflection where {LIVE} and {shown(audience, 'reflection')} order by key, author"
    )


def save_answer(db: Db, writer: Writer, key: str, text: str) -> None:
    """One answer per question and role: a new answer revises the earlier one."""
    found = rows(
        db, f"select id from reflection where {LIVE} and key = ? and author = ?", [key, str(writer.role)]
    )
    if found:
        records.update(db, "reflection", found[0]["id"], writer, {"text": text})
    else:
        records.insert(db, "reflection", writer, {"key": key, "text": text})


def remove_answers_of_the_other_role(db: Db) -> int:
    """Remove (softly) answers to a question that is the other role's, given before the questions
    had owners: removed at the stamp of their own version, so both journals of the pair remove them
    alike and the tombstones merge as one. Returns how many."""
    found = rows(db, f"select id, key, author, updated_at from reflection where {LIVE}")
    known = ReflectionKey._value2member_map_
    wrong = [row for row in found if row["key"] in known and not may_answer(row["author"], row["key"])]
    for row in wrong:
        db.execute("update reflection set deleted_at = ? where id = ?", [row["updated_at"], row["id"]])
    return len(wrong)
