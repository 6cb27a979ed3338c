"""Reliability with real processes and files: concurrent writers, writes killed inside their
transaction at named crash points (a merge, a migration, `init --from`), and bad input."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest

from .conftest import NOW, digest, ok, run_process


@pytest.mark.slow
def test_four_processes_adding_notes_at_once(journal_path):
    per_process = 12
    script = (
        "import subprocess, sys\n"
        "for i in range(int(sys.argv[2])):\n"
        "    text = f'writer {sys.argv[1]} note {i}'\n"
        "    r = subprocess.run([sys.executable, '-m', 'mentorlog', 'note', text],\n"
        "                       capture_output=True)\n"
        "    if r.returncode:\n"
        "        sys.exit(r.stderr.decode())\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(n), str(per_process)], stderr=subprocess.PIPE)
        for n in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    texts = {e["text"] for e in json.loads(run_process("log", "-n", "1000", "--json").stdout)}
    assert texts == {f"writer {n} note {i}" for n in range(4) for i in range(per_process)}


KILLED = -signal.SIGKILL
NOTES = 1200  # the pair, one batch of sessions, three batches of notes (500, 500, 200)
BATCHES = 5


@pytest.fixture
def big_merge(tmp_path, mentorlog_home):
    """A mentor's journal, and a bundle from the mentee with 40 new sessions and 1,200 new notes."""
    from mentorlog.exchange import exchange, share
    from mentorlog.journal.journal import init_journal
    from mentorlog.sessions import notes, sessions

    mentee = init_journal(
        str(tmp_path / "mentee.db"),
        mentor="T",
        mentee="M",
        me="mentee",
        programme=None,
        start="2026-01-01",
        end=None,
        now=NOW - timedelta(days=300),
    )
    small = tmp_path / "small.json"
    share.share(mentee, small, NOW - timedelta(days=299), plain=True)
    folder = tmp_path / "mentor"
    folder.mkdir()
    mentor_path = folder / "mentor.db"
    exchange.init_from(str(mentor_path), small, "mentor", NOW - timedelta(days=299))[0].close()
    sessions.schedule(mentee, "weekly", 40, NOW - timedelta(days=290), start="2026-01-10 18:00", past=True)
    for i in range(NOTES):
        notes.add_note(
            mentee,
            f"shared note {i} about grants and budgets",
            NOW - timedelta(minutes=NOTES - i),
            shared=True,
            tags=["t"],
        )
    big = tmp_path / "big.json"
    share.share(mentee, big, NOW, plain=True)
    mentee.close()
    return mentor_path, big


