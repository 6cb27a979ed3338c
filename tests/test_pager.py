"""Long output on a terminal goes through the pager (MENTORLOG_PAGER, PAGER, less -R), as git's
does: never when piped, never with --no-pager, never for what fits on the screen, and a quick note
never loads it. The pager here is a small program that keeps what it was given."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ok, run_on_terminal

KEEPER = "import sys; open(sys.argv[1], 'w', encoding='utf-8').write(sys.stdin.read())"


@pytest.fixture
def long_log(cli, journal_path, tmp_path):
    for number in range(1, 41):
        ok(cli("note", f"Entry number {number:02d} of the timeline"))
    script = tmp_path / "keeper.py"
    script.write_text(KEEPER, encoding="utf-8")
    return script


def pager_env(script: Path, kept: Path, variable: str = "MENTORLOG_PAGER") -> dict[str, str]:
    return {variable: f"{sys.executable} {script} {kept}", "LINES": "24", "COLUMNS": "100"}


def test_a_long_log_on_a_terminal_goes_through_the_pager(long_log, tmp_path):
    kept = tmp_path / "paged.txt"
    shown = run_on_terminal(["log", "-n", "100"], [], env=pager_env(long_log, kept))
    paged = kept.read_text(encoding="utf-8")
    assert paged.count("Entry number") == 40 and "Entry number 01" in paged and "Entry number 40" in paged
    assert "Entry number" not in shown  # the terminal saw only the pager


def test_the_pager_is_passed_over_when_not_wanted(long_log, tmp_path):
    kept = tmp_path / "paged.txt"
    shown = run_on_terminal(["--no-pager", "log", "-n", "100"], [], env=pager_env(long_log, kept))
    assert not kept.exists() and shown.count("Entry number") == 40
    shown = run_on_terminal(["log", "-n", "5"], [], env=pager_env(long_log, kept))  # fits the screen
    assert not kept.exists() and shown.count("Entry number") == 5
    empty = {
        **pager_env(long_log, kept),
        "MENTORLOG_PAGER": "",
        "PAGER": f"{sys.executable} {long_log} {kept}",
    }
    shown = run_on_terminal(["log", "-n", "100"], [], env=empty)  # an empty MENTORLOG_PAGER: none
    assert not kept.exists() and shown.count("Entry number") == 40
    piped = subprocess.run(
        [sys.executable, "-m", "mentorlog", "log", "-n", "100"],
        capture_output=True, text=True, env={**__import__("os").environ, **pager_env(long_log, kept)},
        timeout=60, check=True,
    )  # fmt: skip
    assert not kept.exists() and piped.stdout.count("Entry number") == 40


def test_pager_from_the_environment_and_a_report_on_a_terminal(long_log, tmp_path):
    kept = tmp_path / "paged.txt"
    run_on_terminal(["report", "bridging-the-gap"], [], env=pager_env(long_log, kept, "PAGER"))
    assert kept.exists() and kept.read_text(encoding="utf-8").startswith("# ")
    missing = {**pager_env(long_log, kept), "MENTORLOG_PAGER": "no-such-pager-anywhere"}
    kept.unlink()
    shown = run_on_terminal(["log", "-n", "100"], [], env=missing)  # cannot start: printed instead
    assert shown.count("Entry number") == 40


def test_a_long_table_on_a_terminal_goes_through_the_pager_in_colour(cli, journal_path, tmp_path):
    ok(cli("session", "schedule", "--every", "weekly", "--count", "30", "--start", "in 3 days 18:00"))
    script, kept = tmp_path / "keeper.py", tmp_path / "paged.txt"
    script.write_text(KEEPER, encoding="utf-8")
    shown = run_on_terminal(["session", "list"], [], env=pager_env(script, kept))
    paged = kept.read_text(encoding="utf-8")
    assert all(f" {n} " in paged for n in (1, 15, 30)) and "\x1b[" in paged  # styled, for less -R
    assert "proposed" not in shown
    kept.unlink()
    shown = run_on_terminal(["-P", "session", "list"], [], env=pager_env(script, kept))
    assert "proposed" in shown and not kept.exists()


def test_a_quick_note_never_loads_the_pager(journal_path):
    code = (
        "import sys\nfrom mentorlog.cli import main\n"
        "try:\n    main(['note', 'quick'])\nexcept SystemExit:\n    pass\n"
        "print('pager' if 'mentorlog.cli.pager' in sys.modules else 'no pager')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.strip().splitlines()[-1] == "no pager"
