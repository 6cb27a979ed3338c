"""Reports, reflection, the end, the certificate and templates (README: "Reports")."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import demo_in, ok, run_process

CANARY = "CANARY-report-51c9"
KINDS = ["agreement", "here-and-now", "there-and-then", "bridging-the-gap", "final-reflection"]
SECTIONS = {
    "agreement": [
        "# Mentorship agreement",
        "## The mentorship",
        "## Expectations",
        "## Content plan",
        "## Rules of the game",
    ],
    "here-and-now": [
        "# Here and now",
        "## The starting point",
        "## The six areas",
        "## Strengths",
        "## Areas for improvement",
        "## Resources and network",
    ],
    "there-and-then": [
        "# There and then",
        "## The vision",
        "## Goals and their SMARTER check",
        "## Desired outcomes",
        "## The gap per area",
        "## Options weighed",
        "## The action plan",
    ],
    "bridging-the-gap": [
        "# Bridging the gap",
        "## Progress per goal",
        "## Actions",
        "## Sessions held",
        "## Feedback over time",
        "## Obstacles and lessons",
        "## Contacts between sessions",
    ],
    "final-reflection": [
        "# Final reflection",
        "## The journey",
        "## How it ended",
        "## Where the mentee stood",
        "## Goals set and achieved",
        "## Lessons",
        "## Feedback over time",
        "## Reflection",
        "## Milestones",
    ],
}


@pytest.fixture(scope="module")
def demo_home(tmp_path_factory, click_command, demo_made):
    """The demo journal, plus private entries carrying a canary, built once for these tests."""
    import os

    from .conftest import Runner

    home = tmp_path_factory.mktemp("demo-home")
    env = {"MENTORLOG_HOME": str(home)}
    old = os.environ.get("MENTORLOG_HOME")
    os.environ["MENTORLOG_HOME"] = str(home)
    try:
        runner = Runner(click_command)
        demo_in(home, demo_made)
        for args in (
            ["-j", "demo", "note", "-l", f"{CANARY} lesson"],
            ["-j", "demo", "note", "--kind", "decision", "--session", "13", f"{CANARY} decision"],
            ["-j", "demo", "contact", f"{CANARY} contact", "--via", "phone"],
            ["-j", "demo", "note", "-q", f"{CANARY} question"],
        ):
            result = runner.run(args)
            assert result.exit_code == 0, result.output
    finally:
        if old is None:
            del os.environ["MENTORLOG_HOME"]
        else:
            os.environ["MENTORLOG_HOME"] = old
    return env


@pytest.mark.parametrize("kind", KINDS)
def test_each_report_renders_from_the_demo_without_private_entries(cli, demo_home, kind):
    markdown = ok(cli("-j", "demo", "report", kind, env=demo_home)).stdout
    for heading in SECTIONS[kind]:
        assert heading in markdown, heading
    assert CANARY not in markdown
    html = ok(cli("-j", "demo", "report", kind, "--format", "html", env=demo_home)).stdout
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "<h1>" in html
    assert CANARY not in html
    assert "{{" not in markdown and "{%" not in markdown


@pytest.mark.parametrize("kind", ["bridging-the-gap", "final-reflection"])
def test_private_entries_appear_only_when_asked(cli, demo_home, kind):
    with_private = ok(cli("-j", "demo", "report", kind, "--include-private", env=demo_home)).stdout
    assert CANARY in with_private and "includes private entries" in with_private


def test_final_reflection_compares_first_and_latest_and_draws_a_chart(cli, demo_home):
    markdown = ok(cli("-j", "demo", "report", "final-reflection", env=demo_home)).stdout
    assert re.search(r"\| Skills \| 3/5 .* \| 4/5 .* \| \+1 \|", markdown)
    assert "The mentorship was completed on" in markdown
    assert "Keep the fee scale public" in markdown  # the mentor's final suggestions
    assert "✓ Mentorship completed" in markdown and "✓ Agreement approved" in markdown
    html = ok(cli("-j", "demo", "report", "final-reflection", "--format", "html", env=demo_home)).stdout
    assert "<svg" in html and "MENTORLOG-CHART" not in html
    assert html.count("<rect") >= 12  # two bars per area


def test_reports_written_to_files_are_private(cli, demo_home, tmp_path):
    out = tmp_path / "final.html"
    ok(cli("-j", "demo", "report", "final-reflection", "--format", "html", "--out", str(out), env=demo_home))
    assert out.stat().st_mode & 0o777 == 0o600 and out.read_text().startswith("<!DOCTYPE html>")
    assert not list(tmp_path.glob(".*tmp"))


def test_unknown_report_and_format(cli, demo_home):
    result = cli("-j", "demo", "report", "summary", env=demo_home)
    assert result.exit_code == 1 and "final-reflection" in result.stderr
    assert cli("-j", "demo", "report", "agreement", "--format", "pdf", env=demo_home).exit_code == 2


def test_certificate_after_the_end(cli, demo_home):
    markdown = ok(cli("-j", "demo", "certificate", env=demo_home)).stdout
    assert "Confirmation of participation" in markdown and "Maja Horvat" in markdown
    assert re.search(r"Sessions held: \*\*\d+\*\*", markdown) and "Hours together" in markdown
    assert CANARY not in markdown
    html = ok(cli("-j", "demo", "certificate", "--format", "html", env=demo_home)).stdout
    assert "<h1>Confirmation of participation</h1>" in html


def test_user_text_renders_as_typed_and_never_breaks_a_table(cli, journal_path):
    tricky = "Pay {{ 7*7 }} | fees {% if x %}\nsecond line"
    ok(cli("action", "add", tricky, "--due", "2027-01-01"))
    ok(cli("rule", "add", "{% for x in y %}{{ x }}{% endfor %}"))
    markdown = ok(cli("report", "there-and-then")).stdout
    # Markdown escapes the star (it reads back as typed), and the template syntax stays text
    assert "{{ 7\\*7 }}" in markdown and "49" not in markdown and "{% if x %}" in markdown
    table = [line for line in markdown.splitlines() if line.startswith("| ") and "Pay" in line]
    assert len(table) == 1  # the newline did not split the row
    assert len(re.findall(r"(?<!\\)\|", table[0])) == 5  # four cells, the user's pipe escaped
    html = ok(cli("report", "there-and-then", "--format", "html")).stdout
    # the cell's second line in the row below, same column: a line of its own, without raw HTML
    assert "<td>Pay {{ 7*7 }} | fees {% if x %}</td>" in html and "<tr>\n<td>second line</td>" in html
    assert "<br" not in html
    assert "{% for x in y %}{{ x }}{% endfor %}" in ok(cli("report", "agreement")).stdout


def test_user_html_is_escaped_in_html_reports(cli, journal_path):
    ok(cli("action", "add", "<script>alert(1)</script>", "--due", "2027-01-01"))
    html = ok(cli("report", "there-and-then", "--format", "html")).stdout
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_reflect_keeps_each_roles_answers_and_revisions(cli, journal_path):
    said = ok(cli("reflect", "--answer", "insights=Saying no helps", "--answer", "wishes=Lead a team"))
    assert "Your answers are shared: Tomaž has them after your next `mentorlog share`" in said.stdout
    told = ok(cli("--as", "mentor", "reflect", "--answer", "final-suggestions=Keep the scale public"))
    assert "Your answers are shared: Maja has them" in told.stdout
    assert "are shared" not in ok(cli("reflect", "--show")).stdout
    ok(cli("reflect", "--answer", "insights=Saying no makes room"))
    given = json.loads(ok(cli("reflect", "--show", "--json")).stdout)
    pairs = {(a["key"], a["author"]): a["text"] for a in given}
    assert pairs == {
        ("insights", "mentee"): "Saying no makes room",
        ("wishes", "mentee"): "Lead a team",
        ("final-suggestions", "mentor"): "Keep the scale public",
    }
    bad = cli("reflect", "--answer", "feelings=fine")
    assert bad.exit_code == 1 and "insights" in bad.stderr
    assert cli("reflect", input="").exit_code == 2  # no answers and no terminal


def test_reflect_asks_one_by_one_on_a_terminal(cli, journal_path):
    from .conftest import run_on_terminal

    output = run_on_terminal(["reflect"], ["Budgets are statements", "", "", "", "", "", "", "", ""])
    assert "most important insights" in output
    given = json.loads(ok(cli("reflect", "--show", "--json")).stdout)
    assert [(a["key"], a["text"]) for a in given] == [("insights", "Budgets are statements")]


def test_end_completed_or_early_and_the_certificate(cli, journal_path):
    refused = cli("certificate")
    assert refused.exit_code == 1 and "mentorlog end" in refused.stderr
    assert "needs a reason" in cli("end", "--early").stderr
    assert "can't come before the start" in cli("end", "--on", "2020-01-01").stderr
    ended = json.loads(ok(cli("end", "--early", "--reason", "moved abroad", "--json")).stdout)
    assert ended["end_kind"] == "early"
    assert "already ended" in cli("end").stderr
    status = json.loads(ok(cli("status", "--json")).stdout)
    assert status["ended"]["kind"] == "early" and status["nudges"] == []
    assert "ended early" in ok(cli("certificate")).stdout
    assert ok(cli("note", "Still writing after the end")).exit_code == 0  # the journal stays usable
    assert "ended early" in ok(cli("report", "final-reflection")).stdout


def test_templates_list_copy_override_and_errors(cli, journal_path, mentorlog_home):
    listed = {row["name"]: row for row in json.loads(ok(cli("templates", "list", "--json")).stdout)}
    assert set(listed) >= {f"{k}.md.j2" for k in KINDS} | {"agenda.md.j2", "certificate.md.j2"}
    ok(cli("templates", "copy", "agreement.md.j2"))
    mine = mentorlog_home / "templates" / "agreement.md.j2"
    assert "already have" in cli("templates", "copy", "agreement.md.j2").stderr
    mine.write_text("# Our own agreement for {{ pair.mentee }}\n")
    assert ok(cli("report", "agreement")).stdout.startswith("# Our own agreement for Maja Horvat")
    rows = {row["name"]: row for row in json.loads(ok(cli("templates", "list", "--json")).stdout)}
    assert rows["agreement.md.j2"]["overridden"] and not rows["agenda.md.j2"]["overridden"]
    mine.write_text("# Broken\n{% if %}\n")
    broken = cli("report", "agreement")
    assert broken.exit_code == 1 and "agreement.md.j2" in broken.stderr and "line 2" in broken.stderr
    mine.write_text("# Typo {{ pair.nmae }}\n")
    typo = cli("report", "agreement")
    assert typo.exit_code == 1 and "nmae" in typo.stderr


def test_milestones_in_status(cli, demo_home):
    status = json.loads(ok(cli("-j", "demo", "status", "--json", env=demo_home)).stdout)
    keys = [m["key"] for m in status["milestones"]]
    for key in (
        "agreement-approved",
        "first-session-held",
        "here-and-now-mapped",
        "action-plan-set",
        "quarter-check-in",
        "final-reflection-done",
        "mentorship-completed",
    ):
        assert key in keys
    assert any(k.startswith("goal-achieved:") for k in keys)


def test_reports_from_a_real_process(demo_home):
    result = run_process("-j", "demo", "report", "final-reflection", env=demo_home)
    assert result.returncode == 0 and b"# Final reflection" in result.stdout
