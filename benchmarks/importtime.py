"""Where a quick note's start-up goes: Python's own import profile, summed up.

    python benchmarks/importtime.py [--runs 9] [-- ARGS…]   (default ARGS: note "…" on a fresh journal)

Runs the console script under `python -X importtime` several times on a fresh journal in
`benchmarks/.work/` and prints, for the fastest of the runs of each module, the modules imported at
the top (each with everything it imported) and mentorlog's own modules (each by itself), in
milliseconds. `-X importtime` adds its own overhead, so the figures are a little higher than
without it; they show where the time goes, the benchmark how long it takes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"


def console_script() -> list[str]:
    """`mentorlog` as a person runs it: the console script beside this Python, else `-m mentorlog`."""
    script = Path(sys.executable).with_name("mentorlog")
    return [str(script)] if script.exists() else ["-m", "mentorlog"]


def profile(args: list[str], env: dict[str, str]) -> list[tuple[int, str, int, int]]:
    """(depth, module, self µs, cumulative µs) of one run, in the order Python reports them."""
    command = [sys.executable, "-X", "importtime", *console_script(), *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    found = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, total, name = line.removeprefix("import time:").split("|")
        depth = (len(name) - len(name.lstrip(" "))) // 2
        found.append((depth, name.strip(), int(own), int(total)))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("args", nargs="*", default=None)
    options = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    journal = WORK / "importtime.db"
    for path in WORK.glob("importtime.db*"):
        path.unlink()
    env = {k: v for k, v in os.environ.items() if k not in ("MENTORLOG_JOURNAL", "MENTORLOG_NOW")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["MENTORLOG_HOME"] = str(WORK / "home")
    ml = [sys.executable, "-m", "mentorlog", "-j", str(journal)]
    init = [*ml, "init", "--mentor", "A B", "--mentee", "C D", "--me", "mentee"]
    subprocess.run(init, env=env, check=True, capture_output=True)
    args = ["-j", str(journal), *(options.args or ["note", "Ask about the grant deadline"])]
    best: dict[str, tuple[int, int, int]] = {}
    order: list[str] = []
    for _ in range(options.runs):
        for depth, name, own, total in profile(args, env):
            if name not in best:
                order.append(name)
                best[name] = (depth, own, total)
            else:
                best[name] = (depth, min(own, best[name][1]), min(total, best[name][2]))
    print(f"mentorlog {' '.join(args[2:])}: imports, fastest of {options.runs} runs (ms)\n")
    libraries, own = split(order, best)
    print("libraries, each with all it imported:")
    for micro, name in sorted(libraries, reverse=True):
        if micro >= 300:
            print(f"  {micro / 1000:6.1f}  {name}")
    print(f"  {sum(m for m, _ in libraries) / 1000:6.1f}  in all\n")
    print("mentorlog's own modules, each by itself:")
    for micro, name in sorted(own, reverse=True):
        if micro >= 150:
            print(f"  {micro / 1000:6.1f}  {name}")
    print(f"  {sum(m for m, _ in own) / 1000:6.1f}  all {len(own)} of them")


def split(order: list[str], best: dict[str, tuple[int, int, int]]) -> tuple[list, list]:
    """Libraries imported by Python itself or by mentorlog (with everything they imported), and
    mentorlog's own modules (each by itself): together, every import once."""
    libraries, own = [], []
    inside_library = -1  # the depth of the library being walked, -1 when none
    for name in reversed(order):  # Python reports children first: reversed, parents come first
        depth, micro, total = best[name]
        if inside_library >= 0 and depth > inside_library:
            continue  # counted in its library
        inside_library = -1
        if name == "mentorlog" or name.startswith("mentorlog."):
            own.append((micro, name))
        else:
            libraries.append((total, name))
            inside_library = depth
    return libraries, own


if __name__ == "__main__":
    main()
