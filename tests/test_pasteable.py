"""Every command mentorlog prints works when pasted: in a journal that is not the default one, each
next step names it (`mentorlog -j bo session confirm 1`), in messages, nudges, news lines and
errors, and run as printed it acts on that journal and on no other."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from mentorlog.pasteable import for_journal, journal_flag, json_for_journal

from .conftest import as_json, digest, ok

COMMAND = re.compile(r"`(mentorlog [^`]+)`")
# a printed command with a word to fill in is a pattern, not a command to run as it is
PLACEHOLDER = re.compile(r"\b(?:TEXT|WHEN|WORDS|FOLDER|FILE|DATE|MIN|N|ID|T)\b|…|\b1-5\b|=")


def commands_in(text: str) -> list[str]:
    return COMMAND.findall(" ".join(text.split()))  # a command wrapped over two lines is one command


@pytest.fixture
def default_journal(cli, mentorlog_home, tmp_path, monkeypatch):
    """The default journal, of another pair: nothing run below may change it. (Commands that write
    a file by default write it in a folder of the test's own.)"""
    monkeypatch.chdir(tmp_path)
    ok(cli("init", "--mentor", "Ana Novak", "--mentee", "Ida Kern", "--me", "mentor"))
    return mentorlog_home / "journal.db"


def run_printed(cli, command: str, flag: str):
    """Run `command` as printed (after the program's name), checking first that it names the journal."""
    args = shlex.split(command)
    assert args[0] == "mentorlog" and " ".join(args[1:3]) == flag, f"does not name the journal: {command}"
    return cli(*args[1:])


def test_every_printed_command_names_the_journal_and_acts_on_it(cli, default_journal, tmp_path):
    untouched = digest(default_journal)
    ran: list[str] = []

    def run_all(text: str, flag: str) -> list[str]:
        found = commands_in(text)
        for command in found:
            result = run_printed(cli, command, flag)  # names the journal, even when not runnable
            if PLACEHOLDER.search(command):
                continue
            # a step for later (approve what is not proposed yet) may be refused, in that journal
            assert result.exit_code == 0 or flag in result.stderr, (command, result.output)
            if result.exit_code == 0:
                ran.append(command)
        return found

    # Maja's journal (not the default one) proposes two sessions and shares them
    ok(cli("-j", "maja", "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"))
    ok(
        cli(
            "-j",
            "maja",
            "session",
            "schedule",
            "--every",
            "weekly",
            "--count",
            "2",
            "--start",
            "24/11/2026 18:00",
        )
    )
    first = tmp_path / "first.json"
    ok(cli("-j", "maja", "share", str(first), "--plain"))

    # Tomaž starts his journal `bo` from it: init --from prints the next steps and the news
    started = ok(cli("-j", "bo", "init", "--from", str(first)))
    assert "`mentorlog -j bo status`" in started.stdout
    assert "`mentorlog -j bo session confirm 1-2`" in started.stdout
    run_all(started.stdout, "-j bo")
    sessions = as_json(cli("-j", "bo", "session", "list", "--all", "--json"))
    assert [s["state"] for s in sessions] == ["confirmed", "confirmed"]  # the pasted confirm acted on bo

    # the merge's news, from a bundle with a third session
    ok(cli("-j", "maja", "session", "plan", "2026-12-15 18:00"))
    ok(cli("-j", "maja", "action", "add", "Draft the budget", "--owner", "mentor", "--due", "2026-11-20"))
    second = tmp_path / "second.json"
    ok(cli("-j", "maja", "share", str(second), "--plain"))
    merged = ok(cli("-j", "bo", "merge", str(second)))
    assert "`mentorlog -j bo session confirm 3`" in merged.stdout
    run_all(merged.stdout, "-j bo")
    assert as_json(cli("-j", "bo", "session", "show", "3", "--json"))["state"] == "confirmed"

    # the dashboard's nudges, on the terminal and in JSON
    status = ok(cli("-j", "bo", "status"))
    nudges = as_json(cli("-j", "bo", "status", "--json"))["nudges"]
    assert nudges and all(commands_in(n["message"]) for n in nudges if "`" in n["message"])
    for nudge in nudges:
        run_all(nudge["message"], "-j bo")
    assert commands_in(status.stdout)
    run_all(status.stdout, "-j bo")

    # errors name the way out in that journal too
    for args in (("session", "confirm", "9"), ("goal", "show", "zz"), ("agreement", "approve")):
        refused = cli("-j", "bo", *args)
        assert refused.exit_code == 1
        assert commands_in(refused.stderr), refused.stderr
        run_all(refused.stderr, "-j bo")

    assert len(ran) >= 8, ran
    assert digest(default_journal) == untouched  # nothing printed above reached the default journal


def test_the_default_journal_and_one_chosen_by_the_environment_print_commands_as_they_are(
    cli, default_journal, monkeypatch
):
    assert "`mentorlog goal list --all`" in cli("goal", "show", "zz").stderr
    ok(cli("-j", "bo", "init", "--mentor", "A B", "--mentee", "C D", "--me", "mentor"))
    monkeypatch.setenv("MENTORLOG_JOURNAL", "bo")  # a pasted command reaches it in this shell
    assert "`mentorlog goal list --all`" in cli("goal", "show", "zz").stderr
    assert "`mentorlog -j bo goal list --all`" in cli("-j", "bo", "goal", "show", "zz").stderr


def test_how_a_journal_is_named_in_a_command():
    assert journal_flag(None) == journal_flag("journal") == journal_flag(" ") == ""
    assert journal_flag("bo") == "-j bo"
    assert journal_flag("my journals/bo.db") == "-j 'my journals/bo.db'"
    text = "Confirm: `mentorlog session confirm 1`; then `mentorlog --as mentee topic add TEXT`."
    assert for_journal(text, "-j bo") == (
        "Confirm: `mentorlog -j bo session confirm 1`; then `mentorlog -j bo --as mentee topic add TEXT`."
    )
    assert for_journal(text, "") == text
    already = "`mentorlog -j ana status` and `mentorlog --journal ana status`"
    assert for_journal(already, "-j bo") == already  # a command that names its journal keeps it
    assert for_journal("mentorlog log", "-j bo") == "mentorlog -j bo log"  # a bare command (JSON's `command`)
    data = {"nudges": [{"message": "`mentorlog log`", "command": "mentorlog log", "text": "`mentorlog log`"}]}
    named = json_for_journal(data, "-j bo")
    assert named["nudges"][0] == {
        "message": "`mentorlog -j bo log`",
        "command": "mentorlog -j bo log",
        "text": "`mentorlog log`",
    }  # user text (`text`) is left as typed
    assert json.dumps(json_for_journal(data, "")) == json.dumps(data)
