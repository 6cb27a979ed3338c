"""Two real processes writing to one journal at once both succeed (WAL + BEGIN IMMEDIATE)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

WRITER = """
import os
import sys
from datetime import datetime
from mentorlog.services.journal import open_journal, move_phase
journal = open_journal(sys.argv[1])
targets = sys.argv[2].split(",")
for i in range(150):
    move_phase(journal, targets[i % 2], datetime.fromisoformat(os.environ["MENTORLOG_NOW"]))
journal.close()
print("done")
"""


@pytest.mark.slow
def test_two_processes_write_at_once(journal_path):
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(journal_path), targets],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for targets in ("here-and-now,there-and-then", "bridging-the-gap,final-reflection")
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert out.decode().strip() == "done"
    conn = sqlite3.connect(journal_path)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select current_phase from pair").fetchone()[0] in {
        "there-and-then",
        "final-reflection",
    }
