"""Bad input of every kind gets a clear error at the command line, never "Something unexpected".

Numbers beyond what the journal can hold, user templates that would run for ever or print without
end, includes that reach outside the templates folder, and text made only of invisible characters.
"""

from __future__ import annotations

import pytest

from .conftest import digest, ok

HUGE = str(2**63)  # one more than SQLite's largest integer
NUMBERED = [
    ("session", "show", HUGE),
    ("session", "held", HUGE),
    ("session", "cancel", HUGE),
    ("session", "move", HUGE, "2026-12-01 10:00"),
    ("session", "confirm", HUGE),
    ("session", "edit", HUGE, "--length", "60"),
    ("feedback", HUGE, "--rating", "4"),
    ("topic", "add", "Budget", "--session", HUGE),
    ("note", "-q", "What about the fund?", "--session", HUGE),
    ("note", "A thought", "--session", HUGE),
    ("agenda", "--session", HUGE),
    ("log", "--session", HUGE),
]


@pytest.mark.parametrize("args", NUMBERED, ids=lambda args: " ".join(args[:2]))
def test_a_session_number_beyond_the_journal_is_no_session(cli, journal_path, args):
    ok(cli("session", "plan", "2026-11-25 10:00"))
    before = digest(journal_path)
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: No session {HUGE}: sessions are numbered 1–1"), result.stderr
    assert "unexpected" not in result.output
    assert digest(journal_path) == before


@pytest.mark.parametrize("versions", [(HUGE,), ("1", HUGE), (str(-(2**63) - 1),)])
def test_an_agreement_version_beyond_the_journal_is_no_version(cli, journal_path, versions):
    ok(cli("agreement", "edit", "--meetings", "8"))
    result = cli("agreement", "diff", "--", *versions)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: No version "), result.stderr
    assert "versions are numbered 1–1" in result.stderr
