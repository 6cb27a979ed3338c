"""The date grammar: what a person may type for a day or a moment, and how it is read."""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple

from mentorlog.dates.stamps import check_exists
from mentorlog.errors import InvalidInput

Clock = time  # the type of When.time, named apart from the field

GRAMMAR = """\
Dates and times (for --due, --on, --by, --start, WHEN and the like):
  2026-12-03, 2026-12-03 18:00          ISO dates and times
  2026-12-03T18:00
  03.04.2028, 3/4/2028, 3-4-2028        3 April: numeric dates are day first
  dec 3 6pm, wed 17 march 2027 18:00    and all else dateutil reads
  today, tomorrow, yesterday, now, noon
  tomorrow noon, noon tomorrow
  midnight                              the end of today (00:00 tomorrow)
  fri, friday, next tue                 the next such day, never today
  next week, next month                 next Monday, the 1st of next month
  in 3 days, in 2 weeks, in a fortnight
  in 1 month, in a year, 3 days ago
  +3d, -1w, +2mo, +1y                   days, weeks, months, years
  in 3 hours, in 30 minutes             hours and minutes from now
  +3h, -30min                           (+2m is refused: +2min or +2mo)
A time may follow a day: `tomorrow 6pm`, `next tue 18:30`,
`in 2 weeks at 10:00`. MENTORLOG_DATE_ORDER=mdy reads 3/4/2028 as 4 March
(for one journal: mentorlog settings date-order mdy).
Years 1900 to 2200. Times are read in your local time zone, stored in UTC and
shown in local time; a time the clocks skip is refused, a time they repeat
means the first of the two."""

SHORT_FORMS = "2026-12-03, 'dec 3 6pm', today, tomorrow, fri, next tue, in 2 weeks, +3d"

FIRST_YEAR, LAST_YEAR = 1900, 2200
DATE_ORDERS = ("dmy", "mdy")
DATE_ORDER_VARIABLE = "MENTORLOG_DATE_ORDER"

WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

# The units of `in N UNIT`, `N UNIT ago` and `+N UNIT`, by their canonical name.
UNITS = {
    "d": "day", "day": "day", "days": "day",
    "w": "week", "wk": "week", "wks": "week", "week": "week", "weeks": "week",
    "fortnight": "fortnight", "fortnights": "fortnight",
    "mo": "month", "mos": "month", "month": "month", "months": "month",
    "y": "year", "yr": "year", "yrs": "year", "year": "year", "years": "year",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
}  # fmt: skip
CLOCK_UNITS = ("hour", "minute")

_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_WEEKDAY_NAMES = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_AMOUNT = r"([0-9]+|an?)"
_ASCII = re.ASCII


class _Pattern:
    """A regular expression (ASCII) compiled on first use: every command imports this module, and
    most of them parse no date (compiling the patterns at import cost each command over a millisecond)."""

    __slots__ = ("_source", "_compiled")

    def __init__(self, source: str) -> None:
        self._source = source
        self._compiled: re.Pattern[str] | None = None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self._source, _ASCII)
        return self._compiled.fullmatch(text)


