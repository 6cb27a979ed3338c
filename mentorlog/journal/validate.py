"""Checks on what people type, each failing with a message that says what would work."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import Any, TypeVar

from mentorlog import fields
from mentorlog.errors import InvalidInput

E = TypeVar("E", bound=Enum)


def text(value: str | None, what: str, *, max_length: int = 20_000, multiline: bool = True) -> str:
    """Text as typed, trimmed; refused when empty, too long or holding control characters."""
    if value is None:
        raise InvalidInput(f"The {what} is missing.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(
            f"The {what} is not valid UTF-8 text; type it again or convert it first."
        ) from None
    cleaned = value.replace("\r\n", "\n").strip(fields.BLANKS)
    if not cleaned.strip(fields.INVISIBLE):  # blanks, or characters that show nothing, only
        raise InvalidInput(f"The {what} is empty: type a few words.")
    if len(cleaned) > max_length:
        raise InvalidInput(f"The {what} is {len(cleaned):,} characters; {max_length:,} is the most.")
    problem = fields.text_problem(cleaned, multiline=multiline)
    if problem:
        raise InvalidInput(f"The {what} {problem}; type plain text.")
    return cleaned


def optional_text(value: str | None, what: str, **kwargs: Any) -> str | None:
    return None if value is None or not value.strip(fields.EMPTY) else text(value, what, **kwargs)


def name(value: str | None, what: str) -> str:
    return text(value, what, max_length=200, multiline=False)


def value(table: str, name: str, given: Any, what: str) -> Any:
    """What a person gave for the field `name` of `table`, checked by the limits its declaration
    sets (the same a bundle's value meets), with a message that names it as `what`: text trimmed,
    a number in its range, a choice among its values."""
    domain = fields.field(table, name).domain
    if isinstance(domain, fields.Text):
        return text(given, what, max_length=domain.max_length, multiline=domain.multiline)
    if isinstance(domain, fields.Int):
        return number(given, what, domain.low, domain.high)
    if isinstance(domain, fields.Choice):
        return choice(given, domain.kind, what)
    raise TypeError(f"{table}.{name} is not typed in as text, a number or a choice")  # pragma: no cover


def optional_value(table: str, name: str, given: str | None, what: str) -> str | None:
    """`value`, or None when nothing (or only blanks) was given."""
    return None if given is None or not given.strip(fields.EMPTY) else value(table, name, given, what)


def number(value: int, what: str, low: int, high: int) -> int:
    if not low <= value <= high:
        raise InvalidInput(f"The {what} must be from {low} to {high}, not {value}.")
    return value


def choice(
    value: str | None,
    kind: type[E],
    what: str,
    default: E | None = None,
    *,
    among: Iterable[E] | None = None,
    hint: str = "",
) -> E:
    """The member of `kind` that was typed (trimmed, in any case), `default` when nothing was, or an
    error that lists the accepted values (`among` them, when only some are; `hint` says more)."""
    if value is None:
        if default is None:
            raise InvalidInput(f"The {what} is missing.")
        return default
    allowed = list(kind if among is None else among)
    member = next((m for m in allowed if m.value == value.strip().lower()), None)
    if member is None:
        accepted = ", ".join(str(m.value) for m in allowed)
        raise InvalidInput(f"{value!r} is not a {what}; use one of: {accepted}{hint}.")
    return member
