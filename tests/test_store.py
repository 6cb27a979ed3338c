"""The journal file (README: "Where journals live", "The schema") and the record conventions, on
temporary journals."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentorlog.errors import InvalidInput, JournalUnusable, NotFound
from mentorlog.model import Phase, Role
from mentorlog.store import journal, records
from mentorlog.store.db import Db
from mentorlog.store.migrations import STEPS
from mentorlog.store.records import Writer

from .conftest import NOW, digest

ORIGIN = "01m7000000000000000000000a"


def writer(now=NOW) -> Writer:
    return Writer(role=Role.MENTEE, origin=ORIGIN, phase=Phase.HERE_AND_NOW, now=now)


_TEMPLATE: list[sqlite3.Connection] = []


def memory_journal() -> Db:
    """A journal's schema in memory, with its own row (records need the journal's clock): a copy
    of one built once through every schema step (SQLite's backup copies it in a blink)."""
    from mentorlog.store.migrations import apply_steps

    if not _TEMPLATE:
        template = Db(sqlite3.connect(":memory:"))
        apply_steps(template)
        template.insert("journal", {"id": ORIGIN, "me": "mentee", "created_at": "2026-01-01T00:00:00.000Z"})
        template.conn.commit()
        _TEMPLATE.append(template.conn)
    conn = sqlite3.connect(":memory:")
    _TEMPLATE[0].backup(conn)
    return Db(conn)


@pytest.fixture
def things():
    return memory_journal()


def test_insert_stamps_every_convention(things):
    record_id = records.insert(things, "rule", writer(), {"text": "hello", "kind": "other"})
    row = records.get(things, "rule", record_id)
    assert row["created_at"] == row["updated_at"] == "2026-11-21T13:30:00.000Z"
    assert (row["author"], row["origin"], row["phase"]) == ("mentee", ORIGIN, "here-and-now")
    assert row["visibility"] == "shared" and row["deleted_at"] is None
    assert len(record_id) == 26 and record_id == record_id.lower()


def test_update_soft_delete_and_restore_move_updated_at(things):
    record_id = records.insert(things, "rule", writer(), {"text": "a", "kind": "other"})
    later = writer(NOW + timedelta(minutes=5))
    records.soft_delete(things, "rule", record_id, later)
    row = records.get(things, "rule", record_id)
    assert row["deleted_at"] == row["updated_at"] == "2026-11-21T13:35:00.000Z"
    records.restore(things, "rule", record_id, writer(NOW + timedelta(minutes=6)))
    assert records.get(things, "rule", record_id)["deleted_at"] is None


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=2, max_size=30))
def test_ids_sort_by_time(offsets):
    made = [(offset, records.new_id(NOW + timedelta(milliseconds=offset))) for offset in sorted(set(offsets))]
    ids = [record_id for _, record_id in made]
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_ids_made_in_the_same_millisecond_still_sort_in_order():
    ids = [records.new_id(NOW) for _ in range(200)]
    assert ids == sorted(ids) and len(set(ids)) == 200


@settings(max_examples=25)
@given(st.integers(min_value=1, max_value=60))
def test_short_ids_are_unique_ends_of_at_least_six(count):
    db = memory_journal()
    ids = [records.insert(db, "rule", writer(), {"text": str(i), "kind": "other"}) for i in range(count)]
    short = records.short_ids(db, ["rule"], ids)
    assert all(len(p) >= 6 and i.endswith(p) for i, p in short.items())
    for record_id, prefix in short.items():
        assert records.resolve(db, ["rule"], prefix, "rule", "`x`") == ("rule", record_id)


def test_resolve_accepts_any_unique_prefix_across_tables(things):
    a = records.insert(things, "rule", writer(), {"text": "a", "kind": "other"})
    b = records.insert(things, "vision", writer(NOW + timedelta(days=400)), {"text": "b"})
    assert records.resolve(things, ["rule", "vision"], a.upper(), "entry", "`x`") == ("rule", a)
    prefix = records.short_ids(things, ["rule", "vision"], [b])[b]
    assert records.resolve(things, ["rule", "vision"], prefix, "entry", "`x`") == ("vision", b)


def test_ambiguous_prefix_lists_the_candidates(things):
    ids = [records.insert(things, "rule", writer(), {"text": str(i), "kind": "other"}) for i in range(3)]
    with pytest.raises(InvalidInput) as caught:
        records.resolve(things, ["rule"], ids[0][:4], "rule", "`mentorlog rule list`")
    message = str(caught.value)
    assert "matches several rules" in message
    for record_id in ids:
        assert records.short_ids(things, ["rule"], [record_id])[record_id] in message