_NAMED = _Pattern(r"(today|tomorrow|yesterday)\b\s*(.*)")
_WEEKDAY = _Pattern(rf"(?:next\s+)?({_WEEKDAY_NAMES})\b\s*(.*)")
_NEXT = _Pattern(r"next\s+(week|month)\b\s*(.*)")
_IN = _Pattern(rf"in\s+{_AMOUNT}\s*({_UNIT})\b\s*(.*)")
_AGO = _Pattern(rf"{_AMOUNT}\s*({_UNIT})\s+ago\b\s*(.*)")
_SIGNED = _Pattern(rf"([+-])([0-9]+)\s*({_UNIT})\b\s*(.*)")
_SIGNED_M = _Pattern(r"([+-][0-9]+)\s*m\b.*")
_CLOCK = _Pattern(r"(?:at\s+)?(noon|midnight|[0-9]{1,2}(?:[:.h][0-9]{2})?\s*(?:am|pm)?)")
_LEADING_CLOCK = _Pattern(r"(?:at\s+)?(noon|midnight|[0-9]{1,2}(?::[0-9]{2})?\s*(?:am|pm)?)\s+(.+)")
_NUMERIC = _Pattern(r"([0-9]{1,2})([./-])([0-9]{1,2})(?:\2([0-9]+))?\.?(?:\s+(.+))?")
_YEAR_FIRST = _Pattern(r"([0-9]{4})([./-])([0-9]{1,2})\2([0-9]{1,2})(?:\s+(.+))?")
_ISO_DATE = _Pattern(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class When(NamedTuple):
    """A day, and the time of day when one was given (a NamedTuple: cheaper to define at import
    than a frozen dataclass, and every command imports this module)."""

    day: date
    time: Clock | None = None

    def at(self, tz: tzinfo | None, default_time: Clock) -> datetime:
        """The moment in zone `tz`, using `default_time` when no time was given."""
        return datetime.combine(self.day, self.time or default_time).replace(tzinfo=tz)


def bad_date(text: str) -> InvalidInput:
    return InvalidInput(
        f"Can't read {text!r} as a date. Try {SHORT_FORMS}.\n`mentorlog --help` lists every form."
    )


def _out_of_range(text: str, year: int | None = None) -> InvalidInput:
    where = f"falls in the year {year}" if year is not None else "lies too far away"
    return InvalidInput(f"{text!r} {where}; mentorlog takes dates from {FIRST_YEAR} to {LAST_YEAR}.")


def check_date_order(order: str) -> str:
    """`dmy` or `mdy` (any case); anything else is refused."""
    cleaned = str(order).strip().lower()
    if cleaned not in DATE_ORDERS:
        raise InvalidInput(
            f"{order!r} is not a date order: use dmy (3/4/2028 is 3 April) or mdy (3/4/2028 is 4 March)."
        )
    return cleaned


def date_order_from_env(environ: Mapping[str, str] | None = None) -> str:
    """The order of numeric dates from MENTORLOG_DATE_ORDER: `dmy` (the default) or `mdy`."""
    value = (os.environ if environ is None else environ).get(DATE_ORDER_VARIABLE, "").strip()
    if not value:
        return "dmy"
    if value.lower() not in DATE_ORDERS:
        raise InvalidInput(
            f"{DATE_ORDER_VARIABLE}={value!r} is not a date order: set it to dmy (3/4/2028 is "
            "3 April) or mdy (3/4/2028 is 4 March), or unset it."
        )
    return value.lower()


# --- reading a date ---------------------------------------------------------------------


def _amount(text: str) -> int:
    return 1 if text in ("a", "an") else int(text)


def _shift(day: date, amount: int, unit: str, original: str) -> date:
    """`day` moved by `amount` days, weeks, fortnights, months or years."""
    steps = {"day": timedelta(days=1), "week": timedelta(weeks=1), "fortnight": timedelta(weeks=2)}
    try:
        if unit in steps:
            return day + steps[unit] * amount
        from dateutil.relativedelta import relativedelta

        if unit == "month":
            return day + relativedelta(months=amount)
        return day + relativedelta(years=amount)
    except (OverflowError, ValueError):
        raise _out_of_range(original) from None


def _moment_shift(now: datetime, amount: int, unit: str, original: str) -> When:
    """`now` moved by hours or minutes of elapsed time (so across a clock change too)."""
    try:
        step = timedelta(hours=amount) if unit == "hour" else timedelta(minutes=amount)
        moment = (now.astimezone(UTC) + step).astimezone(now.tzinfo)
    except (OverflowError, ValueError):
        raise _out_of_range(original) from None
    return When(moment.date(), moment.time().replace(second=0, microsecond=0))


def _clock(text: str) -> tuple[time, int] | None:
    """A time of day (`6pm`, `18:30`, `18.30`, `at 10:00`, `noon`, `midnight`) and the days it
    moves the day it follows (1 for midnight, the end of that day); None if `text` is not one."""
    m = _CLOCK.fullmatch(text)
    if not m:
        return None
    word = m.group(1)
    if word == "noon":
        return time(12, 0), 0
    if word == "midnight":
        return time(0, 0), 1
    parts = re.fullmatch(r"([0-9]{1,2})(?:[:.h]([0-9]{2}))?\s*(am|pm)?", word)
    assert parts is not None
    hour, minute, suffix = int(parts.group(1)), int(parts.group(2) or 0), parts.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif parts.group(2) is None:
        return None  # a bare number after a day ("tomorrow 6") is too ambiguous to guess
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute), 0


def _with_clock(day: date, rest: str, original: str) -> When:
    """A day and the optional time that follows it."""
    if not rest:
        return When(day)
    clock = _clock(rest)
    if clock is None:
        raise bad_date(original)
    return When(_shift(day, clock[1], "day", original), clock[0])


