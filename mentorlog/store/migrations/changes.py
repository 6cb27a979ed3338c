"""Every change of the journal's schema since its first tables (m005 on), in order. A released step
is never edited: change the schema by appending a new step at the end of this module."""

from __future__ import annotations

from typing import Any

from mentorlog.store.migrations.registry import step
from mentorlog.store.records import create_table


@step
def m005_count_index(db: Any) -> None:
    """Counting notes by kind reads this index only, not the notes (status on a long journal)."""
    db["note"].create_index(["kind", "deleted_at"], index_name="idx_note_kind_deleted")


@step
def m006_calendar_items(db: Any) -> None:
    """What `calendar` last exported per item (a content hash and the SEQUENCE), so a changed
    event or to-do gets a higher SEQUENCE."""
    from mentorlog.store import calendar

    calendar.create_table(db)


@step
def m007_field_versions(db: Any) -> None:
    """Merging field by field: each record's `versions` (the fields older than the record's own
    version; none for every existing record, whose fields all stand at its `updated_at`), the
    journal's hybrid logical clock and its exchange cursors. Agreement version numbers are no
    longer unique: two amendments started at once on both sides both survive a merge."""
    tables = tuple(t for t in ("pair", *ID_TABLES) if db[t].exists())  # later steps make the rest
    for table in tables:
        db[table].add_column("versions", str)
    journal = db["journal"]
    for column in ("clock", "partner_journal", "had_from_partner", "partner_had", "partner_bundle_at",
                   "shared_clock"):  # fmt: skip
        journal.add_column(column, str)
    newest = max(db.execute(f"select max(updated_at) from [{t}]").fetchone()[0] or "" for t in tables)
    db.execute("update journal set clock = ?", [newest or None])
    # Each merge that brought something: the partner's clock in that bundle, and this journal's
    # clock after it (which changes each side made knowing the other's: conflicts are the rest).
    db["merge_log"].create({"partner_journal": str, "partner_clock": str, "at": str})
    db.execute("drop index if exists idx_agreement_version")
    db["agreement"].create_index(["version"], index_name="idx_agreement_version_number")


@step
def m008_value_checks(db: Any) -> None:
    """The journal refuses values its fields cannot hold (triggers made from fields.py); values an
    earlier mentorlog let in are first moved aside into the `repaired` table."""
    from datetime import UTC, datetime, timedelta

    from mentorlog.dates import stamp
    from mentorlog.store import checks

    journal = db.execute("select id, me from journal limit 1").fetchone()
    if journal is not None:
        now = datetime.now(UTC)
        checks.repair(db, stamp(now), stamp(now + timedelta(days=1)), journal[1], journal[0])


# Every table whose records people refer to by id prefix (kept in step with the steps above;
# a test checks it against a fresh journal).
ID_TABLES = (
    "agreement",
    "agreement_event",
    "rule",
    "vision",
    "goal",
    "goal_revision",
    "goal_progress",
    "assessment",
    "outcome",
    "option",
    "action",
    "session",
    "topic",
    "feedback",
    "note",
    "reflection",
)


@step
def m009_keys(db: Any) -> None:
    """This journal's age key pair and the partner's public key (pairing; local, never exchanged).
    `init` makes the keys; a journal made before this step gets them from the first command that
    needs them (`share`, `merge`, `pair`)."""
    from mentorlog.store import keys

    keys.create_table(db)


@step
def m010_agreement_terms(db: Any) -> None:
    """The agreement's start phase (a cadence of its own for the first meetings) and online link;
    every change of a version's state as a record that travels (`agreement_event`), filled in from
    the stamps the versions hold; and answers to a reflection question that is the other role's
    (given before the questions had owners) removed, so that they never hold up an exchange."""
    from mentorlog.store import agreement, ending

    table = db["agreement"]
    table.add_column("start_cadence", str)
    table.add_column("start_meetings", int)
    table.add_column("link", str)
    create_table(
        db,
        "agreement_event",
        {"agreement_id": str, "event": str, "changed": str, "versions": str},
        foreign_keys=[("agreement_id", "agreement", "id")],
    )
    db["agreement_event"].create_index(["agreement_id"])
    agreement.record_past_events(db)
    ending.remove_answers_of_the_other_role(db)


@step
def m011_stable_references(db: Any) -> None:
    """References that never move: a session keeps the number it was given when it was planned
    (existing sessions are numbered in date order, the removed ones after), and every table can
    find a record by the end of its id (the short id people see)."""
    db["session"].add_column("number", int)
    live = db.execute("select id from session order by deleted_at is not null, starts_at, id").fetchall()
    for number, (session_id,) in enumerate(live, start=1):
        db.execute("update session set number = ? where id = ?", [number, session_id])
    db["session"].create_index(["number"], index_name="idx_session_number")
    for table in ID_TABLES:
        db.execute(f"create index if not exists [idx_{table}_tail] on [{table}](substr(id, 21))")
    # `sync`: the folder both partners see, whether every command syncs, and what was last seen of
    # each partner file there (an unchanged file costs one `stat`).
    db["journal"].add_column("sync_folder", str)
    db["journal"].add_column("sync_auto", int)
    db["sync_seen"].create({"path": str, "size": int, "mtime_ns": int, "inode": int}, pk="path")


@step
def m012_date_order(db: Any) -> None:
    """How this journal reads numeric dates (`dmy`: 3/4/2028 is 3 April; `mdy`: 4 March); empty
    means day first. A setting of this journal alone, never exchanged."""
    db["journal"].add_column("date_order", str)


