"""The performance benchmark (README: "Speed"): every figure of mentorlog's performance targets,
measured side by side in one run:

    python benchmarks/run.py [--runs 15] [--warmup 2] [--rebuild] [--skip-suite] [--only FIGURE…]

Every figure times whole processes with `time.perf_counter` around `subprocess.run`: after the
warm-up runs, command A and command B run in turn (A B A B …), so that drift on a shared machine
hits both; each figure is the median of the runs with its spread (min–max), and the ratio A/B is
taken pair by pair, of the wall times and of the CPU times (user + system, which other work on
the machine changes less). Peak memory is each process's maximum resident set, read from
`/usr/bin/time -v` in runs of their own (so that `time` never sits inside a timed run).

The large journal is built by `benchmarks/generate.py` (ten years: 520 sessions, 100,000 notes,
5,000 actions, 300 goals) and kept in `benchmarks/.work/` (git-ignored) until `--rebuild`; the
peer, jrnl, is installed from the package index into its own virtual environment there, never as
a dependency of mentorlog. A figure whose command this mentorlog does not have yet is skipped
with "not measured: …". Results are printed and written to `benchmarks/RESULTS.md` (`--only`
measures some of the figures, e.g. `--only floor sync merge`, and only prints them).
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from figures import NOTE, merge_rows, morning_row, sync_row
from measuring import HERE, WORK, Row, compare, mentorlog_command, run, skipped

ROOT = HERE.parent
DATA = WORK / "data"  # XDG_DATA_HOME of every measured command
PEER = "jrnl>=4,<5"
FLOOR_NOTE = 'python -c "import typer, sqlite3"'
FLOOR_VERSION = 'python -c "import typer, sqlite_utils"'


# --- the journals and the peer ----------------------------------------------------------------


def journals(ml: list[str], env: dict, rebuild: bool) -> tuple[Path, Path, Path]:
    """The large journal and its partner (built once, kept), and a fresh journal (new each run)."""
    large, partner = WORK / "large.db", WORK / "large-partner.db"
    if rebuild or not large.exists() or not partner.exists():
        for path in WORK.glob("large*"):
            path.unlink()
        print("building the large journal (generate.py) …", flush=True)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(large)], check=True, env=env)
    for journal in (large, partner):  # kept from an earlier run: its pending schema steps, once
        run([*ml, "-j", str(journal), "status", "--json"], env)
    for path in WORK.glob("large*.bak"):
        path.unlink()
    # the fresh journal is the default one, in the data folder a person's `mentorlog` finds (XDG),
    # so that a quick note is measured as it is typed: `mentorlog note TEXT`, no --journal
    fresh = DATA / "mentorlog" / "journal.db"
    fresh.parent.mkdir(parents=True, exist_ok=True)
    for path in fresh.parent.glob("journal.db*"):
        path.unlink()
    init = ["init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee"]
    run([*ml, "-j", str(fresh), *init], env)
    return large, partner, fresh


def peer(env: dict) -> tuple[list[str], str]:
    """jrnl in the benchmark's own environment, writing to a fresh unencrypted journal."""
    venv = WORK / "jrnl-venv"
    jrnl = venv / "bin" / "jrnl"
    if not jrnl.exists():
        print(f"installing {PEER} into {venv} …", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", PEER], check=True)
    version = run([str(jrnl), "--version"], env).stdout.splitlines()[0].split()[-1]  # "jrnl v4.6"
    folder = WORK / "jrnl"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    config = folder / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {folder / 'journal.txt'}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\n"
        f"version: {version}\n"
    )
    command = [str(jrnl), "--config-file", str(config)]
    run([*command, "First entry."], env)  # creates the journal
    return command, f"jrnl {version}"


# --- the test suite ---------------------------------------------------------------------------


