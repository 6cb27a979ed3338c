"""What keeps a large merge fast without weakening it (README: "Speed"): the writing pass builds
the very records the checking pass checked, from the same lines, and refuses a bundle that reads
differently the second time; a record that holds nothing new is not joined, and only then; merging
a bundle again writes nothing; the journal's value checks, in their faster form, refuse exactly
the characters and choices they refused before."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from mentorlog import fields as schema
from mentorlog.exchange import bundle, bundle_checks, bundle_envelope, bundle_read, exchange, share
from mentorlog.journal import entries
from mentorlog.process import goals
from mentorlog.sessions import notes
from mentorlog.store import checks
from mentorlog.store.merge import join, model
from mentorlog.store.merge.apply import nothing_new
from mentorlog.store.merge.model import Record

from .conftest import NOW, digest
from .exchange_helpers import first_exchange

A = "01jc5qd2m0000000000000000a"  # journal ids
B = "01jc5qd2m0000000000000000b"
OLD, NEW = "2026-11-01T10:00:00.000Z", "2026-11-02T10:00:00.000Z"


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> tuple[Path, Path]:
    """A mentee's plain bundle with every form a value takes on the way: tags (in words of any
    script), a goal revision's before and after, an edited note (a field older than its record)
    and a removed one (a tombstone); and the mentor's journal started from her first bundle (made
    once: a test that merges into it takes a copy)."""
    tmp_path = tmp_path_factory.mktemp("passes")
    t = NOW - timedelta(days=3)
    maja, tomaz = first_exchange(tmp_path, t)
    tomaz.close()
    goal = goals.add_goal(maja, "Find funding for the tour", t, due="2027-05-01")
    goals.revise_goal(maja, goal["id"], t + timedelta(hours=1), due="2027-06-01", reason="the call moved")
    notes.add_note(maja, "Ask about the grant", t, kind="question", shared=True, tags=["grant", "żiro"])
    edited = notes.add_note(maja, "First words", t, shared=True, tags=["draft"])
    entries.edit(maja, edited["id"], "Second words", t + timedelta(hours=2))
    removed = notes.add_note(maja, "Soon gone", t, shared=True)
    entries.remove(maja, removed["id"], t + timedelta(hours=3))
    path = tmp_path / "second.json"
    share.share(maja, path, NOW, plain=True)
    maja.close()
    return path, tmp_path / "tomaz.db"


def test_the_writing_pass_builds_the_records_the_checking_pass_checked(shared):
    path, _ = shared
    raw, stream = bundle_read.parse(path.read_bytes())
    envelope = bundle_envelope.check_envelope(raw, NOW)
    checked = list(bundle_checks.check_records(stream(), envelope, NOW))
    again = list(bundle_checks.check_all(stream, envelope, NOW).records())
    assert again == checked
    tables = {record.table for record in checked}
    assert {"goal_revision", "note"} <= tables
    assert any(record.versions for record in checked)  # the edited note
    assert any(record.removed and "text" not in record.fields for record in checked)  # the tombstone
    tagged = next(r for r in again if r.table == "note" and r.fields.get("kind") == "question")
    assert tagged.fields["tags"] == json.dumps(["grant", "żiro"], ensure_ascii=False)  # its stored form


def _reads(lines: list[bytes], second: list[bytes]):
    """A bundle read by lines: as `lines` for the envelope and the checking pass, then as `second`."""
    calls = []

    def source():
        calls.append(1)
        yield from lines if len(calls) <= 2 else second

    return source


@pytest.mark.parametrize("spoil", ["a value changed", "a record left out"])
def test_a_bundle_that_reads_differently_the_second_time_is_refused_before_any_record(shared, spoil):
    path, _ = shared
    lines = path.read_bytes().split(b"\n")
    at = next(i for i, line in enumerate(lines) if b'"Second words"' in line)
    second = list(lines)
    if spoil == "a value changed":
        second[at] = second[at].replace(b"Second words", b"Other words!")
    else:
        del second[at]
    raw, stream = bundle_read.parse(_reads(lines, second))
    envelope = bundle_envelope.check_envelope(raw, NOW)
    checked = bundle_checks.check_all(stream, envelope, NOW)  # the first reading is sound
    handed_on = []
    with pytest.raises(bundle.BadBundle, match="read differently the second time"):
        for record in checked.records():
            handed_on.append(record)
    assert handed_on == []  # the block that differs is compared before any of its records leaves


def test_merging_a_bundle_again_writes_nothing_and_counts_every_record_unchanged(shared, tmp_path):
    path, made = shared
    from mentorlog.journal.journal import opened

    tomaz_path = tmp_path / "tomaz.db"
    shutil.copyfile(made, tomaz_path)
    with opened(str(tomaz_path)) as tomaz:
        first = exchange.merge(tomaz, path, NOW)
    before = digest(tomaz_path)
    with opened(str(tomaz_path)) as tomaz:
        again = exchange.merge(tomaz, path, NOW)
    assert first["added"] > 0
    assert (again["added"], again["updated"], again["conflicts"]) == (0, 0, [])
    records = sum(1 for _ in bundle_read.parse(path.read_bytes())[1]())
    assert again["unchanged"] == records
    assert digest(tomaz_path) == before


# --- a record that holds nothing new -----------------------------------------------------------


def _row(**changes) -> dict:
    row = {
        "id": "01jc5qd2m000000000000000n1", "created_at": OLD, "updated_at": NEW, "author": "mentee",
        "origin": A, "phase": "bridging-the-gap", "visibility": "shared", "versions": None,
        "text": "words", "kind": "note", "session_id": None, "tags": "[]", "via": None,
        "occurred_on": None, "asked_at": None, "deleted_at": None,
    }  # fmt: skip
    row.update(changes)
    return row


def _record(row: dict, *, versions: dict | None = None, drop: tuple[str, ...] = (), **changes) -> Record:
    carried = {n: row[n] for n in schema.TABLES["note"] if n not in drop}
    carried.update({k: v for k, v in changes.items() if k in carried})
    return Record(
        table="note", id=row["id"], author=row["author"], created_at=row["created_at"],
        phase=row["phase"], updated_at=changes.get("updated_at", row["updated_at"]),
        origin=changes.get("origin", row["origin"]), fields=carried, versions=versions or {},
    )  # fmt: skip


TOMBSTONE = {"text": None, "deleted_at": NEW, "versions": json.dumps({"text": model.UNKNOWN})}
OLDER_TAGS = {"tags": f"{OLD} {A}"}
CASES = [
    # (case, local row, incoming record, nothing new)
    ("the same record", _row(), _record(_row()), True),
    ("the same, with an older field", _row(versions=json.dumps(OLDER_TAGS)),
     _record(_row(), versions=OLDER_TAGS), True),
    ("the same tombstone, without its words", _row(**TOMBSTONE),
     _record(_row(**TOMBSTONE), drop=("text",)), True),
    ("a later version", _row(), _record(_row(), updated_at="2026-11-03T10:00:00.000Z", text="new"), False),
    ("another journal's version at the same moment", _row(), _record(_row(), origin=B), False),
    ("a field at an older version", _row(), _record(_row(), versions=OLDER_TAGS), False),
    ("a value unlike its version's (damaged)", _row(), _record(_row(), text="other words"), False),
    ("words this journal never had", _row(**TOMBSTONE), _record(_row(**TOMBSTONE), text="words"), False),
]  # fmt: skip


@pytest.mark.parametrize("local, incoming, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_record_is_left_unjoined_only_when_joining_it_would_change_nothing(local, incoming, expected):
    assert nothing_new(incoming, local) is expected
    if expected:
        outcome = join.join("note", join.expand("note", local), incoming.copy())
        assert (outcome.taken, outcome.lost) == ([], [])


# --- the value checks in their faster form ----------------------------------------------------


def _listed(codes: tuple[int, ...]) -> str:
    """The class as it was written before: every code by itself (in calls of `char` of at most 100
    arguments: SQLite takes no more in one call)."""
    listed = [c for c in codes if c]
    calls = [", ".join(str(c) for c in listed[i : i + 100]) for i in range(0, len(listed), 100)]
    return "'*[' || " + " || ".join(f"char({call})" for call in calls) + " || ']*'"


CODES = [
    *range(1, 0x3100), *range(0xFDC0, 0xFE00), 0xFEFF, 0xFFFD, 0xFFFE, 0xFFFF, 0x1F600, 0x1FFFE,
    *range(0xDFFF0, 0xE0090), 0x10FFFD, 0x10FFFE, 0x10FFFF,
]  # fmt: skip


@pytest.mark.parametrize(
    "codes", [checks.FORBIDDEN_CODES, checks.FORBIDDEN_CODES + checks.BREAK_CODES + (32, 35)],
    ids=["text", "tag"],
)  # fmt: skip
def test_the_ranges_match_exactly_the_characters_listed_one_by_one(codes):
    conn = sqlite3.connect(":memory:")
    conn.execute("create table t (c text)")
    conn.executemany("insert into t values (?)", [(f"a{chr(code)}b",) for code in CODES])
    sql = "select count(*) from t where (c glob {0}) != (c glob {1})"
    assert conn.execute(sql.format(_listed(codes), checks._char_class(codes))).fetchone()[0] == 0
    held = conn.execute(f"select count(*) from t where c glob {checks._char_class(codes)}").fetchone()[0]
    assert held == len({c for c in codes if c} & set(CODES))


def test_a_choice_accepts_its_values_only():
    spec = schema.TABLES["note"]["kind"]
    conn = sqlite3.connect(":memory:")
    sql = f"select {checks.condition(spec, '?1')}"
    for member in spec.domain.kind:
        assert conn.execute(sql, [member.value]).fetchone()[0] == 1
    for other in ("Note", "note ", "", "idea\n", 1):
        assert conn.execute(sql, [other]).fetchone()[0] == 0
    assert conn.execute(sql, [None]).fetchone()[0] is None  # as `in (…)` was: the trigger's `is null` decides


# --- the renumbering's version --------------------------------------------------------------


def test_a_renumbering_is_later_than_both_numbers_it_settles(tmp_path):
    """Two sessions that share a number: the later-made one is renumbered at a version after both
    clashing numbers' versions, so the change is later than everything the journal knew when it
    made it, as the journal's clock is; here the number that stays was given later than the one
    that moves (the kept session was itself renumbered after the other was planned)."""
    from mentorlog.dates import stamp
    from mentorlog.sessions import sessions
    from mentorlog.store.journal import writing
    from mentorlog.store.merge import renumber

    maja, tomaz = first_exchange(tmp_path, NOW - timedelta(days=3))
    tomaz.close()
    sessions.plan(maja, "2026-12-01 10:00", NOW - timedelta(days=2), length=60)
    sessions.plan(maja, "2026-12-08 10:00", NOW - timedelta(days=1), length=60)
    db = maja.db
    kept, moved = (r[0] for r in db.execute("select id from session order by created_at"))
    late = model.version(stamp(NOW - timedelta(hours=12)), B)  # after the moved session was planned
    with writing(db):  # the kept one's number (every field of it) given at `late`; the moved one's as planned
        db.execute(
            "update session set number = 1, updated_at = ?, origin = ?, versions = null where id = ?",
            [*model.split(late), kept],
        )
        db.execute("update session set number = 1 where id = ?", [moved])
        result = model.Result(updated={"session": 1})
        parties = model.Parties(me="mentee", my_journal=A, sender_role="mentor", sender_journal=B)
        renumber.settle(db, parties, NOW, result)
    [row] = db.query("select * from session where id = ?", [moved])
    settled = join.expand("session", row).version_of("number")
    assert [(r.session_id, r.old, r.new) for r in result.renumbered] == [(moved, 1, row["number"])]
    assert row["number"] != 1 and settled > late
    assert model.split(settled)[0] == stamp(NOW - timedelta(hours=12) + timedelta(milliseconds=1))
    maja.close()


# --- a group newer here, whose words came with a tombstone --------------------------------------


def test_a_group_newer_here_still_takes_the_words_a_tombstone_left_out():
    """Tomaž holds a goal that reached him as a tombstone (its reason for ending never came with
    it) and has changed its status since; Maja's older copy brings the reason. Joined in his
    journal and in hers (where his copy travels without the reason he never had), the two agree:
    the newer status and her reason."""
    names = schema.versioned("goal")
    older, newer = model.version(OLD, A), model.version(NEW, B)
    hers = model.Copy({n: None for n in names}, {n: older for n in names})
    hers.values.update(title="Funding", status="dropped", ended_on="2026-11-01", end_reason="Too early")
    his = model.Copy(
        {**hers.values, "status": "achieved", "ended_on": "2026-11-02", "end_reason": None},
        {**hers.versions, "status": newer, "ended_on": newer, "end_reason": model.UNKNOWN},
    )
    travelling = model.Copy(
        {n: v for n, v in his.values.items() if n != "end_reason"},
        {n: v for n, v in his.versions.items() if n != "end_reason"},
    )
    in_his = join.join("goal", his, hers).copy
    in_hers = join.join("goal", hers, travelling).copy
    assert in_his.values == in_hers.values
    assert (in_his.values["status"], in_his.values["end_reason"]) == ("achieved", "Too early")
