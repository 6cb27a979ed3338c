"""docs/commands.md is the commands' own `--help`, made by `python -m mentorlog.cli.reference`: it
fails here as soon as a command's help and the checked-in reference disagree, and it is read by the
Markdown linter like every other Markdown mentorlog writes."""

from __future__ import annotations

import re
from pathlib import Path

from mentorlog.cli import COMMANDS
from tests.test_outputs_reports import lint

DOCS = Path(__file__).resolve().parent.parent / "docs" / "commands.md"


def test_the_checked_in_reference_is_what_the_commands_print(generated_files):
    made = generated_files["docs/commands.md"]
    assert DOCS.read_text() == made, (
        "docs/commands.md differs from the commands' --help: run "
        "`python -m mentorlog.cli.reference > docs/commands.md` and commit the result"
    )


def test_the_reference_has_every_command_and_reads_as_markdown():
    text = DOCS.read_text()
    titles = re.findall(r"^## mentorlog ?(.*)$", text, flags=re.MULTILINE)
    assert {title.split(" ")[0] for title in titles if title} == {name for name, _, _ in COMMANDS}
    assert "" in titles  # the root's help, with the date grammar
    assert lint(text) == []
