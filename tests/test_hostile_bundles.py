"""Hostile and broken bundles: each is refused with a message that names what is wrong (the table,
the record and the field for a bad value), the journal stays byte for byte as it was, and every
command still works afterwards.

Two real journals are made once (the mentee's, rich in every kind of record, and the mentor's,
started from her bundle and with edits of his own); each case takes the mentee's next bundle,
spoils one thing in it, and lets a fresh copy of the mentor's journal merge it.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mentorlog.exchange import exchange, share
from mentorlog.journal.journal import init_journal, move_phase
from mentorlog.process import agreement, ending, goals, plan, rules
from mentorlog.sessions import feedback as feedback_service
from mentorlog.sessions import notes, sessions
from mentorlog.sessions import topics as topic_service

from .conftest import NOW, digest, ok

FUTURE = "2026-11-24T12:00:00.000Z"  # three days ahead of the tests' clock: more than a day


def _checkpoint(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict[str, Any]:
    """The mentee's rich journal, the mentor's journal started from it, and her next bundle."""
    folder = tmp_path_factory.mktemp("hostile")
    t = NOW - timedelta(days=40)
    maja = init_journal(
        str(folder / "maja.db"),
        mentor="Tomaž Zupan",
        mentee="Maja Horvat",
        me="mentee",
        programme="Creative Mentorship",
        start="2026-09-01",
        end=None,
        now=t,
    )
    agreement.edit(maja, {"meetings": 10, "place": "Café Union"}, t)
    agreement.propose_agreement(maja, t)
    rules.add_rule(maja, "We keep what we say between us", "confidentiality", t)
    from mentorlog.process.goals import set_vision

    set_vision(maja, "A touring puppet theatre of my own", t)
    goal = goals.add_goal(maja, "Find funding for the tour", t, due="2027-05-01", why="to tour")
    goals.revise_goal(maja, goal["id"], t, due="2027-06-01", reason="the call moved")
    goals.record_progress(maja, goal["id"], 20, t, note="two calls found")
    plan.assess(maja, "network", "I know few producers", 2, t)
    outcome = plan.add_outcome(maja, "A grant application sent", "2027-03-01", t, goal=goal["id"])
    option = plan.add_option(maja, "Ask the city fund", t, outcome=outcome["id"], feasibility=4)
    plan.choose_option(maja, option["id"], t, due="2027-01-15", owner="mentee")
    plan.add_action(maja, "Draft the budget", t, owner="mentee", due="2026-12-20", goal=goal["id"])
    move_phase(maja, "bridging-the-gap", t)
    sessions.plan(maja, "2026-10-13 10:00", t, length=90)
    sessions.plan(maja, "2026-12-05 18:00", t, length=90)
    topic_service.add_topic(maja, "Pricing my work", t, number=2)
    notes.add_note(maja, "Ask about the grant deadline", t, kind="question", shared=True, tags=["funding"])
    notes.add_note(maja, "Lesson: ask early", t, kind="lesson", shared=True)
    notes.add_contact(maja, "Called about the venue", "phone", t, shared=True)
    private = notes.add_note(maja, "CANARY private doubts", t)
    first = folder / "first.json"
    share.share(maja, first, t, plain=True)  # the corpus spoils readable bundles

    tomaz, _ = exchange.init_from(str(folder / "tomaz.db"), first, None, t + timedelta(hours=1))
    t2 = t + timedelta(days=1)
    agreement.approve_agreement(tomaz, t2)
    sessions.confirm(tomaz, [1], t2)
    sessions.held(tomaz, 1, t2)
    feedback_service.give_feedback(tomaz, 1, 5, t2, worked="clear goals")
    tomaz_note = notes.add_note(tomaz, "Tomaž's own private thought", t2)
    tomaz_goal = goals.add_goal(tomaz, "Tomaž's goal for the pair", t2)
    back = folder / "back.json"
    share.share(tomaz, back, t2, plain=True)
    exchange.merge(maja, back, t2)
    t3 = t2 + timedelta(days=1)
    ending.reflect(maja, {"insights": "Asking early helps"}, t3)
    notes.add_note(maja, "A newer shared note", t3, shared=True, tags=["grant", "deadline"])
    bundle = folder / "second.json"
    share.share(maja, bundle, t3, plain=True)
    data = {
        "folder": folder,
        "bundle_lines": bundle.read_bytes().split(b"\n"),
        "tomaz": folder / "tomaz.db",
        "ids": {
            "goal": goal["id"],
            "maja_private": private["id"],
            "tomaz_private": tomaz_note["id"],
            "tomaz_goal": tomaz_goal["id"],
            "maja_journal": maja.pair.journal_id,
            "tomaz_journal": tomaz.pair.journal_id,
            "pair": maja.pair.id,
        },
    }
    from mentorlog.store.merge.cursor import exchange_state

    his = exchange_state(tomaz.db)  # what his journal has sent and said it had, for the cursors
    data["ids"].update(tomaz_shared=his.shared_clock, tomaz_had=his.had_from_partner)
    maja.close()
    tomaz.close()
    _checkpoint(folder / "tomaz.db")
    return data


# --- spoiling a bundle ---------------------------------------------------------------------


def records(lines: list[bytes]) -> tuple[dict, list[dict]]:
    head = json.loads(lines[0] + b"]}")
    rows = [json.loads(line.rstrip(b",")) for line in lines[1:] if line and not line.startswith(b"]")]
    return head, rows


def assemble(head: dict, rows: list[dict]) -> bytes:
    """The bundle laid out again, unsigned (its signature would no longer match): the two journals
    here are not paired, so an unsigned plain bundle is taken as before and its values checked."""
    head = {k: v for k, v in head.items() if k != "records"}
    text = json.dumps(head, separators=(",", ":"))[:-1] + ',"records":['
    body = ",\n".join(json.dumps(r, separators=(",", ":")) for r in rows)  # \u escapes: any string
    return (text + "\n" + body + "\n]}\n").encode()


def first(rows: list[dict], table: str, where: Callable[[dict], bool] = lambda r: True) -> dict:
    return next(r for r in rows if r["table"] == table and where(r))


def set_field(table: str, name: str, value: Any, where: Callable[[dict], bool] = lambda r: True):
    def spoil(head: dict, rows: list[dict], ids: dict) -> None:
        first(rows, table, where)["fields"][name] = value

    return spoil


def set_key(table: str, name: str, value: Any):
    def spoil(head: dict, rows: list[dict], ids: dict) -> None:
        first(rows, table)[name] = value

    return spoil


def set_head(name: str, value: Any):
    def spoil(head: dict, rows: list[dict], ids: dict) -> None:
        head[name] = value

    return spoil


def is_question(row: dict) -> bool:
    return row["fields"].get("kind") == "question"


DEEP = "[" * 200_000 + "]" * 200_000

# (case id, spoiler, words the refusal must contain)
VALUE_CASES = [
    ("pair-phase", set_field("pair", "current_phase", "not-a-phase"), ["pair", "current_phase"]),
    ("pair-start-not-a-day", set_field("pair", "starts_on", "2026-13-45"), ["pair", "starts_on"]),
    ("pair-start-before-1900", set_field("pair", "starts_on", "1850-01-01"), ["pair", "starts_on"]),
    ("pair-start-not-iso", set_field("pair", "starts_on", "01.09.2026"), ["pair", "starts_on"]),
    ("pair-mentor-null", set_field("pair", "mentor", None), ["pair", "mentor", "missing"]),
    ("pair-mentor-newline", set_field("pair", "mentor", "Tomaž\nZupan"), ["pair", "mentor", "line"]),
    ("pair-programme-esc", set_field("pair", "programme", "\x1b[2JCM"), ["pair", "programme", "control"]),
    ("pair-end-kind", set_field("pair", "end_kind", "stolen"), ["pair", "end_kind"]),
    ("agreement-state", set_field("agreement", "state", "signed"), ["agreement", "state"]),
    ("agreement-meetings-zero", set_field("agreement", "meetings", 0), ["agreement", "meetings"]),
    ("agreement-meetings-huge", set_field("agreement", "meetings", 10**9), ["agreement", "meetings"]),
    (
        "agreement-length-text",
        set_field("agreement", "length_minutes", "90"),
        ["agreement", "length_minutes"],
    ),
    ("agreement-cadence", set_field("agreement", "cadence", "yearly"), ["agreement", "cadence"]),
    (
        "agreement-period-format",
        set_field("agreement", "period_start", "03.04.2028"),
        ["agreement", "period"],
    ),
    (
        "agreement-place-bidi",
        set_field("agreement", "place", "Caf\u202ee"),
        ["agreement", "place", "control"],
    ),
    (
        "agreement-proposed-by-mentor",
        set_field("agreement", "proposed_by", "mentor"),
        ["agreement", "proposed_by"],
    ),
    (
        "agreement-approved-at-future",
        set_field("agreement", "proposed_at", "9999-12-31T23:59:59.999Z"),
        ["agreement", "proposed_at"],
    ),
    ("rule-text-null", set_field("rule", "text", None), ["rule", "text", "missing"]),
    ("rule-text-empty", set_field("rule", "text", "   "), ["rule", "text", "empty"]),
    ("rule-text-huge", set_field("rule", "text", "x" * 200_001), ["rule", "text", "long"]),
    ("rule-kind-markup", set_field("rule", "kind", "[bold]x[/bold]"), ["rule", "kind"]),
    ("vision-osc", set_field("vision", "text", "\x1b]0;pwned\x07A vision"), ["vision", "text", "control"]),
    ("goal-progress-101", set_field("goal", "progress", 101), ["goal", "progress"]),
    ("goal-progress-2-53", set_field("goal", "progress", 2**53), ["goal", "progress"]),
    ("goal-due-word", set_field("goal", "due", "tomorrow"), ["goal", "due"]),
    ("goal-title-cr", set_field("goal", "title", "Funding\rtour"), ["goal", "title", "U+000D"]),
    ("goal-status", set_field("goal", "status", "finished"), ["goal", "status"]),
    ("goal-term", set_field("goal", "term", "forever"), ["goal", "term"]),
    ("goal-why-list", set_field("goal", "why", ["a"]), ["goal", "why", "not text"]),
    ("goal-progress-bool", set_field("goal", "progress", True), ["goal", "progress"]),
    (
        "revision-before-not-json",
        set_field("goal_revision", "before", "not json"),
        ["goal_revision", "before"],
    ),
    (
        "revision-after-unknown",
        set_field("goal_revision", "after", {"secret": 1}),
        ["goal_revision", "after"],
    ),
    ("progress-negative", set_field("goal_progress", "percent", -5), ["goal_progress", "percent"]),
    ("progress-note-number", set_field("goal_progress", "note", 42), ["goal_progress", "note"]),
    ("assessment-area", set_field("assessment", "area", "feelings"), ["assessment", "area"]),
    ("assessment-rating-6", set_field("assessment", "rating", 6), ["assessment", "rating"]),
    ("outcome-by", set_field("outcome", "by", "garbage"), ["outcome", "by"]),
    ("outcome-goal-not-an-id", set_field("outcome", "goal_id", "zzzz"), ["outcome", "goal_id"]),
    ("action-owner", set_field("action", "owner", "boss"), ["action", "owner"]),
    ("action-due-feb-30", set_field("action", "due", "2026-02-30"), ["action", "due"]),
    ("option-feasibility", set_field("option", "feasibility", 0), ["option", "feasibility"]),
    ("session-starts-garbage", set_field("session", "starts_at", "garbage"), ["session", "starts_at"]),
    (
        "session-year-999",
        set_field("session", "starts_at", "0999-01-01T10:00:00.000Z"),
        ["session", "starts_at"],
    ),
    ("session-length-2-53", set_field("session", "length_minutes", 2**53), ["session", "length_minutes"]),
    ("session-state", set_field("session", "state", "unknown"), ["session", "state"]),
    ("session-mode", set_field("session", "mode", "teleport"), ["session", "mode"]),
    ("session-kind-markup", set_field("session", "kind", "[red]x"), ["session", "kind"]),
    (
        "session-link-crlf",
        set_field("session", "link", "https://meet.example/x\r\nX: y"),
        ["session", "link"],
    ),
    (
        "session-confirmed-by-proposer",
        set_field("session", "confirmed_by", "mentee"),
        ["session", "confirmed_by"],
    ),
    ("session-held-ahead", set_field("session", "held_at", FUTURE), ["session", "held_at", "ahead"]),
    ("topic-status", set_field("topic", "status", "maybe"), ["topic", "status"]),
    ("topic-nul", set_field("topic", "text", "Pricing\x00"), ["topic", "text", "control"]),
    ("note-tags-not-list", set_field("note", "tags", "not a list"), ["note", "tags"]),
    ("note-tags-space", set_field("note", "tags", ["two words"]), ["note", "tags"]),
    ("note-tags-too-many", set_field("note", "tags", [f"t{i}" for i in range(21)]), ["note", "tags"]),
    ("note-kind", set_field("note", "kind", "diary"), ["note", "kind"]),
    ("note-text-c1", set_field("note", "text", "A \x9b31m note"), ["note", "text", "control"]),
    ("note-via", set_field("note", "via", "pigeon"), ["note", "via"]),
    (
        "note-asked-impossible",
        set_field("note", "asked_at", "9999-99-99T99:99:99.999Z"),
        ["note", "asked_at"],
    ),
    ("note-occurred-unpadded", set_field("note", "occurred_on", "2026-1-1"), ["note", "occurred_on"]),
    ("note-text-surrogate", set_field("note", "text", "half \ud800 a pair"), ["note", "text"]),
    ("reflection-key", set_field("reflection", "key", "secret-key"), ["reflection", "key"]),
    ("reflection-text-null", set_field("reflection", "text", None), ["reflection", "text"]),
    ("updated-at-9999", set_key("note", "updated_at", "9999-12-31T23:59:59.999Z"), ["note", "updated_at"]),
    (
        "updated-at-impossible",
        set_key("note", "updated_at", "9999-99-99T99:99:99.999Z"),
        ["note", "updated_at"],
    ),
    ("created-at-ahead", set_key("rule", "created_at", FUTURE), ["rule", "created_at", "ahead"]),
    ("author-admin", set_key("goal", "author", "admin"), ["goal", "author"]),
    ("origin-not-an-id", set_key("goal", "origin", "x"), ["goal", "origin"]),
    ("phase-done", set_key("goal", "phase", "done"), ["goal", "phase"]),
    ("id-not-an-id", set_key("rule", "id", "NOT-AN-ID"), ["rule", "id"]),
    ("visibility-in-bundle", set_key("rule", "visibility", "private"), ["rule", "visibility"]),
    (
        "versions-bad-stamp",
        set_key("goal", "versions", {"title": "yesterday 01"}),
        ["goal", "versions.title"],
    ),
    (
        "versions-newer-than-record",
        set_key("goal", "versions", {"title": "2026-11-21T00:00:00.000Z 01m7zzzzzzzzzzzzzzzzzzzzzz"}),
        ["goal", "versions.title"],
    ),
    ("fields-not-object", set_key("topic", "fields", ["Pricing"]), ["topic", "fields"]),
]
ENVELOPE_CASES = [
    ("not-a-bundle", set_head("format", "something-else"), ["not a mentorlog bundle"]),
    ("newer-format", set_head("version", 99), ["newer mentorlog"]),
    ("other-pair", set_head("pair_id", "01m7000000000000000000000z"), ["started apart"]),
    ("sender-role", set_head("from", {"role": "boss", "journal_id": "01m7000000000000000000000z"}), ["from"]),
    ("exported-at-garbage", set_head("exported_at", "garbage"), ["exported_at"]),
    ("clock-ahead", set_head("clock", FUTURE), ["clock", "ahead"]),
]


@pytest.fixture
def mentor_copy(world, tmp_path) -> Path:
    path = tmp_path / "tomaz.db"
    shutil.copyfile(world["tomaz"], path)
    return path


def merge_spoiled(cli, world, journal: Path, tmp_path: Path, spoil) -> tuple[Any, bytes]:
    head, rows = records(list(world["bundle_lines"]))
    spoil(head, rows, world["ids"])
    bad = tmp_path / "spoiled.json"
    data = assemble(head, rows)
    bad.write_bytes(data)
    return cli("--journal", str(journal), "merge", str(bad)), data


def untouched(journal: Path, before: str) -> None:
    """The journal's file is as it was and no write waits beside it in a write-ahead log: the
    journal is byte for byte the one that worked before the merge."""
    assert digest(journal) == before
    wal = journal.with_name(journal.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def still_works(cli, journal: Path) -> None:
    for args in (("status", "--json"), ("log", "--json"), ("session", "list"), ("goal", "list")):
        ok(cli("--journal", str(journal), *args))


def works_after_refusal(cli, journal: Path) -> None:
    """After a refused bundle the journal is byte for byte the mentor's copy (`untouched`), which
    `test_the_mentors_copy_works` reads through every command of `still_works`; one command here
    shows that nothing the refusal left beside the journal (a lock, a temporary file, a log) stops
    the next one."""
    ok(cli("--journal", str(journal), "status", "--json"))


def test_the_mentors_copy_works(cli, mentor_copy):
    still_works(cli, mentor_copy)


@pytest.mark.parametrize(
    ("case", "spoil", "words"), VALUE_CASES + ENVELOPE_CASES, ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_spoiled_bundle_is_refused_and_changes_nothing(
    cli, world, mentor_copy, tmp_path, case, spoil, words
):
    before = digest(mentor_copy)
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    assert result.exit_code == 1, result.output
    message = result.stderr
    for word in words:
        assert word in message, f"{case}: {word!r} not in {message!r}"
    assert "Traceback" not in message and "unexpected" not in message
    assert len(message.strip().splitlines()) <= 3
    untouched(mentor_copy, before)
    works_after_refusal(cli, mentor_copy)


def test_the_unspoiled_bundle_merges(cli, world, mentor_copy, tmp_path):
    """The corpus is fair: the same bundle, unspoiled, merges cleanly."""
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, lambda head, rows, ids: None)
    ok(result)
    assert "Merged Maja's bundle" in result.stdout
    still_works(cli, mentor_copy)


# --- ownership: what the sender may and may not write ----------------------------------------


def add_row(table: str, make: Callable[[dict, dict], dict]):
    def spoil(head: dict, rows: list[dict], ids: dict) -> None:
        template = first(rows, table)
        row = json.loads(json.dumps(template))
        row.update(make(row, ids))
        position = max(i for i, r in enumerate(rows) if r["table"] == table)
        rows.insert(position + 1, row)

    return spoil


def with_id(key: str, **changes):
    def make(row: dict, ids: dict) -> dict:
        return {"id": ids[key], **changes}

    return make


OWNERSHIP_CASES = [
    ("note-with-my-goals-id", add_row("note", with_id("tomaz_goal")), ["note", "goal"]),
    (
        "new-note-as-mine-from-nowhere",
        add_row(
            "note",
            lambda row, ids: {
                "id": "01m7zzzzzzzzzzzzzzzzzzzzzz",
                "author": "mentor",
                "origin": "01m7000000000000000000000y",
            },
        ),
        ["note", "mentor"],
    ),
    ("author-changed", set_key("pair", "author", "mentor"), ["pair", "author"]),
    ("fixed-name-changed", set_field("pair", "mentor", "Maja Horvat"), ["pair", "mentor"]),
    ("fixed-start-changed", set_field("pair", "starts_on", "1900-01-01"), ["pair", "start"]),
    ("note-kind-changed", set_field("note", "kind", "idea", is_question), ["note", "kind"]),
    ("feedback-session-changed", set_field("feedback", "session_id", None), ["feedback", "session_id"]),
    (
        "dangling-reference",
        set_field("topic", "session_id", "01m7000000000000000000000x"),
        ["topic", "session"],
    ),
    ("duplicate-id", add_row("rule", lambda row, ids: {}), ["twice"]),
]


@pytest.mark.parametrize(
    ("case", "spoil", "words"), OWNERSHIP_CASES, ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_bundle_never_takes_what_is_not_the_senders(cli, world, mentor_copy, tmp_path, case, spoil, words):
    before = digest(mentor_copy)
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    assert result.exit_code == 1, result.output
    for word in words:
        assert word in result.stderr, f"{case}: {word!r} not in {result.stderr!r}"
    untouched(mentor_copy, before)
    works_after_refusal(cli, mentor_copy)


def test_a_record_private_here_is_never_written(cli, world, mentor_copy, tmp_path):
    """A shared row or a tombstone carrying the id of one of my private notes leaves it as it is."""

    def spoil(head, rows, ids):
        template = first(rows, "note")
        for deleted in (None, "2026-11-20T10:00:00.000Z"):
            row = json.loads(json.dumps(template))
            row["id"] = ids["tomaz_private"]
            row["author"] = "mentor"
            row["created_at"] = "2026-10-13T12:30:00.000Z"
            row["phase"] = "bridging-the-gap"
            row["updated_at"] = "2026-11-20T10:00:00.000Z"
            row["fields"]["text"] = "overwritten!"
            row["fields"]["deleted_at"] = deleted
            rows.insert(rows.index(template), row)
            if deleted is None:
                break

    conn = sqlite3.connect(mentor_copy)
    before = conn.execute("select * from note where id = ?", [world["ids"]["tomaz_private"]]).fetchone()
    conn.close()
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    ok(result)
    assert "made private again" in result.stdout
    conn = sqlite3.connect(mentor_copy)
    after = conn.execute("select * from note where id = ?", [world["ids"]["tomaz_private"]]).fetchone()
    conn.close()
    assert after == before


# --- the file as a whole ---------------------------------------------------------------------


def test_a_truncated_bundle_is_refused(cli, world, mentor_copy, tmp_path):
    data = b"\n".join(world["bundle_lines"])
    for cut in (len(data) // 3, len(data) - 5):
        bad = tmp_path / "cut.json"
        bad.write_bytes(data[:cut])
        before = digest(mentor_copy)
        result = cli("--journal", str(mentor_copy), "merge", str(bad))
        assert result.exit_code == 1 and ("cut short" in result.stderr or "not complete" in result.stderr)
        assert digest(mentor_copy) == before


@pytest.mark.parametrize(
    ("case", "data", "words"),
    [
        ("empty", b"", ["not a mentorlog bundle"]),
        ("binary", bytes(range(256)) * 4, ["not a mentorlog bundle"]),
        ("deep-nesting", b'{"records":' + DEEP.encode() + b"}", ["nested too deeply"]),
        ("json-array", b"[1, 2, 3]", ["not a mentorlog bundle"]),
        ("invalid-utf8", b'{"format": "mentorlog-bundle", "x": "\xff\xfe"}', ["UTF-8"]),
    ],
)
def test_files_that_are_no_bundle(cli, mentor_copy, tmp_path, case, data, words):
    bad = tmp_path / "bad.json"
    bad.write_bytes(data)
    before = digest(mentor_copy)
    result = cli("--journal", str(mentor_copy), "merge", str(bad))
    assert result.exit_code == 1
    for word in words:
        assert word in result.stderr, result.stderr
    assert digest(mentor_copy) == before


def test_a_deeply_nested_record_line_is_refused(cli, world, mentor_copy, tmp_path):
    lines = list(world["bundle_lines"])
    lines.insert(2, DEEP.encode() + b",")
    bad = tmp_path / "deep.json"
    bad.write_bytes(b"\n".join(lines))
    result = cli("--journal", str(mentor_copy), "merge", str(bad))
    assert result.exit_code == 1 and "nested too deeply" in result.stderr


def test_something_after_the_end_is_refused(cli, world, mentor_copy, tmp_path):
    bad = tmp_path / "tail.json"
    bad.write_bytes(b"\n".join(world["bundle_lines"]) + b'\n{"table": "note"}\n')
    result = cli("--journal", str(mentor_copy), "merge", str(bad))
    assert result.exit_code == 1 and "follows its end" in result.stderr


def test_limits_on_size_and_records_are_checked_before_reading(
    cli, world, mentor_copy, tmp_path, monkeypatch
):
    from mentorlog.exchange import bundle

    data = b"\n".join(world["bundle_lines"])
    path = tmp_path / "b.json"
    path.write_bytes(data)
    monkeypatch.setattr(bundle, "MAX_BYTES", len(data) - 1)
    result = cli("--journal", str(mentor_copy), "merge", str(path))
    assert result.exit_code == 1 and "larger than" in result.stderr
    monkeypatch.setattr(bundle, "MAX_BYTES", 64 * 2**20)
    monkeypatch.setattr(bundle, "MAX_RECORDS", 5)
    result = cli("--journal", str(mentor_copy), "merge", str(path))
    assert result.exit_code == 1 and "more than 5 records" in result.stderr


def test_records_out_of_order_are_refused(cli, world, mentor_copy, tmp_path):
    def spoil(head, rows, ids):
        note = first(rows, "note")
        rows.remove(note)
        rows.insert(1, note)

    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    assert result.exit_code == 1 and "out of order" in result.stderr


def test_a_personal_export_and_ones_own_bundle_are_named(cli, world, mentor_copy, tmp_path):
    own = tmp_path / "own.json"
    ok(cli("--journal", str(mentor_copy), "share", str(own), "--plain"))
    result = cli("--journal", str(mentor_copy), "merge", str(own))
    assert result.exit_code == 1 and "your own bundle" in result.stderr
    export = tmp_path / "export.json"
    ok(cli("--journal", str(mentor_copy), "export", "--format", "json", "--out", str(export)))
    result = cli("--journal", str(mentor_copy), "merge", str(export))
    assert result.exit_code == 1 and "personal export" in result.stderr


def test_a_bundle_from_the_same_role_is_refused(cli, world, mentor_copy, tmp_path):
    def spoil(head, rows, ids):
        head["from"] = {"role": "mentor", "journal_id": "01m7000000000000000000000w"}

    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    assert result.exit_code == 1 and "kept by the mentor, like yours" in result.stderr


def test_the_corpus_is_large_enough():
    assert len(VALUE_CASES) + len(ENVELOPE_CASES) + len(OWNERSHIP_CASES) >= 60
    assert {c[0] for c in VALUE_CASES} >= {"pair-phase", "session-starts-garbage", "note-tags-not-list"}


def test_a_journal_with_the_clock_far_ahead_names_the_record(cli, world, mentor_copy, tmp_path):
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, set_key("note", "updated_at", FUTURE))
    assert result.exit_code == 1
    assert "ahead of this machine's clock" in result.stderr and "note 01" in result.stderr


def test_role_of_an_act_done_at_the_partners_laptop(cli, world, mentor_copy, tmp_path):
    """Proposing is the mentee's act: a bundle saying the mentor proposed is refused."""
    result, _ = merge_spoiled(
        cli, world, mentor_copy, tmp_path, set_field("agreement", "proposed_by", "mentor")
    )
    assert result.exit_code == 1 and "only the mentee" in result.stderr