def counts(path) -> tuple[int, int]:
    """(notes, sessions) of a journal that must pass SQLite's integrity check."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        return tuple(conn.execute(f"select count(*) from {t}").fetchone()[0] for t in ("note", "session"))
    finally:
        conn.close()


def temporaries(folder) -> list[str]:
    from mentorlog.store.journal import TEMPORARY

    return sorted(p.name for p in folder.iterdir() if TEMPORARY.fullmatch(p.name))


def crash_at(point: str) -> dict[str, str]:
    return {"MENTORLOG_CRASH_AT": point}


@pytest.mark.slow
@pytest.mark.parametrize("batch", [1, 2, BATCHES])
def test_a_merge_killed_inside_its_transaction_leaves_none_of_it(big_merge, batch):
    journal, bundle = big_merge
    died = run_process("-j", str(journal), "merge", str(bundle), env=crash_at(f"merge-batch:{batch}"))
    # Killed at the crash point: `batch` batches were written inside the merge's one transaction.
    assert died.returncode == KILLED, died.stderr
    assert counts(journal) == (0, 0)  # none of them (nor the sessions written before the notes)
    assert run_process("-j", str(journal), "status", "--json").returncode == 0
    assert temporaries(journal.parent) == []
    done = run_process("-j", str(journal), "merge", str(bundle))
    assert done.returncode == 0, done.stderr
    assert counts(journal) == (NOTES, 40)


@pytest.mark.slow
def test_the_last_merge_batch_is_the_one_before_the_commit(big_merge):
    """No batch comes after the last one killed above: a crash point past it is never reached."""
    journal, bundle = big_merge
    done = run_process("-j", str(journal), "merge", str(bundle), env=crash_at(f"merge-batch:{BATCHES + 1}"))
    assert done.returncode == 0, done.stderr
    assert counts(journal) == (NOTES, 40)


CORPUS = [
    # (arguments, standard input)
    (["goal", "add", "Write it", "--due", "the day after never"], None),
    (["action", "add", "Call", "--due", "2026-02-30"], None),
    (["session", "plan", "32 dec 25:61"], None),
    (["feedback", "1", "--rating", "11"], None),
    (["feedback", "1", "--rating", "-3"], None),
    (["assess", "skills", "Good", "--rating", "0"], None),
    (["option", "add", "x", "--feasibility", "6"], None),
    (["goal", "progress", "abcd", "101"], None),
    (["goal", "show", "!!!!"], None),
    (["goal", "show", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"], None),
    (["rm", "'; drop table note; --"], None),
    (["restore", "0000"], None),
    (["edit", "%"], None),
    (["session", "show", "0"], None),
    (["session", "show", "-1"], None),
    (["session", "confirm", "999999999999999999999"], None),
    (["note", "--bogus-flag", "x"], None),
    (["note", "x", "--kind", "rant"], None),
    (["note", "x", "-q", "-l"], None),
    (["note", "bell\x07 in the text"], None),
    (["note", "escape \x1b[31m red"], None),
    (["note", "bad \udcff surrogate"], None),
    (["note"], b"\xff\xfe not utf-8 \xc3\x28"),
    (["note"], b"   \n  "),
    (["contact", "hi", "--via", "pigeon"], None),
    (["log", "-n", "0"], None),
    (["log", "--since", "someday"], None),
    (["log", "--kind", "gossip"], None),
    (["agenda", "--format", "pdf"], None),
    (["agenda", "--session", "7"], None),
    (["report", "nonsense"], None),
    (["report", "agreement", "--out", "/nonexistent-folder/x.md"], None),
    (["merge", "/nonexistent/bundle.json"], None),
    (["phase", "sideways"], None),
    (["--as", "coach", "status"], None),
    (["templates", "copy", "../../etc/passwd"], None),
    (["reflect", "--answer", "no-equals-sign"], None),
    (["end", "--on", "not a date"], None),
    (["session", "schedule", "--every", "FREQ=SOMETIMES", "--count", "3"], None),
    (["session", "schedule", "--every", "weekly", "--count", "1000"], None),
    (["agreement", "edit", "--length", "5"], None),
    (["search", ""], None),
    (["vision", "\x01"], None),
    (["rule", "add", "x" * 30_000], None),
]


@pytest.mark.parametrize(("args", "stdin"), CORPUS, ids=[" ".join(a)[:40] for a, _ in CORPUS])
def test_bad_input_gets_a_message_and_leaves_the_journal_untouched(cli, journal_path, args, stdin):
    before = digest(journal_path)
    result = cli(*args, input=stdin if stdin is not None else b"")
    assert result.exit_code in (1, 2), (args, result.output)
    assert "Traceback" not in result.stderr and result.stderr.strip(), (args, result.stderr)
    assert len(result.stderr.strip().splitlines()) <= 8
    assert digest(journal_path) == before, args


@pytest.mark.slow
@pytest.mark.parametrize(("args", "stdin"), CORPUS, ids=[" ".join(a)[:40] for a, _ in CORPUS])
def test_bad_input_in_a_real_process(journal_path, args, stdin):
    """The same corpus through real processes: the terminal's encoding, stdin's bytes."""
    before = digest(journal_path)
    env = {"PYTHONIOENCODING": "utf-8:surrogateescape"}
    result = run_process(*args, input=stdin if stdin is not None else b"", env=env)
    assert result.returncode in (1, 2), (args, result.stdout, result.stderr)
    assert b"Traceback" not in result.stderr and result.stderr.strip(), (args, result.stderr)
    assert len(result.stderr.decode(errors="replace").strip().splitlines()) <= 8
    assert digest(journal_path) == before, args


def test_text_with_markup_and_template_syntax_is_stored_as_typed(cli, journal_path):
    typed = "[bold]x[/bold] {{ 7*7 }} {% if a %} <b>html</b> | pipe\ttab"
    assert cli("note", typed).exit_code == 0
    assert json.loads(cli("log", "--json").stdout)[0]["text"] == typed


def test_an_editor_that_fails_saves_nothing(journal_path, tmp_path, monkeypatch):
    from .conftest import run_on_terminal

    editor = tmp_path / "failing-editor"
    editor.write_text("#!/bin/sh\necho 'half a note' >> \"$1\"\nexit 3\n")
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    before = digest(journal_path)
    output = run_on_terminal(["note"], [], expect=1)
    assert "nothing was saved" in output
    assert digest(journal_path) == before


def schema_of(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("select type, name, sql from sqlite_master order by name").fetchall()
    finally:
        conn.close()


@pytest.mark.slow
@pytest.mark.parametrize("step", [1, 2])
def test_a_migration_killed_inside_a_step_leaves_the_old_schema(tmp_path, step):
    """A journal two schema steps behind; the kill lands after the first or the second step's writes."""
    from mentorlog.store.migrations import STEPS

    from .test_store import make_old_journal

    old = tmp_path / "old.db"
    make_old_journal(old, STEPS[-2])
    schema_before = schema_of(old)
    died = run_process("-j", str(old), "status", "--json", env=crash_at(f"migration-step:{step}"))
    assert died.returncode == KILLED, died.stderr
    conn = sqlite3.connect(old)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert [r[0] for r in conn.execute("select name from _sqlite_migrations")] == STEPS[:-2]
    finally:
        conn.close()
    assert schema_of(old) == schema_before  # none of the killed step's changes
    assert len(list(tmp_path.glob("old.db.*.bak"))) == 1  # the copy made before migrating
    assert temporaries(tmp_path) == []
    assert run_process("-j", str(old), "status", "--json").returncode == 0  # it opens, and migrates
    conn = sqlite3.connect(old)
    try:
        assert [r[0] for r in conn.execute("select name from _sqlite_migrations")] == STEPS
    finally:
        conn.close()


