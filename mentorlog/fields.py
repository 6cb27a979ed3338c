"""Every field of every record, and the values it may hold: the one place that knows them.

Whatever is written to a journal passes through here first, whether a person typed it, a
partner's bundle carried it, or a file held it: `check_value` turns a value into the stored form
or raises `BadValue`, which names the table and the field. The merge also reads here how each
field travels and merges:

- `fixed`: set when the record is made and never changed afterwards (an author, a pair's names);
  a bundle that changes one is refused.
- `group`: fields that state one fact together (a session's time, state and who confirmed it)
  merge as one: the newer group wins all of its fields.
- `text`: free text, left out of tombstones (a removed record travels without its words).
- `ref`: the table whose id the field holds.

Standard library, `model` and the strict checkers below only, so every layer can import it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any, NamedTuple

from mentorlog.dates import FIRST_YEAR, LAST_YEAR
from mentorlog.model import (
    REFLECTION_OWNERS,
    ActionStatus,
    AgreementEvent,
    AgreementState,
    Area,
    Cadence,
    ContactVia,
    EndKind,
    GoalStatus,
    GoalTerm,
    NoteKind,
    Phase,
    ReflectionKey,
    Role,
    RuleKind,
    SessionKind,
    SessionMode,
    SessionState,
    TopicStatus,
    Visibility,
)

YEARS = (FIRST_YEAR, LAST_YEAR)  # the years of the date grammar, defined there
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


REVISABLE = ("title", "measure", "due", "why", "term")


class GoalChange:
    """A goal revision's `before` or `after`: the revised fields and their values, as JSON."""

    def check(self, value: Any) -> str:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise ValueError("is not a set of goal fields") from None
        if not isinstance(value, dict) or not value or set(value) - set(REVISABLE):
            raise ValueError(f"is not a set of goal fields ({', '.join(REVISABLE)})")
        for name, item in value.items():
            if item is not None:
                GOAL_FIELDS[name].domain.check(item)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)


Domain = Text | Choice | Int | Day | Stamp | Moment | Ref | Tags | GoalChange


def _show(value: Any) -> str:
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "…"


class Field(NamedTuple):
    name: str
    domain: Domain
    label: str = ""
    required: bool = False
    fixed: bool = False
    group: str | None = None

    @property
    def text(self) -> bool:
        return isinstance(self.domain, Text)

    @property
    def ref(self) -> str | None:
        return self.domain.table if isinstance(self.domain, Ref) else None

    @property
    def act_stamp(self) -> bool:
        """A timestamp of something done (not a planned moment): never far in the future."""
        return isinstance(self.domain, Stamp) and not isinstance(self.domain, Moment)

    @property
    def words(self) -> str:
        return self.label or self.name.replace("_", " ")


def _fields(*items: Field) -> dict[str, Field]:
    return {f.name: f for f in items}


ONE_LINE = Text(200, multiline=False)
SHORT = Text(2000)
LONG = Text(5000)
ROLE = Choice(Role)

# The bookkeeping every record has (see store/records.py). `versions` is local and travels as
# the bundle's `versions`; `visibility` never travels in a bundle (everything in one is shared).
BOOKKEEPING = _fields(
    Field("id", Ref("record"), required=True, fixed=True),
    Field("created_at", Stamp(), required=True, fixed=True),
    Field("updated_at", Stamp(), required=True),
    Field("author", ROLE, required=True, fixed=True),
    Field("origin", Ref("journal"), required=True),
    Field("phase", Choice(Phase), required=True, fixed=True),
    Field("visibility", Choice(Visibility), required=True),
)
DELETED_AT = Field("deleted_at", Stamp(), label="removal")

GOAL_FIELDS = _fields(
    Field("number", Int(1, 100_000), label="number"),
    Field("title", Text(300, multiline=False), required=True),
    Field("measure", Text(1000)),
    Field("due", Day(), label="due date"),
    Field("why", SHORT),
    Field("term", Choice(GoalTerm)),
    Field("status", Choice(GoalStatus), required=True, group="status"),
    Field("progress", Int(0, 100)),
    Field("ended_on", Day(), label="end date", group="status"),
    Field("end_reason", SHORT, label="reason for ending", group="status"),
)

