"""Search looks for the words as typed (quoted with sqlite-utils' `quote_fts`); `--fts` reads the
query in SQLite's FTS5 syntax, and a query FTS5 cannot read gets a message naming that syntax."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import as_json, ok

NOTES = (
    "Apply for the grant",
    "Funding from the city",
    "Grant or funding, whichever comes first",
    "Granted at last",
    "grant-deadline is 3 March",
)


@pytest.fixture
def notes(cli, journal_path):
    for text in NOTES:
        ok(cli("note", text))


def found(cli, *args: str) -> set[str]:
    return {entry["text"] for entry in as_json(cli("search", *args, "--json"))}


@pytest.mark.parametrize(
    ("query", "as_typed", "fts"),
    [
        ("grant OR funding", {NOTES[2]}, {NOTES[0], NOTES[1], NOTES[2], NOTES[4]}),
        ('"from the city"', {NOTES[1]}, {NOTES[1]}),
        ("gran*", set(), {NOTES[0], NOTES[2], NOTES[3], NOTES[4]}),
        ("grant NOT funding", set(), {NOTES[0], NOTES[4]}),
        ("grant-deadline", {NOTES[4]}, None),
        ('"unbalanced', set(), None),
    ],
)
def test_words_as_typed_and_fts_syntax_on_request(cli, notes, query, as_typed, fts):
    assert found(cli, query) == as_typed
    if fts is not None:
        assert found(cli, "--fts", query) == fts


@pytest.mark.parametrize("query", ["grant AND (", '"unbalanced', "grant-deadline", "NEAR(grant"])
def test_a_query_fts5_cannot_read_names_the_syntax(cli, notes, query):
    result = cli("search", "--fts", query)
    assert result.exit_code == 1
    message = result.stderr
    assert "full-text syntax" in message and "leave out --fts" in message and "fts5.html" in message
    assert "Traceback" not in message and len(message.strip().splitlines()) <= 2


def test_nothing_to_search_for(cli, notes):
    result = cli("search", '""')
    assert result.exit_code == 1 and "Nothing to search for" in result.stderr


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(' "ab*-:()\tçO\u00a0R'), max_size=30) | st.text(max_size=30))
def test_the_quoting_is_sqlite_utils_quote_fts(query):
    """The store follows sqlite-utils' `quote_fts` (without importing it on every search): the
    same output for any text, quotes and white space of every kind included."""
    from sqlite_utils import Database

    from mentorlog.store.notes import quote_fts

    assert quote_fts(query) == Database(memory=True).quote_fts(query)
