"""Writing files: `--out`, `--force`, `-`, the journal and its sidecars, non-regular files,
permissions whatever the umask, atomic writes, leftovers of killed runs, and user templates."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import digest, ok

AS_ROOT = os.geteuid() == 0
needs_non_root = pytest.mark.skipif(AS_ROOT, reason="root ignores file permissions; run the suite as a user")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def umask_000():
    old = os.umask(0)
    yield
    os.umask(old)


def test_out_refuses_an_existing_file_without_force(cli, journal_path, tmp_path):
    out = tmp_path / "agreement.md"
    out.write_text("mine")
    for args in (
        ("report", "agreement", "--out", str(out)),
        ("certificate", "--out", str(out)),
        ("agenda", "--format", "markdown", "--out", str(out)),
        ("calendar", "--out", str(out)),
        ("export", "--format", "json", "--out", str(out)),
        ("export", "--format", "markdown", "--out", str(out)),
    ):
        result = cli(*args)
        assert result.exit_code == 1, args
        assert "exists already; add --force" in result.stderr or "certificate confirms" in result.stderr, args
        assert out.read_text() == "mine", args
    ok(cli("report", "agreement", "--out", str(out), "--force"))
    assert out.read_text().startswith("# Mentorship agreement") and mode(out) == 0o600
    ok(cli("export", "--format", "json", "--out", str(out), "--force"))
    assert out.read_text().startswith("{")


def test_dash_is_standard_output(cli, journal_path, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert ok(cli("report", "agreement", "--out", "-")).stdout.startswith("# Mentorship agreement")
    assert ok(cli("calendar", "--out", "-")).stdout.startswith("BEGIN:VCALENDAR")
    exported = ok(cli("export", "--format", "json", "--out", "-")).stdout
    assert exported.startswith("{") and "Exported" not in exported
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_never_over_the_journal_or_its_sidecars_even_with_force(cli, journal_path, suffix):
    ok(cli("note", "kept"))
    target = Path(f"{journal_path}{suffix}")
    before = digest(journal_path)
    existed = target.exists()
    sidecar = target.read_bytes() if existed and suffix else None
    result = cli("export", "--format", "markdown", "--out", str(target), "--force")
    assert result.exit_code == 1
    assert "journal" in result.stderr and "never writes over" in result.stderr
    assert digest(journal_path) == before or suffix  # the journal file is untouched
    if sidecar is not None:
        assert target.read_bytes() == sidecar
    assert ok(cli("log")).stdout.count("kept") == 1


def test_never_a_folder_a_device_or_a_link_to_one(cli, journal_path, tmp_path):
    result = cli("calendar", "--out", str(tmp_path), "--force")
    assert result.exit_code == 1 and "is a folder; give a file name" in result.stderr
    result = cli("calendar", "--out", os.devnull, "--force")
    assert result.exit_code == 1 and "is a device" in result.stderr and "Use `-`" in result.stderr
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)  # still the device
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = cli("calendar", "--out", str(fifo), "--force")
    assert result.exit_code == 1 and "named pipe" in result.stderr
    link = tmp_path / "to-null"
    link.symlink_to(os.devnull)
    result = cli("calendar", "--out", str(link), "--force")
    assert result.exit_code == 1 and "symbolic link to a device" in result.stderr
    assert link.is_symlink()
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    result = cli("calendar", "--out", str(dangling))
    assert result.exit_code == 1 and "does not exist" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_a_link_to_a_regular_file_replaces_that_file_with_force(cli, journal_path, tmp_path):
    real = tmp_path / "real.ics"
    real.write_text("old")
    link = tmp_path / "link.ics"
    link.symlink_to(real)
    assert cli("calendar", "--out", str(link)).exit_code == 1
    ok(cli("calendar", "--out", str(link), "--force"))
    assert link.is_symlink() and real.read_text().startswith("BEGIN:VCALENDAR") and mode(real) == 0o600


def test_a_missing_folder_is_named(cli, journal_path, tmp_path):
    result = cli("report", "agreement", "--out", str(tmp_path / "no" / "such" / "r.md"))
    assert result.exit_code == 1 and "does not exist; create it (`mkdir -p" in result.stderr


def test_files_are_0600_and_folders_0700_whatever_the_umask(cli, journal_path, tmp_path, umask_000):
    from mentorlog.journal import files

    out = tmp_path / "r.md"
    ok(cli("report", "agreement", "--out", str(out)))
    assert mode(out) == 0o600
    made = files.private_folder(tmp_path / "a" / "b")
    assert mode(made) == 0o700 and mode(made.parent) == 0o700
    ok(cli("templates", "copy", "agenda"))
    copied = journal_path.parent / "templates" / "agenda.md.j2"
    assert mode(copied) == 0o600 and mode(copied.parent) == 0o700


def test_the_write_is_atomic_and_fsynced(tmp_path, monkeypatch):
    from mentorlog.journal import files

    target = tmp_path / "r.md"
    target.write_text("old")
    synced, renamed = [], []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    monkeypatch.setattr(
        os, "replace", lambda a, b: (renamed.append((Path(a), Path(b))), real_replace(a, b))[1]
    )
    files.write_private(target, "new")
    assert target.read_text() == "new"
    assert len(synced) == 2  # the file before the rename, the folder after it
    (temp, final), = renamed  # fmt: skip
    assert final == target and temp.parent == tmp_path and temp.name.endswith(files.TEMP_SUFFIX)
    assert os.listdir(tmp_path) == ["r.md"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    from mentorlog.journal import files

    target = tmp_path / "r.md"
    target.write_text("old")

    def full(fd):  # a full disk shows at the latest when the data must reach it
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(files.WriteFailed, match="The disk is full .* nothing was written"):
        files.write_private(target, "new")
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["r.md"]


def test_a_full_disk_is_named_at_the_cli(cli, journal_path, tmp_path, monkeypatch):
    from mentorlog.journal import files

    def full(path, data, replace_existing):
        raise files._os_error(OSError(errno.ENOSPC, "No space left on device"), path)

    monkeypatch.setattr(files, "_write_atomically", full)
    result = cli("report", "agreement", "--out", str(tmp_path / "r.md"))
    assert result.exit_code == 1
    assert "The disk is full" in result.stderr and "Something unexpected" not in result.stderr


@needs_non_root
def test_permission_denied_is_named(cli, journal_path, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = cli("report", "agreement", "--out", str(locked / "r.md"))
    finally:
        locked.chmod(0o700)
    assert result.exit_code == 1
    assert "Permission denied" in result.stderr and "Something unexpected" not in result.stderr


def test_temporary_files_of_a_killed_run_are_cleaned_on_the_next_write(tmp_path):
    from mentorlog.journal import files

    target = tmp_path / "report.md"
    script = (
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from mentorlog.journal import files\n"
        "os.replace = lambda a, b: os.kill(os.getpid(), signal.SIGKILL)  # killed just before the rename\n"
        f"files.write_private(Path({str(target)!r}), 'half')\n"
    )
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert killed.returncode == -9
    left = [name for name in os.listdir(tmp_path) if name.endswith(files.TEMP_SUFFIX)]
    assert len(left) == 1 and not target.exists()
    mine = tmp_path / f".other.{files._host()}-{os.getpid()}.0123abcd{files.TEMP_SUFFIX}"
    mine.write_text("a write in progress in a live process")
    files.write_private(tmp_path / "other.md", "whole")
    names = sorted(os.listdir(tmp_path))
    assert left[0] not in names  # the dead run's leftover is gone
    assert mine.name in names  # a live process's temporary file is left alone


def test_templates_copy_never_follows_a_link(cli, mentorlog_home, tmp_path):
    folder = mentorlog_home / "templates"
    folder.mkdir(parents=True)
    folder.chmod(0o700)
    elsewhere = tmp_path / "elsewhere.j2"
    (folder / "agenda.md.j2").symlink_to(elsewhere)  # dangling
    result = cli("templates", "copy", "agenda")
    assert result.exit_code == 1 and "symbolic link" in result.stderr
    assert not elsewhere.exists()


def test_user_templates_render_in_the_sandbox(cli, journal_path, mentorlog_home):
    ok(cli("templates", "copy", "agreement"))
    template = mentorlog_home / "templates" / "agreement.md.j2"
    template.write_text("{{ cycler.__init__.__globals__.os.popen('echo pwned').read() }}\n")
    result = cli("report", "agreement")
    assert result.exit_code == 1 and "pwned" not in result.stdout
    assert "tried something templates may not do" in result.stderr


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_template_others_can_change_is_refused(cli, journal_path, mentorlog_home, what):
    ok(cli("templates", "copy", "agreement"))
    template = mentorlog_home / "templates" / "agreement.md.j2"
    target = template if what == "file" else template.parent
    target.chmod(0o666 if what == "file" else 0o777)
    result = cli("report", "agreement")
    assert result.exit_code == 1
    assert "can be changed by other users" in result.stderr and f"chmod go-w {target}" in result.stderr
    target.chmod(0o600 if what == "file" else 0o700)
    ok(cli("report", "agreement"))


def test_a_template_changed_between_two_reports_renders_as_changed(cli, journal_path, mentorlog_home):
    """Templates are compiled once per process (tests run many commands in one): a change of the
    user's template is never served the code compiled for the old text, nor the built-in one the
    code of the user's template of the same name."""
    ok(cli("templates", "copy", "agreement"))
    template = mentorlog_home / "templates" / "agreement.md.j2"
    template.write_text("# First text {{ pair.mentee }}\n")
    assert ok(cli("report", "agreement")).stdout == "# First text Maja Horvat\n"
    template.write_text("# Second text {{ pair.mentee }}\n")
    assert ok(cli("report", "agreement")).stdout == "# Second text Maja Horvat\n"
    template.unlink()
    assert ok(cli("report", "agreement")).stdout.startswith("# Mentorship agreement\n")