def _relative_day(text: str, today: date, original: str) -> tuple[date, str] | None:
    """A day named relative to today, and the text after it; None if `text` names none."""
    if m := _NAMED.fullmatch(text):
        word, rest = m.groups()
        return today + timedelta(days={"today": 0, "tomorrow": 1, "yesterday": -1}[word]), rest
    if m := _NEXT.fullmatch(text):
        unit, rest = m.groups()
        if unit == "week":
            return today + timedelta(days=7 - today.weekday()), rest
        return _shift(today.replace(day=1), 1, "month", original), rest
    if m := _WEEKDAY.fullmatch(text):
        name, rest = m.groups()
        return today + timedelta(days=(WEEKDAYS[name] - today.weekday() - 1) % 7 + 1), rest
    for pattern, direction in ((_IN, 1), (_AGO, -1)):
        if (m := pattern.fullmatch(text)) and UNITS[m.group(2)] not in CLOCK_UNITS:
            count, unit, rest = m.groups()
            return _shift(today, direction * _amount(count), UNITS[unit], original), rest
    if (m := _SIGNED.fullmatch(text)) and UNITS[m.group(3)] not in CLOCK_UNITS:
        sign, count, unit, rest = m.groups()
        return _shift(today, int(count) * (1 if sign == "+" else -1), UNITS[unit], original), rest
    return None


def _relative_moment(text: str, now: datetime, original: str) -> When | None:
    """`now`, and hours or minutes from now; None if `text` is none of them."""
    if text == "now":
        return When(now.date(), now.time().replace(second=0, microsecond=0))
    for pattern, direction in ((_IN, 1), (_AGO, -1)):
        if (m := pattern.fullmatch(text)) and UNITS[m.group(2)] in CLOCK_UNITS:
            count, unit, rest = m.groups()
            if rest:
                raise bad_date(original)
            return _moment_shift(now, direction * _amount(count), UNITS[unit], original)
    if (m := _SIGNED.fullmatch(text)) and UNITS[m.group(3)] in CLOCK_UNITS:
        sign, count, unit, rest = m.groups()
        if rest:
            raise bad_date(original)
        return _moment_shift(now, int(count) * (1 if sign == "+" else -1), UNITS[unit], original)
    if m := _SIGNED_M.fullmatch(text):
        offset = m.group(1)
        raise InvalidInput(
            f"{original.strip()!r} is ambiguous: `m` could be minutes or months. "
            f"Write {offset}min for minutes or {offset}mo for months."
        )
    return None


def parse_when(text: str, now: datetime, *, date_order: str = "dmy") -> When:
    """Read a date or a moment in the grammar above, relative to `now` (aware).

    Numeric dates are day first unless `date_order` is "mdy"; years outside 1900–2200 and
    text that is not a date raise InvalidInput (and nothing else)."""
    order = check_date_order(date_order)
    original = str(text)
    text = " ".join(original.strip().lower().split())
    if not text or len(text) > 100:
        raise bad_date(original)
    found = _read(text, original, now, order)
    if not FIRST_YEAR <= found.day.year <= LAST_YEAR:
        raise _out_of_range(original, found.day.year)
    return found


def _read(text: str, original: str, now: datetime, order: str) -> When:
    today = now.date()
    if (moment := _relative_moment(text, now, original)) is not None:
        return moment
    if (named := _relative_day(text, today, original)) is not None:
        day, rest = named
        if rest and _clock(rest) is None and _WEEKDAY.fullmatch(text):
            return _absolute(text, original, now, order)  # "wed 17 march 2027 18:00"
        return _with_clock(day, rest, original)
    if "." not in text and (clock := _clock(text)) is not None:  # "noon", "6pm", "18:30"
        return When(_shift(today, clock[1], "day", original), clock[0])
    if m := _LEADING_CLOCK.fullmatch(text):  # "noon tomorrow", "6pm fri"
        clock, after = _clock(m.group(1)), _relative_day(m.group(2), today, original)
        if clock is not None and after is not None and not after[1]:
            return When(_shift(after[0], clock[1], "day", original), clock[0])
    return _absolute(text, original, now, order)


