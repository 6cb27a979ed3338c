"""Control characters shown as visible escapes (render/controls.py, by `str.translate`), checked
against the same rule written as a regular expression."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from mentorlog.render.controls import visible_controls

RULE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def by_the_rule(text: str) -> str:
    def one(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"

    return RULE.sub(one, text.replace("\r\n", "\n"))


NEAR = st.sampled_from(
    [chr(c) for c in (*range(0, 0x30), *range(0x7E, 0xA2), *range(0x2026, 0x2030), *range(0x2064, 0x206C))]
)


@given(st.text(NEAR | st.characters(), max_size=60))
def test_every_control_character_and_only_those_is_made_visible(text):
    assert visible_controls(text) == by_the_rule(text)


def test_escape_sequences_and_line_ends():
    assert visible_controls("\x1b]0;title\x07a\r\nb\rc\u202e\t") == "\\x1b]0;title\\x07a\nb\\x0dc\\u202e\t"
    assert visible_controls(None) == ""