# --- cursors: what a bundle says the two journals have had of each other ----------------------


def later(value: str, **delta: float) -> str:
    from mentorlog.dates import from_stamp, stamp

    return stamp(from_stamp(value) + timedelta(**delta))


def cursor(name: str, make: Callable[[dict, dict], Any]):
    def spoil(head: dict, rows: list[dict], ids: dict) -> None:
        head[name] = make(head, ids)

    return spoil


def _in_23_h_50() -> str:
    from mentorlog.dates import stamp

    return stamp(NOW + timedelta(hours=23, minutes=50))  # within a day: no stamp check stops it


IN_23_H_50 = _in_23_h_50()
CURSOR_CASES = [
    # (case, spoiler, the refusal's own words)
    ("seen-a-day-ahead", lambda h, rows, ids: h.update(seen=IN_23_H_50, clock=IN_23_H_50),
     "The bundle is refused: its seen says your partner has this journal's changes up to"),
    ("seen-past-the-last-bundle", cursor("seen", lambda h, ids: later(ids["tomaz_shared"], milliseconds=1)),
     "The bundle is refused: its seen says your partner has this journal's changes up to"),
    ("seen-after-the-senders-clock", cursor("seen", lambda h, ids: later(h["clock"], milliseconds=1)),
     "The bundle is refused: its seen ("),
    ("merged-past-the-last-bundle",
     cursor("merged", lambda h, ids: [[later(ids["tomaz_shared"], milliseconds=1), h["clock"]]]),
     "The bundle is refused: its merged says your partner merged a bundle of this journal's up to"),
    ("merged-after-the-senders-clock",
     cursor("merged", lambda h, ids: [[ids["tomaz_shared"], later(h["clock"], milliseconds=1)]]),
     "after the sender's own clock"),
    ("merged-before-it-was-made",
     cursor("merged", lambda h, ids: [[ids["tomaz_shared"], later(ids["tomaz_shared"], milliseconds=-1)]]),
     "was merged at"),
    ("since-past-what-was-said", cursor("since", lambda h, ids: later(ids["tomaz_had"], milliseconds=1)),
     "The bundle is refused: its since says it holds only the changes after"),
    ("since-after-the-senders-clock", cursor("since", lambda h, ids: later(h["clock"], milliseconds=1)),
     "The bundle is refused: its since ("),
]  # fmt: skip


