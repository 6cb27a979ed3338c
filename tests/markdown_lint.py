"""The Markdown linter the tests read mentorlog's Markdown with: pymarkdownlnt, with the repository's
configuration (`.pymarkdown`).

pymarkdown logs its whole list of tokens at every line it reads, and the message is an f-string, so
each token's debug text is made whether or not anything is logged: reading a document takes time
that grows with the square of its length (2.3 s for docs/commands.md, most of the suite's linting).
The tokens get an empty `repr` while the tests lint, made without running any Python (`str()`,
called with no argument: a static method is handed no token), so the list of tokens at every line
costs a join in C; what the linter finds is the same (`tests/test_markdown_lint.py` compares the
two on spoiled documents, and on the repository's own Markdown in the slow set), only the debug
text it never prints is shorter. And the HTML entity names, a JSON file pymarkdown reads again for
every document (about 6 ms), are read once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@cache
def quicker_linter() -> object:
    """Give pymarkdown's tokens an empty `repr`, and read its entity names once; returns the
    tokens' own `repr`."""
    from pymarkdown.inline.inline_character_reference_helper import InlineCharacterReferenceHelper as entities
    from pymarkdown.tokens.markdown_token import MarkdownToken

    had = MarkdownToken.__repr__
    MarkdownToken.__repr__ = staticmethod(str)  # type: ignore[assignment]
    load = "_InlineCharacterReferenceHelper__load_entity_map"  # only read from once loaded
    setattr(entities, load, staticmethod(cache(getattr(entities, load))))
    return had


def findings(text: str) -> list[str]:
    """What the linter finds in `text`: line:column, the rule and its description."""
    quicker_linter()
    return scan(text)


def scan(text: str) -> list[str]:
    """The same, with the tokens' `repr` as it stands."""
    from pymarkdown.api import PyMarkdownApi

    result = PyMarkdownApi().configuration_file_path(str(REPO / ".pymarkdown")).scan_string(text)
    return [
        f"{f.line_number}:{f.column_number} {f.rule_id} {f.rule_description}" for f in result.scan_failures
    ]
