"""SPEC §10 with real processes and files: concurrent writers, a merge killed at random, bad input."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from .conftest import NOW, digest, run_process


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


@pytest.fixture
def big_merge(tmp_path, mentorlog_home):
    """A mentor's journal, and a bundle from the mentee with some thousands of new records."""
    from mentorlog.services import exchange, notes, sessions
    from mentorlog.services.journal import init_journal

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
    exchange.share(mentee, small, NOW - timedelta(days=299))
    mentor_path = tmp_path / "mentor.db"
    exchange.init_from(str(mentor_path), small, "mentor", NOW - timedelta(days=299)).close()
    sessions.schedule(mentee, "weekly", 40, NOW - timedelta(days=290), start="2026-01-10 18:00")
    for i in range(4000):
        notes.add_note(
            mentee,
            f"shared note {i} about grants and budgets",
            NOW - timedelta(minutes=4000 - i),
            shared=True,
            tags=["t"],
        )
    big = tmp_path / "big.json"
    exchange.share(mentee, big, NOW)
    mentee.close()
    return mentor_path, big


def note_count(path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        return conn.execute("select count(*) from note").fetchone()[0]
    finally:
        conn.close()


def test_a_merge_killed_at_random_holds_all_of_it_or_none(big_merge, tmp_path):
    pristine, bundle = big_merge
    started = time.monotonic()
    full = tmp_path / "full.db"
    full.write_bytes(pristine.read_bytes())
    done = run_process("-j", str(full), "merge", str(bundle))
    assert done.returncode == 0, done.stderr
    whole = time.monotonic() - started
    after = note_count(full)
    assert after == 4000
    rng = random.Random(20261121)
    outcomes = []
    for attempt in range(20):
        work = tmp_path / f"work-{attempt}.db"
        work.write_bytes(pristine.read_bytes())
        proc = subprocess.Popen(
            [sys.executable, "-m", "mentorlog", "-j", str(work), "merge", str(bundle)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, whole * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        count = note_count(work)
        assert count in (0, after), f"attempt {attempt}: {count} notes, a partial merge"
        outcomes.append(count)
        status = run_process("-j", str(work), "status", "--json")
        assert status.returncode == 0, status.stderr
        if count == 0:  # the journal still merges the bundle afterwards
            assert run_process("-j", str(work), "merge", str(bundle)).returncode == 0
            assert note_count(work) == after
    assert len(outcomes) == 20


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
def test_bad_input_gets_a_message_and_leaves_the_journal_untouched(journal_path, args, stdin):
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


def test_a_migration_killed_at_random_applies_all_of_it_or_none(tmp_path):
    """A journal from before the step that indexes notes, with enough notes that the step takes a while."""
    from mentorlog.model import Phase, Role
    from mentorlog.store import journal as store
    from mentorlog.store.records import Writer, new_row

    from .test_store import make_old_journal

    step = "m005_count_index"
    old = tmp_path / "old.db"
    make_old_journal(old, step)
    db = store.connect(old)
    writer = Writer(role=Role.MENTEE, origin="x", phase=Phase.BRIDGING_THE_GAP, now=NOW)
    with store.writing(db):
        db["note"].insert_all(
            (
                new_row(writer, {"text": f"note {i} " + "grant budget " * 5, "kind": "note", "tags": "[]"})
                for i in range(150_000)
            ),
            batch_size=5000,
        )
    db.close()
    rng = random.Random(7)
    started = time.monotonic()
    probe = tmp_path / "probe.db"
    probe.write_bytes(old.read_bytes())
    assert run_process("-j", str(probe), "status", "--json").returncode == 0
    whole = time.monotonic() - started
    for attempt in range(10):
        work = tmp_path / f"work-{attempt}.db"
        work.write_bytes(old.read_bytes())
        proc = subprocess.Popen(
            [sys.executable, "-m", "mentorlog", "-j", str(work), "status", "--json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.05, whole))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        conn = sqlite3.connect(work)
        try:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
            applied = step in {r[0] for r in conn.execute("select name from _sqlite_migrations")}
            indexed = conn.execute(
                "select 1 from sqlite_master where name = 'idx_note_kind_deleted'"
            ).fetchone()
            assert applied == bool(indexed), f"attempt {attempt}: the step and its record disagree"
        finally:
            conn.close()
        assert run_process("-j", str(work), "status", "--json").returncode == 0  # it opens (and finishes)
