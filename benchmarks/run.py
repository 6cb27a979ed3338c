"""The performance benchmark (README: "Speed"), in one command:

    python benchmarks/run.py [--runs 10] [--warmup 1]

Every figure times whole processes: after warm-up runs, command A and command B run in turn
(A B A B …) so that drift on a shared machine hits both; each figure is the median of the runs
with its spread (min–max), the ratio is taken pair by pair, and peak memory (the process's
maximum resident set, from `os.wait4`) is reported beside the time. The large journal is built
by `benchmarks/generate.py`; the peer, jrnl, is installed from the package index into the
benchmark's own virtual environment (never a dependency of mentorlog). Results are printed and
written to `benchmarks/RESULTS.md`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
PEER_VERSION = "jrnl>=4,<5"


def mentorlog_command() -> list[str]:
    script = Path(sys.executable).with_name("mentorlog")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mentorlog"]


def run_once(cmd: list[str], env: dict) -> tuple[float, float]:
    """Wall seconds and peak MiB of one whole process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode(errors='replace')}")
    proc.stderr.close()
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return elapsed, peak


def spread(values: list[float], digits: int = 3) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def compare(a: list[str], b: list[str], env: dict, runs: int, warmup: int) -> dict:
    for _ in range(warmup):
        run_once(a, env)
        run_once(b, env)
    times_a, times_b, peaks_a, peaks_b, ratios = [], [], [], [], []
    for _ in range(runs):
        ta, pa = run_once(a, env)
        tb, pb = run_once(b, env)
        times_a.append(ta)
        times_b.append(tb)
        peaks_a.append(pa)
        peaks_b.append(pb)
        ratios.append(ta / tb)
    return {"a": times_a, "b": times_b, "peak_a": peaks_a, "peak_b": peaks_b, "ratio": ratios}


