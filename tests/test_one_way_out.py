"""One way out for every command (docs/architecture.md, "One way out"): a command hands its result
to the formatter chosen from its `--json`, and never branches on the flag or prints JSON itself;
the context it runs with does not change once made."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

CLI = Path(__file__).resolve().parent.parent / "mentorlog" / "cli"


def _reads(node: ast.AST, name: str) -> bool:
    return any(isinstance(inner, ast.Name) and inner.id == name for inner in ast.walk(node))


def branches_on_the_flag(path: Path) -> list[str]:
    """Where a module of cli/ decides by `json_output` itself (an `if`, a conditional expression
    or a boolean test), or prints JSON itself, rather than through `cli/output.py` (where the
    choice is made, once)."""
    if path.name == "output.py":
        return []
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text())):
        tests = []
        if isinstance(node, ast.If | ast.IfExp | ast.While):
            tests.append(node.test)
        elif isinstance(node, ast.BoolOp):
            tests.extend(node.values)
        if any(_reads(test, "json_output") for test in tests):
            found.append((node.lineno, f"{path.name}:{node.lineno} decides by json_output"))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
            if called == "emit_json" and path.name != "common.py":
                found.append((node.lineno, f"{path.name}:{node.lineno} prints JSON itself"))
    return [place for _, place in sorted(found)]


def test_no_command_branches_on_json_or_prints_it_itself():
    found = [place for path in sorted(CLI.glob("*.py")) for place in branches_on_the_flag(path)]
    assert found == []


def test_the_check_sees_a_command_that_branches(tmp_path):
    """The check above finds the plumbing it replaced (so it cannot pass by seeing nothing)."""
    old = tmp_path / "old.py"
    old.write_text(
        "def show(json_output):\n"
        "    if json_output:\n"
        "        common.emit_json({})\n"
        "        return\n"
        "    common.say('x') if not json_output else None\n"
    )
    assert branches_on_the_flag(old) == [
        "old.py:2 decides by json_output",
        "old.py:3 prints JSON itself",
        "old.py:5 decides by json_output",
    ]


def test_a_commands_context_does_not_change_once_made():
    from mentorlog.cli.context import Command
    from mentorlog.cli.output import JSON, WORDS

    made = Command("bo", None, datetime(2026, 11, 21, 14, 30, tzinfo=UTC), WORDS)
    with pytest.raises(AttributeError):
        made.out = JSON  # type: ignore[misc]
    with pytest.raises(AttributeError):
        made.now = datetime(2027, 1, 1, tzinfo=UTC)  # type: ignore[misc]
    assert made.out is WORDS and made.now.year == 2026


def test_json_keeps_only_the_documented_keys_of_a_list_and_leaves_sentences_out(capsys):
    from mentorlog.cli.output import JSON

    JSON.listed([{"number": 1, "secret": "x"}], "No rows.", "sessions.sessions_table", ("number",))
    JSON.said({"number": 2}, "Session 2 held.")
    printed = capsys.readouterr().out
    assert "No rows." not in printed and "held" not in printed
    import json

    first, second = printed.split("\n]\n")
    assert json.loads(first + "\n]") == [{"number": 1}]
    assert json.loads(second) == {"number": 2}


def test_a_format_a_command_does_not_make_is_refused_naming_those_it_does():
    import typer

    from mentorlog.cli.output import format_choice

    assert format_choice("html", ("markdown", "html")) == "html"
    with pytest.raises(typer.BadParameter, match=r"^use markdown, html or json\.$"):
        format_choice("pdf", ("markdown", "html", "json"))


def test_making_an_entry_private_or_shared_says_what_became_of_it(cli, journal_path):
    """`edit --private|--shared` in words built in render: each of the four cases of its sentence."""
    from .conftest import as_json, ok

    def run(*args: str) -> Any:
        return ok(cli("-j", str(journal_path), *args))

    def said(*args: str) -> str:
        return str(run(*args).stdout)

    note = as_json(run("note", "A thought", "--json"))["short_id"]
    assert f"Note {note} is already private." in said("edit", note, "--private")
    assert f"Note {note} is shared now: " in said("edit", note, "--shared")
    assert f"Note {note} is private now; it was never shared." in said("edit", note, "--private")
    topic = as_json(run("topic", "add", "Fees", "--json"))["short_id"]
    run("share", str(journal_path.parent / "bundle.json"), "--plain")
    words = said("edit", topic, "--private")
    assert f"Topic {topic} is private now: it stops travelling, but your partner already has it" in words
