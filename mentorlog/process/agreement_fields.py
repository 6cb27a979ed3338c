"""The checks on each answer to the agreement's form and between answers, so that a prompt can
refuse an answer as soon as it is given and ask again, and the flags of `agreement edit` meet the
same rules. The terms themselves (order, labels, prompts, limits, what `none` clears) are declared
in `fields/agreement.py`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mentorlog import fields as schema
from mentorlog.dates import parse_date
from mentorlog.errors import InvalidInput
from mentorlog.journal import validate
from mentorlog.words import plural

CADENCES = schema.CADENCES
# The terms people fill in, in the order they do: declared with their forms in fields/agreement.py.
FORM_FIELDS = tuple(schema.form_fields("agreement"))
FIELD_NAMES = tuple(spec.name for spec in FORM_FIELDS)
NONE = "none"  # typed for a clearable field, it empties it


def label(name: str) -> str:
    return schema.field("agreement", name).words


# --- one value at a time ------------------------------------------------------------------------


def clean(name: str, value: Any, now: datetime, date_order: str = "dmy") -> Any:
    """`value` as the field `name` stores it, or InvalidInput that says what would work."""
    spec = schema.field("agreement", name)
    domain, form = spec.domain, spec.form
    assert form is not None, f"{name} is not a term people fill in"
    if form.none and str(value).strip().lower() == NONE:
        return None
    if isinstance(domain, schema.Day):
        return parse_date(str(value), now, date_order=date_order).isoformat()
    if isinstance(domain, schema.Int):
        try:
            number = int(str(value).strip())
        except ValueError:
            raise InvalidInput(
                f"The {label(name)} must be a whole number from {domain.low} to {domain.high}, not {value!r}."
            ) from None
        return validate.value("agreement", name, number, label(name))
    if isinstance(domain, schema.Choice):
        hint = f"; {NONE}: {form.none}" if form.none else ""
        return str(validate.choice(str(value), domain.kind, label(name), hint=hint))
    text = validate.value("agreement", name, str(value), label(name))
    if form.url and any(c.isspace() for c in text):
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
