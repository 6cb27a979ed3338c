"""`status` counts notes from a tally the journal keeps (README: "Speed"): after every kind of
change — a note written, removed, restored, merged in from the partner, or changed in the file by
hand — the tally says what counting every note would."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from mentorlog.exchange import exchange, share
from mentorlog.journal import entries
from mentorlog.journal.journal import opened
from mentorlog.sessions import notes
from mentorlog.store import notes as notes_store

from .conftest import NOW
from .exchange_helpers import first_exchange


def counted(db) -> dict[str, int]:
    query = "select kind, count(*) from note where deleted_at is null group by kind"
    return dict(db.execute(query).fetchall())


def test_the_tally_says_what_counting_every_note_would(tmp_path):
    t = NOW - timedelta(days=2)
    maja, tomaz = first_exchange(tmp_path, t)
    assert notes_store.note_counts(maja.db) == {}

    kept = notes.add_note(maja, "A thought", t, shared=True)
    notes.add_note(maja, "A question", t, kind="question", shared=True)
    notes.add_contact(maja, "Called the venue", "phone", t, shared=True)
    gone = notes.add_note(maja, "Soon removed", t)
    assert notes_store.note_counts(maja.db) == counted(maja.db) == {"note": 2, "question": 1, "contact": 1}

    entries.remove(maja, gone["id"], t)
    entries.remove(maja, kept["id"], t)
    entries.restore(maja, kept["id"], t)
    assert notes_store.note_counts(maja.db) == counted(maja.db) == {"note": 1, "question": 1, "contact": 1}

    bundle = tmp_path / "second.json"
    share.share(maja, bundle, t, plain=True)
    exchange.merge(tomaz, bundle, NOW)  # three notes arrive in the partner's journal
    assert notes_store.note_counts(tomaz.db) == counted(tomaz.db) == {"note": 1, "question": 1, "contact": 1}
    maja.close()
    tomaz.close()

    conn = sqlite3.connect(tmp_path / "maja.db")  # by hand: a kind changed, a row deleted
    conn.execute("update note set kind = 'idea' where kind = 'question'")
    conn.execute("delete from note where kind = 'contact'")
    conn.commit()
    conn.close()
    with opened(str(tmp_path / "maja.db")) as again:
        assert notes_store.note_counts(again.db) == counted(again.db) == {"note": 1, "idea": 1}


def test_a_journal_made_before_the_tally_gets_it_counted(tmp_path):
    from mentorlog.store import journal
    from mentorlog.store.migrations import migration_set

    path = tmp_path / "old.db"
    db = journal.connect(path)
    migration_set().apply(db.utils, stop_before="m013_speed")
    origin, stamp = "01m7000000000000000000000j", "2026-01-01T10:00:00.000Z"
    bookkeeping = "id, created_at, updated_at, author, origin, phase, visibility"
    with journal.writing(db):
        db.execute(
            "insert into journal (id, me, created_at, mentorlog_version) values (?, 'mentee', ?, '0.1')",
            [origin, stamp],
        )
        db.execute(
            f"insert into pair ({bookkeeping}, mentor, mentee, starts_on, ends_on, current_phase) values "
            "(?, ?, ?, 'mentee', ?, 'getting-started', 'shared', 'T', 'M', '2026-01-01', '2027-01-01', "
            "'getting-started')",
            ["01m7000000000000000000000p", stamp, stamp, origin],
        )
        rows = [("note", None), ("note", None), ("idea", None), ("idea", stamp)]
        for n, (kind, removed) in enumerate(rows):
            db.execute(
                f"insert into note ({bookkeeping}, text, kind, deleted_at) "
                "values (?, ?, ?, 'mentee', ?, 'getting-started', 'private', 'words', ?, ?)",
                [f"01m700000000000000000000n{n}", stamp, stamp, origin, kind, removed],
            )
    db.close()
    db = journal.open_journal(path, "old")
    try:
        assert notes_store.note_counts(db) == counted(db) == {"note": 2, "idea": 1}
    finally:
        db.close()
