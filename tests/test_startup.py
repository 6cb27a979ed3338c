"""What a quick command loads: structural facts behind `mentorlog note`'s speed (README, "Speed").

No timings here (the benchmark measures them); each test runs the console script's `main` in a
real process and reads `sys.modules` afterwards.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

# Loaded by other commands only: rendering, templates, sqlite-utils (migrations, merges), the
# encryption of bundles, the date grammar's helpers, and dateutil's time zones (zoneinfo reads the
# local zone), hashing (ids take os.urandom), dataclasses.
NEVER_FOR_A_NOTE = (
    "rich",
    "jinja2",
    "sqlite_utils",
    "pyrage",
    "dateutil",
    "icalendar",
    "markdown_it",
    "secrets",
    "hashlib",
    "dataclasses",  # the model's records are NamedTuples: no code generated at start-up
    "mentorlog.store.merge.join",
    "mentorlog.store.merge.model",
    "mentorlog.exchange.exchange",
    "mentorlog.rows",  # the typed rows are for the type checker: no class built at start-up
    "mentorlog.rows.stored",
    "mentorlog.sessions.sessions",  # planning sessions: a note names one only with --session
)
OTHER_COMMANDS = (
    "agreement",
    "entries",
    "exchange",
    "goals",
    "journal",
    "plan",
    "reports",
    "rules",
    "sessions",
    "templates",
)


def loaded_after(*args: str) -> dict:
    """Run `mentorlog ARGS` through the console script in a new process; what it printed, and the
    state of the interpreter after it."""
    code = (
        "import gc, json, sys\n"
        f"sys.argv = ['mentorlog', *{list(args)!r}]\n"
        "from mentorlog.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    code = stop.code\n"
        "print(json.dumps({'modules': sorted(sys.modules), 'frozen': gc.get_freeze_count(),"
        " 'collecting': gc.isenabled(), 'code': code}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    *printed, state = result.stdout.strip().splitlines()
    return {**json.loads(state), "printed": printed}


def test_a_quick_note_loads_only_what_it_needs(journal_path):
    after = loaded_after("note", "Ask about the grant deadline")
    assert after["code"] in (0, None)
    assert after["printed"][0].startswith("Saved private note ")
    modules = set(after["modules"])
    assert [m for m in NEVER_FOR_A_NOTE if m in modules] == []
    assert [m for m in modules if m.split(".")[0] in ("dateutil", "rich", "jinja2", "sqlite_utils")] == []
    assert "mentorlog.cli.notes" in modules
    assert [c for c in OTHER_COMMANDS if f"mentorlog.cli.{c}" in modules] == []  # one command built
    # the collector is back on, and what loaded is frozen out of its way
    assert after["collecting"] is True
    assert after["frozen"] > 10_000  # typer, click and mentorlog's modules: out of the collector's way


@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs finds the folder elsewhere")
def test_a_note_in_the_default_journal_loads_no_platformdirs(fresh_journal, tmp_path, monkeypatch):
    """As a person runs it: no MENTORLOG_HOME, the journal in the platform's data folder."""
    monkeypatch.delenv("MENTORLOG_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (tmp_path / "data" / "mentorlog").mkdir(parents=True)
    shutil.copy(fresh_journal, tmp_path / "data" / "mentorlog" / "journal.db")
    after = loaded_after("note", "Ask about the grant deadline")
    assert after["printed"][0].startswith("Saved private note ")
    assert not [m for m in after["modules"] if m.startswith("platformdirs")]


def test_version_loads_no_command_and_no_date_grammar():
    after = loaded_after("--version")
    assert after["printed"] == [f"mentorlog {__import__('mentorlog').__version__}"]
    modules = set(after["modules"])
    assert not [m for m in modules if m.startswith("mentorlog.cli.")]
    assert "mentorlog.dates" not in modules and "sqlite_utils" not in modules
