"""Issue: the first three phases from the command line, and every refused transition."""

from __future__ import annotations

import pytest

from .conftest import as_json, digest, ok
from .test_interactive_forms import Terminal, fill_agreement


def test_the_first_three_phases_from_the_command_line(cli, journal_path):
    # getting started: the agreement, proposed by the mentee, approved by the mentor
    draft = as_json(
        cli(
            "agreement",
            "edit",
            "--meetings",
            "10",
            "--cadence",
            "monthly",
            "--length",
            "90",
            "--place",
            "Café Union",
            "--contact",
            "e-mail",
            "--expect-mentor",
            "honest feedback",
            "--expect-mentee",
            "comes prepared",
            "--content-plan",
            "funding; touring",
            "--json",
        )
    )
    assert (draft["version"], draft["state"], draft["meetings"]) == (1, "draft", 10)
    assert as_json(cli("agreement", "propose", "--json"))["state"] == "proposed"
    approved = as_json(cli("--as", "mentor", "agreement", "approve", "--json"))
    assert approved["state"] == "approved" and approved["officially_in_mentorship"]
    amended = as_json(cli("agreement", "amend", "--json"))
    assert (amended["version"], amended["state"], amended["in_force_version"]) == (2, "draft", 1)
    assert as_json(cli("agreement", "edit", "--meetings", "12", "--json"))["meetings"] == 12
    status = as_json(cli("status", "--json"))
    assert status["agreement"] == {"state": "draft", "version": 2}
    assert "agreement-not-approved" not in [n["code"] for n in status["nudges"]]  # v1 stays in force
    ok(cli("agreement", "propose"))
    ok(cli("--as", "mentor", "agreement", "approve"))
    history = as_json(cli("agreement", "history", "--json"))
    assert [
        (v["version"], v["state"], v["proposed_by"], v["approved_by"], v["in_force"]) for v in history
    ] == [
        (1, "approved", "mentee", "mentor", False),
        (2, "approved", "mentee", "mentor", True),
    ]
    # rules of the game
    rule = as_json(cli("rule", "add", "What we say stays between us", "--kind", "confidentiality", "--json"))
    ok(cli("rule", "add", "We start on time", "--kind", "respect"))
    ok(cli("rule", "rm", rule["id"]))
    assert [r["text"] for r in as_json(cli("rule", "list", "--json"))] == ["We start on time"]
    ok(cli("restore", rule["id"]))
    assert len(as_json(cli("rule", "list", "--json"))) == 2
    assert "suggestion" in status and as_json(cli("status", "--json"))["suggestion"].startswith(
        "The agreement"
    )
    ok(cli("phase", "next"))

    # here-and-now: all six areas, one re-assessed
    for area in ("personal", "professional", "knowledge", "skills", "resources", "network"):
        ok(cli("assess", area, f"Where I stand on {area}", "--rating", "3"))
    again = as_json(cli("assess", "skills", "Budgets are better now", "--rating", "4", "--json"))
    assert again["reassessment"] is True
    mapping = as_json(cli("assess", "show", "--json"))
    skills = next(a for a in mapping["areas"] if a["area"] == "skills")
    assert [e["rating"] for e in skills["entries"]] == [3, 4]
    assert mapping["unmapped"] == []
    assert "six areas" in as_json(cli("status", "--json"))["suggestion"]
    ok(cli("phase", "next"))

    # there-and-then: vision, goals (one vague), revision, progress
    ok(cli("vision", "In a year I run a small production house that tours the region"))
    assert as_json(cli("vision", "--json"))["text"].startswith("In a year")
    vague = as_json(cli("goal", "add", "Funding", "--json"))
    assert {"measurable", "time-bound", "specific"} <= set(vague["missing"])
    check = as_json(cli("goal", "check", vague["id"], "--json"))[0]
    assert {m["criterion"] for m in check["missing"]} >= {"measurable", "time-bound"}
    assert any("--measure" in m["fix"] for m in check["missing"])
    assert {q["criterion"] for q in check["questions"]} == {
        "meaningful",
        "achievable",
        "realistic",
        "exciting",
    }
    text_check = ok(cli("goal", "check", vague["id"])).stdout
    assert "measurable" in text_check and "time-bound" in text_check and "Ask each other" in text_check
    assert "goal-not-smart" in [n["code"] for n in as_json(cli("status", "--json"))["nudges"]]
    revised = as_json(
        cli(
            "goal",
            "revise",
            vague["id"],
            "--title",
            "Apply for the city arts grant",
            "--measure",
            "application submitted",
            "--due",
            "2027-03-01",
            "--why",
            "funding is the base of the house",
            "--reason",
            "made it SMART",
            "--json",
        )
    )
    assert revised["missing"] == []
    assert revised["revisions"][0]["before"]["title"] == "Funding"
    assert revised["revisions"][0]["reason"] == "made it SMART"
    ok(cli("goal", "progress", vague["id"], "40", "--note", "budget drafted"))
    shown = as_json(cli("goal", "show", vague["id"], "--json"))
    assert shown["progress"] == 40 and shown["progress_history"][0]["note"] == "budget drafted"
    listed = as_json(cli("goal", "list", "--json"))
    assert set(listed[0]) >= {"id", "title", "measure", "due", "status", "progress", "missing"}
    assert "goal-not-smart" not in [n["code"] for n in as_json(cli("status", "--json"))["nudges"]]

    outcome = as_json(
        cli(
            "outcome",
            "add",
            "Premiere a co-production",
            "--by",
            "2027-06-01",
            "--goal",
            vague["id"],
            "--json",
        )
    )
    option = as_json(
        cli("option", "add", "Ask three venues", "--outcome", outcome["id"], "--feasibility", "4", "--json")
    )
    ok(cli("option", "add", "Apply abroad", "--feasibility", "2"))
    assert [o["text"] for o in as_json(cli("option", "list", "--json"))][0] == "Ask three venues"
    chosen = as_json(cli("option", "choose", option["id"], "--due", "2026-11-01", "--json"))
    assert chosen["status"] == "open" and chosen["goal_id"] == vague["id"]
    assert as_json(cli("option", "list", "--json"))[0]["chosen"] is True
    action = as_json(
        cli(
            "action",
            "add",
            "Send the budget",
            "--owner",
            "mentee",
            "--due",
            "2027-01-10",
            "--goal",
            vague["id"],
            "--json",
        )
    )
    status = as_json(cli("status", "--json"))
    assert "action-overdue" in [n["code"] for n in status["nudges"]]  # due 2026-11-01 < today
    assert status["counts"]["actions_overdue"] == 1
    ok(cli("action", "done", chosen["id"]))
    ok(cli("action", "drop", action["id"]))
    assert as_json(cli("action", "list", "--json")) == []
    assert {a["status"] for a in as_json(cli("action", "list", "--all", "--json"))} == {"done", "dropped"}
    ok(cli("goal", "done", vague["id"]))
    assert as_json(cli("goal", "list", "--all", "--json"))[0]["status"] == "achieved"

    # the agreement as a document
    document = ok(cli("report", "agreement")).stdout
    assert "Version 2 — **approved**" in document and "We start on time" in document


