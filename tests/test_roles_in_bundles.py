"""Issue 13, items 5 and 7: role-gated records that travel — an agreement's change of state and a
reflection answer — are held to who may make them, in a bundle and in the journal itself; the
schema step that brought them turns what the versions already show into events, alike in both
journals (README: "Getting started: the agreement and the rules of the game", "The final
reflection and the end")."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from mentorlog.errors import Refused
from mentorlog.model import Phase, Role
from mentorlog.store import journal, records
from mentorlog.store.records import Writer

from .conftest import NOW, as_json, digest, ok
from .test_hostile_bundles import first, mentor_copy, merge_spoiled, works_after_refusal, world  # noqa: F401


def spoil_event(head: dict, rows: list[dict], ids: dict) -> None:
    """The mentee's proposal turned into an approval (by the mentee)."""
    event = first(rows, "agreement_event", lambda r: r["fields"]["event"] == "proposed")
    event["fields"]["event"] = "approved"


def spoil_answer(head: dict, rows: list[dict], ids: dict) -> None:
    first(rows, "reflection")["fields"]["key"] = "final-suggestions"


@pytest.mark.parametrize(
    ("spoil", "words"),
    [
        (spoil_event, ["agreement_event", "author", "only the mentor may do that"]),
        (spoil_answer, ["reflection", "author", "only the mentor may do that"]),
    ],
    ids=["approval-by-the-mentee", "final-suggestions-by-the-mentee"],
)
def test_a_bundle_with_an_act_by_a_role_that_may_not_do_it_is_refused(
    cli,
    world,  # noqa: F811
    mentor_copy,  # noqa: F811
    tmp_path,
    spoil,
    words,
):
    before = digest(mentor_copy)
    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, spoil)
    assert result.exit_code == 1, result.output
    for word in words:
        assert word in result.stderr
    assert digest(mentor_copy) == before
    works_after_refusal(cli, mentor_copy)


def test_a_removed_answer_of_the_other_role_travels_as_a_tombstone(
    cli,
    world,  # noqa: F811
    mentor_copy,  # noqa: F811
    tmp_path,
):
    def tombstone(head: dict, rows: list[dict], ids: dict) -> None:
        answer = first(rows, "reflection")
        answer["fields"].update(
            {"key": "final-suggestions", "deleted_at": answer["updated_at"], "text": None}
        )
        del answer["fields"]["text"]

    result, _ = merge_spoiled(cli, world, mentor_copy, tmp_path, tombstone)
    ok(result)


def test_the_journal_refuses_an_answer_by_the_other_role_whoever_writes_it(journal_path):
    db = journal.open_journal(journal_path, "journal")
    origin = db.execute("select id from journal").fetchone()[0]
    mentee = Writer(role=Role.MENTEE, origin=origin, phase=Phase.FINAL_REFLECTION, now=NOW)
    try:
        with journal.writing(db), pytest.raises(Refused, match="only the mentor may do that"):
            records.insert(db, "reflection", mentee, {"key": "final-suggestions", "text": "Keep going"})
        with journal.writing(db):
            answer = records.insert(db, "reflection", mentee, {"key": "wishes", "text": "A team"})
        mentor = Writer(role=Role.MENTOR, origin=origin, phase=Phase.FINAL_REFLECTION, now=NOW)
        with journal.writing(db), pytest.raises(Refused, match="only the mentee may do that"):
            records.insert(db, "reflection", mentor, {"key": "wishes", "text": "More time"})
        assert db.execute("select count(*) from reflection").fetchone()[0] == 1
        assert answer
    finally:
        db.close()


def test_reflect_refuses_the_other_roles_question_and_says_who_answers_it(cli, journal_path):
    mine = cli("reflect", "--answer", "final-suggestions=Keep the fee scale public")
    assert mine.exit_code == 1
    assert "final-suggestions is the mentor's question: Tomaž answers it" in mine.stderr
    assert "--as mentor reflect --answer final-suggestions=" in mine.stderr
    theirs = cli("--as", "mentor", "reflect", "--answer", "wishes=Lead a team")
    assert theirs.exit_code == 1 and "wishes is the mentee's question: Maja answers it" in theirs.stderr
    assert as_json(cli("reflect", "--show", "--json")) == []
    ok(cli("--as", "mentor", "reflect", "--answer", "final-suggestions=Keep the fee scale public"))
    ok(cli("reflect", "--answer", "wishes=Lead a team", "--answer", "insights=Fees are statements"))
    given = {(a["key"], a["author"]) for a in as_json(cli("reflect", "--show", "--json"))}
    assert given == {("final-suggestions", "mentor"), ("wishes", "mentee"), ("insights", "mentee")}


# --- the schema step ----------------------------------------------------------------------------