@pytest.mark.parametrize(("case", "spoil", "words"), CURSOR_CASES, ids=[c[0] for c in CURSOR_CASES])
def test_a_cursor_claiming_more_than_was_ever_sent_is_refused_naming_it(
    cli, world, mentor_copy, tmp_path, case, spoil, words
):
    """A `seen`, `merged` or `since` that claims more than this journal ever sent (or than the
    sender's own clock) refuses the bundle, naming the field and the way back; nothing changes."""
    before = digest(mentor_copy)
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    assert result.exit_code == 1, result.output
    assert words in result.stderr, (case, result.stderr)
    assert f"`mentorlog -j {mentor_copy} share --all`" in result.stderr  # pasteable, in this journal
    assert len(result.stderr.strip().splitlines()) == 2
    untouched(mentor_copy, before)
    works_after_refusal(cli, mentor_copy)


def test_honest_cursors_at_their_limits_are_taken(cli, world, mentor_copy, tmp_path):
    """The checks are exact: `seen` at this journal's last bundle and `since` at what it said it
    had are what an honest partner sends, and merge."""

    def spoil(head, rows, ids):
        head["seen"] = ids["tomaz_shared"]
        head["merged"] = [[ids["tomaz_shared"], head["clock"]]]
        head["since"] = ids["tomaz_had"]

    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    ok(result)