def test_unknown_and_malformed_prefixes(things):
    records.insert(things, "rule", writer(), {"text": "a", "kind": "other"})
    with pytest.raises(NotFound, match="`mentorlog rule list` shows"):
        records.resolve(things, ["rule"], "zzzz", "rule", "`mentorlog rule list`")
    with pytest.raises(InvalidInput):
        records.resolve(things, ["rule"], "ab'; drop", "rule", "`x`")


# --- the journal file ---------------------------------------------------------------------


def test_new_journal_is_private_wal_and_fully_migrated(journal_path):
    assert journal_path.stat().st_mode & 0o777 == 0o600
    db = journal.connect(journal_path)
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert db.execute("pragma foreign_keys").fetchone()[0] == 1
    assert db.execute("pragma busy_timeout").fetchone()[0] >= 5000
    applied = [r["name"] for r in db.table("_sqlite_migrations").rows]
    assert applied == STEPS
    db.close()
    assert not list(journal_path.parent.glob(".*creating*"))


def test_a_failed_build_leaves_no_file(tmp_path):
    target = tmp_path / "j.db"

    def build(db):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        journal.create_journal(target, build)
    assert list(tmp_path.iterdir()) == []


def test_newer_journal_is_refused_untouched(journal_path):
    db = sqlite3.connect(journal_path)
    db.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) "
        "values ('mentorlog', 'm999_from_the_future', '2030-01-01')"
    )
    db.commit()
    db.close()
    before = digest(journal_path)
    with pytest.raises(JournalUnusable, match="newer mentorlog"):
        journal.open_journal(journal_path, "journal")
    assert digest(journal_path) == before


def test_copy_database_is_consistent_and_private(journal_path, tmp_path):
    dest = tmp_path / "copy.db"
    journal.copy_database(journal_path, dest)
    assert dest.stat().st_mode & 0o777 == 0o600
    assert sqlite3.connect(dest).execute("pragma integrity_check").fetchone()[0] == "ok"
    assert sqlite3.connect(dest).execute("select mentee from pair").fetchone()[0] == "Maja Horvat"


def make_old_journal(path, stop_before: str):
    """A journal as an older mentorlog left it: schema steps up to `stop_before` only, and the
    rows that mentorlog wrote then."""
    from mentorlog.store.migrations import migration_set

    db = journal.connect(path)
    migration_set().apply(db.utils, stop_before=stop_before)
    stamp = "2026-01-01T10:00:00.000Z"
    with journal.writing(db):
        db.execute(
            "insert into journal (id, me, created_at, mentorlog_version) values (?, 'mentee', ?, '0.0.1')",
            [ORIGIN, stamp],
        )
        db.execute(
            "insert into pair (id, created_at, updated_at, author, origin, phase, visibility, mentor, "
            "mentee, starts_on, ends_on, current_phase) values (?, ?, ?, 'mentee', ?, 'getting-started', "
            "'shared', 'M', 'E', '2026-01-01', '2027-01-01', 'getting-started')",
            ["01m7000000000000000000000p", stamp, stamp, ORIGIN],
        )
    db.close()


# From the oldest step every later step runs on a journal with a pair in it, and the newest two are
# the journals the last releases made: the default run; every other starting step in the slow set.
EVERY_DAY = (STEPS[1], STEPS[-2], STEPS[-1])


@pytest.mark.parametrize(
    "stop_before",
    [step if step in EVERY_DAY else pytest.param(step, marks=pytest.mark.slow) for step in STEPS[1:]],
)
def test_older_journal_is_copied_aside_then_migrated(tmp_path, stop_before):
    path = tmp_path / "old.db"
    make_old_journal(path, stop_before)
    before = digest(path)
    db = journal.open_journal(path, "old")
    applied = [r["name"] for r in db.table("_sqlite_migrations").rows]
    db.close()
    assert applied == STEPS
    backups = list(tmp_path.glob(f"old.db.*.before-{stop_before}.bak"))
    assert len(backups) == 1
    assert backups[0].stat().st_mode & 0o777 == 0o600
    copy = sqlite3.connect(backups[0])
    names = [r[0] for r in copy.execute("select name from _sqlite_migrations")]
    assert names == STEPS[: STEPS.index(stop_before)]
    assert copy.execute("select mentee from pair").fetchone()[0] == "E"
    assert digest(path) != before  # the journal itself moved on
    # a second open finds nothing to migrate and makes no further copy
    journal.open_journal(path, "old").close()
    assert len(list(tmp_path.glob("old.db.*.bak"))) == 1


