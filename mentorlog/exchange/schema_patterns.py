"""Regular expressions of the bundle's JSON Schema, made from the checks of fields.py: the
characters a text may not hold (asked of `fields.text_problem` for every code point), a tag's
characters, what counts as nothing, and the real calendar days and timestamps of `fields.YEARS`.

The patterns keep to what every reader's regular expressions share (ECMA-262 with the `u` flag,
as ajv uses them, and Python's `re`, as `jsonschema` does): ASCII digits spelled `[0-9]`,
characters as `\\uXXXX` (or themselves beyond the BMP), and the end of the text as `(?![\\s\\S])`,
since Python's `$` also matches before a final line break.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache
from typing import Any

from mentorlog import fields as schema

END = r"(?![\s\S])"  # the end of the text in every dialect (Python's `$` allows a final "\n")
BLOCK = 256  # code points asked of the checks at once: a clean block is clean in every character


# --- characters ---------------------------------------------------------------------------


def _point(code: int) -> str:
    return chr(code) if code > 0xFFFF else f"\\u{code:04x}"


def _char_class(codes: Iterable[int], *, negate: bool = False) -> str:
    """A regular-expression class of `codes`, written as ranges."""
    runs: list[list[int]] = []
    for code in sorted(codes):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    body = "".join(_point(low) if low == high else f"{_point(low)}-{_point(high)}" for low, high in runs)
    return f"[{'^' if negate else ''}{body}]"


def _codes(good_block: Any, good: Any) -> list[int]:
    """Every code point for which `good(chr)` is false, asking `good_block` of whole blocks first
    (the rules are per character: a block is clean when each of its characters is)."""
    bad: list[int] = []
    for start in range(0, 0x110000, BLOCK):
        block = "".join(map(chr, range(start, start + BLOCK)))
        if good_block(block):
            continue
        bad.extend(code for code in range(start, start + BLOCK) if not good(chr(code)))
    return bad


@cache
def character_classes() -> dict[str, str]:
    """The classes the text rules are made of: `forbidden` (in any text), `one_line` (forbidden on
    one line: line breaks too), `not_tag` (what a tag may not hold) and `blank` (what counts as
    nothing), each taken from the checks of fields.py."""
    forbidden = _codes(
        lambda s: schema.text_problem(s, multiline=True) is None,
        lambda c: schema.text_problem(c, multiline=True) is None,
    )
    one_line = _codes(
        lambda s: schema.text_problem(s, multiline=False) is None,
        lambda c: schema.text_problem(c, multiline=False) is None,
    )
    tag_char = re.compile(f"(?:{schema.TAG_CHAR})*")

    def taggable(text: str) -> bool:
        return tag_char.fullmatch(text) is not None and schema.text_problem(text, multiline=False) is None

    not_tag = _codes(taggable, taggable)
    return {
        "forbidden": _char_class(forbidden),
        "one_line": _char_class(one_line),
        "tag": _char_class(not_tag, negate=True),
        # what a text may not hold only (fields.EMPTY where the rules name the invisible too)
        "not_blank": _char_class((ord(c) for c in getattr(schema, "EMPTY", schema.BLANKS)), negate=True),
    }


# --- days and timestamps ------------------------------------------------------------------


def _digits(words: list[str]) -> str:
    """A pattern matching exactly `words` (digit strings of one length), shared prefixes merged."""
    if not words[0]:
        return ""
    tails: dict[str, set[str]] = defaultdict(set)
    for word in words:
        tails[word[0]].add(word[1:])
    firsts: dict[frozenset[str], list[str]] = defaultdict(list)
    for first, rest in tails.items():
        firsts[frozenset(rest)].append(first)
    parts = []
    for ends, chars in firsts.items():
        if len(chars) == 10:
            head = "[0-9]"
        elif len(chars) == 1:
            head = chars[0]
        else:
            head = "[" + "".join(sorted(chars)) + "]"
        parts.append(head + _digits(sorted(ends)))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(sorted(parts)) + ")"


@cache
def day_pattern() -> str:
    """`YYYY-MM-DD` of a real day in the years of fields.YEARS, without anchors."""
    low, high = schema.YEARS
    years = [f"{year:04d}" for year in range(low, high + 1)]
    leap = [y for y in years if _is_leap(int(y))]
    common_year = date(2001, 1, 1)
    days = sorted({(common_year + timedelta(days=n)).strftime("%m-%d") for n in range(365)})
    return f"(?:{_digits(years)}-{_digits(days)}|{_digits(leap)}-02-29)"


def _is_leap(year: int) -> bool:
    try:
        date(year, 2, 29)
    except ValueError:
        return False
    return True


def _stamp_pattern() -> str:
    times = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]
    return day_pattern() + "T" + _digits(times) + r"\.[0-9]{3}Z"


@cache
def patterns() -> dict[str, dict[str, Any]]:
    stamp = _stamp_pattern()
    return {
        "day": {"type": "string", "pattern": "^" + day_pattern() + END},
        "stamp": {"type": "string", "pattern": "^" + stamp + END},
        "version": {"type": "string", "pattern": "^" + stamp + " " + schema.ULID + END},
    }
