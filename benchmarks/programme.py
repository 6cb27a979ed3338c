"""The programme benchmark (README, "Speed"): a synthetic programme of 1,000 pairs, two journals'
summaries each (a year of weekly sessions), taken in by the coordinator's journal; taken in again
(it must write nothing); `programme status` and `programme report` (Markdown and HTML) over them.

    python benchmarks/programme.py [--pairs 1000] [--runs 5]

Each figure is a whole `python -m mentorlog` process; peak memory is its maximum resident set
(`/usr/bin/time -v`). The summaries are made here, through the same format functions a pair's
journal uses (programme/programme_format.py), each signed by its own journal's key.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

NOW = datetime(2027, 8, 20, 12, 0, tzinfo=UTC)


def make_programme(home: Path, folder: Path) -> tuple[Path, dict]:
    from mentorlog.programme.programme import init_programme

    os.environ["MENTORLOG_HOME"] = str(home)
    made = init_programme(
        str(home / "programme.db"), name="Benchmark", coordinator="Ana", start="2026-09-01",
        end="2027-09-01", out=folder, now=NOW - timedelta(days=360),
    )  # fmt: skip
    with sqlite3.connect(home / "programme.db") as db:
        db.row_factory = sqlite3.Row
        row = dict(db.execute("select * from programme").fetchone())
    return Path(made["journal"]), row


def summary(pair: int, role: str, programme: dict) -> tuple[str, bytes]:
    from mentorlog.dates import stamp
    from mentorlog.programme import programme_format
    from mentorlog.sealing import signing
    from mentorlog.store.records import new_id

    secret, public = signing.new_key()
    journal = new_id(NOW)
    start = date(2026, 9, 1)
    sessions = [
        {"planned": (start + timedelta(days=7 * i)).isoformat(), "state": "held", "held_minutes": 90}
        for i in range(50)
    ]
    data = {
        "format": programme_format.SUMMARY_FORMAT, "version": programme_format.VERSION, "journal": journal,
        "pair": f"{pair:026d}",
        "role": role, "signing_key": public, "token": programme_format.token(programme["code"], public),
        "made_at": stamp(NOW - timedelta(minutes=pair)), "mentor": f"Mentor {pair}",
        "mentee": f"Mentee {pair}", "left_on": None, "phase": "bridging-the-gap",
        "agreement": {"state": "approved", "start": "2026-09-01", "end": "2027-09-01", "meetings": 50,
                      "cadence": "weekly"},
        "sessions": sessions,
        "milestones": [{"key": "agreement-approved", "date": "2026-09-05"},
                       {"key": "first-session-held", "date": "2026-09-01"}],
        "end": None, "last_activity": "2027-08-15",
        "ratings": [{"session": s["planned"], "rating": 4} for s in sessions[:20]],
    }  # fmt: skip
    return journal, programme_format.seal_to(programme_format.signed(data, secret), programme["recipient"])


def run(args: list[str], env: dict) -> tuple[float, float, str]:
    """Wall seconds, peak MiB and stdout of one mentorlog process."""
    command = ["/usr/bin/time", "-v", sys.executable, "-m", "mentorlog", *args]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - started
    peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1)) / 1024  # type: ignore[union-attr]
    return wall, peak, done.stdout


def digest(path: Path) -> str:
    with sqlite3.connect(path) as db:
        rows = db.execute("select * from summary order by journal_id").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        home, folder = Path(temp) / "home", Path(temp) / "folder"
        folder.mkdir()
        journal, programme = make_programme(home, folder)
        made = time.perf_counter()
        for pair in range(options.pairs):
            for role in ("mentee", "mentor"):
                journal_id, sealed = summary(pair, role, programme)
                (folder / f"summary-{journal_id}.age").write_bytes(sealed)
        print(f"made {2 * options.pairs} summaries in {time.perf_counter() - made:.1f} s")
        env = {**os.environ, "MENTORLOG_HOME": str(home), "MENTORLOG_NOW": NOW.isoformat()}
        wall, peak, out = run(["-j", str(journal), "programme", "sync", "--json"], env)
        first = digest(journal)
        taken = len(json.loads(out)["taken"])
        print(f"take every summary in: {wall:.2f} s, {peak:.0f} MiB peak; {taken} taken")
        wall, peak, out = run(["-j", str(journal), "programme", "sync", "--json"], env)
        unchanged = digest(journal) == first
        print(f"again: {wall:.2f} s, {peak:.0f} MiB peak; wrote nothing: {unchanged}")
        walls = [
            run(["-j", str(journal), "programme", "status", "--json"], env)[0] for _ in range(options.runs)
        ]
        print(
            f"programme status: median {statistics.median(walls):.3f} s ({min(walls):.3f}-{max(walls):.3f})"
        )
        for format_ in ("markdown", "html"):
            report = ["-j", str(journal), "programme", "report", "--format", format_]
            measured = [run(report, env) for _ in range(options.runs)]
            walls = [wall for wall, _, _ in measured]
            print(
                f"programme report --format {format_}: median {statistics.median(walls):.3f} s "
                f"({min(walls):.3f}-{max(walls):.3f}), {max(peak for _, peak, _ in measured):.0f} MiB peak, "
                f"{len(measured[0][2]) / 1024:.0f} KiB"
            )


if __name__ == "__main__":
    main()
