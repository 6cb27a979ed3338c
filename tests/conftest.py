"""Shared fixtures: every test gets its own mentorlog home, a fixed clock, and CLI helpers.

The clock: `MENTORLOG_NOW` holds `NOW` for the whole session, so every command run in-process or
as a real process reads that moment instead of the real clock; services get `now=NOW` directly.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
import typer
from dateutil.tz import gettz
from hypothesis import settings
from typer.testing import CliRunner, Result

# No timed assertion in the suite: hypothesis's per-example deadline fails a test when the machine is
# busy (four workers on two cores), not when the code is wrong. Speed is measured in benchmarks/.
settings.register_profile("mentorlog", deadline=None)
settings.load_profile("mentorlog")

REPO = Path(__file__).resolve().parent.parent  # the checkout
MEMORY = Path("/dev/shm")  # Linux's file system in memory


def pytest_configure(config):
    """Each test's folder (tmp_path) is kept in memory where the machine has such a folder: every
    commit of a journal waits for the disk (fsync), and the suite makes thousands. The files are
    the same; only the wait goes. Leave it with `--basetemp DIR`."""
    if config.option.basetemp is None and MEMORY.is_dir() and os.access(MEMORY, os.W_OK | os.X_OK):
        import tempfile

        tempfile.tempdir = str(MEMORY)
    if sys.dont_write_bytecode and not hasattr(config, "workerinput"):
        # PYTHONDONTWRITEBYTECODE: every `python -m mentorlog` a test starts, and every worker,
        # would compile each module it imports anew. Compiled once here, before the workers start,
        # they read it as an installed mentorlog does (pip compiles what it installs).
        import compileall

        compileall.compile_dir(REPO / "mentorlog", quiet=2, workers=0)
    if sys.dont_write_bytecode:
        # and pytest would rewrite the asserts of every test module anew in every worker on every
        # run (two seconds a worker): the rewritten modules are kept in tests/__pycache__ too.
        sys.dont_write_bytecode = False


def pytest_collection_finish(session):
    """Python's cyclic garbage collector walks every object a full collection finds, and what
    collection loaded (pytest, hypothesis, the tests, mentorlog) lives to the end: it is frozen out
    of the collector's view, and full collections come a tenth as often (after 100 younger ones, not
    10), as mentorlog's own console script keeps the collector off what it loaded. Garbage is
    still collected; the suite spent about 3% of its time walking live objects."""
    import gc

    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)


ZONE = gettz("Europe/Ljubljana")
NOW = datetime(2026, 11, 21, 14, 30, tzinfo=ZONE)  # a Saturday


def clock_at(moment: datetime) -> dict[str, str]:
    """The environment that makes a command run at `moment` (NOW moved on, or back)."""
    return {"MENTORLOG_NOW": moment.isoformat()}


@pytest.fixture(scope="session", autouse=True)
def fixed_clock():
    """Every command, in-process or in a child process, runs at NOW (see `cli.common.now`), in
    the zone of the people in the examples (`TZ`), whatever zone the machine is in."""
    before = {key: os.environ.get(key) for key in ("MENTORLOG_NOW", "TZ")}
    os.environ["MENTORLOG_NOW"] = NOW.isoformat()
    os.environ["TZ"] = "Europe/Ljubljana"
    time.tzset()
    yield NOW
    for key, value in before.items():
        if value is None:
            del os.environ[key]
        else:
            os.environ[key] = value
    time.tzset()


@pytest.fixture(scope="session", autouse=True)
def quick_codes():
    """Files locked with a code are written at a small scrypt work factor (tests/age_spec.py) rather
    than by pyrage, which picks about a second per file; mentorlog's real reader opens them. Tests
    marked `real_scrypt` get pyrage's writer back (`real_scrypt` below)."""
    from pyrage import passphrase

    from .age_spec import quick_encrypt

    real = passphrase.encrypt
    passphrase.encrypt = quick_encrypt
    yield real
    passphrase.encrypt = real


@pytest.fixture(autouse=True)
def real_scrypt(request, quick_codes):
    """pyrage's own writer, for the tests marked `real_scrypt`."""
    if request.node.get_closest_marker("real_scrypt") is None:
        yield
        return
    from pyrage import passphrase

    quick, passphrase.encrypt = passphrase.encrypt, quick_codes
    yield
    passphrase.encrypt = quick