def test_a_journal_is_not_started_from_part_of_one(cli, world, tmp_path):
    """`init --from` a bundle of recent changes only (`since`) is refused: a new journal has had
    none of the changes before it."""

    def spoil(head, rows, ids):
        head["since"] = ids["tomaz_had"]

    head, rows = records(list(world["bundle_lines"]))
    spoil(head, rows, world["ids"])
    part = tmp_path / "part.json"
    part.write_bytes(assemble(head, rows))
    result = cli("--journal", str(tmp_path / "new.db"), "init", "--from", str(part))
    assert result.exit_code == 1
    assert "The bundle is refused: its since says it holds only the changes after" in result.stderr
    assert "a new journal has had none of them" in result.stderr
    assert not (tmp_path / "new.db").exists()


# --- which layer refused: the bundle check's own message, before the journal's triggers ------------

# The field a value case spoils, where its words do not name it exactly.
SPOILED_FIELD = {"agreement-period-format": "period_start"}
ULID_OR_NONE = r"(?:[0-7][0-9a-hjkmnp-tv-z]{25}|\(no valid id\))"


def own_message(case: str, words: list[str]) -> re.Pattern[str]:
    """The bundle check's own refusal of a value case: its table, the record and the field, in the
    check's words ("The bundle is refused: goal 01…, field status, …"), which the journal's own
    trigger ("mentorlog: goal.status cannot hold that value") never says."""
    table, field = words[0], SPOILED_FIELD.get(case, words[1])
    return re.compile(rf"The bundle is refused: {table} {ULID_OR_NONE}, field {re.escape(field)}, ")


