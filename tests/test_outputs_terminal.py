"""The terminal at 60, 80 and 120 columns, with hostile text: no markup read, no control
character let through, nothing dropped or cut, hanging indents, English counts; NO_COLOR and
pipes; and shell completion."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from tests.conftest import completions, offered, ok, run_process

WIDTHS = (60, 80, 120)
VIEWS = (
    ("status",),
    ("agenda",),
    ("goal", "list", "--all"),
    ("session", "list", "--all"),
    ("log", "-n", "50"),
)
LINK = "https://meet.example/a-rather-long-room-name-2026"
USER_SEQUENCES = ("\x1b]0;pwned", "\x1b[2J", "\x9b31m", "\u202e", "\u2066", "\r")


def show(cli, args, width: int, **env) -> str:
    result = cli(*args, env={"COLUMNS": str(width), **env})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_hostile_text_reaches_no_terminal_raw(cli, hostile):
    for width in WIDTHS:
        for args in VIEWS:
            out = show(cli, args, width)
            assert "\x1b" not in out, args  # piped: plain, and nothing the journal held
            assert not any(s in out for s in USER_SEQUENCES), args
    assert "\\x1b]0;pwned\\x07" in show(cli, ("agenda",), 120)  # shown, as an escape


def test_coloured_output_keeps_its_own_codes_only(cli, hostile):
    out = show(cli, ("status",), 80, FORCE_COLOR="1")
    assert "\x1b[" in out  # colours on a terminal
    assert not any(s in out for s in USER_SEQUENCES)
    plain = show(cli, ("status",), 80, FORCE_COLOR="1", NO_COLOR="1")
    assert not re.search(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;)", plain)  # no colour with NO_COLOR


def test_markup_in_names_and_text_prints_as_typed(cli, hostile):
    # read as markup, "[bold red]" would vanish and "[/b]" would crash the panel: both print as typed
    for out in [show(cli, (view,), width) for view in ("agenda", "status") for width in WIDTHS]:
        squashed = re.sub(r"[\s│╭╮╰╯─]", "", out)  # the same text, however it wrapped
        assert "Maja[boldred]" in squashed and "Tomaž[/b]" in squashed
    assert "[bold red]red[/bold red]" in show(cli, ("agenda",), 120)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_column_dropped_and_no_id_or_link_cut(cli, journal_path, width):
    ok(cli("goal", "add", "Touring abroad with a title long enough to need more than one line here"))
    ok(
        cli(
            "goal",
            "add",
            "Fees",
            "--due",
            "in 90 days",
            "--measure",
            "a published scale",
            "--why",
            "fair pay",
        )
    )
    goals = json.loads(ok(cli("goal", "list", "--all", "--json")).stdout)
    ok(
        cli(
            "session",
            "plan",
            "in 5 days 18:00",
            "--place",
            "Café Union, Ljubljana, or online when Tomaž travels",
        )
    )
    ok(cli("session", "plan", "in 60 days 18:00", "--online", LINK))
    ok(cli("topic", "add", "The co-production budget, line by line, with every figure", "--session", "1"))
    ok(cli("note", "A note long enough to wrap at sixty columns, with a link " + LINK))
    for args in VIEWS:
        out = show(cli, args, width)
        assert "…" not in out, (args, out)
        if args[0] != "log":  # the timeline is left whole when piped, for grep
            assert all(len(line) <= width for line in out.splitlines()), args
    goal_list = show(cli, ("goal", "list", "--all"), width)
    for goal in goals:
        assert re.search(rf"(^|\s){re.escape(goal['short_id'])}\s", goal_list)  # the short id, whole
    for word in ("active", "lacks", "0%"):  # status, SMARTER and progress are all there
        assert word in goal_list
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", goal_list)  # the due date, whole
    sessions = show(cli, ("session", "list", "--all"), width)
    assert LINK in sessions.splitlines() or any(LINK in line for line in sessions.splitlines())
    assert sessions.count("proposed") >= 2 and "one-to-one" in sessions and "min" in sessions


def test_wrapped_bullets_hang_under_their_text(cli, hostile):
    ok(
        cli(
            "topic",
            "add",
            "A topic long enough to wrap at sixty columns, and then some more words",
            "--session",
            "1",
        )
    )
    agenda = show(cli, ("agenda",), 60)
    topics = agenda.split("\nTopics\n")[1].split("\n\n")[0].splitlines()
    assert topics[0].startswith("  • ")
    for line in topics[1:]:
        assert line.startswith("  • ") or line.startswith("    "), topics  # never back at column 0


def test_counts_read_as_english(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00"))
    ok(cli("topic", "add", "Fees", "--session", "1"))
    status = show(cli, ("status",), 80)
    assert "1 topic" in status and "(s)" not in status and "1 topics" not in status
    ok(cli("topic", "add", "Budget", "--session", "1"))
    assert "2 topics" in show(cli, ("status",), 80)


def test_plural_and_message_wrapping():
    from mentorlog.words import plural, wrap_message

    assert [plural(n, "topic") for n in (0, 1, 2)] == ["0 topics", "1 topic", "2 topics"]
    assert (
        plural(1, "private entry") == "1 private entry" and plural(2, "private entry") == "2 private entries"
    )
    assert (
        plural(3, "entry") == "3 entries"
        and plural(2, "match") == "2 matches"
        and plural(2, "day") == "2 days"
    )
    message = f"Join the session at {LINK} when it starts, and bring the budget."
    wrapped = wrap_message(message, 40)
    assert LINK in wrapped.splitlines()  # the link whole, on its own line
    assert wrapped.replace("\n", " ") == message  # no word broken
    assert wrap_message(message, None) == message  # piped: as it is


def test_the_timeline_wraps_at_words_and_never_cuts_a_link():
    from mentorlog.render.entries import entries_text

    entry = {
        "short_id": "01ab",
        "created_at": "2026-11-20T10:00:00.000Z",
        "kind": "note",
        "author": "mentee",
        "text": f"See {LINK} first\x1b]0;x\x07 then decide",
        "visibility": "private",
        "tags": ["a\x1bb"],
        "session": None,
    }
    text = entries_text([entry], 60)
    assert any(line.strip() == LINK for line in text.splitlines())
    assert "\x1b" not in text and "\\x1b]0;x\\x07" in text
    assert entries_text([entry], None).count("\n") == 0


def test_show_completion_prints_the_named_shell_whatever_the_parent(journal_path):
    for shell, mark in (("zsh", "#compdef mentorlog"), ("fish", "complete --command mentorlog")):
        result = run_process("--show-completion", shell, env={"SHELL": "/bin/bash"})
        assert result.returncode == 0 and mark in result.stdout.decode(), shell
    result = run_process("--show-completion", "tcsh")
    assert result.returncode != 0


def test_values_complete(journal_path, mentorlog_home):
    (mentorlog_home / "work.db").write_bytes((mentorlog_home / "journal.db").read_bytes())
    cases = {
        "mentorlog report ": {
            "agreement",
            "here-and-now",
            "there-and-then",
            "bridging-the-gap",
            "final-reflection",
        },
        "mentorlog report agreement --format ": {"markdown", "html"},
        "mentorlog agenda --format ": {"terminal", "markdown", "json"},
        "mentorlog log --kind l": {"lesson"},
        "mentorlog --journal ": {"journal", "work"},
    }
    offered(cases)


def test_zsh_descriptions_keep_apostrophes(journal_path):
    env = {"_MENTORLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mentorlog m"}
    (script,) = completions(env)
    assert "partner'\\''s" in script  # closes, adds and reopens the single quotes
    if not shutil.which("zsh"):
        pytest.skip("zsh is not installed; the quoting was checked as text only")
    shown = subprocess.run(
        ["zsh", "-c", '_arguments() { print -r -- "$@" }; eval "$1"', "zsh", script],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Merge your partner's bundle" in shown


def test_messages_and_errors_never_print_control_characters_raw(cli, journal_path):
    """Plain lines and error messages pass through the terminal escaping too: a vision planted
    with control characters (by a program that removed the journal's checks) prints escaped."""
    import sqlite3

    from .hostile import drop_checks

    ok(cli("vision", "A vision"))
    conn = sqlite3.connect(journal_path)
    with conn:
        drop_checks(conn)
        conn.execute("update vision set text = text || ?", ("\x1b]0;title\x07 \u202e end",))
    conn.close()
    shown = ok(cli("vision")).stdout
    assert "A vision" in shown and not any(c in shown for c in ("\x1b", "\x07", "\u202e"))
    bad = cli("goal", "show", "zz\x1bzz")
    assert bad.exit_code == 1 and "\x1b" not in bad.stderr