@pytest.fixture(scope="session", autouse=True)
def prepared_schema():
    """Every new journal gets the schema the steps make, taken once per process, and the value
    checks' SQL is made once per set of rules (see tests/prepared_schema.py); a journal that
    already has tables runs the real steps."""
    from mentorlog.store import checks, journal

    from .prepared_schema import faster_apply_steps, remembered_triggers

    real, real_triggers = journal.apply_steps, checks.triggers
    journal.apply_steps = faster_apply_steps(real)
    checks.triggers = remembered_triggers(real_triggers)
    yield real
    journal.apply_steps, checks.triggers = real, real_triggers


@pytest.fixture(autouse=True)
def mentorlog_home(tmp_path, monkeypatch) -> Path:
    """No test touches a real home: MENTORLOG_HOME points at a fresh temporary folder."""
    home = tmp_path / "home"
    monkeypatch.setenv("MENTORLOG_HOME", str(home))
    monkeypatch.delenv("MENTORLOG_JOURNAL", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    return home


@pytest.fixture
def now() -> datetime:
    return NOW


class Runner(CliRunner):
    """Typer's CliRunner over a click command built once.

    Typer's own `invoke` builds the whole command tree again on every call (over 100 ms each);
    this runs the prebuilt command in the same isolation (stdin, stdout, stderr, environment).
    """

    def __init__(self, command):
        super().__init__()
        self.command = command

    def run(self, args: list[str], input: str | bytes | None = None, env: dict | None = None) -> Result:
        exit_code = 0
        with self.isolation(input=input, env=env) as streams:
            try:
                self.command.main(args=args, prog_name=self.get_default_prog_name(self.command))
            except SystemExit as stop:
                code = 0 if stop.code is None else stop.code
                if not isinstance(code, int):
                    sys.stdout.write(f"{code}\n")
                    code = 1
                exit_code = code
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                captured = [stream.getvalue() for stream in streams]
        return Result(self, *captured, None, exit_code, None)


@pytest.fixture(scope="session")
def click_command():
    """The whole command line as a click command, built once for the session."""
    from mentorlog.cli import app

    return typer.main.get_command(app)


@pytest.fixture
def cli(click_command):
    """Run the CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = Runner(click_command)

    def run(*args: str, input: str | None = None, env: dict | None = None) -> Result:
        return runner.run(list(args), input=input, env=env)

    return run


def run_process(
    *args: str, input: bytes | None = None, env: dict | None = None, timeout: float = 60
) -> subprocess.CompletedProcess:
    """Run `python -m mentorlog ARGS` as a real process."""
    return subprocess.run(
        [sys.executable, "-m", "mentorlog", *args],
        input=input,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


# One process answers many completion requests (each through `mentorlog.cli.main`, as the shell's
# request reaches the console script): starting Python and building every command once per request
# cost the completion tests seconds.
COMPLETING = """
import contextlib, io, json, os, sys
from mentorlog.cli import main
answers = []
for request in json.loads(sys.argv[1]):
    os.environ.update(request)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        try:
            main([])
        except SystemExit as stop:
            assert stop.code in (None, 0), (request, stop.code)
    answers.append(printed.getvalue())
    for key in request:
        del os.environ[key]
print(json.dumps(answers))
"""


def completions(*requests: dict[str, str]) -> list[str]:
    """What the shell's completion requests (each its environment: `_MENTORLOG_COMPLETE` and the
    shell's own variables) get back from mentorlog, in order, from one real process."""
    result = subprocess.run(
        [sys.executable, "-c", COMPLETING, json.dumps(list(requests))], capture_output=True, timeout=60
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


def offered(cases: dict[str, set[str]]) -> None:
    """Each command line of `cases` is completed with its set of words (all asked of one process)."""
    for (line, expected), got in zip(cases.items(), bash_completions(*cases), strict=True):
        assert got == expected, line


def bash_completions(*lines: str) -> list[set[str]]:
    """The words bash's completion offers after each command line (completing its last word)."""
    requests = [
        {
            "_MENTORLOG_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split(" ")) - 1),
        }
        for line in lines
    ]
    return [set(answer.split()) for answer in completions(*requests)]


INIT = (
    "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee",
    "--programme", "Creative Mentorship", "--start", "2026-09-01",
)  # fmt: skip


@pytest.fixture
def two(cli, tmp_path):
    """Run commands in the mentee's or the mentor's journal (two MENTORLOG_JOURNAL paths):
    `two("mentor", "merge", path)`; `two.paths[role]` is each journal's file."""
    paths = {"mentee": tmp_path / "maja" / "journal.db", "mentor": tmp_path / "tomaz" / "journal.db"}

    def run(who, *args, **kwargs):
        return cli(*args, env={"MENTORLOG_JOURNAL": str(paths[who])}, **kwargs)

    run.paths = paths  # type: ignore[attr-defined]
    return run


@pytest.fixture(scope="session")
def fresh_journal(click_command, tmp_path_factory) -> Path:
    """A new journal, created through the CLI once for the session (creating one runs every
    schema step, which most tests need not repeat)."""
    home = tmp_path_factory.mktemp("template-home")
    result = Runner(click_command).run(list(INIT), env={"MENTORLOG_HOME": str(home)})
    assert result.exit_code == 0, result.output
    return home / "journal.db"


@pytest.fixture
def journal_path(fresh_journal, mentorlog_home) -> Path:
    """A fresh journal kept by the mentee, as `mentorlog init` made it (a copy of one made once)."""
    return copied_in(mentorlog_home, fresh_journal, "journal.db")


def copied_in(home: Path, made: Path, name: str) -> Path:
    """A copy of the journal `made` in the mentorlog home `home` as `name`, private as mentorlog
    makes its journals."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / name
    shutil.copy(made, path)
    path.chmod(0o600)
    return path


def ok(result):
    """A CLI result that must have succeeded (the output is shown when it did not)."""
    assert result.exit_code == 0, result.output
    return result


def as_json(result):
    return json.loads(ok(result).stdout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_on_terminal(
    args: list[str], answers: list[str], timeout: float = 30, expect: int = 0, env: dict | None = None
) -> str:
    """Run `python -m mentorlog ARGS` on a pseudo-terminal, typing one answer per prompt."""
    import pty
    import select
    import time

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mentorlog", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, **(env or {})},
        close_fds=True,
    )
    os.close(slave)
    os.write(master, ("\n".join(answers) + "\n").encode())
    output = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=5)
    os.close(master)
    assert proc.returncode == expect, output.decode(errors="replace")
    return output.decode(errors="replace")


@pytest.fixture
def hostile(hostile_template, mentorlog_home) -> Path:
    """A copy of the hostile journal (built once for the session) as this test's journal."""
    mentorlog_home.mkdir(parents=True, exist_ok=True)
    path = mentorlog_home / "journal.db"
    shutil.copy(hostile_template, path)
    return path


@pytest.fixture(scope="session")
def hostile_template(click_command, tmp_path_factory) -> Path:
    """The hostile journal (tests/hostile.py), built once for the session."""
    from .hostile import build_hostile

    home = tmp_path_factory.mktemp("hostile-home")
    runner = Runner(click_command)

    def run(*args: str, **kwargs):
        return runner.run(list(args), env={"MENTORLOG_HOME": str(home)}, **kwargs)

    return build_hostile(run, home)


# --- a pairing made once -------------------------------------------------------------------------

NAMES = ("Maja", "Horvat", "Tomaž", "Zupan")
TEXTS = ("Budget for the puppet tour", "Touring abroad next spring", "Call the city fund first", "Café Union")


@pytest.fixture(scope="session")
def paired(click_command, tmp_path_factory, worker_id):
    """Maja (mentee) shares her first bundle, locked with the pairing code; Tomaž starts his journal
    from it on a terminal, typing the code; he answers with a bundle locked with her code, and each
    then shares one sealed to the other's key.

    Made once for the whole run (`once_per_run`): sealing with a code costs a second or more of
    scrypt on each side by design. Tests copy the two journals."""
    data = once_per_run(
        tmp_path_factory, worker_id, "paired", lambda folder: _make_pairing(click_command, folder)
    )
    return {k: Path(v) if k in PAIRED_FILES else v for k, v in data.items()}


@pytest.fixture(scope="session")
def generated_files(tmp_path_factory, worker_id) -> dict[str, str]:
    """What `python -m mentorlog.cli.reference --write` writes (the reference, the command map, the
    bundle's JSON Schema), by the file's path in the checkout, made once for the whole run
    (`once_per_run`): the reference reads every command's help, a second or so."""

    def make(folder: Path) -> dict[str, str]:
        from mentorlog.cli import reference

        return {str(path.relative_to(REPO)): text for path, text in reference.generated().items()}

    return once_per_run(tmp_path_factory, worker_id, "generated", make)


@pytest.fixture(scope="session")
def demo_made(click_command, tmp_path_factory, worker_id) -> Path:
    """The journal `mentorlog demo` makes at NOW, made once for the whole run (`once_per_run`):
    tests that read the demo take a copy (`demo_in`); tests of the command itself run it."""

    def make(folder: Path) -> dict[str, str]:
        ok(Runner(click_command).run(["demo"], env={"MENTORLOG_HOME": str(folder)}))
        return {"demo": str(folder / "demo.db")}

    return Path(once_per_run(tmp_path_factory, worker_id, "demo", make)["demo"])


def demo_in(home: Path, made: Path) -> Path:
    """A copy of the demo journal `made` in the mentorlog home `home`, as `mentorlog demo` leaves it."""
    return copied_in(home, made, "demo.db")


@pytest.fixture
def demo(demo_made, mentorlog_home) -> Path:
    """This test's demo journal (`-j demo`), a copy of the one made for the run."""
    return demo_in(mentorlog_home, demo_made)


def once_per_run(tmp_path_factory, worker_id: str, name: str, make) -> dict:
    """What `make(folder)` returns (a dict of JSON's kinds, paths as text), made once for the whole
    run by the first worker that needs it, in a folder of the run's, the others reading what it made
    (a lock on a file in the run's folder, which all the workers share)."""
    if worker_id == "master":  # one process: its own folder
        made = make(tmp_path_factory.mktemp(name))
        return {k: str(v) if isinstance(v, Path) else v for k, v in made.items()}
    import fcntl

    shared = tmp_path_factory.getbasetemp().parent  # this run's, shared by every worker
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept = shared / name / "made.json"
        if not kept.exists():
            (shared / name).mkdir(exist_ok=True)
            made = make(shared / name)
            kept.write_text(json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in made.items()}))
    return json.loads(kept.read_text())


