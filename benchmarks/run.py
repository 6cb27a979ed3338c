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
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WORK = HERE / ".work"
DATA = WORK / "data"  # XDG_DATA_HOME of every measured command
PEER = "jrnl>=4,<5"
TIME = Path("/usr/bin/time")
NOTE = "Ask about the grant deadline"
FLOOR_NOTE = 'python -c "import typer, sqlite3"'
FLOOR_VERSION = 'python -c "import typer, sqlite_utils"'


@dataclass
class Row:
    """One line of the results: a comparison (A vs B) or a single measurement."""

    figure: str
    target: str
    met: bool | None = None  # None: not measured
    a: str = ""
    b: str = ""
    ratio: str = ""
    cpu_ratio: str = ""  # the same pairs' CPU times (user + system)
    peak: str = ""
    value: str = ""
    note: str = ""
    kind: str = "pair"  # "pair", "single" or "skipped"
    samples: dict = field(default_factory=dict)


# --- running commands -------------------------------------------------------------------------


def run(cmd: list[str], env: dict[str, str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr}")
    return result


def time_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one whole process. On a machine that other
    work shares, the wall time of a run grows with the others' load; its CPU time much less."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def timed_with_peak(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float | None, str]:
    """Wall seconds, CPU seconds (user + system), peak MiB (None without /usr/bin/time) and standard
    output of one process."""
    wrapped = [str(TIME), "-v", *cmd] if TIME.exists() else cmd
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(wrapped, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stderr}")
    peak = None
    for line in result.stderr.splitlines():
        if "Maximum resident set size (kbytes)" in line:
            peak = int(line.rsplit(":", 1)[1]) / 1024
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, peak, result.stdout


def spread(values: list[float], digits: int = 3) -> str:
    return f"{statistics.median(values):.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def compare(title: str, a: list[str], b: list[str], target: float, env: dict, args) -> Row:
    """A and B in turn, `args.runs` times after `args.warmup` rounds; A/B pair by pair."""
    print(f"measuring {title} …", flush=True)
    for _ in range(args.warmup):
        time_once(a, env)
        time_once(b, env)
    times_a, times_b, ratios, cpu_ratios = [], [], [], []
    for _ in range(args.runs):
        (ta, ca), (tb, cb) = time_once(a, env), time_once(b, env)
        times_a.append(ta)
        times_b.append(tb)
        ratios.append(ta / tb)
        cpu_ratios.append(ca / cb)
    peaks = []
    for cmd in (a, b):
        measured = [timed_with_peak(cmd, env)[2] for _ in range(3)]
        peaks.append("n/a" if None in measured else f"{statistics.median(m for m in measured if m):.0f}")
    ratio = statistics.median(ratios)
    return Row(
        figure=title,
        target=f"≤ {target:g}×",
        met=ratio <= target,
        a=spread(times_a),
        b=spread(times_b),
        ratio=spread(ratios, 2),
        cpu_ratio=spread(cpu_ratios, 2),
        peak=" / ".join(peaks),
        samples={"a": times_a, "b": times_b, "ratio": ratios, "cpu_ratio": cpu_ratios},
    )


def skipped(title: str, target: str, why: str) -> Row:
    print(f"not measured: {title} ({why})", flush=True)
    return Row(figure=title, target=target, kind="skipped", note=why)


# --- the journals and the peer ----------------------------------------------------------------


def mentorlog_command() -> list[str]:
    script = Path(sys.executable).with_name("mentorlog")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mentorlog"]


def has_command(ml: list[str], env: dict, *words: str) -> bool:
    """Whether this mentorlog has the (sub)command `words` (its --help succeeds)."""
    return subprocess.run([*ml, *words, "--help"], env=env, capture_output=True).returncode == 0


def help_text(ml: list[str], env: dict, *words: str) -> str:
    return subprocess.run([*ml, *words, "--help"], env=env, capture_output=True, text=True).stdout


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


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the merge figures ------------------------------------------------------------------------

MERGE_SECONDS, MERGE_MIB = 10.0, 150.0


def merge_rows(ml: list[str], env: dict, large: Path, partner: Path) -> list[Row]:
    """Merge the large journal's bundle into the partner's journal, then the same bundle again;
    plain, then encrypted for the partner's journal."""
    print("measuring the merge …", flush=True)
    plain = "--plain" in help_text(ml, env, "share")
    # everything, claiming nothing about what either journal had (the partner's journal stands in for
    # a copy of itself at the pairing, so what the large journal had of it is the copy's)
    everything = ["--all"] if "--all" in help_text(ml, env, "share") else []
    bundle = WORK / "bundle-plain.json"
    bundle.unlink(missing_ok=True)
    shared = json.loads(
        run(
            [
                *ml,
                "-j",
                str(large),
                "share",
                str(bundle),
                "--json",
                *everything,
                *(["--plain"] if plain else []),
            ],
            env,
        ).stdout
    )
    records = shared["records"]
    rows = merge_twice(ml, env, partner, bundle, f"merge of the {records:,}-record bundle, plain")
    rows += encrypted_merge(ml, env, large, partner, records, plain)
    return rows


def merge_twice(
    ml: list[str],
    env: dict,
    partner: Path,
    bundle: Path,
    title: str,
    again: str = "merging the same bundle again",
) -> list[Row]:
    target = WORK / "merge-target.db"
    for path in WORK.glob("merge-target.db*"):  # with its sidecars and the copy made before a schema step
        path.unlink()
    shutil.copyfile(partner, target)
    merge = [*ml, "-j", str(target), "merge", str(bundle), "--json"]
    first, first_cpu, first_peak, out = timed_with_peak(merge, env)
    report = json.loads(out)
    before = digest(target)
    second, second_cpu, second_peak, out = timed_with_peak(merge, env)
    repeated = json.loads(out)
    unchanged = digest(target) == before and repeated["added"] == repeated["updated"] == 0

    def within(seconds: float, peak: float | None) -> bool:
        return seconds <= MERGE_SECONDS and (peak is None or peak <= MERGE_MIB)

    def mib(peak: float | None) -> str:
        return "peak n/a" if peak is None else f"{peak:.0f} MiB peak"

    target_text = f"≤ {MERGE_SECONDS:g} s, ≤ {MERGE_MIB:g} MiB"
    return [
        Row(
            figure=title,
            kind="single",
            value=f"{first:.2f} s (CPU {first_cpu:.2f} s), {mib(first_peak)}; "
            f"{report['added']:,} added, {report['updated']:,} updated",
            target=target_text,
            met=within(first, first_peak),
        ),
        Row(
            figure=again,
            kind="single",
            value=f"{second:.2f} s (CPU {second_cpu:.2f} s), {mib(second_peak)}; "
            + ("wrote nothing (file digest unchanged)" if unchanged else "CHANGED THE JOURNAL"),
            target=target_text + ", writes nothing",
            met=unchanged and within(second, second_peak),
        ),
    ]


def encrypted_merge(
    ml: list[str], env: dict, large: Path, partner: Path, records: int, plain: bool
) -> list[Row]:
    """The same merges with the bundle encrypted for the partner's journal (what `share` writes once
    the two journals are paired; `pair_journals` pairs them the first time)."""
    title = f"merge of the {records:,}-record bundle, encrypted"
    target_text = f"≤ {MERGE_SECONDS:g} s, ≤ {MERGE_MIB:g} MiB"
    if not plain or not has_command(ml, env, "pair"):
        return [skipped(title, target_text, "this mentorlog writes no encrypted bundle")]
    if not paired(ml, env, large):
        why = pair_journals(ml, env, large, partner)
        if why:
            return [skipped(title, target_text, why)]
    bundle = WORK / "bundle-encrypted.age"
    bundle.unlink(missing_ok=True)
    everything = ["--all"] if "--all" in help_text(ml, env, "share") else []
    shared = json.loads(run([*ml, "-j", str(large), "share", str(bundle), "--json", *everything], env).stdout)
    if shared.get("protection") != "key":
        return [
            skipped(title, target_text, f"`share` wrote a {shared.get('protection')} bundle after pairing")
        ]
    return merge_twice(ml, env, partner, bundle, title, "merging the same encrypted bundle again")


def paired(ml: list[str], env: dict, journal: Path) -> bool:
    return bool(json.loads(run([*ml, "-j", str(journal), "pair", "--json"], env).stdout)["paired"])


def pair_journals(ml: list[str], env: dict, large: Path, partner: Path) -> str | None:
    """Pair the large journal with its partner as two people would, through a copy of the partner's
    journal (which holds the same key pair), so that the partner's journal itself stays as it was
    made: the large journal's bundle locked with its pairing code is merged there with the code,
    and the copy's bundle back, sealed for the large journal, brings it the partner's key. None
    when done, else why not."""
    print("pairing the large journal with its partner (once) …", flush=True)
    stand_in = WORK / "pairing-partner.db"
    locked, back = WORK / "pairing-locked.age", WORK / "pairing-back.age"
    for path in [*WORK.glob("pairing-partner.db*"), locked, back]:
        path.unlink(missing_ok=True)
    shutil.copyfile(partner, stand_in)
    shared = json.loads(run([*ml, "-j", str(large), "share", str(locked), "--json"], env).stdout)
    if not shared.get("code"):
        return "the large journal's bundle was not locked with a pairing code"
    run([*ml, "-j", str(stand_in), "merge", str(locked), "--code", shared["code"]], env)
    run([*ml, "-j", str(stand_in), "share", str(back)], env)
    run([*ml, "-j", str(large), "merge", str(back)], env)
    for path in [*WORK.glob("pairing-partner.db*"), locked, back]:
        path.unlink(missing_ok=True)
    return None if paired(ml, env, large) else "the two journals did not pair"


# --- `note` with sync -------------------------------------------------------------------------


def sync_row(ml: list[str], env: dict, fresh: Path, args) -> Row:
    """`note` on a journal with `sync --auto on`, paired with its partner's journal through a
    folder whose partner file is unchanged, vs `note` on a journal without sync."""
    title = "`note` with `sync --auto on`, partner file unchanged, vs without"
    if not has_command(ml, env, "sync"):
        return skipped(title, "≤ 1.1×", "no `sync` command")
    folder = WORK / "sync-folder"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    synced, other = WORK / "synced.db", WORK / "synced-partner.db"
    for path in [*WORK.glob("synced.db*"), *WORK.glob("synced-partner.db*")]:
        path.unlink()
    shutil.copyfile(fresh, synced)
    started = json.loads(
        run([*ml, "-j", str(synced), "sync", str(folder), "--auto", "on", "--json"], env).stdout
    )
    first = next(folder.iterdir())
    run([*ml, "-j", str(other), "init", "--from", str(first), "--code", started["shared"]["code"]], env)
    run([*ml, "-j", str(other), "sync", str(folder), "--auto", "on"], env)
    run([*ml, "-j", str(synced), "status"], env)  # merges the partner's first bundle: paired
    if not paired(ml, env, synced):
        return skipped(title, "≤ 1.1×", "the two journals of the sync folder did not pair")
    return compare(
        title, [*ml, "-j", str(synced), "note", NOTE], [*ml, "-j", str(fresh), "note", NOTE], 1.1, env, args
    )


# --- the test suite ---------------------------------------------------------------------------


def morning_home(ml: list[str], env: dict, count: int = 10) -> Path:
    """A home of `count` journals of a mentor with as many mentees, each under way: an agreement,
    sessions planned and held, goals, actions, notes (made anew each run)."""
    home = WORK / "morning-home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    there = {**env, "MENTORLOG_HOME": str(home)}
    for i in range(count):
        name = f"mentee-{i + 1:02d}"

        def do(*args: str, name: str = name) -> None:
            run([*ml, "-j", name, *args], there)

        do("init", "--mentor", "Tomaž Zupan", "--mentee", f"Mentee {i + 1} Novak", "--me", "mentor",
           "--start", "-60d")  # fmt: skip
        do("--as", "mentee", "agreement", "edit", "--meetings", "10", "--place", "Café Union")
        do("--as", "mentee", "agreement", "propose")
        do("agreement", "approve")
        do("--as", "mentee", "session", "schedule", "--every", "monthly", "--count", "4", "--start",
           "-45d 18:00", "--past")  # fmt: skip
        do("session", "confirm", "--all")
        do("session", "held", "1")
        do("goal", "add", f"Goal of mentee {i + 1}", "--due", "+90d", "--measure", "a result")
        do("action", "add", "Read the brief", "--owner", "mentee", "--due", "-3d")
        do("note", "--shared", "A note after the first session")
    return home


def morning_row(ml: list[str], env: dict, args) -> Row:
    title = "`journals` (the morning view) over 10 journals vs one `status`"
    if not has_command(ml, env, "journals"):
        return skipped(title, "≤ 2×", "no journals command")
    home = morning_home(ml, env)
    there = {**env, "MENTORLOG_HOME": str(home)}
    return compare(title, [*ml, "journals"], [*ml, "-j", "mentee-01", "status"], 2.0, there, args)


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
