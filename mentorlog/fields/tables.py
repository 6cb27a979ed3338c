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

What a person types is checked against the same declarations (`journal/validate.py: value`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mentorlog.fields.agreement import AGREEMENT, FORM_ORDER
from mentorlog.fields.declare import LONG, ONE_LINE, ROLE, SHORT, Field, Form, choices_in_words, fields
from mentorlog.fields.values import BadValue, Choice, Day, GoalChange, Int, Moment, Ref, Stamp, Tags, Text
from mentorlog.model import (
    REFLECTION_OWNERS,
    ActionStatus,
    AgreementEvent,
    Area,
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

SESSION_LENGTH = Int(5, 600)  # minutes, as planned, edited or held

# The bookkeeping every record has (see store/records.py). `versions` is local and travels as
# the bundle's `versions`; `visibility` never travels in a bundle (everything in one is shared):
# it is declared not `shared`, and the bundle, its checks and its schema leave it to exports.
BOOKKEEPING = fields(
    Field("id", Ref("record"), required=True, fixed=True),
    Field("created_at", Stamp(), required=True, fixed=True),
    Field("updated_at", Stamp(), required=True),
    Field("author", ROLE, required=True, fixed=True),
    Field("origin", Ref("journal"), required=True),
    Field("phase", Choice(Phase), required=True, fixed=True),
    Field("visibility", Choice(Visibility), required=True, shared=False),
)
OWNER_ONLY = tuple(name for name, f in BOOKKEEPING.items() if not f.shared)  # in exports, never in bundles
DELETED_AT = Field("deleted_at", Stamp(), label="removal")

RULE_DAYS = Int(1, 60)  # a `topics` rule: how many days before a session its topics come
PERCENT = Int(0, 100)  # a goal's progress

GOAL_FIELDS = fields(
    Field("number", Int(1, 100_000), label="number"),
    Field("title", Text(300, multiline=False), required=True, form=Form("", "What the goal is.")),
    Field("measure", Text(1000), form=Form("", "How you will know it is reached.")),
    Field("due", Day(), label="due date"),
    Field("why", SHORT, form=Form("", "Why it matters for the vision.")),
    Field("term", Choice(GoalTerm), form=Form("", f"{choices_in_words(GoalTerm)}.")),
    Field("status", Choice(GoalStatus), required=True, group="status"),
    Field("progress", Int(0, 100)),
    Field("ended_on", Day(), label="end date", group="status"),
    Field("end_reason", SHORT, label="reason for ending", group="status"),
)

REVISABLE = ("title", "measure", "due", "why", "term")  # what a goal revision may change
REVISABLE_DOMAINS = tuple((name, GOAL_FIELDS[name].domain) for name in REVISABLE)

TABLES: dict[str, dict[str, Field]] = {
    "pair": fields(
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
    "agreement": AGREEMENT,
    # Each change of a version's state, as a record that travels: the history survives merges.
    "agreement_event": fields(
        Field("agreement_id", Ref("agreement"), label="agreement version", required=True, fixed=True),
        Field("event", Choice(AgreementEvent), required=True, fixed=True),
        Field("changed", Text(1000, multiline=False), label="fields changed", fixed=True),
    ),
    "rule": fields(
        Field("text", SHORT, required=True),
        Field("kind", Choice(RuleKind), required=True, form=Form("", f"{choices_in_words(RuleKind)}.")),
        Field(
            "days",
            RULE_DAYS,
            label="days before a session",
            form=Form(
                "",
                "With --kind topics: how many days before a session its topics come "
                f"({RULE_DAYS.low}–{RULE_DAYS.high}).",
            ),
        ),
    ),
    "vision": fields(Field("text", LONG, required=True)),
    "goal": GOAL_FIELDS,
    "goal_revision": fields(
        Field("goal_id", Ref("goal"), required=True, fixed=True),
        Field("before", GoalChange(REVISABLE_DOMAINS), required=True, fixed=True),
        Field("after", GoalChange(REVISABLE_DOMAINS), required=True, fixed=True),
        Field("reason", SHORT, required=True, fixed=True),
    ),
    "goal_progress": fields(
        Field("goal_id", Ref("goal"), required=True, fixed=True),
        Field(
            "percent",
            PERCENT,
            required=True,
            fixed=True,
            form=Form("", f"Progress from {PERCENT.low} to {PERCENT.high}."),
        ),
        Field("note", SHORT, fixed=True),
    ),
    "assessment": fields(
        Field("area", Choice(Area), required=True),
        Field("text", LONG, required=True),
        Field("rating", Int(1, 5)),
    ),
    "outcome": fields(
        Field("number", Int(1, 100_000), label="number"),
        Field("text", SHORT, required=True),
        Field("by", Day(), label="time frame", required=True),
        Field("goal_id", Ref("goal"), label="goal"),
    ),
    "action": fields(
        Field("number", Int(1, 100_000), label="number"),
        Field("text", SHORT, required=True),
        Field("owner", ROLE),
        Field("due", Day(), label="due date"),
        Field("goal_id", Ref("goal"), label="goal"),
        Field("status", Choice(ActionStatus), required=True, group="status"),
        Field("done_at", Stamp(), label="time done", group="status"),
    ),
    "option": fields(
        Field("number", Int(1, 100_000), label="number"),
        Field("text", SHORT, required=True),
        Field("outcome_id", Ref("outcome"), label="outcome"),
        Field("feasibility", Int(1, 5)),
        Field("action_id", Ref("action"), label="action"),
    ),
    "session": fields(
        Field("number", Int(1, 100_000), label="number"),
        Field("starts_at", Moment(), label="time", required=True, group="schedule"),
        Field(
            "length_minutes",
            SESSION_LENGTH,
            label="length",
            required=True,
            form=Form(
                "",
                f"Length in minutes, {SESSION_LENGTH.low}–{SESSION_LENGTH.high}.",
                flag="length",
                metavar="MIN",
            ),
        ),
        Field("mode", Choice(SessionMode), required=True),
        Field("place", Text(500, multiline=False), form=Form("", "Where you meet in person.")),
        Field(
            "link",
            Text(500, multiline=False),
            form=Form("", "Meet online at this link.", flag="online", metavar="URL", url=True),
        ),
        Field(
            "kind",
            Choice(SessionKind),
            required=True,
            form=Form("", f"{SessionKind.ONE_TO_ONE} (default), {choices_in_words(list(SessionKind)[1:])}."),
        ),
        Field("state", Choice(SessionState), required=True, group="schedule"),
        Field("proposed_by", ROLE, required=True, group="schedule"),
        Field("confirmed_by", ROLE, group="schedule"),
        Field("held_at", Stamp(), group="schedule"),
        Field("held_phase", Choice(Phase), label="phase held in", group="schedule"),
        Field("cancel_reason", Text(1000), label="reason for cancelling", group="schedule"),
    ),
    "topic": fields(
        Field("text", SHORT, required=True),
        Field("session_id", Ref("session"), label="session", group="discussion"),
        Field("status", Choice(TopicStatus), required=True, group="discussion"),
        Field("discussed_at", Stamp(), group="discussion"),
    ),
    "feedback": fields(
        Field("session_id", Ref("session"), label="session", required=True, fixed=True),
        Field("rating", Int(1, 5), required=True),
        Field("worked", SHORT, label="what worked"),
        Field("improve", SHORT, label="what to improve"),
    ),
    "note": fields(
        Field("text", Text(20_000), required=True),
        Field("kind", Choice(NoteKind), required=True, fixed=True),
        Field("session_id", Ref("session"), label="session", group="question"),
        Field("tags", Tags()),
        Field("via", Choice(ContactVia), label="way of contact"),
        Field("occurred_on", Day(), label="day"),
        Field("asked_at", Stamp(), group="question"),
    ),
    "reflection": fields(
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


FORMS = {"agreement": FORM_ORDER}  # the tables people fill in with a form: its fields, in order


def form_fields(table: str) -> list[Field]:
    """The fields of `table` people fill in with a form, in the order they do."""
    return [TABLES[table][name] for name in FORMS.get(table, ())]


# --- role-gated acts: the role a value must carry, by table and field ----------------------------
# Only the mentee proposes an agreement, only the mentor approves it, the other role confirms a
# session, a reflection answer is its owner's. A bundle's record and a whole row are checked alike
# (`act_problem`); the bundle's JSON Schema asks the same rules (`exchange/bundle_schema.py`).


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
