"""The journal's schema, one step per function, in order. A released step is never edited:
change the schema by adding a new step at the end.

The steps are recorded by sqlite-utils in `_sqlite_migrations` (set `mentorlog`); a journal
that lists a step this version does not know was written by a newer mentorlog and is refused.
"""

from __future__ import annotations

from mentorlog import crashpoints
from mentorlog.store.records import create_table

SET_NAME = "mentorlog"
STEPS: list[str] = []  # every step this version knows, in order
_FUNCTIONS: list = []


def step(fn):
    """Register a schema step (its name is what `_sqlite_migrations` records)."""
    STEPS.append(fn.__name__)
    _FUNCTIONS.append(fn)
    return fn


def migration_set():
    """The steps as a sqlite-utils `Migrations` set; imported only when a journal needs them."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(SET_NAME)
    for fn in _FUNCTIONS:
        migrations(name=fn.__name__)(_marked(fn))
    return migrations


def apply_steps(db) -> None:
    """Apply the pending steps (inside the caller's transaction), then (re)make the value checks
    from fields.py once, for the schema as the steps left it (store/checks.py)."""
    from mentorlog.store import checks

    migrations = migration_set()
    if migrations.pending(db.utils):
        migrations.apply(db.utils)
        checks.install(db.utils)


def _marked(fn):
    """The step, then the crash point `migration-step` (its writes made, not yet committed)."""

    def run(db) -> None:
        fn(db)
        crashpoints.reached("migration-step")

    return run


@step
def m001_foundation(db):
    # This journal file itself: local, never exchanged.
    db["journal"].create({"id": str, "me": str, "created_at": str, "mentorlog_version": str}, pk="id")
    # The mentorship: one row, shared by both journals of the pair (same id).
    create_table(
        db,
        "pair",
        {
            "mentor": str,
            "mentee": str,
            "programme": str,
            "starts_on": str,
            "ends_on": str,
            "current_phase": str,
        },
    )


@step
def m002_process(db):
    """The agreement and rules, vision, goals, here-and-now and there-and-then records."""
    create_table(
        db,
        "agreement",
        {
            "version": int,
            "state": str,  # draft, proposed, approved
            "period_start": str,
            "period_end": str,
            "meetings": int,
            "cadence": str,
            "length_minutes": int,
            "place": str,
            "contact": str,
            "expect_mentor": str,
            "expect_mentee": str,
            "content_plan": str,
            "proposed_at": str,
            "proposed_by": str,
            "approved_at": str,
            "approved_by": str,
        },
    )
    db["agreement"].create_index(["version"], unique=True)
    create_table(db, "rule", {"text": str, "kind": str})
    create_table(db, "vision", {"text": str})
    create_table(
        db,
        "goal",
        {
            "title": str,
            "measure": str,
            "due": str,
            "why": str,
            "term": str,
            "status": str,  # active, achieved, dropped
            "progress": int,
            "ended_on": str,
            "end_reason": str,
        },
    )
    db["goal"].create_index(["status"])
    create_table(
        db,
        "goal_revision",
        {"goal_id": str, "before": str, "after": str, "reason": str},
        foreign_keys=[("goal_id", "goal", "id")],
    )
    db["goal_revision"].create_index(["goal_id"])
    create_table(
        db,
        "goal_progress",
        {"goal_id": str, "percent": int, "note": str},
        foreign_keys=[("goal_id", "goal", "id")],
    )
    db["goal_progress"].create_index(["goal_id"])
    create_table(db, "assessment", {"area": str, "text": str, "rating": int})
    db["assessment"].create_index(["area"])
    create_table(
        db, "outcome", {"text": str, "by": str, "goal_id": str}, foreign_keys=[("goal_id", "goal", "id")]
    )
    create_table(
        db,
        "action",
        {
            "text": str,
            "owner": str,
            "due": str,
            "goal_id": str,
            "status": str,  # open, done, dropped
            "done_at": str,
        },
        foreign_keys=[("goal_id", "goal", "id")],
    )
    db["action"].create_index(["status", "due"])
    create_table(
        db,
        "option",
        {"text": str, "outcome_id": str, "feasibility": int, "action_id": str},
        foreign_keys=[("outcome_id", "outcome", "id"), ("action_id", "action", "id")],
    )


@step
def m003_sessions_and_notes(db):
    """Sessions, topics, feedback, notes (quick notes, questions, lessons, contacts), and search."""
    create_table(
        db,
        "session",
        {
            "starts_at": str,  # UTC, ISO 8601 with milliseconds
            "length_minutes": int,
            "mode": str,  # in-person, online
            "place": str,
            "link": str,
            "kind": str,  # one-to-one, workshop, consultation
            "state": str,  # proposed, confirmed, held, cancelled
            "proposed_by": str,
            "confirmed_by": str,
            "held_at": str,
            "cancel_reason": str,
        },
    )
    db["session"].create_index(["starts_at"])
    db["session"].create_index(["state", "starts_at"])
    create_table(
        db,
        "topic",
        {"text": str, "session_id": str, "status": str, "discussed_at": str},
        foreign_keys=[("session_id", "session", "id")],
    )
    db["topic"].create_index(["session_id", "status"])
    db["topic"].create_index(["status"])
    create_table(
        db,
        "feedback",
        {"session_id": str, "rating": int, "worked": str, "improve": str},
        foreign_keys=[("session_id", "session", "id")],
    )
    db["feedback"].create_index(["session_id"])
    create_table(
        db,
        "note",
        {
            "text": str,
            "kind": str,  # note, question, idea, decision, lesson, contact
            "session_id": str,  # the session it belongs to, or (questions) is parked for
            "tags": str,  # JSON array of strings
            "via": str,  # contacts: email, phone, message, video, in-person, other
            "occurred_on": str,  # contacts: the day it happened
            "asked_at": str,  # questions: when the session they were parked for was held
        },
        foreign_keys=[("session_id", "session", "id")],
    )
    db["note"].create_index(["created_at"])
    db["note"].create_index(["kind", "created_at"])
    db["note"].create_index(["session_id"])
    db["note"].create_index(["kind", "asked_at"])
    for table, columns in (
        ("note", ["text"]),
        ("topic", ["text"]),
        ("goal", ["title", "measure", "why"]),
        ("action", ["text"]),
    ):
        db[table].enable_fts(columns, create_triggers=True, tokenize="unicode61 remove_diacritics 2")


@step
def m004_reflection_and_ending(db):
    """Final-reflection answers, and how and when the mentorship ended."""
    create_table(db, "reflection", {"key": str, "text": str})
    db["reflection"].create_index(["key", "author"])
    pair = db["pair"]
    pair.add_column("ended_on", str)
    pair.add_column("end_kind", str)  # completed, early
    pair.add_column("end_reason", str)


@step
def m005_count_index(db):
    """Counting notes by kind reads this index only, not the notes (status on a long journal)."""
    db["note"].create_index(["kind", "deleted_at"], index_name="idx_note_kind_deleted")


@step
def m006_calendar_items(db):
    """What `calendar` last exported per item (a content hash and the SEQUENCE), so a changed
    event or to-do gets a higher SEQUENCE."""
    from mentorlog.store import calendar

    calendar.create_table(db)


@step
def m007_field_versions(db):
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
def m008_value_checks(db):
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
def m009_keys(db):
    """This journal's age key pair and the partner's public key (pairing; local, never exchanged).
    `init` makes the keys; a journal made before this step gets them from the first command that
    needs them (`share`, `merge`, `pair`)."""
    from mentorlog.store import keys

    keys.create_table(db)


@step
def m010_agreement_terms(db):
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
def m011_stable_references(db):
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
def m012_date_order(db):
    """How this journal reads numeric dates (`dmy`: 3/4/2028 is 3 April; `mdy`: 4 March); empty
    means day first. A setting of this journal alone, never exchanged."""
    db["journal"].add_column("date_order", str)


@step
def m013_speed(db):
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
def m014_done_index(db):
    """Actions found by when they were done (the agenda's "since the last session"), through an
    index, not by reading every action ever done."""
    db.execute("create index if not exists idx_action_status_done_at on action (status, done_at)")


@step
def m018_plan_numbers(db):
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
def m019_settings(db):
    """The iCalendar file this journal keeps current after every change (`settings calendar-file`),
    and whether it holds every journal of the home (`--all`). This journal's own, never exchanged."""
    db["journal"].add_column("calendar_file", str)
    db["journal"].add_column("calendar_all", int)


@step
def m020_signing_keys(db):
    """Every bundle signed: this journal's Ed25519 signing key, the partner's pinned at pairing and
    those a re-pairing replaced (store/keys.py). `init` makes the signing key with the age keys; a
    journal made before this step gets it from the first command that exchanges."""
    from mentorlog.store import keys

    keys.add_signing_columns(db)


@step
def m021_written_for_me(db):
    """The records in the owner's name that the partner's journal made (`--as` at their laptop),
    noted when a merge brings them, so that `log` and the reports say whose doing they were. Local,
    never exchanged."""
    db.execute(
        "create table written_for_me (id text primary key, tbl text not null, by_journal text not null, "
        "noted_at text not null)"
    )


@step
def m022_programme_membership(db):
    """The programme this journal joined (`programme join`): the programme's public keys, pinned
    from the kick-off file the code opened, and what its owner chose to send (store/membership.py).
    Local, never exchanged with the partner."""
    from mentorlog.store import membership

    membership.create_table(db)


@step
def m023_programme_events(db):
    """The programme's events (workshops, consultations, announcements) this journal took in from
    the programme it joined, those for its owner's role (store/programme_events.py). Local, never
    exchanged with the partner. The programme journal gets its own events table in its step of
    the same name."""
    from mentorlog.store import programme_events

    programme_events.create_received(db)
