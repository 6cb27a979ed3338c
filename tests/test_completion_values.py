"""The shell completes values from the journal the command line names: session numbers (only the
sessions a command can act on), the ids of goals, actions and options with their words, tags in
use, template names, phases, cadences, terms, and the reflection questions of the role who
answers (a mentee is never offered the mentor's). Read through bash's completion protocol."""

from __future__ import annotations

from tests.conftest import as_json, ok, run_process


def completed(line: str) -> set[str]:
    words = line.split(" ")
    env = {"_MENTORLOG_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    result = run_process(env=env)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.decode().split())


def test_values_from_the_journal(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00"))
    ok(cli("session", "plan", "in 30 days 18:00"))
    ok(cli("session", "cancel", "1"))
    goal = as_json(cli("goal", "add", "Find funding for the tour", "--json"))["short_id"]
    action = as_json(cli("action", "add", "Draft the budget", "--json"))["short_id"]
    option = as_json(cli("option", "add", "Ask the city fund", "--json"))["short_id"]
    ok(cli("note", "A tagged note", "--tag", "funding", "--tag", "grant"))
    ok(cli("note", "Another", "--tag", "funding"))
    assert completed("mentorlog session show ") == {"1", "2"}
    assert completed("mentorlog session confirm ") == {"2"}  # a cancelled session cannot be
    assert completed("mentorlog session held ") == {"2"}
    assert completed("mentorlog goal show ") == {goal}
    assert completed("mentorlog action done ") == {action}
    assert completed("mentorlog option choose ") == {option}
    assert completed("mentorlog action add x --goal ") == {goal}
    assert completed("mentorlog log --tag ") == {"funding", "grant"}
    assert completed("mentorlog note x --tag g") == {"grant"}
    assert completed(f"mentorlog --journal {journal_path} session show ") == {"1", "2"}
    assert completed("mentorlog --journal no-such-journal session show ") == set()


def test_fixed_values(journal_path):
    assert completed("mentorlog phase ") == {
        "next", "getting-started", "here-and-now", "there-and-then", "bridging-the-gap", "final-reflection",
    }  # fmt: skip
    assert completed("mentorlog session schedule --every ") == {
        "weekly",
        "fortnightly",
        "every-3-weeks",
        "monthly",
    }
    assert completed("mentorlog goal add x --term ") == {"short", "medium", "long"}
    assert "agenda.md.j2" in completed("mentorlog templates copy ")


def test_reflection_keys_by_role(journal_path):
    mentee = completed("mentorlog reflect --answer ")
    mentor = completed("mentorlog --as mentor reflect --answer ")
    assert "wishes=" in mentee and "final-suggestions=" not in mentee
    assert "final-suggestions=" in mentor and "wishes=" not in mentor
    assert "insights=" in mentee & mentor


def test_zsh_gets_the_words_as_descriptions(cli, journal_path):
    ok(cli("goal", "add", "Find funding for the tour"))
    env = {"_MENTORLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mentorlog goal show "}
    script = run_process(env=env).stdout.decode()
    assert "Find funding for the tour" in script
