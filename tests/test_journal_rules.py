"""The journal's rules follow the code: its value checks carry the fingerprint of the rules they were
made from and are made anew when the code's rules differ; anything in the schema that mentorlog did
not make is named when the journal is opened, and the journal is not used until it is removed."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
from enum import StrEnum

import pytest

from mentorlog import fields
from mentorlog.model import NoteKind
from mentorlog.sessions import notes as note_service
from mentorlog.store import checks, journal

from .conftest import digest, ok, run_process

MARK = re.compile(r"/\* mentorlog rules ([0-9a-f]{8}) \*/")


def schema(path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        found = conn.execute("select name, sql from sqlite_master where sql is not null")
        return dict(found.fetchall())
    finally:
        conn.close()


def marks(path) -> set[str]:
    """The fingerprints the journal's check triggers carry."""
    return {MARK.search(sql).group(1) for name, sql in schema(path).items() if name.startswith("check_")}


def execute(path, sql: str, params=()) -> None:
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute(sql, params)
    finally:
        conn.close()


@pytest.fixture
def insight(monkeypatch):
    """The code with one more kind of note, `insight`, as a later mentorlog might have it."""
    kinds = {member.name: member.value for member in NoteKind} | {"INSIGHT": "insight"}
    wider = StrEnum("NoteKind", kinds)  # type: ignore[misc]
    spec = fields.TABLES["note"]["kind"]
    monkeypatch.setitem(fields.TABLES["note"], "kind", spec._replace(domain=fields.Choice(wider)))
    monkeypatch.setattr(note_service, "NoteKind", wider)
    return wider


def test_a_new_choice_reaches_a_journal_made_before_it(cli, journal_path, insight):
    """A journal made at the last schema step by the code as it was; the code gains a note kind;
    the first command that opens the journal makes its checks anew, and the new kind is written."""
    made = schema(journal_path)["check_note_values"]  # the note's conditions (store/checks.py)
    said = ok(cli("note", "--kind", "insight", "Residencies matter more than prizes")).stdout
    assert said.startswith("Saved private insight ")
    conn = sqlite3.connect(journal_path)
    assert conn.execute("select kind, text from note").fetchall() == [
        ("insight", "Residencies matter more than prizes")
    ]
    conn.close()
    now = schema(journal_path)["check_note_values"]
    assert "new.kind = 'insight'" in now and "new.kind = 'insight'" not in made
    (after,) = marks(journal_path)  # one fingerprint on every check, not the one before
    assert MARK.search(made) is None or MARK.search(made).group(1) != after
    with pytest.raises(sqlite3.IntegrityError, match="mentorlog: note.kind cannot hold that value"):
        execute(
            journal_path,
            "update note set kind = 'rumour'",  # the journal still refuses what no rule allows
        )


def test_checks_made_anew_only_when_the_rules_differ(cli, journal_path):
    ok(cli("status"))  # opened by the code that made it: nothing to do
    before = digest(journal_path)
    ok(cli("status"))
    assert digest(journal_path) == before
    assert len(marks(journal_path)) == 1


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("check_note_values", "drop"),  # the conditions
        ("check_note_values", "weaken"),
        ("check_note_insert", "drop"),  # the trigger that hands them a new row
        ("check_note", "drop"),  # the view they are on (its trigger goes with it)
    ],
)
def test_a_check_dropped_or_changed_by_another_program_is_made_anew(cli, journal_path, name, change):
    made = schema(journal_path)[name]
    kind = "view" if name == "check_note" else "trigger"
    execute(journal_path, f"drop {kind} [{name}]")
    if change == "weaken":  # the same name, a check that lets everything through
        execute(journal_path, made.replace("select case", "select case when 1 = 0 then 1", 1).replace(
            "when not (", "when 1 = 0 and not (", 1))  # fmt: skip
    ok(cli("status"))
    assert schema(journal_path)[name] == made
    with pytest.raises(sqlite3.IntegrityError, match="mentorlog: note"):
        execute(
            journal_path,
            "insert into note (id, created_at, updated_at, author, origin, phase, visibility, text, kind) "
            "select ?, created_at, updated_at, author, origin, phase, 'private', ?, 'note' from pair",
            ["01kz00000000000000000000aa", "\x1b]0;owned\x07"],
        )


