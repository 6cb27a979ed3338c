"""Running and timing whole processes for the benchmark (`run.py`): a figure's row, one command's
wall and CPU seconds and peak memory, and two commands compared run by run."""

from __future__ import annotations

import hashlib
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
TIME = Path("/usr/bin/time")


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


def mentorlog_command() -> list[str]:
    script = Path(sys.executable).with_name("mentorlog")
    return [str(script)] if script.exists() else [sys.executable, "-m", "mentorlog"]


def has_command(ml: list[str], env: dict, *words: str) -> bool:
    """Whether this mentorlog has the (sub)command `words` (its --help succeeds)."""
    return subprocess.run([*ml, *words, "--help"], env=env, capture_output=True).returncode == 0


def help_text(ml: list[str], env: dict, *words: str) -> str:
    return subprocess.run([*ml, *words, "--help"], env=env, capture_output=True, text=True).stdout


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