@step
def m013_speed(db: Any) -> None:
    """The value checks made anew in a form SQLite evaluates faster (ranges of characters, choices
    compared one by one: store/checks.py), for the same values: a large merge spent most of its time
    in them. And the live notes of each kind counted as they change (`note_tally`, kept by
    triggers), so that `status` does not count ten years of notes each time; the first action found
    from an index (a milestone), not by reading them all."""
    from mentorlog.store import checks

    checks.install(db)
    db.execute("create index if not exists idx_action_deleted_created on action (deleted_at, created_at)")
    db.execute("create table note_tally (kind text primary key, live integer not null) without rowid")
    db.execute(
        "insert into note_tally (kind, live) "
        "select kind, count(*) from note where deleted_at is null and kind is not null group by kind"
    )
    db.execute(
        "create trigger note_tally_insert after insert on note when new.deleted_at is null begin "
        "insert into note_tally (kind, live) values (new.kind, 1) "
        "on conflict (kind) do update set live = live + 1; end"
    )
    db.execute(
        "create trigger note_tally_delete after delete on note when old.deleted_at is null begin "
        "update note_tally set live = live - 1 where kind = old.kind; end"
    )
    db.execute(
        "create trigger note_tally_update after update of kind, deleted_at on note "
        "when (old.deleted_at is null) != (new.deleted_at is null) or old.kind is not new.kind begin "
        "update note_tally set live = live - 1 where kind = old.kind and old.deleted_at is null; "
        "insert into note_tally (kind, live) select new.kind, 1 where new.deleted_at is null "
        "on conflict (kind) do update set live = live + 1; end"
    )


@step
def m014_done_index(db: Any) -> None:
    """Actions found by when they were done (the agenda's "since the last session"), through an
    index, not by reading every action ever done."""
    db.execute("create index if not exists idx_action_status_done_at on action (status, done_at)")


@step
def m018_plan_numbers(db: Any) -> None:
    """Goals, outcomes, options and actions get numbers people type (`goal show 2`), kept like a
    session's: given once, when the record is made, and never recomputed (store/numbers.py).
    Existing records are numbered in the order they were made, the removed ones after. And the
    phase a session was held in, kept when it is marked held (its `phase` is the one it was
    planned in)."""
    for table in ("goal", "outcome", "option", "action"):
        db[table].add_column("number", int)
        made = db.execute(
            f"select id from [{table}] order by deleted_at is not null, created_at, id"
        ).fetchall()
        for number, (record_id,) in enumerate(made, start=1):
            db.execute(f"update [{table}] set number = ? where id = ?", [number, record_id])
        db[table].create_index(["number"], index_name=f"idx_{table}_number")
    db["session"].add_column("held_phase", str)


@step
def m019_settings(db: Any) -> None:
    """The iCalendar file this journal keeps current after every change (`settings calendar-file`),
    and whether it holds every journal of the home (`--all`). This journal's own, never exchanged."""
    db["journal"].add_column("calendar_file", str)
    db["journal"].add_column("calendar_all", int)


@step
def m020_signing_keys(db: Any) -> None:
    """Every bundle signed: this journal's Ed25519 signing key, the partner's pinned at pairing and
    those a re-pairing replaced (store/keys.py). `init` makes the signing key with the age keys; a
    journal made before this step gets it from the first command that exchanges."""
    from mentorlog.store import keys

    keys.add_signing_columns(db)


@step
def m021_written_for_me(db: Any) -> None:
    """The records in the owner's name that the partner's journal made (`--as` at their laptop),
    noted when a merge brings them, so that `log` and the reports say whose doing they were. Local,
    never exchanged."""
    db.execute(
        "create table written_for_me (id text primary key, tbl text not null, by_journal text not null, "
        "noted_at text not null)"
    )


@step
def m022_programme_membership(db: Any) -> None:
    """The programme this journal joined (`programme join`): the programme's public keys, pinned
    from the kick-off file the code opened, and what its owner chose to send (store/membership.py).
    Local, never exchanged with the partner."""
    from mentorlog.store import membership

    membership.create_table(db)


@step
def m023_programme_events(db: Any) -> None:
    """The programme's events (workshops, consultations, announcements) this journal took in from
    the programme it joined, those for its owner's role (store/programme_events.py). Local, never
    exchanged with the partner. The programme journal gets its own events table in its step of
    the same name."""
    from mentorlog.store import programme_events

    programme_events.create_received(db)


@step
def m025_topic_days(db: Any) -> None:
    """How many days before a session the mentee proposes its topics, when the two agreed it: a
    rule of the game of the kind `topics` holds the number (`rule add TEXT --kind topics --days 5`),
    which the reminders and the agenda read (3 when no rule says). And when this journal last
    wrote a bundle and last merged one of the partner's (`shared_at`, `merged_at`: the morning
    view's last exchange), this journal's own, never exchanged."""
    db["rule"].add_column("days", int)
    db["journal"].add_column("shared_at", str)
    db["journal"].add_column("merged_at", str)


@step
def m026_check_views(db: Any) -> None:
    """The value checks held once per table, in an instead-of trigger on a view of the table's own
    that never holds a row, which the table's insert and update triggers hand each new row
    (store/checks.py): half the SQL SQLite reads at every opening. A step of its own so that an
    older mentorlog refuses the journal as written by a newer one, naming the way out (upgrade),
    rather than as one holding views it did not make."""
    from mentorlog.store import checks

    checks.install(db)
