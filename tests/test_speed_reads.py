"""Reads of `agenda` and `status` that could grow with years of history (README, "Speed"): short
ids are found in one query per table whatever their number, and the actions done since the last
session through an index. Structural facts (query plans, statements counted), no timings."""

from __future__ import annotations

import random
import sqlite3
from datetime import timedelta

from mentorlog.journal.journal import opened
from mentorlog.model import Audience
from mentorlog.store import plan as plan_store
from mentorlog.store import records
from mentorlog.store.db import Db
from mentorlog.store.migrations import ID_TABLES

from .conftest import NOW, as_json, clock_at, ok


def statements(db, read) -> list[str]:
    """The SQL statements `read()` runs on `db`, with their values in place."""
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        read()
    finally:
        db.conn.set_trace_callback(None)
    return seen


def plan_of(db, sql: str) -> list[str]:
    return [row[3] for row in db.execute(f"explain query plan {sql}").fetchall()]


def test_actions_done_since_a_moment_are_found_through_their_index(journal_path):
    with opened(str(journal_path)) as journal:
        ran = statements(
            journal.db,
            lambda: plan_store.actions_done_since(journal.db, Audience.PARTNER, "2026-11-01T00:00:00.000Z"),
        )
        assert len(ran) == 1
        steps = plan_of(journal.db, ran[0])
    assert any("USING INDEX idx_action_status_done_at (status=? AND done_at>?)" in s for s in steps), steps
    assert not any(s.startswith("SCAN") for s in steps), steps


def tiny_journal_tables(ids_by_table: dict[str, list[str]]) -> Db:
    conn = sqlite3.connect(":memory:")
    for table, ids in ids_by_table.items():
        conn.execute(f"create table [{table}] (id text primary key)")
        conn.execute(f"create index [idx_{table}_tail] on [{table}] (substr(id, 21))")
        conn.executemany(f"insert into [{table}] (id) values (?)", [(i,) for i in ids])
    return Db(conn)


def shortest_ends(ids: list[str], every: list[str]) -> dict[str, str]:
    """Short ids as the rule says, one id at a time: the shortest end, six characters at least,
    that no other id ends with."""
    result = {}
    for record_id in ids:
        length = records.TAIL
        while length < len(record_id) and any(
            o != record_id and o.endswith(record_id[-length:]) for o in every
        ):
            length += 1
        result[record_id] = record_id[-length:]
    return result


def test_short_ids_take_one_query_and_say_what_one_id_at_a_time_would():
    rng = random.Random(11)

    def ulid(tail: str) -> str:
        head = "".join(rng.choice(records.CROCKFORD) for _ in range(26 - len(tail)))
        return head + tail

    shared = ["abcdef", "bcdefg", "xyzabc"]
    tables = {
        "goal": [ulid("q" + shared[0]), ulid("r" + shared[0]), ulid(shared[1])],
        "note": [ulid("qq" + shared[0]), ulid("s" + shared[1]), ulid(shared[2])],
        "action": [ulid("t" + shared[2])],
    }
    for table, more in (("goal", 300), ("note", 400), ("action", 50)):
        tables[table] += [ulid("") for _ in range(more)]
    db = tiny_journal_tables(tables)
    every = [i for ids in tables.values() for i in ids]
    asked = every[:5] + every[303:308] + every[-3:]
    ran = statements(db, lambda: records.short_ids(db, list(tables), asked))
    assert len(ran) == 1  # however many ids and tables are asked for
    assert records.short_ids(db, list(tables), asked) == shortest_ends(asked, every)
    assert (
        len(records.short_ids(db, list(tables), asked)[every[0]]) == 8
    )  # …qabcdef, also the end of …qqabcdef

    many = every[:600]  # more than one query's worth of parameters: one more query
    ran = statements(db, lambda: records.short_ids(db, list(tables), many))
    assert len(ran) == 2
    assert records.short_ids(db, list(tables), many) == shortest_ends(many, every)


def test_short_ids_are_found_through_the_tail_index_of_every_table(journal_path):
    with opened(str(journal_path)) as journal:
        ran = statements(journal.db, lambda: records.short_ids(journal.db, ID_TABLES, ["0" * 20 + "abcdef"]))
        assert len(ran) == 1
        searches = [step for step in plan_of(journal.db, ran[0]) if step.startswith("SEARCH")]
        assert [step.split()[1] for step in searches] == list(ID_TABLES), searches  # each table once
        assert all(step.endswith("_tail (<expr>=?)") for step in searches), searches


def test_the_agenda_counts_as_done_since_the_last_session_only_what_was_done_after_it(cli, journal_path):
    ok(cli("session", "plan", "3 days ago 18:00", "--past"))
    before = as_json(cli("action", "add", "Call the venue", "--json"))
    after = as_json(cli("action", "add", "Send the budget", "--json"))
    ok(cli("action", "done", before["short_id"], env=clock_at(NOW - timedelta(days=5))))
    ok(cli("action", "done", after["short_id"], env=clock_at(NOW - timedelta(days=1))))
    ok(cli("session", "held", "1"))
    since = as_json(cli("agenda", "--format", "json"))["since_last"]
    assert since["last_session"] == 1
    assert [a["text"] for a in since["actions_done"]] == ["Send the budget"]
