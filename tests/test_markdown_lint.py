"""The tests' Markdown linter (tests/markdown_lint.py) finds what pymarkdown finds with its tokens'
own `repr`: the empty one only spares the debug text pymarkdown makes at every line it reads."""

from __future__ import annotations

import pytest

from .markdown_lint import REPO, findings, quicker_linter, scan

SPOILED = [
    "# a\n# a\nb  \n",
    "* a\n+ b\n\n1. x\n3. y\n> q\n>\n> - z\n```\nunclosed\n",
    "Title\n=====\n\n## x\n#### y\n|a|b|\n|-|\n|1|2|3|\n",
    "# Report\n\n- [link](<>)\n  * nested\n\n\n\nText with <b>html</b> and trailing tab\t\n",
    "## Starts at two\n\n> > deep\n> quote\n\n    indented code\n```\nfenced\n```\n",
]


def with_own_repr(text: str) -> list[str]:
    """What the linter finds with the tokens' own `repr` back for the while."""
    from pymarkdown.tokens.markdown_token import MarkdownToken

    short = vars(MarkdownToken)["__repr__"]  # the static method itself, not what it hands out
    MarkdownToken.__repr__ = quicker_linter()  # type: ignore[method-assign]
    try:
        return scan(text)
    finally:
        MarkdownToken.__repr__ = short  # type: ignore[method-assign]


@pytest.mark.parametrize("text", SPOILED)
def test_the_short_repr_finds_what_the_own_repr_finds(text):
    found = findings(text)
    assert found  # each sample is spoiled: not a comparison of two empty lists
    assert with_own_repr(text) == found


@pytest.mark.slow
@pytest.mark.parametrize("name", ["README.md", "CHANGELOG.md", "docs/commands.md", "docs/architecture.md"])
def test_the_repositorys_markdown_reads_the_same_both_ways(name):
    text = (REPO / name).read_text()
    assert with_own_repr(text) == findings(text)
