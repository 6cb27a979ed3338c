"""Privacy is held by the store: every kind of record gets a private twin of a record the outputs
show, with a marker naming its table in every field of words, and shared records that point at a
private one. No marker reaches a bundle, a report, the agenda, the calendar or the certificate
unless the owner asks with `--include-private`; the owner's full export holds them all."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from mentorlog import fields as schema
from mentorlog.dates import stamp
from mentorlog.store.db import Db
from mentorlog.store.exchange import shareable_rows
from mentorlog.store.records import new_id

from .conftest import NOW, Runner, demo_in, ok

KINDS = ("agreement", "here-and-now", "there-and-then", "bridging-the-gap", "final-reflection")
# Kinds of record that have no words of their own to mark (an agreement event names a version,
# an event and field names); the pair is the mentorship itself, never private.
WORDLESS = {"agreement_event", "pair"}


def marker(table: str) -> str:
    return f"MARKER-{table.replace('_', '-')}-7f3a"


def marked(table: str, row: dict) -> dict:
    """`row` as a private twin: a new id, private, made now (so the latest of its kind, where
    the latest counts), its marker in every field of words."""
    made = stamp(NOW)
    twin = dict(row, id=new_id(NOW), visibility="private", deleted_at=None, created_at=made, updated_at=made)
    twin["versions"] = None
    for name, spec in schema.TABLES[table].items():
        if spec.text and name != "changed":
            twin[name] = f"https://{marker(table).lower()}.example/" if name == "link" else marker(table)
    return twin


def insert(db: sqlite3.Connection, table: str, row: dict) -> None:
    names = ", ".join(f'"{n}"' for n in row)
    db.execute(f'insert into "{table}" ({names}) values ({", ".join("?" for _ in row)})', list(row.values()))


def one(db: sqlite3.Connection, sql: str) -> dict:
    db.row_factory = sqlite3.Row
    found = db.execute(sql).fetchone()
    assert found is not None, sql
    return dict(found)


def plant(path: Path) -> dict[str, dict]:
    """Private twins of records the outputs show, and shared records pointing at private ones;
    returns each twin by table."""
    soon = stamp(NOW + timedelta(days=1))
    twins: dict[str, dict] = {}
    with sqlite3.connect(path) as db:
        live = "deleted_at is null and visibility = 'shared'"
        sources = {
            "agreement": f"select * from agreement where {live} and state = 'approved' order by version desc",
            "rule": f"select * from rule where {live}",
            "vision": f"select * from vision where {live} order by updated_at desc",
            "goal": f"select * from goal where {live} and status = 'active'",
            "goal_revision": f"select * from goal_revision where {live}",
            "goal_progress": f"select * from goal_progress where {live}",
            "assessment": f"select * from assessment where {live} and author = 'mentee' and area = 'skills'",
            "outcome": f"select * from outcome where {live}",
            "action": f"select * from action where {live} and status = 'open'",
            "option": f"select * from option where {live}",
            "session": f"select * from session where {live} and state = 'held' order by starts_at desc",
            "topic": f"select * from topic where {live} and session_id is not null",
            "feedback": f"select * from feedback where {live}",
            "note": f"select * from note where {live} and kind = 'lesson'",
            "reflection": f"select * from reflection where {live}",
        }
        for table, sql in sources.items():
            twins[table] = marked(table, one(db, sql))
        twins["agreement"]["version"] = one(db, "select max(version) + 1 as v from agreement")["v"]
        number = one(db, "select max(number) as n from session")["n"]
        twins["session"]["number"] = number + 1
        upcoming = marked("session", dict(twins["session"], state="confirmed", held_at=None, starts_at=soon))
        upcoming["number"] = number + 2
        twins["action"]["due"] = (NOW + timedelta(days=2)).date().isoformat()
        for table, row in twins.items():
            insert(db, table, row)
        insert(db, "session", upcoming)
        for kind in ("question", "contact", "decision", "idea", "note"):
            source = one(db, f"select * from note where deleted_at is null and kind = '{kind}'")
            insert(db, "note", marked("note", source))
        # shared records that point at private ones: a topic and a question for the private
        # session, an action for the private goal, an option for the private outcome
        shared = one(db, f"select * from topic where {live}")
        insert(db, "topic", dict(shared, id=new_id(NOW), session_id=upcoming["id"], status="open"))
        question = one(db, f"select * from note where {live} and kind = 'question'")
        insert(db, "note", dict(question, id=new_id(NOW), session_id=upcoming["id"]))
        action = one(db, f"select * from action where {live} and status = 'open'")
        insert(db, "action", dict(action, id=new_id(NOW), goal_id=twins["goal"]["id"]))
        option = one(db, f"select * from option where {live}")
        insert(db, "option", dict(option, id=new_id(NOW), outcome_id=twins["outcome"]["id"]))
        # shared records that cannot stand without their private parent, for every such relation
        # of the schema: a progress note and a revision of the private goal, feedback on the private
        # session, an event of the private agreement version
        for table, name, parent in REQUIRED_PARENTS:
            child = one(db, f"select * from [{table}] where {live}")
            orphan = dict(child, id=new_id(NOW), versions=None, **{name: twins[parent]["id"]})
            for field, spec in schema.TABLES[table].items():
                if spec.text and not spec.ref:
                    orphan[field] = orphan_marker(table)
            insert(db, table, orphan)
            twins[f"orphan:{table}"] = orphan
    return twins


# (child table, field, parent table) of every record that cannot stand without its parent
REQUIRED_PARENTS = [
    (table, name, spec.ref)
    for table, fields in schema.TABLES.items()
    for name, spec in fields.items()
    if spec.ref and spec.required
]


def orphan_marker(table: str) -> str:
    return f"ORPHAN-{table.replace('_', '-')}-5c1d"


@pytest.fixture(scope="module")
def planted(click_command, tmp_path_factory, demo_made):
    home = tmp_path_factory.mktemp("marker-home")
    env = {"MENTORLOG_HOME": str(home)}
    runner = Runner(click_command)
    demo_in(home, demo_made)
    twins = plant(home / "demo.db")

    def run(*args: str, expect: int = 0):
        result = runner.run(["-j", "demo", *args], env=env)
        assert expect is None or result.exit_code == expect, (args, result.output)
        return result

    run.twins = twins  # type: ignore[attr-defined]
    return home, run


def markers_in(text: str) -> set[str]:
    return {t for t in schema.TABLES if marker(t) in text or marker(t).lower() in text}


def test_every_kind_of_record_with_words_has_a_marked_private_twin_in_the_journal(planted):
    home, run = planted
    export = home / "everything.json"
    run("export", "--format", "json", "--out", str(export))
    expected = set(schema.TABLES) - WORDLESS
    assert markers_in(export.read_text()) == expected  # each twin is live, and the export has it


def test_no_marker_in_the_bundle_and_the_partner_merges_it(planted, tmp_path, click_command):
    home, run = planted
    bundle = tmp_path / "bundle.json"
    run("share", "--plain", str(bundle))
    assert markers_in(bundle.read_text()) == set()
    partner = tmp_path / "partner.db"
    result = Runner(click_command).run(["--journal", str(partner), "init", "--from", str(bundle)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(partner) as db:
        dump = "\n".join(db.iterdump())
    assert markers_in(dump) == set()


@pytest.mark.parametrize("kind", KINDS)
def test_no_marker_in_a_report_unless_asked(planted, kind):
    _home, run = planted
    assert markers_in(run("report", kind).stdout) == set()
    assert markers_in(run("report", kind, "--format", "html").stdout) == set()


def test_the_reports_with_private_entries_show_the_marked_twins(planted):
    _home, run = planted
    shown = set()
    for kind in KINDS:
        shown |= markers_in(run("report", kind, "--include-private").stdout)
    # what the reports show of each kind, private included when asked (a session's own words,
    # its place and link, are in the calendar; of feedback, reports show the rating alone)
    assert {"agreement", "rule", "vision", "goal", "goal_revision", "goal_progress", "assessment"} <= shown
    assert {"outcome", "action", "option", "topic", "note", "reflection"} <= shown


def test_a_private_session_is_not_among_the_sessions_of_a_report(planted):
    _home, run = planted
    heading = f"### Session {run.twins['session']['number']},"
    assert heading not in run("report", "bridging-the-gap").stdout
    assert heading in run("report", "bridging-the-gap", "--include-private").stdout


def test_no_marker_in_the_agenda_of_any_session_unless_asked(planted):
    _home, run = planted
    sessions = json.loads(run("session", "list", "--all", "--json").stdout)
    for fmt in ("markdown", "json"):  # the terminal view is the owner's own, private included
        assert markers_in(run("agenda", "--format", fmt).stdout) == set(), fmt
    for session in sessions:
        result = run("agenda", "--session", str(session["number"]), "--format", "markdown", expect=None)
        if result.exit_code == 0:
            assert markers_in(result.stdout) == set(), session["number"]
        else:  # the private session: named as private, nothing of it shown
            assert "is private; `--include-private` shows it" in result.stderr, result.output
            assert markers_in(result.output) == set()
    asked = run("agenda", "--format", "json", "--include-private").stdout
    assert "session" in markers_in(asked)  # the private session is the next one, for its owner


def test_no_marker_in_the_calendar_or_the_certificate(planted, tmp_path):
    _home, run = planted
    calendar = tmp_path / "mentorship.ics"
    run("calendar", "--out", str(calendar))
    assert markers_in(calendar.read_text()) == set()
    assert markers_in(run("certificate").stdout) == set()


def test_a_shared_action_for_a_private_goal_travels_without_the_link_until_the_goal_is_shared(cli, tmp_path):
    """Two journals: Maja keeps a goal private and shares an action for it; Tomaž merges the
    action (not the goal, not the link); she edits on her side, he on his; once she shares the
    goal, the next bundle of recent changes brings the goal and the link."""
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"

    def run(journal: Path, *args: str):
        return ok(cli("--journal", str(journal), *args))

    def share(journal: Path, name: str) -> str:
        path = tmp_path / name
        run(journal, "share", "--plain", str(path))
        return str(path)

    run(maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee")
    run(tomaz, "init", "--from", share(maja, "start.json"))
    goal = json.loads(run(maja, "goal", "add", "Leave my day job", "--json").stdout)["short_id"]
    run(maja, "edit", goal, "--private")
    action = json.loads(run(maja, "action", "add", "Count my savings", "--goal", goal, "--json").stdout)
    run(tomaz, "note", "--shared", "Ask about savings")  # edits on both sides between exchanges
    run(tomaz, "merge", share(maja, "one.json"))
    his = {a["text"]: a for a in json.loads(run(tomaz, "action", "list", "--json").stdout)}
    assert his["Count my savings"]["goal_id"] is None
    assert json.loads(run(tomaz, "goal", "list", "--all", "--json").stdout) == []
    run(maja, "merge", share(tomaz, "two.json"))
    with sqlite3.connect(maja) as db:
        (clock,) = db.execute("select clock from journal").fetchone()
    run(maja, "edit", goal, "--shared")
    with sqlite3.connect(maja) as db:  # a bundle of what changed since then carries both, linked
        db.row_factory = sqlite3.Row
        recent = {t: list(shareable_rows(Db(db), t, personal=False, since=clock)) for t in ("goal", "action")}
    assert [r["goal_id"] for r in recent["action"]] == [action["goal_id"]] and len(recent["goal"]) == 1
    run(tomaz, "merge", share(maja, "three.json"))
    goals = json.loads(run(tomaz, "goal", "list", "--all", "--json").stdout)
    assert [g["title"] for g in goals] == ["Leave my day job"]
    his = {a["text"]: a for a in json.loads(run(tomaz, "action", "list", "--json").stdout)}
    assert his["Count my savings"]["goal_id"] == goals[0]["id"] == action["goal_id"]


def orphans_in(run, text: str) -> set[str]:
    """The shared children of private parents that `text` shows: by their marker, or their id."""
    return {
        table
        for table, _name, _parent in REQUIRED_PARENTS
        if orphan_marker(table) in text or run.twins[f"orphan:{table}"]["id"] in text
    }


def test_every_relation_to_a_parent_has_a_shared_child_of_a_private_parent(planted):
    home, run = planted
    assert {table for table, _, _ in REQUIRED_PARENTS} >= {
        "goal_progress", "goal_revision", "feedback", "agreement_event"
    }  # fmt: skip
    export = home / "orphans.json"
    run("export", "--format", "json", "--out", str(export))
    assert orphans_in(run, export.read_text()) == {table for table, _, _ in REQUIRED_PARENTS}


def test_a_child_of_a_private_parent_never_leaves_the_journal(planted, tmp_path, click_command):
    """Privacy follows the parent: a shared progress note of a private goal (and every other child
    of every private parent) is in no bundle, report, agenda, calendar or certificate."""
    _home, run = planted
    bundle = tmp_path / "orphans.json"
    run("share", "--plain", str(bundle))
    assert orphans_in(run, bundle.read_text()) == set()
    partner = tmp_path / "partner.db"
    ok(Runner(click_command).run(["--journal", str(partner), "init", "--from", str(bundle)]))
    with sqlite3.connect(partner) as db:
        assert orphans_in(run, "\n".join(db.iterdump())) == set()
    outputs = [run("certificate").stdout, run("agenda", "--format", "markdown").stdout]
    outputs.append(run("agenda", "--format", "json").stdout)
    for kind in KINDS:
        outputs += [run("report", kind).stdout, run("report", kind, "--format", "html").stdout]
    calendar = tmp_path / "orphans.ics"
    run("calendar", "--out", str(calendar))
    outputs.append(calendar.read_text())
    for session in json.loads(run("session", "list", "--all", "--json").stdout):
        result = run("agenda", "--session", str(session["number"]), "--format", "json", expect=None)
        outputs.append(result.stdout)
    assert orphans_in(run, "\n".join(outputs)) == set()
    asked = "\n".join(run("report", kind, "--include-private").stdout for kind in KINDS)
    assert {"goal_progress", "goal_revision"} <= orphans_in(run, asked)  # the owner sees them


def test_a_goals_progress_and_revisions_stay_home_while_it_is_private(cli, tmp_path):
    """Two journals: Maja makes her goal private, then records progress and revises it (shared
    records, as they always are); Tomaž, editing on his side, never gets them until she shares
    the goal again, and then they come, in a bundle of recent changes too."""
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"

    def run(journal: Path, *args: str):
        return ok(cli("--journal", str(journal), *args))

    def share(journal: Path, name: str) -> str:
        path = tmp_path / name
        run(journal, "share", "--plain", str(path))
        return str(path)

    def his_words() -> str:
        with sqlite3.connect(tomaz) as db:
            return "\n".join(db.iterdump())

    run(maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee")
    goal = json.loads(run(maja, "goal", "add", "Leave my day job", "--json").stdout)["short_id"]
    run(tomaz, "init", "--from", share(maja, "start.json"))
    run(maja, "edit", goal, "--private")
    run(maja, "goal", "progress", goal, "40", "--note", "PROGRESS-9e2 savings counted")
    run(maja, "goal", "revise", goal, "--due", "2027-09-01", "--reason", "REVISION-9e2 later")
    run(tomaz, "note", "--shared", "Ask about savings")  # edits on both sides between exchanges
    run(tomaz, "merge", share(maja, "one.json"))
    assert "PROGRESS-9e2" not in his_words() and "REVISION-9e2" not in his_words()
    run(maja, "merge", share(tomaz, "two.json"))
    with sqlite3.connect(maja) as db:
        (clock,) = db.execute("select clock from journal").fetchone()
    run(maja, "edit", goal, "--shared")
    with sqlite3.connect(maja) as db:  # a bundle of what changed since then carries them
        db.row_factory = sqlite3.Row
        recent = {
            t: list(shareable_rows(Db(db), t, personal=False, since=clock))
            for t in ("goal_progress", "goal_revision")
        }
    assert [r["note"] for r in recent["goal_progress"]] == ["PROGRESS-9e2 savings counted"]
    assert [r["reason"] for r in recent["goal_revision"]] == ["REVISION-9e2 later"]
    run(tomaz, "merge", share(maja, "three.json"))
    assert "PROGRESS-9e2" in his_words() and "REVISION-9e2" in his_words()