PAIRED_FILES = ("maja", "tomaz", "first", "back", "third", "sealed")


def _make_pairing(click_command, folder: Path) -> dict:
    runner = Runner(click_command)
    maja, tomaz = folder / "maja.db", folder / "tomaz.db"

    def run(path: Path, *args: str):
        return runner.run(["--journal", str(path), *args])

    ok(run(maja, "init", "--mentor", "Tomaž Zupan", "--mentee", "Maja Horvat", "--me", "mentee",
           "--start", "2026-09-01"))  # fmt: skip
    ok(run(maja, "agreement", "edit", "--meetings", "10", "--place", "Café Union"))
    ok(run(maja, "goal", "add", TEXTS[0], "--due", "2027-05-01"))
    ok(run(maja, "topic", "add", TEXTS[1]))
    ok(run(maja, "note", "--shared", "Looking forward to meeting Tomaž"))
    first = folder / "first.age"
    shared = as_json(run(maja, "share", str(first), "--json"))
    terminal = run_on_terminal(["--journal", str(tomaz), "init", "--from", str(first)], [shared["code"]])
    ok(run(tomaz, "note", "--shared", TEXTS[2]))
    back = folder / "back.age"
    answer = as_json(run(tomaz, "share", str(back), "--json"))  # locked with Maja's code
    merged = as_json(run(maja, "merge", str(back), "--json"))
    third = folder / "third.age"  # Maja's first bundle sealed to Tomaž's key: he needs codes no more
    ok(run(maja, "share", str(third)))
    ok(run(tomaz, "merge", str(third)))
    sealed = folder / "sealed.age"  # and his first sealed to hers
    ok(run(tomaz, "share", str(sealed)))
    ok(run(maja, "merge", str(sealed)))
    return {
        "maja": maja,
        "tomaz": tomaz,
        "first": first,
        "back": back,
        "third": third,
        "sealed": sealed,
        "shared": shared,
        "answer": answer,
        "merged": merged,
        "terminal": terminal,
    }


@pytest.fixture
def pair(paired, cli, tmp_path):
    """Copies of the paired journals; `pair(who, *args)` runs a command in one of them."""
    paths = {}
    for who in ("maja", "tomaz"):
        paths[who] = tmp_path / f"{who}.db"
        shutil.copy(paired[who], paths[who])

    def run(who, *args, **kwargs):
        return cli("--journal", str(paths[who]), *args, **kwargs)

    def send(who, name):
        bundle = tmp_path / name
        ok(run(who, "share", str(bundle)))
        return bundle

    run.paths, run.send = paths, send
    return run


def keys(path: Path) -> dict:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    try:
        return dict(conn.execute("select * from keys").fetchone())
    finally:
        conn.close()
