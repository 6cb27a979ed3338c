"""The clock is injected: commands read MENTORLOG_NOW when it is set, and no test reads the real clock,
so the suite passes whatever the date on the machine running it."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

from .conftest import NOW, as_json, clock_at, ok
from .source_tree import nodes

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "mentorlog"
REAL_CLOCK = {("datetime", "now"), ("datetime", "today"), ("date", "today"), ("time", "time")}


def clock_reads(path: Path) -> list[str]:
    """Calls that read the real clock (`datetime.now()`, `date.today()`, `time.time()`, `local_now()`)."""
    found = []
    for node in nodes(path):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name):
            if (function.value.id, function.attr) in REAL_CLOCK:
                found.append(f"{path.name}:{node.lineno} {function.value.id}.{function.attr}()")
        elif isinstance(function, ast.Name) and function.id == "local_now":
            found.append(f"{path.name}:{node.lineno} local_now()")
    return found


def test_no_test_reads_the_real_clock():
    assert [read for path in sorted(TESTS.glob("*.py")) for read in clock_reads(path)] == []


def test_the_code_reads_the_clock_at_the_edge_only():
    """`dates.local_now` is the clock; commands read it once, in `cli.common.now`; the store names
    backup copies by the real time (a file name, never a record's time), and the schema step that
    repairs an old journal compares its stamps with this machine's real clock."""
    reads = {
        str(path.relative_to(PACKAGE)): clock_reads(path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if clock_reads(path)
    }
    assert {name: len(found) for name, found in reads.items()} == {
        "dates/stamps.py": 1,
        "cli/common.py": 1,
        "store/journal.py": 1,
        "store/migrations/changes.py": 1,
    }, reads


def test_the_clock_check_would_catch_a_read(tmp_path):
    leaky = tmp_path / "test_leaky.py"
    leaky.write_text("from datetime import date\n\ndef test_x():\n    assert date.today()\n")
    assert clock_reads(leaky) == ["test_leaky.py:4 date.today()"]


@pytest.mark.parametrize("years", [1, 2])
def test_a_mentorship_runs_on_a_clock_years_ahead(cli, years):
    """The same flow a year and two years after NOW: every date comes from MENTORLOG_NOW."""
    later = NOW + relativedelta(years=years)
    today, tomorrow = later.date(), later.date() + timedelta(days=1)
    at_later = clock_at(later)
    ok(cli("init", "--mentor", "Tomaž", "--mentee", "Maja", "--me", "mentee", env=at_later))
    status = as_json(cli("status", "--json", env=at_later))
    assert status["pair"]["starts_on"] == today.isoformat()
    assert status["pair"]["ends_on"] == (today + relativedelta(years=1)).isoformat()
    session = as_json(cli("session", "plan", "tomorrow 18:00", "--json", env=at_later))
    assert session["starts_at"].startswith(f"{tomorrow.isoformat()}T18:00")
    ok(cli("note", "Bring the budget", "-q", "--shared", env=at_later))
    assert as_json(cli("log", "--json", env=at_later))[0]["created_at"].startswith(str(later.year))
    agenda = as_json(cli("agenda", "--format", "json", env=at_later))
    assert agenda["session"]["days_until"] == 1
    assert [q["text"] for q in agenda["questions"]] == ["Bring the budget"]
    ok(cli("action", "add", "Send the budget", "--due", "in 3 days", env=at_later))
    assert (
        as_json(cli("action", "list", "--json", env=at_later))[0]["due"]
        == (today + timedelta(days=3)).isoformat()
    )
    week_later = clock_at(later + timedelta(days=7))
    codes = [n["code"] for n in as_json(cli("status", "--json", env=week_later))["nudges"]]
    assert "action-overdue" in codes
    assert "action-overdue" not in [
        n["code"] for n in as_json(cli("status", "--json", env=at_later))["nudges"]
    ]
