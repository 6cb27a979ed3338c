"""`mentorlog recap`: one page after a held session, checked against the journal it comes from
(README: "A recap after each session")."""

from __future__ import annotations

import json
import sqlite3

import pytest

from .conftest import Runner, demo_in
from .test_outputs_reports import lint, tokens

CANARY = "CANARY-recap-93d1"


@pytest.fixture(scope="module")
def demo(click_command, tmp_path_factory, demo_made):
    """The demo, with private entries for its last held session that carry a canary."""
    home = tmp_path_factory.mktemp("recap-home")
    env = {"MENTORLOG_HOME": str(home)}
    runner = Runner(click_command)

    def run(*args: str, expect: int | None = 0):
        result = runner.run(["-j", "demo", *args], env=env)
        assert expect is None or result.exit_code == expect, (args, result.output)
        return result

    demo_in(home, demo_made)
    run("note", "--kind", "decision", "--session", "14", f"{CANARY} decision")
    run("note", "-l", "--session", "14", f"{CANARY} lesson")
    run("note", "--session", "14", f"{CANARY} note")
    run("topic", "add", f"{CANARY} topic", "--private")
    return home / "demo.db", run


def journal_rows(path, sql: str, params=()) -> list[dict]:
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(sql, params)]


def test_the_recap_of_the_last_held_session_holds_what_the_journal_holds(demo):
    path, run = demo
    data = json.loads(run("recap", "--format", "json").stdout)
    last = journal_rows(path, "select * from session where state = 'held' order by starts_at desc limit 1")[0]
    assert data["session"]["number"] == last["number"] == 14
    shared = "deleted_at is null and visibility = 'shared'"
    topics = journal_rows(path, f"select text from topic where {shared} and session_id = ?", [last["id"]])
    assert sorted(t["text"] for t in data["topics"]) == sorted(t["text"] for t in topics)
    feedback = journal_rows(
        path, f"select author, rating, worked from feedback where {shared} and session_id = ?", [last["id"]]
    )
    assert sorted((f["author"], f["rating"], f["worked"]) for f in data["feedback"]) == sorted(
        (f["author"], f["rating"], f["worked"]) for f in feedback
    )
    assert [f["author"] for f in data["feedback"]] == ["mentee", "mentor"]
    asked = journal_rows(
        path, f"select text from note where {shared} and kind = 'question' and session_id = ?", [last["id"]]
    )
    assert [q["text"] for q in data["questions"]] == [q["text"] for q in asked] and asked
    assert [d["text"] for d in data["decisions"]] == [
        "We keep meeting every three months after the end, over coffee."
    ]
    assert data["decisions"][0]["by"] == "Maja Horvat"
    assert [n["by"] for n in data["notes"]] == ["Tomaž Zupan"]
    assert [(a["text"], a["owner"]) for a in data["actions"]] == [
        ("Send the festival the co-production budget", "mentee")
    ]
    upcoming = journal_rows(
        path,
        "select * from session where deleted_at is null and state in ('proposed', 'confirmed') "
        "and starts_at > ? order by starts_at limit 1",
        [last["starts_at"]],
    )[0]
    assert data["next_session"]["number"] == upcoming["number"]
    assert data["next_session"]["place"] == upcoming["place"] == "Café Union, Ljubljana"


def test_the_recap_reads_as_a_page_to_send(demo):
    _path, run = demo
    markdown = run("recap").stdout
    assert lint(markdown) == []
    stream = tokens(markdown)
    headings = [t.content for i, t in enumerate(stream) if i and stream[i - 1].type == "heading_open"]
    assert headings[0].startswith("Recap — session 14, Monday ") and headings[0].endswith(", 18:00")
    assert headings[1:] == [
        "Topics discussed",
        "Decisions",
        "Lessons",
        "Actions agreed",
        "Shared notes",
        "Questions answered",
        "Feedback so far",
        "Next session",
    ]
    assert "Send the festival the co-production budget — Maja Horvat, due " in markdown
    assert "Session 15, " in markdown.split("## Next session")[1] and "Café Union, Ljubljana" in markdown
    assert "`mentorlog" not in markdown  # a page for the partner names no commands
    # the agenda and the recap share one look: the same pair line and the same place line
    agenda = run("agenda", "--session", "14", "--format", "markdown").stdout
    assert (
        markdown.splitlines()[2]
        == agenda.splitlines()[2]
        == "**Maja Horvat** (mentee) and **Tomaž Zupan** (mentor)"
    )
    assert "- **Where:** Café Union, Ljubljana, or online when Tomaž travels" in markdown.splitlines()
    assert "- **Where:** Café Union, Ljubljana, or online when Tomaž travels" in agenda.splitlines()


def test_an_earlier_session_and_html_and_files(demo, tmp_path):
    _path, run = demo
    data = json.loads(run("recap", "12", "--format", "json").stdout)
    assert data["session"]["number"] == 12
    assert [q["text"] for q in data["questions"]] == [
        "What does the festival offer mean for the house's first season?"
    ]
    assert data["next_session"]["number"] == 13
    out = tmp_path / "recap.html"
    run("recap", "12", "--format", "html", "--out", str(out))
    page = out.read_text()
    assert out.stat().st_mode & 0o777 == 0o600 and page.startswith("<!DOCTYPE html>")
    assert "<h1>Recap — session 12," in page and "mentorlog " not in page.split("<main>")[1]


def test_private_entries_never_reach_a_recap(demo):
    _path, run = demo
    for args in ((), ("--format", "json"), ("--format", "html"), ("14",)):
        assert CANARY not in run("recap", *args).stdout, args


def test_a_recap_follows_a_held_session(demo, cli, journal_path):
    _path, run = demo
    refused = run("recap", "15", expect=1)
    assert "Session 15 is confirmed, not held" in refused.stderr
    assert "No session 99" in run("recap", "99", expect=1).stderr
    fresh = cli("recap")
    assert fresh.exit_code == 1 and "No session has been held yet" in fresh.stderr
    assert cli("recap", "--format", "pdf").exit_code == 2