def tombstone_without(name: str):
    def spoil(head: dict, rows: list[dict], ids: dict) -> None:
        row = first(rows, "goal")
        row["fields"]["deleted_at"] = row["updated_at"]
        for field in ("title", "measure", "why", "end_reason"):
            row["fields"].pop(field, None)  # a tombstone travels without its words
        row["fields"][name] = None

    return spoil


# Bundle checks that a mutation once removed without a test failing, each with its own words.
CHECK_CASES = [
    ("pair-not-the-mentorship", set_key("pair", "id", "01m7000000000000000000000v"),
     "The bundle is damaged: its pair record is not the mentorship it names."),
    ("tombstone-without-its-status", tombstone_without("status"),
     "field status, is missing"),
    ("origin-not-an-id-checked-each-time", set_key("note", "origin", "x"),
     "field origin, "),
    ("created-at-garbage", set_key("note", "created_at", "garbage"),
     "field created_at, "),
    ("unknown-envelope-field", set_head("zzz_from_the_future", 1),
     "The bundle holds envelope fields it does not know (zzz_from_the_future): it was written by a newer "
     "mentorlog."),
    ("tag-repeated", set_field("note", "tags", ["grant", "grant"]),
     "field tags, repeats a tag"),
    ("approved-by-the-mentee", set_field("agreement", "approved_by", "mentee"),
     "field approved_by, is mentee, but only the mentor may do that"),
    ("merged-a-day-ahead", cursor("merged", lambda h, ids: [[ids["tomaz_shared"], IN_25_H]]),
     "The bundle is damaged: its merged list holds something that is not two timestamps."),
]  # fmt: skip