def test_id_tables_are_every_record_table(journal_path):
    from mentorlog.store.migrations import ID_TABLES

    db = journal.connect(journal_path)
    with_origin = {t.name for t in db.utils.tables if "origin" in t.columns_dict and t.name != "pair"}
    db.close()
    assert with_origin == set(ID_TABLES)


def test_temporary_files_of_killed_processes_are_removed_on_the_next_open(journal_path):
    import os
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True)
    dead = int(gone.stdout)  # a process that has ended
    folder = journal_path.parent
    stale = [f".journal.db.0badcafe-{dead}.creating", f".journal.db.0badcafe-{dead}.creating-wal"]
    stale.append(f".journal.db.20261121T133000Z.before-m005.bak.0badcafe-{dead}.copying")
    mine = f".journal.db.0badcafe-{os.getpid()}.creating"  # a journal this process is still making
    other = f".work.db.0badcafe-{dead}.creating"  # another journal's, for its own next start
    for name in (*stale, mine, other):
        (folder / name).touch()
    journal.open_journal(journal_path, "journal").close()
    left = {p.name for p in folder.iterdir() if p.name.startswith(".")}
    assert left == {mine, other}


def test_the_start_of_an_id_still_finds_it(things):
    """Ids printed by an older mentorlog were the start of the id: they still resolve."""
    record_id = records.insert(things, "rule", writer(), {"text": "a", "kind": "other"})
    assert records.resolve(things, ["rule"], record_id[:12], "rule", "`x`") == ("rule", record_id)


def test_printed_ids_still_resolve_after_a_thousand_more_in_the_same_millisecond(things):
    """The start of an id is its time; ids made in one millisecond share it. The short id is the
    random end, so an id printed once keeps naming the same record."""
    printed = {}
    for table, values in (("rule", {"text": "r", "kind": "other"}), ("vision", {"text": "v"})):
        record_id = records.insert(things, table, writer(), values)
        printed[records.short_ids(things, ["rule", "vision"], [record_id])[record_id]] = (table, record_id)
    for i in range(1000):
        records.insert(things, "rule", writer(), {"text": f"more {i}", "kind": "other"})
    for short, expected in printed.items():
        assert records.resolve(things, ["rule", "vision"], short, "entry", "`x`") == expected


def test_visible_reads_the_live_rows_an_audience_may_see_in_order(things):
    """The read most views are made of: removed rows never, private rows for the owner only, the
    caller's condition kept whole (an `or` in it cannot reach past the privacy rule)."""
    from mentorlog.model import Audience, Visibility
    from mentorlog.store.audience import visible

    def rule(text: str, **kwargs) -> str:
        return records.insert(things, "rule", writer(), {"text": text, "kind": "other"}, **kwargs)

    rule("b")
    rule("a PRIVATE-CANARY", visibility=Visibility.PRIVATE)
    records.soft_delete(things, "rule", rule("c"), writer())
    rule("d")

    def texts(audience, *args, **kwargs) -> list[str]:
        return [row["text"] for row in visible(things, "rule", audience, *args, order="text", **kwargs)]

    assert texts(Audience.PARTNER) == ["b", "d"]
    assert texts(Audience.OWNER) == ["a PRIVATE-CANARY", "b", "d"]
    assert texts(Audience.PARTNER, "text like 'a%' or text = 'c'") == []
    assert texts(Audience.OWNER, "text like 'a%' or text = 'c'") == ["a PRIVATE-CANARY"]
    assert texts(Audience.OWNER, "text >= ?", ["b"]) == ["b", "d"]
    assert texts(Audience.OWNER, "text >= ?", ["b"], limit=1) == ["b"]


def test_count_is_a_whole_number_even_of_nothing(things):
    assert records.count(things, "select count(*) from rule where text = ?", ["x"]) == 0
    assert records.count(things, "select max(rowid) from rule") == 0  # null: no rows at all
    records.insert(things, "rule", writer(), {"text": "x", "kind": "other"})
    assert records.count(things, "select count(*) from rule where text = ?", ["x"]) == 1
