"""What the reports say of a year, checked against the journal they come from, read with sqlite3:
on the demo and on a second year generated from a seed (tests/year.py). Every fact a person
would look for — sessions held against the number agreed, cancelled sessions and their reasons,
decisions with their sessions, feedback comments beside ratings, contacts and who made them,
outcomes reached or not, done dates, overdue goals — is found where it belongs, no report names
a command, and every Markdown output passes the linter (README: "Reports")."""

from __future__ import annotations

import bisect
import json
import re
import sqlite3
from datetime import date

import pytest

from .conftest import NOW, Runner, demo_in, ok
from .test_outputs_reports import lint, tokens
from .year import build_year

KINDS = ("agreement", "here-and-now", "there-and-then", "bridging-the-gap", "final-reflection")
SHARED = "deleted_at is null and visibility = 'shared'"


def in_words(iso: str) -> str:
    day = date.fromisoformat(iso[:10])
    return f"{day:%A} {day.day} {day:%B %Y}"


def rows(path, sql: str, params=()) -> list[dict]:
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(sql, params)]


@pytest.fixture(scope="module", params=["demo", "generated"])
def year(request, click_command, tmp_path_factory, demo_made):
    """(journal file, a runner of commands on it) for the demo and for a generated year."""
    home = tmp_path_factory.mktemp(f"year-{request.param}")
    env = {"MENTORLOG_HOME": str(home)}
    runner = Runner(click_command)
    if request.param == "demo":
        path = demo_in(home, demo_made)
    else:
        path = home / "year.db"
        build_year(str(path), NOW, seed=11)

    def run(*args: str):
        result = runner.run(["-j", str(path), *args], env=env)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    return path, run


def names(path) -> dict[str, str]:
    pair = rows(path, "select mentor, mentee from pair")[0]
    return {"mentor": pair["mentor"], "mentee": pair["mentee"]}


def section(markdown: str, heading: str) -> str:
    return markdown.split(f"\n{heading}\n")[1].split("\n## ")[0]


def table(markdown: str) -> list[list[str]]:
    """The rows of the first table in `markdown`, cell by cell, as markdown-it reads them."""
    found, row = [], None
    for token in tokens(markdown):
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(token.content.replace("\\", ""))
        elif token.type == "tr_close":
            found.append(row)
            row = None
    return found[1:]  # without the header


def test_every_report_lints_and_names_no_command(year):
    path, run = year
    outputs = {}
    for kind in KINDS:
        for private in ((), ("--include-private",)):
            outputs[(kind, private)] = run("report", kind, *private)
            html = run("report", kind, "--format", "html", *private)
            assert "`mentorlog" not in html and "mentorlog " not in html.split("<main>")[1], kind
    outputs["recap"] = run("recap")
    if rows(path, "select ended_on from pair")[0]["ended_on"]:
        outputs["certificate"] = run("certificate")
    for name, markdown in outputs.items():
        assert "`mentorlog" not in markdown, name
        assert lint(markdown) == [], (name, lint(markdown))


def test_the_journey_counts_what_the_journal_holds(year):
    path, run = year
    final = run("report", "final-reflection")
    ended = rows(path, "select ended_on from pair")[0]["ended_on"]
    until = f"{ended}T23:59:59.999Z" if ended else "9999"
    held = rows(
        path, f"select count(*) n from session where {SHARED} and state = 'held' and starts_at < ?", [until]
    )[0]["n"]
    agreed = rows(
        path, "select meetings from agreement where state = 'approved' order by version desc limit 1"
    )[0]["meetings"]
    assert f"- Against the agreement: {agreed} agreed, {held} held\n" in final
    contacts = rows(
        path, f"select author, count(*) n from note where {SHARED} and kind = 'contact' group by author"
    )
    total = sum(c["n"] for c in contacts)
    assert f"- Contacts between sessions: **{total}** (" in final
    who = names(path)
    for c in contacts:
        assert (
            f"{c['n']} by {who[c['author']]}" in final.split("Contacts between sessions")[1].splitlines()[0]
        )
    vision = rows(path, f"select text from vision where {SHARED} order by id desc limit 1")[0]["text"]
    assert f"> {vision}" in section(final, "## The vision")