def setup_peer() -> tuple[list[str], str]:
    """jrnl in the benchmark's own environment, writing to a fresh unencrypted journal."""
    venv = WORK / "jrnl-venv"
    jrnl = venv / "bin" / "jrnl"
    if not jrnl.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", PEER_VERSION], check=True)
    folder = Path(tempfile.mkdtemp(prefix="jrnl-", dir=WORK))
    config = folder / "jrnl.yaml"
    first_line = subprocess.run([str(jrnl), "--version"], capture_output=True, text=True).stdout.splitlines()[
        0
    ]
    version = first_line.split()[-1]  # "jrnl v4.6"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {folder / 'journal.txt'}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\n"
        f"version: {version}\n"
    )
    command = [str(jrnl), "--config-file", str(config)]
    subprocess.run([*command, "First entry."], check=True, capture_output=True)  # creates the journal
    return command, f"jrnl {version}"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def merge_figures(ml: list[str], env: dict, large: Path, partner: Path) -> list[dict]:
    bundle = WORK / "bundle.json"
    if bundle.exists():
        bundle.unlink()
    subprocess.run([*ml, "-j", str(large), "share", str(bundle)], check=True, env=env, capture_output=True)
    records = sum(len(rows) for rows in json.loads(bundle.read_text())["records"].values())
    target = WORK / "merge-target.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(partner, target)
    first, peak_first = run_once([*ml, "-j", str(target), "merge", str(bundle)], env)
    before = digest(target)
    second, peak_second = run_once([*ml, "-j", str(target), "merge", str(bundle)], env)
    report = json.loads(
        subprocess.run(
            [*ml, "-j", str(target), "merge", str(bundle), "--json"],
            env=env,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    )
    unchanged = digest(target) == before and report["added"] == report["updated"] == 0
    return [
        {
            "figure": f"merge of a {records:,}-record bundle",
            "value": f"{first:.2f} s, {peak_first:.0f} MiB peak",
            "target": "finishes",
            "met": True,
        },
        {
            "figure": "merging the same bundle again",
            "value": f"{second:.2f} s, {peak_second:.0f} MiB peak; "
            + ("wrote nothing (file unchanged)" if unchanged else "CHANGED THE JOURNAL"),
            "target": "finishes, writes nothing",
            "met": unchanged,
        },
    ]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the mentorlog benchmark (README: Speed).")
    parser.add_argument("--runs", type=int, default=10, help="counted runs of each command (default 10)")
    parser.add_argument("--warmup", type=int, default=1, help="runs not counted, first (default 1)")
    parser.add_argument("--rebuild", action="store_true", help="build the large journal anew")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    ml = mentorlog_command()
    env = {**os.environ, "MENTORLOG_HOME": str(WORK / "home"), "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("MENTORLOG_JOURNAL", None)

    large, partner = WORK / "large.db", WORK / "large-partner.db"
    if args.rebuild or not large.exists() or not partner.exists():
        for path in WORK.glob("large*"):
            path.unlink()
        print("building the large journal …", flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(large)], check=True, env=env)
    fresh = WORK / "fresh.db"
    for path in WORK.glob("fresh.db*"):
        path.unlink()
    subprocess.run(
        [
            *ml,
            "-j",
            str(fresh),
            "init",
            "--mentor",
            "Tomaž Zupan",
            "--mentee",
            "Maja Horvat",
            "--me",
            "mentee",
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    peer, peer_name = setup_peer()
    out = WORK / "report.md"

    def on(journal: Path, *rest: str) -> list[str]:
        return [*ml, "-j", str(journal), *rest]

    note = ("note", "Ask about the grant deadline", "-q")
    figures = [
        ("`note`, large vs fresh", on(large, *note), on(fresh, *note), 1.1),
        (
            f"`note`, fresh vs {peer_name} adding one entry",
            on(fresh, *note),
            [*peer, "Ask about the grant deadline"],
            1.0,
        ),
        ("`agenda`, large vs fresh", on(large, "agenda"), on(fresh, "agenda"), 1.2),
        ("`status`, large vs fresh", on(large, "status"), on(fresh, "status"), 1.2),
        (
            "`search`, large vs fresh",
            on(large, "search", "grant budget"),
            on(fresh, "search", "grant budget"),
            1.5,
        ),
        (
            "`report final-reflection`, large vs fresh",
            on(large, "report", "final-reflection", "--out", str(out)),
            on(fresh, "report", "final-reflection", "--out", str(out)),
            3.0,
        ),
        (
            '`mentorlog --version` vs `python -c "import typer, sqlite_utils"`',
            [*ml, "--version"],
            [sys.executable, "-c", "import typer, sqlite_utils"],
            1.1,
        ),
    ]
    rows = []
    for title, a, b, target in figures:
        print(f"measuring {title} …", flush=True)
        result = compare(a, b, env, args.runs, args.warmup)
        ratio = statistics.median(result["ratio"])
        rows.append(
            {
                "figure": title,
                "a": spread(result["a"]),
                "b": spread(result["b"]),
                "ratio": spread(result["ratio"], 2),
                "target": f"≤ {target:.1f}×",
                "met": ratio <= target,
                "peak": " / ".join(f"{statistics.median(result[k]):.0f}" for k in ("peak_a", "peak_b")),
            }
        )
    print("measuring the merge …", flush=True)
    merges = merge_figures(ml, env, large, partner)
    write_results(rows, merges, args)


def write_results(rows: list[dict], merges: list[dict], args) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()} with "
        f"`python benchmarks/run.py --runs {args.runs} --warmup {args.warmup}`: whole processes, A and B in "
        "turn; medians with min–max; the ratio is A/B pair by pair; peak memory is each process's maximum "
        "resident set. The large journal: 10 years, 520 sessions, 100,000 notes, 5,000 actions, 300 goals.",
        "",
        "| figure | A: wall s | B: wall s | A/B | target | met | peak MiB A / B |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['figure']} | {row['a']} | {row['b']} | {row['ratio']} | {row['target']} | "
            f"{'yes' if row['met'] else '**no**'} | {row['peak']} |"
        )
    lines += ["", "| figure | result | target | met |", "|---|---|---|---|"]
    for row in merges:
        lines.append(
            f"| {row['figure']} | {row['value']} | {row['target']} | {'yes' if row['met'] else '**no**'} |"
        )
    text = "\n".join(lines) + "\n"
    (HERE / "RESULTS.md").write_text(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