def _in_25_h() -> str:
    from mentorlog.dates import stamp

    return stamp(NOW + timedelta(hours=25))


IN_25_H = _in_25_h()


@pytest.mark.parametrize(("case", "spoil", "words"), VALUE_CASES, ids=[c[0] for c in VALUE_CASES])
def test_a_bad_value_is_refused_in_the_bundle_checks_own_words(
    cli, world, mentor_copy, tmp_path, case, spoil, words
):
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    assert result.exit_code == 1
    assert own_message(case, words).search(result.stderr), (case, result.stderr)
    assert "cannot hold that value" not in result.stderr and "mentorlog:" not in result.stderr


@pytest.mark.parametrize(("case", "spoil", "words"), CHECK_CASES, ids=[c[0] for c in CHECK_CASES])
def test_each_bundle_check_refuses_in_its_own_words(cli, world, mentor_copy, tmp_path, case, spoil, words):
    before = digest(mentor_copy)
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    assert result.exit_code == 1, result.output
    assert words in result.stderr, (case, result.stderr)
    assert "cannot hold that value" not in result.stderr
    untouched(mentor_copy, before)


BEFORE_WRITING = [(c, s, own_message(c, w)) for c, s, w in VALUE_CASES] + [
    (c, s, re.compile(re.escape(w))) for c, s, w in CHECK_CASES + CURSOR_CASES
]