def test_sessions_cancelled_with_reasons_and_decisions_with_their_sessions(year):
    path, run = year
    bridging = run("report", "bridging-the-gap")
    sessions = section(bridging, "## Sessions held")
    cancelled = rows(path, f"select * from session where {SHARED} and state = 'cancelled' order by starts_at")
    assert cancelled
    for s in cancelled:
        block = sessions.split(f"### Session {s['number']}, ")[1].split("\n### ")[0]
        assert block.splitlines()[0].endswith(": cancelled")
        assert f"- Why: {s['cancel_reason']}" in block
    held = rows(path, f"select * from session where {SHARED} and state = 'held' order by starts_at")
    starts = [s["starts_at"] for s in held]
    decisions = rows(path, f"select * from note where {SHARED} and kind = 'decision' order by created_at")
    assert decisions
    for note in decisions:
        # the session it names, else the last held before it was written
        owner = next((s for s in held if s["id"] == note["session_id"]), None)
        if owner is None:
            owner = held[bisect.bisect_right(starts, note["created_at"]) - 1]
        block = sessions.split(f"### Session {owner['number']}, ")[1].split("\n### ")[0]
        assert f"- Decision: {note['text']}" in block, (owner["number"], note["text"])
    asked = rows(
        path,
        "select n.text, s.number from note n join session s on s.id = n.session_id "
        "where n.deleted_at is null and n.visibility = 'shared' and n.kind = 'question' "
        "and n.asked_at is not null",
    )
    for q in asked:
        block = sessions.split(f"### Session {q['number']}, ")[1].split("\n### ")[0]
        assert f"- Question taken up: {q['text']}" in block


def test_feedback_comments_stand_beside_the_ratings(year):
    path, run = year
    who = names(path)
    expected = {
        (str(f["number"]), who[f["author"]], f"{f['rating']}/5", f["worked"] or "—", f["improve"] or "—")
        for f in rows(
            path,
            "select f.*, s.number from feedback f join session s on s.id = f.session_id "
            "where f.deleted_at is null and f.visibility = 'shared' and s.state = 'held'",
        )
    }
    assert any(e[4] != "—" for e in expected) and any(e[3] != "—" for e in expected)
    for kind in ("bridging-the-gap", "final-reflection"):
        found = {
            (r[0], r[2], r[3], r[4], r[5])
            for r in table(section(run("report", kind), "## Feedback over time"))
        }
        assert found == expected, kind


def test_contacts_name_who_made_them(year):
    path, run = year
    who = names(path)
    contacts = section(run("report", "bridging-the-gap"), "## Contacts between sessions")
    for c in rows(path, f"select * from note where {SHARED} and kind = 'contact'"):
        assert f"(by {who[c['author']]}" in contacts.split(c["text"])[0].splitlines()[-1] or re.search(
            rf"\({c['via']}, by {re.escape(who[c['author']])}\): {re.escape(c['text'])}", contacts
        ), c["text"]


def test_goals_actions_and_outcomes_carry_their_dates_and_states(year):
    path, run = year
    today = NOW.date().isoformat()
    there = run("report", "there-and-then")
    bridging = run("report", "bridging-the-gap")
    final = run("report", "final-reflection")
    goals = rows(path, f"select * from goal where {SHARED} order by id")
    listed = {g["id"]: g for g in json.loads(run("goal", "list", "--all", "--json"))}
    for g in goals:
        late = g["status"] == "active" and bool(g["due"]) and g["due"] < today
        assert listed[g["id"]]["overdue"] is late
        heading = next(
            line for line in bridging.splitlines() if line.startswith("### Goal ") and g["title"] in line
        )
        assert ("**overdue**" in heading) is late, heading
        goal_line = next(line for line in final.splitlines() if line.startswith(f"- **{g['title']}**"))
        assert ("**overdue**" in goal_line) is late
        if g["status"] != "active":
            assert (
                f"{g['status']} on {in_words(g['ended_on'])}" in heading
                and f"{g['status']} on {in_words(g['ended_on'])}" in goal_line
            )
    for a in rows(path, f"select * from action where {SHARED} and status = 'done'"):
        row = next(r for r in table(section(there, "## The action plan")) if r[0] == a["text"])
        assert row[3] == f"done on {in_words(a['done_at'])}"
    outcomes = section(there, "## Desired outcomes")
    for o in rows(
        path,
        "select o.*, g.status as goal_status, g.ended_on from outcome o left join goal g "
        "on g.id = o.goal_id where o.deleted_at is null and o.visibility = 'shared'",
    ):
        line = next(line for line in outcomes.splitlines() if o["text"] in line)
        if o["goal_status"] == "achieved":
            assert f"**reached** on {in_words(o['ended_on'])}" in line
        elif o["by"] < today:
            assert "**not reached**" in line
        else:
            assert "still open" in line


def test_an_overdue_goal_is_a_nudge_while_the_mentorship_runs(year):
    path, run = year
    status = json.loads(run("status", "--json"))
    late = rows(
        path, f"select * from goal where {SHARED} and status = 'active' and due < ?", [NOW.date().isoformat()]
    )
    codes = [n["code"] for n in status["nudges"]]
    if status["ended"]:
        assert codes == []
    else:
        assert ("goal-overdue" in codes) is bool(late) and late
        message = next(n["message"] for n in status["nudges"] if n["code"] == "goal-overdue")
        oldest = min(late, key=lambda g: (g["due"], g["id"]))  # the furthest past its date is named
        assert repr(oldest["title"]) in message
        named = re.search(r" goal done (\w+)`", message).group(1)  # type: ignore[union-attr]
        assert json.loads(run("goal", "show", named, "--json"))["title"] == oldest["title"]
        assert status["counts"]["goals_overdue"] == len(late)