LEAK = (
    "create trigger share_private_notes after insert on note begin "
    "update note set visibility = 'shared' where id = new.id; end"
)


def test_a_trigger_mentorlog_did_not_make_stops_the_journal_until_removed(cli, journal_path):
    execute(journal_path, LEAK)
    before = digest(journal_path)
    result = cli("note", "Only for me: the canary 7f3a")
    assert result.exit_code == 1
    first, second = result.stderr.splitlines()
    assert first == (
        f"Error: The journal {journal_path} holds what mentorlog did not make "
        "(trigger share_private_notes): it could change what is written or shared, "
        "so the journal is not used."
    )
    assert second.startswith("`mentorlog --debug status` shows it; remove it to go on: `sqlite3 ")
    assert digest(journal_path) == before
    assert "Traceback" not in result.output
    # what it printed works when pasted
    command = second.split(": `", 1)[1].rstrip("`.")
    if shutil.which("sqlite3"):
        subprocess.run(command, shell=True, check=True)
    else:  # pragma: no cover - the same statement through Python's sqlite3
        execute(journal_path, "drop trigger [share_private_notes]")
    said = ok(cli("note", "Only for me: the canary 7f3a")).stdout
    assert said.startswith("Saved private note ")
    conn = sqlite3.connect(journal_path)
    assert conn.execute("select visibility from note").fetchall() == [("private",)]
    conn.close()


def test_debug_shows_what_was_not_made_by_mentorlog(journal_path):
    execute(journal_path, LEAK)
    execute(journal_path, "create view everything as select * from note")
    execute(journal_path, "create table stash (value)")
    before = digest(journal_path)
    plain = run_process("-j", str(journal_path), "status")
    assert plain.returncode == 1
    assert "(trigger share_private_notes, view everything, table stash)" in plain.stderr.decode()
    assert b"Traceback" not in plain.stderr
    debug = run_process("-j", str(journal_path), "--debug", "status")
    assert debug.returncode == 1
    shown = debug.stderr.decode()
    assert "update note set visibility = 'shared' where id = new.id" in shown
    assert "create view everything as select * from note" in shown.lower()
    assert "ForeignSchema" in shown
    assert digest(journal_path) == before


def test_mentorlog_knows_every_object_it_makes(journal_path, tmp_path):
    """A new journal and one migrated from the first schema step hold only what mentorlog makes, and
    together all of it."""
    from mentorlog.store.migrations import STEPS

    from .test_store import make_old_journal

    old = tmp_path / "old.db"
    make_old_journal(old, STEPS[1])
    journal.open_journal(old, "old").close()
    found = set()
    for path in (journal_path, old):
        conn = sqlite3.connect(path)
        objects = conn.execute("select type, name, sql from sqlite_master").fetchall()
        conn.close()
        assert checks.foreign(objects) == []
        found |= {(kind, name) for kind, name, _ in objects if kind in ("table", "trigger", "view")}
    assert found == set(checks.own_objects())


def test_the_checks_are_made_once_for_all_the_journals_a_command_opens(journal_path, tmp_path, monkeypatch):
    """`journals` opens every journal: each is compared with the checks the rules make, made once."""
    other = tmp_path / "other.db"
    shutil.copyfile(journal_path, other)
    made = []
    real = checks.triggers

    def counted(columns):
        made.append(columns)
        return real(columns)

    monkeypatch.setattr(checks, "_made", {})
    monkeypatch.setattr(checks, "triggers", counted)
    for path in (journal_path, other, journal_path):
        journal.open_journal(path, path.name).close()
    assert len(made) == 1