TABLES: dict[str, dict[str, Field]] = {
    "pair": _fields(
        Field("mentor", ONE_LINE, label="mentor's name", required=True, fixed=True),
        Field("mentee", ONE_LINE, label="mentee's name", required=True, fixed=True),
        Field("programme", ONE_LINE, fixed=True),
        Field("starts_on", Day(), label="start", required=True, fixed=True),
        Field("ends_on", Day(), label="end", required=True, fixed=True),
        Field("current_phase", Choice(Phase), label="phase", required=True),
        Field("ended_on", Day(), label="ending", group="ending"),
        Field("end_kind", Choice(EndKind), label="kind of ending", group="ending"),
        Field("end_reason", SHORT, label="reason for ending", group="ending"),
    ),
    "agreement": _fields(
        Field("version", Int(1, 1000), required=True, fixed=True),
        Field("state", Choice(AgreementState), required=True, group="workflow"),
        Field("period_start", Day(), label="start of the period"),
        Field("period_end", Day(), label="end of the period"),
        Field("meetings", Int(1, 100), label="number of meetings"),
        Field("cadence", Choice(Cadence)),
        Field("length_minutes", Int(15, 480), label="session length"),
        Field("place", Text(500)),
        Field("start_cadence", Choice(Cadence), label="cadence at the start"),
        Field("start_meetings", Int(1, 100), label="number of meetings at the start"),
        Field("link", Text(500, multiline=False), label="online link"),
        Field("contact", LONG, label="contact between sessions"),
        Field("expect_mentor", LONG, label="expectations of the mentor"),
        Field("expect_mentee", LONG, label="expectations of the mentee"),
        Field("content_plan", LONG, label="content plan"),
        Field("proposed_at", Stamp(), group="workflow"),
        Field("proposed_by", ROLE, group="workflow"),
        Field("approved_at", Stamp(), group="workflow"),
        Field("approved_by", ROLE, group="workflow"),
    ),
    # Each change of a version's state, as a record that travels: the history survives merges.
    "agreement_event": _fields(
        Field("agreement_id", Ref("agreement"), label="agreement version", required=True, fixed=True),
        Field("event", Choice(AgreementEvent), required=True, fixed=True),
        Field("changed", Text(1000, multiline=False), label="fields changed", fixed=True),
    ),
    "rule": _fields(
        Field("text", SHORT, required=True),
        Field("kind", Choice(RuleKind), required=True),
        Field("days", Int(1, 60), label="days before a session"),
    ),
    "vision": _fields(Field("text", LONG, required=True)),
    "goal": GOAL_FIELDS,
    "goal_revision": _fields(
        Field("goal_id", Ref("goal"), required=True, fixed=True),
        Field("before", GoalChange(), required=True, fixed=True),
        Field("after", GoalChange(), required=True, fixed=True),
        Field("reason", SHORT, required=True, fixed=True),
    ),
    "goal_progress": _fields(
        Field("goal_id", Ref("goal"), required=True, fixed=True),
        Field("percent", Int(0, 100), required=True, fixed=True),
        Field("note", SHORT, fixed=True),
    ),
    "assessment": _fields(
        Field("area", Choice(Area), required=True),
        Field("text", LONG, required=True),
        Field("rating", Int(1, 5)),
    ),
    "outcome": _fields(
        Field("number", Int(1, 100_000), label="number"),
        Field("text", SHORT, required=True),
        Field("by", Day(), label="time frame", required=True),
        Field("goal_id", Ref("goal"), label="goal"),
    ),
    "action": _fields(
        Field("number", Int(1, 100_000), label="number"),
        Field("text", SHORT, required=True),
        Field("owner", ROLE),
        Field("due", Day(), label="due date"),
        Field("goal_id", Ref("goal"), label="goal"),
        Field("status", Choice(ActionStatus), required=True, group="status"),
        Field("done_at", Stamp(), label="time done", group="status"),
    ),
    "option": _fields(
        Field("number", Int(1, 100_000), label="number"),
        Field("text", SHORT, required=True),
        Field("outcome_id", Ref("outcome"), label="outcome"),
        Field("feasibility", Int(1, 5)),
        Field("action_id", Ref("action"), label="action"),
    ),
    "session": _fields(
        Field("number", Int(1, 100_000), label="number"),
        Field("starts_at", Moment(), label="time", required=True, group="schedule"),
        Field("length_minutes", Int(5, 600), label="length", required=True),
        Field("mode", Choice(SessionMode), required=True),
        Field("place", Text(500, multiline=False)),
        Field("link", Text(500, multiline=False)),
        Field("kind", Choice(SessionKind), required=True),
        Field("state", Choice(SessionState), required=True, group="schedule"),
        Field("proposed_by", ROLE, required=True, group="schedule"),
        Field("confirmed_by", ROLE, group="schedule"),
        Field("held_at", Stamp(), group="schedule"),
        Field("held_phase", Choice(Phase), label="phase held in", group="schedule"),
        Field("cancel_reason", Text(1000), label="reason for cancelling", group="schedule"),
    ),
    "topic": _fields(
        Field("text", SHORT, required=True),
        Field("session_id", Ref("session"), label="session", group="discussion"),
        Field("status", Choice(TopicStatus), required=True, group="discussion"),
        Field("discussed_at", Stamp(), group="discussion"),
    ),
    "feedback": _fields(
        Field("session_id", Ref("session"), label="session", required=True, fixed=True),
        Field("rating", Int(1, 5), required=True),
        Field("worked", SHORT, label="what worked"),
        Field("improve", SHORT, label="what to improve"),
    ),
    "note": _fields(
        Field("text", Text(20_000), required=True),
        Field("kind", Choice(NoteKind), required=True, fixed=True),
        Field("session_id", Ref("session"), label="session", group="question"),
        Field("tags", Tags()),
        Field("via", Choice(ContactVia), label="way of contact"),
        Field("occurred_on", Day(), label="day"),
        Field("asked_at", Stamp(), group="question"),
    ),
    "reflection": _fields(
        Field("key", Choice(ReflectionKey), required=True, fixed=True),
        Field("text", Text(10_000), required=True),
    ),
}
for _table in TABLES.values():
    _table["deleted_at"] = DELETED_AT


