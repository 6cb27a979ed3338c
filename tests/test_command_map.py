"""docs/command-map.md is read from the code by `python -m mentorlog.cli.command_map`: it fails here
as soon as a command's use case, storage or rendering moves and the checked-in map does not, and
every module and function it names exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from tests.test_outputs_reports import lint

REPO = Path(__file__).resolve().parent.parent
MAP = REPO / "docs" / "command-map.md"
REFERENCE = REPO / "docs" / "commands.md"


def test_the_checked_in_map_is_what_the_code_says(generated_files):
    assert MAP.read_text() == generated_files["docs/command-map.md"], (
        "docs/command-map.md differs from the code: run "
        "`python -m mentorlog.cli.reference --write` and commit the result"
    )


def rows() -> dict[str, list[str]]:
    found = {}
    for line in MAP.read_text().splitlines():
        match = re.match(r"\| `([a-z][a-z -]*)` \| (.*) \|$", line)
        if match:
            found[match.group(1)] = match.group(2).split(" | ")
    return found


def test_every_command_of_the_reference_has_a_line():
    commands = set(re.findall(r"^## mentorlog (.+)$", REFERENCE.read_text(), flags=re.MULTILINE))
    groups = {name for name in commands if any(other.startswith(name + " ") for other in commands)}
    assert set(rows()) == commands - groups


def test_every_module_and_function_named_exists():
    named = 0
    for command, cells in rows().items():
        for cell in cells:
            for where, functions in re.findall(r"`([a-z_/.0-9-]+)`: ([a-z_, ]+|[A-Z]+[a-z_.0-9-]*)", cell):
                if where == "templates":
                    continue
                module = importlib.import_module("mentorlog." + where.removesuffix(".py").replace("/", "."))
                for function in functions.split(", "):
                    assert callable(getattr(module, function, None)), (command, where, function)
                    named += 1
    assert named > 300  # the map is not empty


def test_the_map_reads_as_markdown():
    assert lint(MAP.read_text()) == []


def test_the_line_architecture_md_quotes_is_the_maps():
    quoted = [
        line
        for line in (REPO / "docs" / "architecture.md").read_text().splitlines()
        if line.startswith("| `")
    ]
    assert quoted and all(line in MAP.read_text().splitlines() for line in quoted)