def _absolute(text: str, original: str, now: datetime, order: str) -> When:
    """ISO dates and times, numeric dates in the date order, and what dateutil reads."""
    if _ISO_DATE.fullmatch(text):
        try:
            return When(date.fromisoformat(text))
        except ValueError:
            raise bad_date(original) from None
    if text[:1].isdigit() and "-" in text[:5]:
        try:
            moment = datetime.fromisoformat(text.upper())
        except ValueError:
            moment = None
        if moment is not None and moment.tzinfo is not None:
            try:
                moment = moment.astimezone(now.tzinfo)
            except (OverflowError, ValueError):
                raise _out_of_range(original) from None
        if moment is not None:
            return When(moment.date(), moment.time().replace(tzinfo=None, fold=0))
    if m := _YEAR_FIRST.fullmatch(text):
        year, _, month, day, rest = m.groups()
        return _numeric_date(int(year), int(month), int(day), rest, original, None)
    if m := _NUMERIC.fullmatch(text):
        first, _, second, year, rest = m.groups()
        if year is not None and len(year) != 4:
            raise InvalidInput(f"Write the year of {original.strip()!r} in full, e.g. 3.4.2028.")
        day, month = (int(first), int(second)) if order == "dmy" else (int(second), int(first))
        return _numeric_date(int(year or now.year), month, day, rest, original, order)
    if not re.search(r"[a-z]", text):
        raise bad_date(original)  # all-numeric text dateutil would only guess at
    return _parse_with_dateutil(text, original, now, order)


def _numeric_date(
    year: int, month: int, day: int, rest: str | None, original: str, order: str | None
) -> When:
    """A date written in digits; `order` None when the year came first (2026/12/03)."""
    try:
        found = date(year, month, day)
    except ValueError:
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise _out_of_range(original, year) from None
        if order is None:
            raise bad_date(original) from None
        first = "day first (3.4.2028 is 3 April)" if order == "dmy" else "month first (3/4/2028 is 4 March)"
        switch = "mdy" if order == "dmy" else "dmy"
        raise InvalidInput(
            f"{original.strip()!r} is not a date: numeric dates are read {first}; "
            f"{DATE_ORDER_VARIABLE}={switch} switches."
        ) from None
    return _with_clock(found, rest or "", original)


def _parse_with_dateutil(text: str, original: str, now: datetime, order: str) -> When:
    import calendar

    from dateutil import parser

    base = datetime.combine(now.date(), time(0, 0))
    year_first = re.search(r"(?<![0-9])[0-9]{4}[./-][0-9]", text) is not None
    day_first = order == "dmy" and not year_first
    # as typed, for dateutil knows zone names in capitals only ("UTC", "CET"); utc and gmt too
    spaced = re.sub(r"\b(utc|gmt)\b", lambda z: z.group(1).upper(), " ".join(original.split()), flags=re.I)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", parser.UnknownTimezoneWarning)  # "CET" would be ignored
            first = parser.parse(spaced, default=base, dayfirst=day_first, yearfirst=year_first)
            second = parser.parse(
                spaced, default=base.replace(hour=11, minute=11), dayfirst=day_first, yearfirst=year_first
            )
    except (ValueError, OverflowError, TypeError, ArithmeticError, parser.UnknownTimezoneWarning):
        raise bad_date(original) from None
    if first.tzinfo is not None:
        try:
            first = first.astimezone(now.tzinfo).replace(tzinfo=None)
        except (OverflowError, ValueError):
            raise _out_of_range(original) from None
        return When(first.date(), first.time().replace(second=0, microsecond=0, fold=0))
    named = {WEEKDAYS[n] for n in re.findall(rf"\b({_WEEKDAY_NAMES})\b", text)}
    if named and named != {first.weekday()}:
        said = " or ".join(calendar.day_name[n] for n in sorted(named))
        raise InvalidInput(f"{original.strip()!r}: {first.day} {first:%B %Y} is a {first:%A}, not a {said}.")
    timed = first.hour == second.hour  # the default time shows through when none was given
    return When(first.date(), first.time().replace(second=0, microsecond=0) if timed else None)


def parse_date(text: str, now: datetime, *, date_order: str = "dmy") -> date:
    """A day (any time given is ignored)."""
    return parse_when(text, now, date_order=date_order).day


def parse_moment(text: str, now: datetime, default_time: time, *, date_order: str = "dmy") -> datetime:
    """An aware moment in the zone of `now`; `default_time` when only a day was given.

    A local time the clocks skip is refused; one they repeat is its first occurrence."""
    return check_exists(parse_when(text, now, date_order=date_order).at(now.tzinfo, default_time))