def field(table: str, name: str) -> Field:
    return TABLES[table][name]


def references_to(target: str) -> list[tuple[str, str]]:
    """(table, field) of every field that points at a record of `target`."""
    return [
        (table, name)
        for table, fields in TABLES.items()
        for name, spec in fields.items()
        if spec.ref == target
    ]


def approved_terms() -> tuple[str, ...]:
    """The fields of an agreement version that its approval fixes: all but its workflow (state,
    who proposed and approved it, when), removal included; a change is a new version."""
    return tuple(name for name, f in TABLES["agreement"].items() if not f.fixed and f.group != "workflow")


def versioned(table: str) -> tuple[str, ...]:
    """The fields that carry their own version and merge one by one (or by group)."""
    return tuple(name for name, f in TABLES[table].items() if not f.fixed)


def check_value(table: str, name: str, value: Any) -> Any:
    """`value` in its stored form, or `BadValue` naming the table and the field.

    None is accepted for optional fields; a required field must hold a value (removed records
    may travel without their text, so the merge relaxes this for tombstones).
    """
    spec = TABLES[table].get(name) or BOOKKEEPING.get(name)
    if spec is None:
        raise BadValue(table, name, "is not a field this mentorlog knows")
    if value is None:
        if spec.required:
            raise BadValue(table, name, "is missing")
        return None
    try:
        return spec.domain.check(value)
    except ValueError as error:
        raise BadValue(table, name, str(error)) from None


def check_values(table: str, values: dict[str, Any]) -> dict[str, Any]:
    """Every value of `values` checked (`check_value`); returns the stored forms."""
    return {name: check_value(table, name, value) for name, value in values.items()}


# Role-gated acts: the role a value must carry, by table and field.
def _other_than_proposer(row: dict[str, Any]) -> str | None:
    proposer = row.get("proposed_by")
    return None if proposer is None else str(Role(proposer).other)


EVENT_ROLES = {str(AgreementEvent.PROPOSED): str(Role.MENTEE), str(AgreementEvent.APPROVED): str(Role.MENTOR)}


def _event_role(row: dict[str, Any]) -> str | None:
    return EVENT_ROLES.get(row.get("event") or "")


def _answer_owner(row: dict[str, Any]) -> str | None:
    """The role whose question the answer's key is (None: either's). A removed answer is exempt:
    it is shown nowhere, and one given before the questions had owners travels as a tombstone."""
    key = row.get("key")
    if (
        row.get("deleted_at") is not None
        or not isinstance(key, str)
        or key not in ReflectionKey._value2member_map_
    ):
        return None
    owner = REFLECTION_OWNERS[ReflectionKey(key)]
    return None if owner is None else str(owner)


# `author` is gated too: checking a row of these tables needs its author among its fields.
ACT_ROLES: dict[tuple[str, str], Callable[[dict[str, Any]], str | None]] = {
    ("agreement", "proposed_by"): lambda row: str(Role.MENTEE),
    ("agreement", "approved_by"): lambda row: str(Role.MENTOR),
    ("agreement_event", "author"): _event_role,
    ("session", "confirmed_by"): _other_than_proposer,
    ("reflection", "author"): _answer_owner,
}


def act_problem(table: str, row: dict[str, Any]) -> str | None:
    """Why a row's role-gated acts are not by a role that may do them, or None.

    `row` holds the record's fields and its `author` (a bundle's checked record, or a whole row).
    """
    for (gated_table, name), wanted in ACT_ROLES.items():
        if gated_table != table or row.get(name) is None:
            continue
        role = wanted(row)
        if role is not None and row[name] != role:
            return f"{name} is {row[name]}, but only the {role} may do that"
    return None
