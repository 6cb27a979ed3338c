"""The CLI root: help everywhere, one error path, exit codes, markup safety, light start-up."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer

from mentorlog.cli import app

from .conftest import ok, run_process


def walk(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, (*path, name))


def test_every_command_has_help_text(cli):
    root = typer.main.get_command(app)
    seen = 0
    for path, command in walk(root):
        assert (command.help or "").strip(), f"`{' '.join(path)}` has no help text"
        for param in command.params:
            if isinstance(param, typer.core.TyperOption) and param.name not in ("help",):
                assert (param.help or "").strip(), f"`{' '.join(path)} {param.opts[0]}` has no help"
        result = cli(*path, "--help")
        assert result.exit_code == 0, (path, result.output)
        seen += 1
    assert seen >= 8


def test_root_help_points_to_the_date_grammar(cli):
    out = cli("--help").stdout
    assert "Dates and times" in out and "in 2 weeks" in out and "next tue" in out


def test_version():
    result = run_process("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("mentorlog 0.")


def test_version_keeps_heavy_imports_away():
    code = (
        "import sys\n"
        "from mentorlog.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('jinja2', 'dateutil.rrule', 'icalendar', 'rich', 'markdown_it')"
        " if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("mentorlog 0.")
    assert out.stdout.strip().splitlines()[-1] == "heavy=", out.stdout


def test_no_journal_names_init(cli):
    result = cli("status")
    assert result.exit_code == 1
    assert "mentorlog init" in result.stderr
    assert "Traceback" not in result.output


def test_usage_errors_exit_2(cli):
    assert cli("status", "--bogus").exit_code == 2
    assert cli("--as", "boss", "status").exit_code == 2
    assert cli("no-such-command").exit_code == 2


def test_errors_have_no_traceback_unless_debug():
    plain = run_process("status")
    assert plain.returncode == 1
    assert b"Traceback" not in plain.stderr
    assert plain.stderr.decode().startswith("Error: No journal")
    debug = run_process("--debug", "status")
    assert debug.returncode == 1
    assert b"Traceback" in debug.stderr and b"NotFound" in debug.stderr


def test_user_text_is_never_markup(cli):
    result = cli("init", "--mentor", "[bold red]Mentor[/]", "--mentee", "[link=x]Me[/link]", "--me", "mentee")
    assert result.exit_code == 0
    out = cli("status").stdout
    assert "[bold red]Mentor[/]" in out and "[link=x]Me[/link]" in out


def test_no_color_is_honoured(journal_path):
    coloured = run_process("status", env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    assert b"\x1b[" in coloured.stdout
    plain = run_process("status", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert plain.returncode == 0
    assert b"\x1b[3" not in plain.stdout and b"\x1b[9" not in plain.stdout


def test_piped_output_has_no_escape_codes(journal_path):
    result = run_process("status")
    assert result.returncode == 0 and b"\x1b[" not in result.stdout


def test_journal_option_env_and_path_forms(cli, mentorlog_home, tmp_path):
    assert cli("-j", "work", "init", "--mentor", "A B", "--mentee", "C D", "--me", "mentor").exit_code == 0
    assert (mentorlog_home / "work.db").exists()
    assert cli("status", env={"MENTORLOG_JOURNAL": "work"}).exit_code == 0
    elsewhere = tmp_path / "sub" / "pair.db"
    assert (
        cli("-j", str(elsewhere), "init", "--mentor", "A", "--mentee", "C", "--me", "mentee").exit_code == 0
    )
    data = json.loads(cli("-j", str(elsewhere), "status", "--json").stdout)
    assert data["pair"]["me"] == "mentee"


def test_shell_completion_is_offered(cli):
    out = cli("--help").stdout
    assert "--install-completion" in out and "--show-completion" in out


def test_a_reader_that_goes_away_is_no_error(journal_path):
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # like `| head` that has already read enough
    proc = subprocess.run(
        [sys.executable, "-m", "mentorlog", "status", "--json"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        timeout=60,
    )
    os.close(write_end)
    assert proc.returncode == 0
    assert proc.stderr == b""


@pytest.mark.parametrize("args", [["note", "a quick one", "-q"], ["log"], ["search", "quick"]])
def test_quick_commands_keep_heavy_imports_away(cli, journal_path, args):
    ok(cli("note", "a quick one", "-q"))
    code = (
        "import sys\n"
        "from mentorlog.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('sqlite_utils', 'jinja2', 'rich', 'dateutil.rrule', 'icalendar', 'markdown_it')"
        " if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "a quick one" in out.stdout or "Saved private question" in out.stdout
    assert out.stdout.strip().splitlines()[-1] == "heavy=", out.stdout


def test_only_the_command_run_is_built():
    from mentorlog.cli import NAMES, wanted_commands

    assert wanted_commands(["note", "x"]) == {"note"}
    assert wanted_commands(["-j", "note", "status"]) == {"status"}  # `note` is the journal's name here
    assert wanted_commands(["--as", "mentor", "agreement", "approve"]) == {"agreement"}
    assert wanted_commands(["--version"]) == set()
    assert wanted_commands([]) is None and wanted_commands(["--help"]) is None
    assert wanted_commands(["nte"]) is None  # a typo gets every command, for "did you mean"
    assert {"note", "agenda", "merge", "report"} <= NAMES


def test_shell_completion_completes_commands_and_subcommands(journal_path):
    env = {"_MENTORLOG_COMPLETE": "complete_bash", "COMP_WORDS": "mentorlog session c", "COMP_CWORD": "2"}
    result = run_process(env=env)
    assert result.returncode == 0
    assert set(result.stdout.decode().split()) == {"confirm", "cancel"}