def suite_row(skip: bool) -> Row:
    title = "the test suite's default run (`python -m pytest`)"
    if skip:
        return skipped(title, "≤ 45 s", "--skip-suite")
    print("running the test suite …", flush=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTORLOG_")}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    last = (result.stdout.strip().splitlines() or ["no output"])[-1].strip("= ")
    return Row(
        figure=title,
        kind="single",
        value=f"{elapsed:.1f} s; {last}",
        target="≤ 45 s",
        met=result.returncode == 0 and elapsed <= 45,
    )


# --- the report -------------------------------------------------------------------------------


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


def met(row: Row) -> str:
    return "not measured" if row.met is None else ("yes" if row.met else "**no**")


def results(rows: list[Row], command: str, started: datetime) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()} with `{command}`: whole processes, "
        "A and B in turn; medians with min–max; the ratio is A/B pair by pair, of wall time and of CPU time "
        "(user + system: what other work on the machine changes least); peak memory is each "
        "process's maximum resident set (`/usr/bin/time -v`, median of 3 runs). The large journal: "
        "10 years, 520 sessions, 100,000 notes, 5,000 actions, 300 goals; the fresh one: a new journal.",
        "",
        "| figure | A: wall s | B: wall s | A/B | A/B CPU | target | met | peak MiB A / B |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        if row.kind == "pair":
            lines.append(
                f"| {row.figure} | {row.a} | {row.b} | {row.ratio} | {row.cpu_ratio} | {row.target} "
                f"| {met(row)} | {row.peak} |"
            )
    lines += ["", "| figure | result | target | met |", "|---|---|---|---|"]
    for row in rows:
        if row.kind != "pair":
            value = row.value or f"not measured: {row.note}"
            lines.append(f"| {row.figure} | {value} | {row.target} | {met(row)} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the mentorlog benchmark (README: Speed).")
    parser.add_argument("--runs", type=int, default=15, help="counted runs of each command (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="rounds not counted, first (default 2)")
    parser.add_argument("--rebuild", action="store_true", help="build the large journal anew")
    parser.add_argument("--skip-suite", action="store_true", help="leave out the test suite's figure")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="FIGURE",
        help="measure only these figures (note floor jrnl agenda status search report version sync "
        "journals merge suite), printed but not written to RESULTS.md",
    )
    args = parser.parse_args()
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    started = datetime.now(UTC)
    WORK.mkdir(exist_ok=True)
    ml = mentorlog_command()
    # As on a person's machine: no test clock, and the bytecode of installed modules cached.
    env = {k: v for k, v in os.environ.items() if k not in ("MENTORLOG_JOURNAL", "MENTORLOG_NOW")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("MENTORLOG_HOME", None)
    env.update({"XDG_DATA_HOME": str(DATA), "NO_COLOR": "1", "COLUMNS": "100"})
    import mentorlog

    compileall.compile_dir(str(Path(mentorlog.__file__).parent), quiet=1)

    large, partner, fresh = journals(ml, env, args.rebuild)
    out = WORK / "report.md"

    @cache
    def the_peer() -> tuple[list[str], str]:
        return peer(env)

    def jrnl() -> list[str]:
        return the_peer()[0]

    def jrnl_name() -> str:
        return the_peer()[1]

    def on(journal: Path, *rest: str) -> list[str]:
        return [*ml, "-j", str(journal), *rest]

    python = sys.executable
    report = ("report", "final-reflection", "--out", str(out), "--force")
    figures: dict[str, Callable[[], list[Row]]] = {
        "note": lambda: [
            compare(
                "`note`, large vs fresh", on(large, "note", NOTE), on(fresh, "note", NOTE), 1.1, env, args
            )
        ],
        "floor": lambda: [
            compare(
                f"`note` on a fresh journal vs `{FLOOR_NOTE}`",
                [*ml, "note", NOTE],
                [python, "-c", "import typer, sqlite3"],
                1.3,
                env,
                args,
            )
        ],
        "jrnl": lambda: [
            compare(
                f"`note` on a fresh journal vs {jrnl_name()} adding one entry to a fresh journal",
                [*ml, "note", NOTE],
                [*jrnl(), NOTE],
                0.8,
                env,
                args,
            )
        ],
        "agenda": lambda: [
            compare("`agenda`, large vs fresh", on(large, "agenda"), on(fresh, "agenda"), 1.2, env, args)
        ],
        "status": lambda: [
            compare("`status`, large vs fresh", on(large, "status"), on(fresh, "status"), 1.2, env, args)
        ],
        "search": lambda: [
            compare(
                "`search`, large vs fresh",
                on(large, "search", "grant budget"),
                on(fresh, "search", "grant budget"),
                1.5,
                env,
                args,
            )
        ],
        "report": lambda: [
            compare(
                "`report final-reflection`, large vs fresh",
                on(large, *report),
                on(fresh, *report),
                3.0,
                env,
                args,
            )
        ],
        "version": lambda: [
            compare(
                f"`mentorlog --version` vs `{FLOOR_VERSION}`",
                [*ml, "--version"],
                [python, "-c", "import typer, sqlite_utils"],
                1.1,
                env,
                args,
            )
        ],
        "sync": lambda: [sync_row(ml, env, fresh, args)],
        "journals": lambda: [morning_row(ml, env, args)],
        "merge": lambda: merge_rows(ml, env, large, partner),
        "suite": lambda: [suite_row(args.skip_suite)],
    }
    unknown = set(args.only or ()) - set(figures)
    if unknown:
        parser.error(f"--only takes {', '.join(figures)}; not {', '.join(sorted(unknown))}")
    chosen = [measure for name, measure in figures.items() if not args.only or name in args.only]
    rows = [row for measure in chosen for row in measure()]
    text = results(rows, command.strip(), started)
    if not args.only:
        (HERE / "RESULTS.md").write_text(text)
    print()
    print(text)


if __name__ == "__main__":
    main()
