"""Nothing but numbers, dates and the two names leaves a pair's journal for the coordinator: a
marker in every text field of every record (shared and private, and the private twins of
tests/test_privacy_marker.py) never appears in the summary (decrypted), in the preview, nor in the
coordinator's journal file or its outputs (status, and the report in Markdown and HTML)."""

from __future__ import annotations

import json
import re
import sqlite3

from mentorlog import fields as schema

from .conftest import Runner, demo_in, ok
from .test_privacy_marker import plant

MARK = "MARK-7c1e"


def mark_every_text(path) -> int:
    """Every text field of every record set to a marker naming it; returns how many values."""
    count = 0
    with sqlite3.connect(path) as db:
        for table, fields in schema.TABLES.items():
            for name, spec in fields.items():
                if not spec.text or name == "changed" or (table == "pair" and name in ("mentor", "mentee")):
                    continue
                value = (
                    f"https://{MARK.lower()}.example/{table}" if name == "link" else f"{MARK} {table}.{name}"
                )
                count += db.execute(f"update [{table}] set [{name}] = ?", [value]).rowcount
    return count


def test_no_text_of_a_pair_journal_reaches_the_coordinator(click_command, tmp_path, demo_made):
    runner = Runner(click_command)
    home = tmp_path / "home"
    env = {"MENTORLOG_HOME": str(home)}

    def run(*args: str) -> str:
        return ok(runner.run(list(args), env=env)).stdout

    folder = tmp_path / "folder"
    folder.mkdir()
    made = run("-j", "programme", "programme", "init", "--name", "Creative", "--coordinator", "Ana",
               "--out", str(folder))  # fmt: skip
    code = re.search(r"shown once\): (.+)", made).group(1)  # type: ignore[union-attr]
    demo_in(home, demo_made)
    plant(home / "demo.db")
    assert mark_every_text(home / "demo.db") > 100
    run("-j", "demo", "programme", "join", str(folder), "--code", code)
    run("-j", "demo", "programme", "share-ratings", "on")
    preview = run("-j", "demo", "programme", "preview") + run("-j", "demo", "programme", "preview", "--json")
    summary = json.loads(run("-j", "demo", "programme", "preview", "--json"))
    assert summary["sessions"] and summary["milestones"] and summary["ratings"]  # a full summary
    with sqlite3.connect(home / "demo.db") as db:
        shared, private = db.execute(
            "select sum(visibility = 'shared'), sum(visibility = 'private') from session "
            "where deleted_at is null"
        ).fetchone()
    assert private and len(summary["sessions"]) == shared  # the private sessions are not counted
    run("-j", "demo", "programme", "sync")
    (written,) = folder.glob("summary-*.age")

    import pyrage
    from pyrage import x25519

    with sqlite3.connect(home / "programme.db") as db:
        (identity,) = db.execute("select identity from programme").fetchone()
    plain = pyrage.decrypt(written.read_bytes(), [x25519.Identity.from_str(identity)])
    outputs = run("-j", "programme", "programme", "sync") + run("-j", "programme", "programme", "status")
    outputs += run("-j", "programme", "programme", "status", "--json")
    report = run("-j", "programme", "programme", "report")
    page = run("-j", "programme", "programme", "report", "--format", "html")
    assert "| completed |" in report and 'data-chart="sessions"' in page  # the pair, and its chart
    outputs += report + page
    assert "Took the summary" in outputs
    for text in (plain.decode(), preview, outputs):
        assert "mark-7c1e" not in text.lower() and "MARKER-" not in text and "ORPHAN-" not in text
    stored = b"".join(p.read_bytes() for p in home.glob("programme.db*"))
    assert b"mark-7c1e" not in stored.lower() and b"MARKER-" not in stored
    # the test would see a leak: the journal itself is full of markers
    assert MARK.encode() in b"".join(p.read_bytes() for p in home.glob("demo.db*"))
