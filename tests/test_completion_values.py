"""The shell completes values from the journal the command line names: session numbers (only the
sessions a command can act on), the ids of goals, actions and options with their words, tags in
use, template names, phases, cadences, terms, and the reflection questions of the role who
answers (a mentee is never offered the mentor's). Read through bash's completion protocol."""

from __future__ import annotations

from tests.conftest import as_json, bash_completions, completions, offered, ok


def test_values_from_the_journal(cli, journal_path):
    ok(cli("session", "plan", "in 5 days 18:00"))
    ok(cli("session", "plan", "in 30 days 18:00"))
    ok(cli("session", "cancel", "1"))
    goal = as_json(cli("goal", "add", "Find funding for the tour", "--json"))["short_id"]
    action = as_json(cli("action", "add", "Draft the budget", "--json"))["short_id"]
    option = as_json(cli("option", "add", "Ask the city fund", "--json"))["short_id"]
    ok(cli("note", "A tagged note", "--tag", "funding", "--tag", "grant"))
    ok(cli("note", "Another", "--tag", "funding"))
    offered(
        {
            "mentorlog session show ": {"1", "2"},
            "mentorlog session confirm ": {"2"},  # a cancelled session cannot be
            "mentorlog session held ": {"2"},
            "mentorlog goal show ": {goal},
            "mentorlog action done ": {action},
            "mentorlog option choose ": {option},
            "mentorlog action add x --goal ": {goal},
            "mentorlog log --tag ": {"funding", "grant"},
            "mentorlog note x --tag g": {"grant"},
            f"mentorlog --journal {journal_path} session show ": {"1", "2"},
            "mentorlog --journal no-such-journal session show ": set(),
        }
    )


def test_fixed_values(journal_path):
    phase, every, term, templates = bash_completions(
        "mentorlog phase ",
        "mentorlog session schedule --every ",
        "mentorlog goal add x --term ",
        "mentorlog templates copy ",
    )
    assert phase == {
        "next", "getting-started", "here-and-now", "there-and-then", "bridging-the-gap", "final-reflection",
    }  # fmt: skip
    assert every == {"weekly", "fortnightly", "every-3-weeks", "monthly"}
    assert term == {"short", "medium", "long"}
    assert "agenda.md.j2" in templates


def test_reflection_keys_by_role(journal_path):
    mentee, mentor = bash_completions(
        "mentorlog reflect --answer ", "mentorlog --as mentor reflect --answer "
    )
    assert "wishes=" in mentee and "final-suggestions=" not in mentee
    assert "final-suggestions=" in mentor and "wishes=" not in mentor
    assert "insights=" in mentee & mentor


def test_zsh_gets_the_words_as_descriptions(cli, journal_path):
    ok(cli("goal", "add", "Find funding for the tour"))
    (script,) = completions(
        {"_MENTORLOG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "mentorlog goal show "}
    )
    assert "Find funding for the tour" in script