@pytest.mark.parametrize(("case", "spoil", "pattern"), BEFORE_WRITING, ids=[c[0] for c in BEFORE_WRITING])
def test_each_check_refuses_before_the_journal_is_written(world, mentor_copy, tmp_path, monkeypatch, case,
                                                          spoil, pattern):  # fmt: skip
    """Every check of a bundle refuses it before the merge opens its write transaction, so before
    any trigger of the journal could: the write is made to fail the test if it is ever begun."""
    from mentorlog.exchange import bundle
    from mentorlog.journal.journal import open_journal

    head, rows = records(list(world["bundle_lines"]))
    spoil(head, rows, world["ids"])
    path = tmp_path / "spoiled.json"
    path.write_bytes(assemble(head, rows))

    def never(db):
        raise AssertionError(f"{case}: the merge began writing before the bundle was refused")

    monkeypatch.setattr(exchange, "writing", never)
    journal = open_journal(str(mentor_copy))
    try:
        with pytest.raises(bundle.BadBundle) as refused:
            exchange.merge(journal, path, NOW)
    finally:
        journal.close()
    assert pattern.search(str(refused.value)), (case, str(refused.value))


def test_a_phase_changed_by_a_bundle_is_refused(cli, world, mentor_copy, tmp_path):
    """A record's phase is the phase it was made in: a bundle that changes it is refused by the
    merge (the journal has no trigger for it: without the merge's check it would pass unseen)."""
    before = digest(mentor_copy)
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, set_key("goal", "phase", "final-reflection"))
    assert result.exit_code == 1
    assert re.search(
        rf"The bundle is refused: goal {ULID_OR_NONE} changes its phase, which never changes", (result.stderr)
    ), result.stderr
    untouched(mentor_copy, before)


