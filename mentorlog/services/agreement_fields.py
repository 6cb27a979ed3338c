"""The agreement's fields as people fill them in (order, labels, what `none` clears) and the
checks on each answer and between answers, so that a prompt can refuse an answer as soon as it is
given and ask again, and the flags of `agreement edit` meet the same rules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mentorlog import fields as schema
from mentorlog.dates import parse_date
from mentorlog.errors import InvalidInput
from mentorlog.model import Cadence
from mentorlog.services import validate
from mentorlog.words import plural

CADENCES = ", ".join(c.value for c in Cadence)
# (field, label, kind) in the order people fill them in; the prompts ask them in this order.
FIELDS = (
    ("period_start", "Start of the mentorship", "date"),
    ("period_end", "End of the mentorship", "date"),
    ("meetings", "Number of meetings", "int"),
    (
        "start_cadence",
        f"Cadence of the first meetings, if it differs ({CADENCES}; none: no start phase)",
        "cadence",
    ),
    ("start_meetings", "How many meetings keep that start cadence", "int"),
    ("cadence", f"Cadence (after the start phase, if any: {CADENCES})", "cadence"),
    ("length_minutes", "Session length in minutes", "int"),
    ("place", "Where you meet", "text"),
    ("link", "Online meeting link (none: no link)", "link"),
    ("contact", "Contact between sessions", "text"),
    ("expect_mentor", "What the mentee expects of the mentor", "text"),
    ("expect_mentee", "What the mentor expects of the mentee", "text"),
    ("content_plan", "A rough content plan", "text"),
)
FIELD_NAMES = tuple(name for name, _, _ in FIELDS)
KINDS = {name: kind for name, _, kind in FIELDS}
CLEARABLE = ("start_cadence", "link")  # typing `none` clears them
NONE = "none"


def label(name: str) -> str:
    return schema.field("agreement", name).words


# --- one value at a time ------------------------------------------------------------------------


def clean(name: str, value: Any, now: datetime, date_order: str = "dmy") -> Any:
    """`value` as the field `name` stores it, or InvalidInput that says what would work."""
    kind = KINDS[name]
    domain = schema.field("agreement", name).domain
    if name in CLEARABLE and str(value).strip().lower() == NONE:
        return None
    if kind == "date":
        return parse_date(str(value), now, date_order=date_order).isoformat()
    if kind == "int":
        assert isinstance(domain, schema.Int)
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InvalidInput(
                f"The {label(name)} must be a whole number from {domain.low} to {domain.high}, not {value!r}."
            ) from None
        return validate.number(number, label(name), domain.low, domain.high)
    if kind == "cadence":
        hint = "; none: no start phase" if name == "start_cadence" else ""
        return str(validate.choice(str(value), Cadence, label(name), hint=hint))
    assert isinstance(domain, schema.Text)
    text = validate.text(str(value), label(name), max_length=domain.max_length, multiline=domain.multiline)
    if kind == "link" and any(c.isspace() for c in text):
        raise InvalidInput(f"A link has no spaces: {text!r} is not one. Paste the whole address (https://…).")
    return text


def check_terms(values: dict[str, Any], decided_at: str | None = None) -> None:
    """The rules between fields; only those settled by the field `decided_at` when it is given
    (the prompts check each rule as soon as its last field is answered)."""

    def settles(name: str) -> bool:
        return decided_at is None or decided_at == name

    start, end = values.get("period_start"), values.get("period_end")
    if settles("period_end") and start and end and end <= start:
        raise InvalidInput(f"The agreement's end ({end}) must come after its start ({start}).")
    if settles("start_meetings"):
        first, count, meetings = (
            values.get("start_cadence"),
            values.get("start_meetings"),
            values.get("meetings"),
        )
        if first and not count:
            raise InvalidInput(
                f"Say how many meetings keep the start cadence ({first}): a number such as 3 "
                "(`--start-meetings 3`)."
            )
        if count and not first:
            raise InvalidInput(
                f"{plural(count, 'meeting')} at which cadence? Give the start cadence too "
                f"(`--start-cadence {CADENCES}`)."
            )
        if count and meetings and count >= meetings:
            raise InvalidInput(
                f"The start phase ({plural(count, 'meeting')}) must be shorter than the whole mentorship "
                f"({plural(meetings, 'meeting')}); without a start phase, give only --cadence."
            )


def asked(name: str, values: dict[str, Any]) -> bool:
    """Whether the prompts ask for `name` given the answers so far (the start phase's length only
    when there is a start cadence)."""
    return name != "start_meetings" or bool(values.get("start_cadence"))


def answer(
    name: str, text: str | None, values: dict[str, Any], now: datetime, date_order: str = "dmy"
) -> dict[str, Any]:
    """The values with the answer to `name` applied (None keeps the value), checked at once with
    the rules the answer settles; InvalidInput says what would work, so the prompt can ask again."""
    updated = dict(values)
    if text is not None:
        updated[name] = clean(name, text, now, date_order)
        if name == "start_cadence" and updated[name] is None:
            updated["start_meetings"] = None
    check_terms(updated, decided_at=name)
    return updated


def shown(value: Any) -> str:
    return "" if value is None else str(value)