@pytest.mark.slow
def test_init_from_killed_while_building_leaves_no_journal_and_no_temporary_file(cli, journal_path, tmp_path):
    bundle = tmp_path / "bundle.json"
    ok(cli("share", str(bundle), "--plain"))
    folder = tmp_path / "partner"
    target = folder / "mentor.db"
    args = ("-j", str(target), "init", "--from", str(bundle), "--me", "mentor")
    died = run_process(*args, env=crash_at("init-from-build"))
    assert died.returncode == KILLED, died.stderr
    assert not target.exists()
    left = temporaries(folder)  # killed while building: its temporary journal (and SQLite's files)
    assert [name for name in left if name.endswith(".creating")] == left[:1]
    again = run_process(*args)
    assert again.returncode == 0, again.stderr
    assert temporaries(folder) == []  # the next start removed what the killed one left
    assert json.loads(run_process("-j", str(target), "status", "--json").stdout)["pair"]["me"] == "mentor"


def test_a_crash_point_kills_on_the_nth_time_and_a_pause_waits_for_go(tmp_path, monkeypatch):
    from mentorlog import crashpoints

    code = (
        "from mentorlog import crashpoints\n"
        "crashpoints.reached('point')\nprint('once', flush=True)\n"
        "crashpoints.reached('point')\nprint('twice', flush=True)\n"
    )
    died = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, env={**os.environ, **crash_at("point:2")}
    )
    assert died.returncode == KILLED and died.stdout == b"once\n"
    (tmp_path / "point.go").touch()
    monkeypatch.setenv("MENTORLOG_PAUSE_AT", f"point:{tmp_path}")
    crashpoints.reached("other")
    assert not (tmp_path / "other.reached").exists()
    crashpoints.reached("point")  # returns at once: `point.go` is there
    assert (tmp_path / "point.reached").exists()