def test_the_gap_per_area_is_measured_from_the_mapping_the_plan_was_made_on(year):
    path, run = year
    first_goal = rows(path, f"select min(created_at) t from goal where {SHARED}")[0]["t"]
    gap = table(section(run("report", "there-and-then"), "## The gap per area"))
    titles = {
        "personal": "Personal development",
        "professional": "Professional development",
        "knowledge": "Knowledge",
        "skills": "Skills",
        "resources": "Resources",
        "network": "Network of contacts",
    }
    for area, title in titles.items():
        then = rows(
            path,
            f"select * from assessment where {SHARED} and author = 'mentee' and area = ? and created_at <= ? "
            "order by id desc limit 1",
            [area, first_goal],
        )[0]
        row = next(r for r in gap if r[0] == title)
        assert row[1] == f"{then['rating']}/5" and row[3] == in_words(then["created_at"]), (area, row)


def test_the_agenda_since_the_last_session_shows_goal_progress_and_revisions(year):
    path, run = year
    agenda = json.loads(run("agenda", "--format", "json"))
    since = agenda["since_last"]["since"]
    progress = rows(
        path,
        "select p.percent, g.title from goal_progress p join goal g on g.id = p.goal_id "
        "where p.deleted_at is null and p.visibility = 'shared' and p.created_at >= ?",
        [since],
    )
    assert progress  # both years record progress after their last session
    assert sorted((p["goal"], p["percent"]) for p in agenda["since_last"]["goal_progress"]) == sorted(
        (p["title"], p["percent"]) for p in progress
    )
    revised = rows(
        path,
        "select r.reason, g.title from goal_revision r join goal g on g.id = r.goal_id "
        "where r.deleted_at is null and r.visibility = 'shared' and r.created_at >= ?",
        [since],
    )
    assert revised or path.name != "demo.db"  # the demo revises a goal after its last session
    assert sorted((r["goal"], r["reason"]) for r in agenda["since_last"]["goal_revisions"]) == sorted(
        (r["title"], r["reason"]) for r in revised
    )
    markdown = run("agenda", "--format", "markdown")
    for p in progress:
        assert f"- Progress: {p['title']}, {p['percent']}%" in markdown
    for r in revised:
        assert f"- Revised: {r['title']}: " in markdown and f"Why: {r['reason']}" in markdown


def test_an_overdue_goal_is_marked_wherever_goals_are_listed(year):
    path, run = year
    late = rows(
        path, f"select * from goal where {SHARED} and status = 'active' and due < ?", [NOW.date().isoformat()]
    )
    listed = run("goal", "list")
    agenda = json.loads(run("agenda", "--format", "json"))
    markdown = run("agenda", "--format", "markdown")
    status = run("status")
    for g in late:
        assert re.search(rf"{g['due']}\s+overdue", listed), listed
        assert next(a for a in agenda["goals"] if a["id"] == g["id"])["overdue"] is True
        row = next(r for r in table(section(markdown, "## Goals in play")) if r[0] == g["title"])
        assert row[2] == f"{g['due']} **overdue**"
        assert f"{g['due']} overdue" in status
    assert ("goal-overdue" in [n["code"] for n in agenda["nudges"]]) is bool(late)
    if not late:  # the demo: every goal is in time or closed, and none is marked
        assert "overdue" not in section(markdown, "## Goals in play") and " overdue" not in listed


def test_a_long_year_is_listed_in_brief_and_counted(cli, journal_path):
    """Many decisions after one session, many actions: the reports list some and count the rest."""
    ok(cli("session", "plan", "yesterday 18:00", "--past"))
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    ok(cli("session", "held", "1"))
    for i in range(9):
        ok(cli("note", "--kind", "decision", "--shared", f"Decision number {i}"))
    made = [
        json.loads(ok(cli("action", "add", f"Action number {i}", "--due", "2026-12-31", "--json")).stdout)
        for i in range(45)
    ]
    ok(cli("action", "done", made[0]["id"]))
    bridging = ok(cli("report", "bridging-the-gap")).stdout
    session = section(bridging, "## Sessions held")
    assert [line for line in session.splitlines() if line.startswith("- Decision: ")] == [
        f"- Decision: Decision number {i} _(Maja Horvat)_" for i in range(6)
    ]
    assert "- … and 3 more decisions" in session
    final = ok(cli("report", "final-reflection")).stdout
    plan = section(final, "## The action plan")
    assert "45 actions: 1 done, 44 open, 0 dropped. The open ones and the latest done, 40 in all:" in plan
    assert len(table(plan)) == 40
    assert lint(bridging) == [] and lint(final) == []