PAIR = "01m7000000000000000000000p"
V1 = "01m7000000000000000000000v"


def old_journal(path, journal_id: str) -> None:
    """A journal as the mentorlog before `m010_agreement_terms` left it: version 1 proposed and
    approved (after the mentor had sent it back once, which that mentorlog forgot), and the
    mentee's answer to the mentor's question."""
    from mentorlog.store.migrations import migration_set

    db = journal.connect(path)
    migration_set().apply(db.utils, stop_before="m010_agreement_terms")
    made, proposed, approved = (
        "2026-09-01T10:00:00.000Z",
        "2026-09-02T10:00:00.000Z",
        "2026-09-03T10:00:00.000Z",
    )
    bookkeeping = "id, created_at, updated_at, author, origin, phase, visibility"
    with journal.writing(db):
        db.execute(
            "insert into journal (id, me, created_at, mentorlog_version, clock) "
            "values (?, 'mentee', ?, '0.1', ?)",
            [journal_id, made, approved],
        )
        db.execute(
            f"insert into pair ({bookkeeping}, mentor, mentee, starts_on, ends_on, current_phase) values "
            "(?, ?, ?, 'mentee', ?, 'getting-started', 'shared', 'T', 'M', '2026-09-01', '2027-09-01', "
            "'final-reflection')",
            [PAIR, made, made, journal_id],
        )
        db.execute(
            f"insert into agreement ({bookkeeping}, version, state, meetings, cadence, proposed_at, "
            "proposed_by, approved_at, approved_by) values (?, ?, ?, 'mentee', ?, 'getting-started', "
            "'shared', 1, 'approved', 10, 'monthly', ?, 'mentee', ?, 'mentor')",
            [V1, made, approved, journal_id, proposed, approved],
        )
        db.execute(
            f"insert into reflection ({bookkeeping}, key, text) values "
            "('01m7000000000000000000000r', ?, ?, 'mentee', ?, 'final-reflection', 'shared', "
            "'final-suggestions', 'Asked of me by mistake')",
            [approved, approved, journal_id],
        )
    db.close()


def test_the_schema_step_turns_past_states_into_the_same_events_in_both_journals(tmp_path):
    paths = [tmp_path / "maja.db", tmp_path / "tomaz.db"]
    old_journal(paths[0], "01m7000000000000000000000a")
    old_journal(paths[1], "01m7000000000000000000000b")
    found = []
    for path in paths:
        journal.open_journal(path, path.stem).close()
        conn = sqlite3.connect(path)
        found.append(
            conn.execute(
                "select id, created_at, updated_at, author, origin, phase, event, agreement_id, versions "
                "from agreement_event order by created_at"
            ).fetchall()
        )
        removed = conn.execute("select deleted_at, updated_at from reflection").fetchone()
        assert removed[0] == removed[1]  # removed at its own version: alike in both journals
        conn.close()
    assert found[0] == found[1]
    assert [(row[6], row[3], row[1]) for row in found[0]] == [
        ("drafted", "mentee", "2026-09-01T10:00:00.000Z"),
        ("proposed", "mentee", "2026-09-02T10:00:00.000Z"),
        ("approved", "mentor", "2026-09-03T10:00:00.000Z"),
    ]
    assert {row[4] for row in found[0]} == {PAIR}


def test_after_the_schema_step_the_two_journals_exchange_and_agree(cli, tmp_path):
    from .exchange_helpers import shared_content

    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"
    old_journal(maja, "01m7000000000000000000000a")
    shutil.copyfile(maja, tomaz)
    conn = sqlite3.connect(tomaz)
    conn.execute("update journal set id = '01m7000000000000000000000b', me = 'mentor'")
    conn.commit()
    conn.close()
    bundle = tmp_path / "to-tomaz.json"
    ok(cli("--journal", str(maja), "share", str(bundle), "--plain"))
    lines = [json.loads(line.rstrip(",")) for line in bundle.read_text().splitlines()[1:-1]]
    assert {r["fields"]["event"] for r in lines if r["table"] == "agreement_event"} == {
        "drafted",
        "proposed",
        "approved",
    }
    ok(cli("--journal", str(tomaz), "merge", str(bundle)))
    back = tmp_path / "to-maja.json"
    ok(cli("--journal", str(tomaz), "share", str(back), "--plain"))
    ok(cli("--journal", str(maja), "merge", str(back)))
    assert shared_content(maja) == shared_content(tomaz)
    history = as_json(cli("--journal", str(tomaz), "agreement", "history", "--json"))
    assert [e["event"] for e in history[0]["events"]] == ["drafted", "proposed", "approved"]
    assert as_json(cli("--journal", str(tomaz), "reflect", "--show", "--json")) == []
