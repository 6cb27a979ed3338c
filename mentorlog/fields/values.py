"""The values a field may hold: the characters of text, days and timestamps, and the domains
(`Text`, `Choice`, `Int`, …) whose `check` turns a value into its stored form or says why not.

Standard library and `dates`' year range only, so every layer can import it.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

from mentorlog.dates import FIRST_YEAR, LAST_YEAR

YEARS = (FIRST_YEAR, LAST_YEAR)  # the years of the date grammar, defined there
# How far ahead of this machine's clock a stamp of something done may lie (a partner's clock that
# is a little fast): a bundle's stamps, a programme summary's, and the journal's repair all use it.
CLOCK_SLACK = timedelta(hours=24)
# The patterns are compiled on first use (`_regex`): compiling them all cost every command about a
# millisecond, and a quick note needs one of them.
ULID = r"[0-7][0-9a-hjkmnp-tv-z]{25}"
# Digits are ASCII digits: Python's \d would take any script's digits ("٢٠٢٦") and read them as a date.
STAMP = r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})Z"
ISO_DATE = r"([0-9]{4})-([0-9]{2})-([0-9]{2})"
TAG_CHAR = r"[^\s#]"  # a tag's characters (and text_problem's on one line); the schema is made from both
TAG_LENGTH = 50
TAG = rf"{TAG_CHAR}{{1,{TAG_LENGTH}}}"
MAX_TAGS = 20
# Characters that must never be stored (first and last of each range): C0 controls other than tab
# and newline, DEL, C1 controls, the bidirectional marks (ALM, LRM, RLM), overrides and isolates,
# lone surrogates (not encodable as UTF-8), noncharacters, and the tag characters (invisible
# letters that can hide words in a text). store/checks.py makes the journal's checks from the same.
# U+FFFE and U+FFFF are left alone: SQLite reads them as U+FFFD, the replacement character, so the
# journal could not refuse them without refusing that one too.
FORBIDDEN_RANGES = (
    (0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x061C, 0x061C), (0x200E, 0x200F), (0x202A, 0x202E),
    (0x2066, 0x2069), (0xD800, 0xDFFF), (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0x10000, 0x110000, 0x10000)),
    (0xE0000, 0xE007F),
)  # fmt: skip
FORBIDDEN = "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in FORBIDDEN_RANGES) + "]"
LINE_BREAKS = "[\n\r\u2028\u2029\x85]"
# What counts as blank: a text of these characters only is empty (the same set in store/checks.py).
BLANKS = (
    " \t\n\r\x0b\x0c\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
)
# Characters that show nothing and are not blanks (kept where they are, as typed): a text of these
# and blanks only is empty all the same — the Hangul fillers, joiners, invisible operators, soft
# hyphen, variation selectors, the braille blank and the like.
INVISIBLE = (
    "\xad\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u200c\u200d\u2060\u2061\u2062\u2063"
    "\u2064\u2800\u3164\uffa0" + "".join(chr(code) for code in range(0xFE00, 0xFE10))
)
EMPTY = BLANKS + INVISIBLE  # what a text may not hold only


class BadValue(ValueError):
    """A value a field cannot hold; `reason` is written for a person ("holds a line break")."""

    def __init__(self, table: str, field: str, reason: str):
        super().__init__(f"{table}.{field} {reason}")
        self.table = table
        self.field = field
        self.reason = reason


# --- strict checkers for stored values ------------------------------------------------------


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def is_ulid(value: object) -> bool:
    return isinstance(value, str) and _regex(ULID).fullmatch(value) is not None


def is_stamp(value: object) -> bool:
    """`YYYY-MM-DDTHH:MM:SS.mmmZ`, a real moment, year 1900–2200."""
    if not isinstance(value, str):
        return False
    m = _regex(STAMP).fullmatch(value)
    if m is None:
        return False
    year, month, day, hour, minute, second, _ = (int(part) for part in m.groups())
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return False
    return YEARS[0] <= year <= YEARS[1]


def is_iso_date(value: object) -> bool:
    """`YYYY-MM-DD`, a real day, year 1900–2200."""
    if not isinstance(value, str):
        return False
    m = _regex(ISO_DATE).fullmatch(value)
    if m is None:
        return False
    year, month, day = (int(part) for part in m.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return YEARS[0] <= year <= YEARS[1]


def text_problem(value: str, *, multiline: bool) -> str | None:
    """Why `value` cannot be stored as text, or None."""
    bad = _regex(FORBIDDEN).search(value)
    if bad is not None:
        return f"holds a control character (U+{ord(bad.group()):04X})"
    if not multiline and _regex(LINE_BREAKS).search(value):
        return "holds a line break; it must fit on one line"
    return None


# --- domains --------------------------------------------------------------------------------
# Domains and fields are immutable values (NamedTuples: made at import by every command, they cost a
# twentieth of what frozen dataclasses cost, which a quick note would notice).


class Text(NamedTuple):
    max_length: int
    multiline: bool = True

    def check(self, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("is not text")
        if not value.strip(EMPTY):
            raise ValueError("is empty")
        if len(value) > self.max_length:
            raise ValueError(f"is {len(value):,} characters long; {self.max_length:,} is the most")
        problem = text_problem(value, multiline=self.multiline)
        if problem:
            raise ValueError(problem)
        return value


class Choice(NamedTuple):
    kind: type[StrEnum]

    def check(self, value: Any) -> str:
        if not isinstance(value, str) or value not in self.kind._value2member_map_:
            allowed = ", ".join(member.value for member in self.kind)
            raise ValueError(f"is {_show(value)}, not one of: {allowed}")
        return value


class Int(NamedTuple):
    low: int
    high: int

    def check(self, value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("is not a whole number")
        if not self.low <= value <= self.high:
            raise ValueError(f"is {value}, outside {self.low}–{self.high}")
        return value


class Day:
    def check(self, value: Any) -> str:
        if not is_iso_date(value):
            raise ValueError(f"is {_show(value)}, not a day (YYYY-MM-DD, years {YEARS[0]}–{YEARS[1]})")
        return str(value)


class Stamp:
    def check(self, value: Any) -> str:
        if not is_stamp(value):
            raise ValueError(
                f"is {_show(value)}, not a UTC timestamp (YYYY-MM-DDTHH:MM:SS.mmmZ, years "
                f"{YEARS[0]}–{YEARS[1]})"
            )
        return str(value)


class Moment(Stamp):
    """A planned moment (a session's time): a timestamp that may lie far ahead."""


class Ref(NamedTuple):
    table: str

    def check(self, value: Any) -> str:
        if not is_ulid(value):
            raise ValueError(f"is {_show(value)}, not the id of a {self.table}")
        return str(value)


class Tags:
    """A list of single-word tags, stored as a JSON array."""

    def check(self, value: Any) -> str:
        if isinstance(value, str):  # the stored form, or a format-1 bundle
            try:
                value = json.loads(value)
            except ValueError:
                raise ValueError("is not a list of tags") from None
        if not isinstance(value, list) or len(value) > MAX_TAGS:
            raise ValueError(f"is not a list of at most {MAX_TAGS} tags")
        word = _regex(TAG)
        for tag in value:
            if not isinstance(tag, str) or not word.fullmatch(tag) or text_problem(tag, multiline=False):
                raise ValueError(
                    f"holds {_show(tag)}, which is not a tag (one word, at most {TAG_LENGTH} characters)"
                )
        if len(set(value)) != len(value):
            raise ValueError("repeats a tag")
        return json.dumps(value, ensure_ascii=False)


class GoalChange(NamedTuple):
    """A goal revision's `before` or `after`: some of the revisable fields (`domains`: each name and
    the domain the goal holds it in) and their values, as JSON."""

    domains: tuple[tuple[str, Domain], ...]

    def check(self, value: Any) -> str:
        names = [name for name, _ in self.domains]
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise ValueError("is not a set of goal fields") from None
        if not isinstance(value, dict) or not value or set(value) - set(names):
            raise ValueError(f"is not a set of goal fields ({', '.join(names)})")
        domains = dict(self.domains)
        for name, item in value.items():
            if item is not None:
                domains[name].check(item)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)


Domain = Text | Choice | Int | Day | Stamp | Moment | Ref | Tags | GoalChange


def _show(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "…"
