"""Automatic sync on a folder whose partner file is unchanged costs a `stat` and a small read
(README, "Speed"): a command loads neither the exchange nor the encryption, and a change the
partner does not get (a private note) writes no bundle. Changes not yet shared are counted
through indexes, over the tables a bundle carries."""

from __future__ import annotations

from mentorlog import fields
from mentorlog.journal.journal import opened
from mentorlog.store import sync as sync_store
from mentorlog.store.journal import writing
from mentorlog.store.merge import cursor, model

from .conftest import ok
from .test_speed_reads import plan_of, statements
from .test_startup import loaded_after


def test_changes_not_yet_shared_are_counted_through_the_updated_at_indexes(journal_path):
    with opened(str(journal_path)) as journal:
        clocks = ["2026-11-01", ""]  # since the last share, and since what the partner said it had
        ran = statements(journal.db, lambda: sync_store.unshared_since(journal.db, clocks, "x"))
        assert len(ran) == 1  # every table, and both clocks, in one query
        steps = plan_of(journal.db, ran[0])
        assert not [step for step in steps if step.startswith("SCAN") and "subquery" not in step], steps
        searches = [step for step in steps if step.startswith("SEARCH")]
        assert [step.split()[1] for step in searches] == list(fields.TABLES), steps  # each table once
        assert all(
            step == f"SEARCH {step.split()[1]} USING INDEX idx_{step.split()[1]}_updated_at (updated_at>?)"
            for step in searches
        ), searches


def test_changes_not_yet_shared_are_what_counting_each_table_for_each_clock_says(cli, journal_path, tmp_path):
    """Changes made here after each clock: shared ones only, this journal's own only (what came
    from the partner, the partner has), the oldest of them; one clock or several at once."""
    import sqlite3
    from datetime import timedelta

    from .conftest import NOW, clock_at

    for days, args in enumerate(
        [("goal", "add", "Lead a meeting"), ("note", "--shared", "First"), ("note", "Private words"),
         ("action", "add", "Send the budget"), ("note", "--shared", "Second")]
    ):  # fmt: skip
        ok(cli(*args, env=clock_at(NOW + timedelta(days=days))))
    with sqlite3.connect(journal_path) as db:  # a change the partner made, merged here
        db.execute("update note set origin = '0" + "1" * 25 + "' where text = 'First'")
        me = db.execute("select id from journal").fetchone()[0]
        rows = [
            (table, stamp)
            for table in fields.TABLES
            for (stamp,) in db.execute(
                f"select updated_at from [{table}] where visibility = 'shared' and origin = ?", [me]
            )
        ]
    stamps = sorted(stamp for _, stamp in rows)
    clocks = ["", stamps[0], stamps[len(stamps) // 2], stamps[-1], "9999"]

    def expected(clock: str) -> tuple[int, str | None]:
        later = [stamp for stamp in stamps if stamp > clock]
        return len(later), (min(later) if later else None)

    with opened(str(journal_path)) as journal:
        assert sync_store.unshared_since(journal.db, clocks, me) == [expected(c) for c in clocks]
        assert [sync_store.unshared(journal.db, c, me) for c in clocks] == [expected(c) for c in clocks]
        assert sync_store.unshared_since(journal.db, ["", ""], me)[0][0] == len(stamps) > 3
        assert sync_store.unshared_since(journal.db, [], me) == []


def test_the_tables_counted_as_unshared_are_the_tables_a_bundle_carries():
    assert set(fields.TABLES) == set(model.MERGE_ORDER)


def test_auto_sync_with_an_unchanged_partner_file_loads_no_exchange_and_shares_no_private_note(
    journal_path, tmp_path
):
    folder = tmp_path / "Sync"
    folder.mkdir()
    with opened(str(journal_path)) as journal:
        partner = folder / f"mentorlog-{journal.pair.id[-6:]}-{journal.pair.me.other}.age"
        partner.write_bytes(b"age-encryption.org/v1\n")  # as it was when last merged
        info = partner.stat()
        with writing(journal.db):
            sync_store.set_sync(journal.db, str(folder), True)
            sync_store.note_sync_seen(journal.db, str(partner), info.st_size, info.st_mtime_ns, info.st_ino)
            cursor.note_shared(journal.db, sync_store.clocks(journal.db)[0])  # as after a share
        before = sync_store.clocks(journal.db)

    after = loaded_after("note", "Ask about the grant deadline")
    assert after["printed"][0].startswith("Saved private note ")
    modules = set(after["modules"])
    assert "mentorlog.exchange.sync" in modules  # automatic sync ran
    heavy = {
        "pyrage",
        "mentorlog.exchange.exchange",
        "mentorlog.store.exchange",
        "mentorlog.store.merge.apply",
        "mentorlog.sealing.agefile",
        "mentorlog.programme.programme_received",  # the journal joined no programme
        "mentorlog.programme.programme_format",
    }
    assert [m for m in heavy if m in modules] == []
    assert sorted(p.name for p in folder.iterdir()) == [partner.name]  # nothing new for the partner
    with opened(str(journal_path)) as journal:
        clock, shared_clock = sync_store.clocks(journal.db)
        assert clock > before[0] and shared_clock == before[1]  # written, and still nothing to share
        assert sync_store.unshared(journal.db, shared_clock, journal.pair.journal_id)[0] == 0