def test_a_personal_export_holds_only_shared_or_private(cli, world, mentor_copy, tmp_path):
    export = tmp_path / "export.json"
    ok(cli("--journal", str(mentor_copy), "export", "--format", "json", "--out", str(export)))
    head, rows = records(export.read_bytes().split(b"\n"))
    first(rows, "note")["visibility"] = "secret"
    spoiled = tmp_path / "spoiled-export.json"
    spoiled.write_bytes(assemble(head, rows))
    result = cli("--journal", str(tmp_path / "moved.db"), "init", "--from", str(spoiled), "--me", "mentor")
    assert result.exit_code == 1
    wanted = rf"The bundle is refused: note {ULID_OR_NONE}, field visibility, is 'secret', not shared"
    assert re.search(wanted, result.stderr), result.stderr
    assert not (tmp_path / "moved.db").exists()


def test_a_first_format_bundle_with_a_merge_a_day_ahead_is_refused(cli, world, tmp_path):
    """A bundle of the first format has no clock of its own to hold its merged list against: the
    list is held against this machine's clock, as every stamp is."""
    head, rows = records(list(world["bundle_lines"]))
    grouped: dict[str, list[dict]] = {}
    for record in rows:
        row = {k: record[k] for k in ("id", "created_at", "updated_at", "author", "origin", "phase")}
        for name, value in record["fields"].items():
            row[name] = json.dumps(value) if isinstance(value, (list, dict)) else value
        grouped.setdefault(record["table"], []).append(row)
    for key in ("clock", "seen", "since", "records"):
        head.pop(key, None)
    head.update(version=1, merged=[[IN_25_H, IN_25_H]], records=grouped)
    old = tmp_path / "format-1.json"
    old.write_text(json.dumps(head))
    result = cli("--journal", str(tmp_path / "new.db"), "init", "--from", str(old))
    assert result.exit_code == 1
    assert "its merged list holds something that is not two timestamps" in result.stderr, result.stderr
