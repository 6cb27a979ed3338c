"""init, journals, status, phase, demo: what a person types, and every bad journal file."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from .conftest import digest


def test_init_creates_a_private_journal_that_status_shows(cli, journal_path):
    assert journal_path.stat().st_mode & 0o777 == 0o600
    data = json.loads(cli("status", "--json").stdout)
    assert data["pair"] == {
        "mentor": "Tomaž Zupan",
        "mentee": "Maja Horvat",
        "me": "mentee",
        "programme": "Creative Mentorship",
        "starts_on": "2026-09-01",
        "ends_on": "2027-09-01",
    }
    assert data["phase"] == "getting-started"
    assert set(data) >= {"pair", "phase", "agreement", "next_session", "counts", "nudges"}
    assert set(data["agreement"]) == {"state", "version"}


def test_init_refuses_an_existing_journal_and_changes_nothing(cli, journal_path):
    before = digest(journal_path)
    result = cli("init", "--mentor", "X", "--mentee", "Y", "--me", "mentor")
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--journal" in result.stderr
    assert digest(journal_path) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--mentor", "", "--mentee", "Y", "--me", "mentor"], "mentor's name is empty"),
        (["--mentor", "X", "--mentee", "Y", "--me", "mentor", "--start", "soonish"], "as a date"),
        (
            [
                "--mentor",
                "X",
                "--mentee",
                "Y",
                "--me",
                "mentor",
                "--start",
                "2026-05-01",
                "--end",
                "2026-04-01",
            ],
            "must come after",
        ),
        (["--mentor", "X\x07", "--mentee", "Y", "--me", "mentor"], "control character"),
    ],
)
def test_init_rejects_bad_input_and_writes_nothing(cli, mentorlog_home, args, message):
    result = cli("init", *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert not (mentorlog_home / "journal.db").exists()


def bad_files(tmp_path):
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(4096))
    empty = tmp_path / "empty.db"
    empty.touch()
    text = tmp_path / "notes.db"
    text.write_text("Dear diary,\n")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table recipes (name text)")
    conn.commit()
    conn.close()
    return {"not SQLite": garbage, "empty": empty, "text": text, "other SQLite": other}


@pytest.mark.parametrize("kind", ["not SQLite", "empty", "text", "other SQLite"])
@pytest.mark.parametrize("command", [["status"], ["phase", "next"], ["status", "--json"]])
def test_files_that_are_not_journals_are_refused_untouched(cli, tmp_path, kind, command):
    path = bad_files(tmp_path)[kind]
    before = digest(path)
    result = cli("-j", str(path), *command)
    assert result.exit_code == 1
    assert "not a mentorlog journal" in result.stderr
    assert "Traceback" not in result.output
    assert digest(path) == before
    assert not list(tmp_path.glob("*.bak"))


def test_a_folder_is_refused(cli, tmp_path):
    folder = tmp_path / "dir.db"
    folder.mkdir()
    result = cli("-j", str(folder), "status")
    assert result.exit_code == 1 and "is a folder" in result.stderr
    assert list(folder.iterdir()) == []


def test_a_read_only_journal_is_refused_untouched(cli, journal_path):
    before = digest(journal_path)
    journal_path.chmod(0o400)
    try:
        result = cli("phase", "next")
        assert result.exit_code == 1
        assert "read-only" in result.stderr and "chmod u+w" in result.stderr
        assert digest(journal_path) == before
    finally:
        journal_path.chmod(0o600)


def test_a_newer_journal_is_refused_untouched(cli, journal_path):
    conn = sqlite3.connect(journal_path)
    conn.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) "
        "values ('mentorlog', 'm999_next_year', '2027-01-01')"
    )
    conn.commit()
    conn.close()
    before = digest(journal_path)
    result = cli("status")
    assert result.exit_code == 1
    assert "newer mentorlog" in result.stderr and "pip install -U mentorlog" in result.stderr
    assert digest(journal_path) == before


def test_phase_moves_on_and_is_stored_on_the_pair(cli, journal_path):
    assert "getting-started" in cli("phase").stdout
    result = cli("phase", "next", "--force")
    assert result.exit_code == 0 and "getting-started → here-and-now" in result.stdout
    assert json.loads(cli("phase", "--json").stdout) == {"phase": "here-and-now"}
    assert cli("phase", "final-reflection", "--force").exit_code == 0
    last = cli("phase", "next")
    assert last.exit_code == 1 and "mentorlog end" in last.stderr
    bad = cli("phase", "later")
    assert bad.exit_code == 1 and "bridging-the-gap" in bad.stderr
    row = sqlite3.connect(journal_path).execute("select current_phase, author from pair").fetchone()
    assert row == ("final-reflection", "mentee")


def test_journals_lists_good_and_bad_files(cli, journal_path, mentorlog_home):
    (mentorlog_home / "broken.db").write_text("nope")
    rows = {row["name"]: row for row in json.loads(cli("journals", "--json").stdout)}
    assert rows["journal"]["mentee"] == "Maja Horvat" and rows["journal"]["problem"] is None
    assert "not a mentorlog journal" in rows["broken"]["problem"]
    table = cli("journals").stdout
    assert "Maja Horvat" in table and "broken" in table


def test_journals_with_no_home_says_how_to_start(cli):
    result = cli("journals")
    assert result.exit_code == 0 and "mentorlog demo" in result.stdout


def test_demo_creates_and_recreates_the_demo_journal(cli, mentorlog_home):
    first = cli("demo")
    assert first.exit_code == 0, first.output
    assert "mentorlog --journal demo status" in first.stdout
    again = cli("demo")
    assert again.exit_code == 0
    data = json.loads(cli("-j", "demo", "status", "--json").stdout)
    assert data["pair"]["mentee"] == "Maja Horvat"
    assert data["phase"] == "final-reflection" and data["ended"]["kind"] == "completed"
    assert (mentorlog_home / "demo.db").stat().st_mode & 0o777 == 0o600


def test_demo_refuses_to_replace_a_file_that_is_not_a_journal(cli, mentorlog_home):
    mentorlog_home.mkdir(parents=True)
    precious = mentorlog_home / "demo.db"
    precious.write_text("my thesis")
    result = cli("demo")
    assert result.exit_code == 1 and "Move it aside" in result.stderr
    assert precious.read_text() == "my thesis"


def test_templates_path_is_in_the_home(cli, mentorlog_home):
    assert cli("templates", "path").stdout.strip() == str(mentorlog_home / "templates")
    result = cli("templates", "copy", "nope.md.j2")
    assert result.exit_code == 1 and "No built-in template" in result.stderr


def test_demo_holds_a_year_in_progress_with_a_rich_agenda(cli):
    assert cli("demo").exit_code == 0
    agenda = json.loads(cli("-j", "demo", "agenda", "--format", "json").stdout)
    assert agenda["session"]["state"] == "confirmed" and 0 < agenda["session"]["days_until"] <= 7
    assert agenda["topics"] and agenda["questions"] and agenda["actions"] and agenda["goals"]
    assert agenda["since_last"]["contacts"]
    states = {s["state"] for s in json.loads(cli("-j", "demo", "session", "list", "--all", "--json").stdout)}
    assert states == {"held", "confirmed", "proposed", "cancelled"}
    entries = json.loads(cli("-j", "demo", "log", "-n", "1000", "--json").stdout)
    assert {e["kind"] for e in entries} == {"note", "question", "idea", "decision", "lesson", "contact"}
    assert {e["visibility"] for e in entries} == {"shared", "private"}
    held = json.loads(cli("-j", "demo", "session", "show", "1", "--json").stdout)
    assert held["feedback"] and all(t["status"] == "discussed" for t in held["topics"])
