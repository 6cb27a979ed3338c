"""Folders mentorlog makes are 0700 whatever the umask, and `share FILE` follows the `--out` rule:
an existing file is replaced only with `--force`."""

from __future__ import annotations

import os
import stat

import pytest

from .conftest import INIT, digest, ok


@pytest.fixture(params=[0o000, 0o022], ids=["umask-000", "umask-022"])
def umask(request):
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def mode(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_every_folder_mentorlog_makes_is_private(cli, tmp_path, monkeypatch, umask):
    home = tmp_path / "nested" / "home"  # two folders to make before the journal
    monkeypatch.setenv("MENTORLOG_HOME", str(home))
    ok(cli(*INIT))
    assert {p.name: mode(p) for p in (tmp_path / "nested", home)} == {"nested": 0o700, "home": 0o700}
    assert mode(home / "journal.db") == 0o600
    ok(cli("backup"))
    backups = home / "backups"
    assert mode(backups) == 0o700
    assert [mode(p) for p in backups.iterdir()] == [0o600]
    ok(cli("templates", "copy", "agenda"))
    assert mode(home / "templates") == 0o700
    assert mode(home / "templates" / "agenda.md.j2") == 0o600


def test_a_journal_by_path_gets_its_folders_private(cli, tmp_path, umask):
    journal = tmp_path / "a" / "b" / "maja.db"
    ok(cli("--journal", str(journal), *INIT))
    assert [mode(tmp_path / "a"), mode(tmp_path / "a" / "b"), mode(journal)] == [0o700, 0o700, 0o600]


def test_share_never_replaces_a_file_without_force(cli, journal_path, tmp_path):
    keep = tmp_path / "notes.txt"
    keep.write_text("my own notes, not a bundle\n")
    before = digest(keep)
    result = cli("share", str(keep), "--plain")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {keep} exists already; add --force to replace it"), result.stderr
    assert digest(keep) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary left
    ok(cli("share", str(keep), "--plain", "--force"))
    assert keep.read_text().startswith("{")  # the bundle, as asked


def test_share_never_writes_over_a_journal_even_with_force(cli, journal_path, tmp_path):
    before = digest(journal_path)
    result = cli("share", str(journal_path), "--plain", "--force")
    assert result.exit_code == 1
    assert "is a journal (an SQLite database); mentorlog never writes over one" in result.stderr
    assert digest(journal_path) == before
