"""Issue: sessions, quick notes and the agenda, driven from the command line."""

from __future__ import annotations

import json
import re
import shlex
import stat
import sys
from datetime import timedelta

from .conftest import NOW, as_json, clock_at, ok, run_process

CANARY = "CANARY-private-7f3a"


def test_agenda_for_a_mentee_a_day_before_the_session(cli, journal_path):
    made = as_json(
        cli(
            "session", "schedule", "--every", "monthly", "--count", "6", "--start", "tomorrow 18:00", "--json"
        )
    )
    assert [s["number"] for s in made] == [1, 2, 3, 4, 5, 6]
    assert len({s["starts_at"][5:7] for s in made}) == 6  # six different months
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    ok(cli("topic", "add", "How do I price a co-production?"))
    ok(cli("action", "add", "Send the budget draft", "--due", "3 days ago"))
    ok(cli("--as", "mentor", "note", "-q", "--shared", "Did the city answer about the grant?"))
    ok(cli("note", "-q", f"{CANARY} am I good enough for this?"))  # private, the mentee's own

    agenda = as_json(cli("agenda", "--format", "json"))
    assert set(agenda) >= {"session", "topics", "actions", "questions", "goals", "prompts", "nudges"}
    assert agenda["session"]["number"] == 1 and agenda["session"]["state"] == "confirmed"
    assert [t["text"] for t in agenda["topics"]] == ["How do I price a co-production?"]
    assert agenda["topics"][0]["late"] is True
    assert any(a["text"] == "Send the budget draft" and a["overdue"] for a in agenda["actions"])
    assert [q["text"] for q in agenda["questions"]] == ["Did the city answer about the grant?"]
    assert "topic-late" in [n["code"] for n in agenda["nudges"]]
    # the first session: getting to know each other, expectations, the agreement (no "since last time")
    plan = agenda["time_plan"]
    assert agenda["prompts"] and plan[0]["what"].startswith("Getting to know each other")
    assert sum(item["minutes"] for item in plan) == 90 and "since last time" not in str(plan)
    assert CANARY not in json.dumps(agenda)

    markdown = ok(cli("agenda", "--format", "markdown")).stdout
    assert markdown.startswith("# Agenda — session 1")
    assert "How do I price a co-production?" in markdown and "Did the city answer" in markdown
    assert CANARY not in markdown
    assert CANARY in ok(cli("agenda", "--format", "markdown", "--include-private")).stdout
    assert CANARY in json.dumps(as_json(cli("agenda", "--format", "json", "--include-private")))
    assert CANARY in ok(cli("agenda")).stdout  # the owner's own terminal view, marked private
    assert "private" in ok(cli("agenda")).stdout


def test_held_session_closes_its_items_and_the_next_agenda_moves_on(cli, journal_path):
    ok(cli("session", "plan", "yesterday 18:00", "--past"))
    ok(cli("session", "plan", "in 10 days 18:00"))
    first = as_json(cli("topic", "add", "Touring budget", "--session", "1", "--json"))
    question = as_json(cli("note", "-q", "--shared", "--session", "1", "Which festivals?", "--json"))
    later = as_json(cli("topic", "add", "Contracts", "--session", "2", "--json"))
    ok(cli("--as", "mentor", "session", "confirm", "1"))
    held = as_json(cli("session", "held", "1", "--json"))
    assert held["state"] == "held" and held["topics_discussed"] == 1
    shown = as_json(cli("session", "show", "1", "--json"))
    assert [(t["text"], t["status"]) for t in shown["topics"]] == [("Touring budget", "discussed")]
    agenda = as_json(cli("agenda", "--format", "json"))
    assert agenda["session"]["number"] == 2
    assert [t["id"] for t in agenda["topics"]] == [later["id"]]
    assert agenda["questions"] == []
    assert first["id"] not in json.dumps(agenda) and question["id"] not in json.dumps(agenda)
    logged = as_json(cli("log", "--kind", "question", "--json"))
    assert logged[0]["session"] == 1
    ok(cli("feedback", "1", "--rating", "5", "--worked", "clear next steps"))
    assert as_json(cli("session", "show", "1", "--json"))["feedback"][0]["rating"] == 5
    assert "feedback-missing" not in [n["code"] for n in as_json(cli("status", "--json"))["nudges"]]


