"""Two real processes writing to one journal at once both succeed (WAL + BEGIN IMMEDIATE)."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from .conftest import NOW, clock_at, run_process


def ok_process(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0, result.stderr.decode()
    return result


WRITER = """
import os
import sys
from datetime import datetime
from mentorlog.journal.journal import open_journal, move_phase
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


# --- merges and writers interleaved at named points (mentorlog/crashpoints.py) -----------------


class Paused:
    """A `mentorlog` process that stops at a named point until told to go on."""

    def __init__(self, folder, point: str, *args: str):
        self.folder, self.point = folder, point
        env = {**os.environ, "MENTORLOG_PAUSE_AT": f"{point}:{folder}"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mentorlog", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def reached(self) -> None:
        """Wait until the process stands at its point (it says so with a file)."""
        marker = self.folder / f"{self.point}.reached"
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert self.proc.poll() is None, self.proc.communicate()
            assert time.monotonic() < deadline, f"{self.point} never reached"
            time.sleep(0.01)

    def go(self) -> None:
        (self.folder / f"{self.point}.go").touch()

    def finish(self) -> str:
        out, err = self.proc.communicate(timeout=60)
        assert self.proc.returncode == 0, err.decode()
        return out.decode()


def start(folder, point: str, *args: str) -> Paused:
    folder.mkdir(exist_ok=True)
    return Paused(folder, point, *args)


@pytest.fixture
def bundles(tmp_path):
    """The mentor's journal, and two bundles of the mentee's: an older and a newer title of a goal."""
    maja, tomaz = tmp_path / "maja.db", tmp_path / "tomaz.db"
    run = functools.partial(run_process)
    ok_process(
        run("-j", str(maja), "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee")
    )
    ok_process(run("-j", str(maja), "goal", "add", "Funding, first title"))
    first = tmp_path / "first.json"
    ok_process(run("-j", str(maja), "share", str(first), "--plain"))
    ok_process(run("-j", str(tomaz), "init", "--from", str(first)))
    goal_id = json.loads(run("-j", str(maja), "goal", "list", "--json").stdout)[0]["id"]
    ok_process(run("-j", str(maja), "goal", "revise", goal_id, "--title", "Funding, older", "--reason", "r"))
    older = tmp_path / "older.json"
    ok_process(run("-j", str(maja), "share", str(older), "--plain"))
    later = clock_at(NOW + timedelta(minutes=5))
    ok_process(
        run(
            "-j",
            str(maja),
            "goal",
            "revise",
            goal_id,
            "--title",
            "Funding, newer",
            "--reason",
            "r",
            env=later,
        )
    )
    newer = tmp_path / "newer.json"
    ok_process(run("-j", str(maja), "share", str(newer), "--plain", env=later))
    return tomaz, older, newer, goal_id


def title(journal, goal_id: str) -> str:
    conn = sqlite3.connect(journal)
    try:
        return conn.execute("select title from goal where id = ?", [goal_id]).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.slow
def test_an_older_bundle_merged_while_a_newer_one_merges_never_wins(bundles, tmp_path):
    tomaz, older, newer, goal_id = bundles
    first = start(tmp_path / "a", "merge-batch", "-j", str(tomaz), "merge", str(newer))
    first.reached()  # inside its write transaction, the newer title written, not committed
    second = start(tmp_path / "b", "merge-waiting", "-j", str(tomaz), "merge", str(older))
    second.reached()  # the older bundle checked; its comparison and write are still to come
    second.go()  # it now waits for the write lock that the first merge holds
    first.go()
    first.finish()
    second.finish()
    assert title(tomaz, goal_id) == "Funding, newer"


@pytest.mark.slow
def test_an_edit_made_while_a_merge_runs_is_never_overwritten(bundles, tmp_path):
    tomaz, older, newer, goal_id = bundles
    merging = start(tmp_path / "a", "merge-batch", "-j", str(tomaz), "merge", str(newer))
    merging.reached()
    later = {**os.environ, **clock_at(NOW + timedelta(minutes=1))}  # a clock behind the bundle's
    edit = subprocess.Popen(
        [sys.executable, "-m", "mentorlog", "-j", str(tomaz), "goal", "revise", goal_id, "--title",
         "Funding, Tomaž's", "--reason", "mine"],
        env=later, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    merging.go()
    merging.finish()
    out, err = edit.communicate(timeout=60)
    assert edit.returncode == 0, err.decode()
    assert title(tomaz, goal_id) == "Funding, Tomaž's"  # the edit came after the merge: it wins


@pytest.mark.slow
def test_the_same_bundle_merged_twice_at_once_succeeds_twice(bundles, tmp_path):
    tomaz, older, newer, goal_id = bundles
    first = start(tmp_path / "a", "merge-batch", "-j", str(tomaz), "merge", str(newer), "--json")
    first.reached()
    second = start(tmp_path / "b", "merge-waiting", "-j", str(tomaz), "merge", str(newer), "--json")
    second.reached()
    second.go()
    first.go()
    reports = [json.loads(first.finish()), json.loads(second.finish())]
    assert reports[0]["updated"] >= 1 and reports[1]["added"] == reports[1]["updated"] == 0
    assert title(tomaz, goal_id) == "Funding, newer"
    conn = sqlite3.connect(tomaz)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    conn.close()