REFUSALS = [
    # (setup commands, refused command, words the message must hold)
    ([], ["agreement", "propose"], "agreement edit"),
    (
        [["agreement", "edit", "--meetings", "8"]],
        ["--as", "mentor", "agreement", "propose"],
        "Only the mentee",
    ),
    (
        [["agreement", "edit", "--meetings", "8"]],
        ["--as", "mentor", "agreement", "approve"],
        "never proposed",
    ),
    (
        [["agreement", "edit", "--meetings", "8"], ["agreement", "propose"]],
        ["agreement", "approve"],
        "Only the mentor",
    ),
    (
        [["agreement", "edit", "--meetings", "8"], ["agreement", "propose"]],
        ["agreement", "propose"],
        "already proposed",
    ),
    ([["agreement", "edit", "--meetings", "8"]], ["agreement", "amend"], "agreement edit"),
    (
        [
            ["agreement", "edit", "--meetings", "8"],
            ["agreement", "propose"],
            ["--as", "mentor", "agreement", "approve"],
        ],
        ["agreement", "edit", "--meetings", "9"],
        "agreement amend",
    ),
    (
        [
            ["agreement", "edit", "--meetings", "8"],
            ["agreement", "propose"],
            ["--as", "mentor", "agreement", "approve"],
        ],
        ["--as", "mentor", "agreement", "approve"],
        "already approved",
    ),
    ([], ["agreement", "edit", "--cadence", "sometimes"], "monthly"),
    ([], ["agreement", "edit", "--meetings", "0"], "from 1 to 100"),
    (
        [],
        ["agreement", "edit", "--period-start", "2027-01-01", "--period-end", "2026-01-01"],
        "must come after",
    ),
    ([], ["goal", "progress", "zzzz", "50"], "No goal"),
    (
        [["goal", "add", "Write the grant application now"]],
        ["goal", "drop", "7zzz", "--reason", "x"],
        "No goal",
    ),
    ([], ["assess", "feelings", "fine"], "personal, professional"),
    ([], ["rule", "add", "Be kind", "--kind", "vibes"], "confidentiality"),
    ([], ["action", "add", "Call", "--owner", "boss"], "mentor, mentee"),
    ([], ["action", "add", "Call", "--due", "someday"], "as a date"),
    ([], ["outcome", "add", "Premiere", "--by", "whenever"], "as a date"),
]


@pytest.mark.parametrize(("setup", "command", "words"), REFUSALS)
def test_refusals_exit_1_say_who_must_do_what_and_change_nothing(cli, journal_path, setup, command, words):
    for step in setup:
        ok(cli(*step))
    before = digest(journal_path)
    result = cli(*command)
    assert result.exit_code == 1, result.output
    assert words in result.stderr
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.output
    assert digest(journal_path) == before


def test_goal_ids_accept_any_unique_prefix_and_list_ambiguity(cli, journal_path):
    first = as_json(cli("goal", "add", "Write the first grant application", "--json"))
    second = as_json(cli("goal", "add", "Build a touring network in the region", "--json"))
    common = ""
    for a, b in zip(first["id"], second["id"], strict=True):
        if a != b:
            break
        common += a
    result = cli("goal", "show", common[: max(4, len(common))])
    if len(common) >= 4:
        assert result.exit_code == 1 and "matches several goals" in result.stderr
    assert as_json(cli("goal", "show", first["id"].upper(), "--json"))["title"].startswith("Write")


def test_agreement_edit_prompts_field_by_field_on_a_terminal(cli, journal_path):
    term = Terminal("agreement", "edit")  # each prompt answered by its declared words
    fill_agreement(term, {"meetings": "6", "cadence": "fortnightly", "place": "Online"})
    assert term.end() == 0, term.output
    output = term.output
    assert "Number of meetings" in output and "[90]" in output  # shows the current value
    data = as_json(cli("agreement", "show", "--json"))
    assert (data["meetings"], data["cadence"], data["place"], data["length_minutes"]) == (
        6,
        "fortnightly",
        "Online",
        90,
    )


def test_agreement_edit_without_flags_when_piped_is_a_usage_error(cli, journal_path):
    result = cli("agreement", "edit", input="")
    assert result.exit_code == 2 and "flags" in result.output