def test_cancelled_and_moved_sessions_keep_their_topics(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00"))
    ok(cli("session", "plan", "in 20 days 18:00"))
    ok(cli("topic", "add", "Grant strategy", "--session", "1"))
    ok(cli("session", "cancel", "1", "--reason", "ill"))
    agenda = as_json(cli("agenda", "--format", "json"))
    assert agenda["session"]["number"] == 2
    assert [(t["text"], t["carried_over"]) for t in agenda["topics"]] == [("Grant strategy", True)]
    ok(cli("topic", "add", "Residency", "--session", "2"))
    moved = as_json(cli("session", "move", "2", "in 25 days 17:00", "--json"))
    assert moved["state"] == "proposed" and moved["starts_at"].endswith("17:00" + moved["starts_at"][16:])
    assert {t["text"] for t in as_json(cli("agenda", "--format", "json"))["topics"]} == {
        "Grant strategy",
        "Residency",
    }


def test_session_refusals(cli, journal_path):
    assert "no sessions yet" in cli("session", "confirm", "1").stderr
    ok(cli("session", "plan", "in 3 days 18:00"))
    result = cli("session", "confirm", "1")
    assert result.exit_code == 1 and "Tomaž confirms it" in result.stderr and "--as mentor" in result.stderr
    result = cli("session", "show", "7")
    assert result.exit_code == 1 and "sessions are numbered 1–1" in result.stderr
    assert "has not started yet" in cli("session", "held", "1").stderr
    assert "feedback follows a held session" in cli("feedback", "1", "--rating", "4").stderr
    assert cli("feedback", "1", "--rating", "9").exit_code == 2
    assert (
        "as a cadence. Use weekly"
        in cli("session", "schedule", "--every", "sometimes", "--count", "3").stderr
    )
    assert "as a date" in cli("session", "plan", "whenever").stderr


def test_schedule_with_a_raw_rrule(cli, journal_path):
    made = as_json(
        cli(
            "session",
            "schedule",
            "--every",
            "FREQ=MONTHLY;BYDAY=1TU",
            "--count",
            "3",
            "--start",
            "2027-01-01 18:30",
            "--json",
        )
    )
    assert [s["starts_at"][:10] for s in made] == ["2027-01-05", "2027-02-02", "2027-03-02"]
    assert all(s["starts_at"][11:16] == "18:30" for s in made)


def test_agenda_with_no_session_says_how_to_plan_one(cli, journal_path):
    result = cli("agenda")
    assert result.exit_code == 0 and "session plan" in result.stdout
    assert as_json(cli("agenda", "--format", "json"))["session"] is None


def test_agenda_written_to_a_file_is_private(cli, journal_path, tmp_path):
    ok(cli("session", "plan", "in 4 days 18:00"))
    out = tmp_path / "agenda.md"
    ok(cli("agenda", "--format", "markdown", "--out", str(out)))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text().startswith("# Agenda")


def test_notes_from_stdin_and_from_an_editor(cli, journal_path, tmp_path):
    piped = run_process("note", "--tag", "grant", input=b"From the pipe: [bold]not bold[/bold]\n")
    assert piped.returncode == 0, piped.stderr
    editor = tmp_path / "fake-editor"
    editor.write_text(
        f"#!{sys.executable}\nimport sys\nopen(sys.argv[1], 'a').write('Typed in the editor {{{{ 1+1 }}}}')\n"
    )
    editor.chmod(0o755)
    edited = run_on_tty_with_editor(["note", "--kind", "idea"], editor)  # a minute later
    assert "Saved private idea" in edited
    # what the two real processes wrote, read back in this one
    entries = as_json(cli("log", "--json"))
    texts = [e["text"] for e in entries]
    assert texts == ["From the pipe: [bold]not bold[/bold]", "Typed in the editor {{ 1+1 }}"]
    assert entries[0]["tags"] == ["grant"] and entries[1]["kind"] == "idea"
    shown = ok(cli("log")).stdout
    assert "[bold]not bold[/bold]" in shown and "{{ 1+1 }}" in shown
    found = as_json(cli("search", "editor", "--json"))
    assert [e["text"] for e in found] == ["Typed in the editor {{ 1+1 }}"]
    assert "[bold]not bold[/bold]" in ok(cli("search", "pipe")).stdout


def run_on_tty_with_editor(args, editor):
    from .conftest import run_on_terminal

    env = {"EDITOR": str(editor), **clock_at(NOW + timedelta(minutes=1))}
    return run_on_terminal(args, [], env=env)


def test_invalid_utf8_on_stdin_is_refused(cli, journal_path):
    result = run_process("note", input=b"caf\xe9 au lait\n")
    assert (
        result.returncode == 1 and b"not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr
    )
    assert as_json(cli("log", "--json")) == []


def test_search_survives_malformed_queries(cli, journal_path):
    ok(cli("note", "grant-deadline is 3 March"))
    for query in ['"unbalanced', "grant-deadline", "AND OR", "a:b", "(", "*"]:
        result = cli("search", query, "--json")
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
    assert [e["text"] for e in as_json(cli("search", "grant-deadline", "--json"))] == [
        "grant-deadline is 3 March"
    ]


def test_edit_rm_restore_any_entry(cli, journal_path):
    note = as_json(cli("note", "first draft", "--json"))
    ok(cli("edit", note["id"], "--text", "second draft"))
    assert as_json(cli("log", "--json"))[0]["text"] == "second draft"
    ok(cli("rm", note["id"]))
    assert as_json(cli("log", "--json")) == [] and as_json(cli("search", "draft", "--json")) == []
    ok(cli("restore", note["id"]))
    assert as_json(cli("search", "second", "--json"))[0]["id"] == note["id"]


def test_log_filters(cli, journal_path):
    ok(cli("note", "one", "--tag", "money"))
    ok(cli("note", "-l", "two"))
    ok(cli("contact", "Called about the venue", "--via", "phone", "--on", "yesterday"))
    assert [e["kind"] for e in as_json(cli("log", "--json"))] == ["note", "lesson", "contact"]
    assert [e["text"] for e in as_json(cli("log", "--tag", "money", "--json"))] == ["one"]
    assert [e["text"] for e in as_json(cli("log", "--kind", "lesson", "--json"))] == ["two"]
    assert len(as_json(cli("log", "-n", "2", "--json"))) == 2
    assert as_json(cli("log", "--since", "tomorrow", "--json")) == []
    contact = as_json(cli("log", "--kind", "contact", "--json"))[0]
    assert contact["via"] == "phone" and set(contact) >= {
        "id",
        "kind",
        "text",
        "author",
        "visibility",
        "session",
        "phase",
        "created_at",
        "tags",
    }
    assert "contact-late" not in json.dumps(as_json(cli("status", "--json")))


def test_the_terminal_agenda_of_a_long_mentorship_fits_a_screen_and_says_what_it_left_out(cli, journal_path):
    for n in range(1, 16):
        ok(cli("goal", "add", f"Goal number {n} with a measurable end", "--due", "2027-06-01"))
    for n in range(1, 9):  # contacts and lessons are private unless --shared: the terminal shows them
        ok(cli("contact", f"Call number {n} about the tour", "--via", "phone"))
    for n in range(1, 4):
        ok(cli("note", "--lesson", f"Lesson number {n} learnt"))
    ok(cli("session", "plan", "2026-11-25 18:00"))
    shown = ok(cli("agenda")).stdout
    goals = [n for n in range(1, 16) if f"Goal number {n} with" in shown]
    calls = [n for n in range(1, 9) if f"Call number {n} about" in shown]
    lessons = [n for n in range(1, 4) if f"Lesson number {n} learnt" in shown]
    assert len(goals) == 12 and "and 3 more: `mentorlog goal list`" in shown
    assert len(calls) == 5 and len(lessons) == 3  # 3 contacts more, no lesson more
    hint = re.search(r"and 3 more: `(mentorlog [^`]+)` lists every one", shown)
    assert hint, shown
    markdown = ok(cli(*shlex.split(hint.group(1))[1:])).stdout  # the command as printed
    assert all(f"Call number {n} about" in markdown for n in range(1, 9))
    assert all(f"Lesson number {n} learnt" in markdown for n in range(1, 4))
    listed = ok(cli("goal", "list")).stdout
    assert all(f"Goal number {n} with" in listed for n in range(1, 16))
    data = json.loads(ok(cli("agenda", "--format", "json", "--include-private")).stdout)
    assert len(data["goals"]) == 15 and len(data["since_last"]["contacts"]) == 8
