"""The date grammar, timestamps and the way dates read to people.

Every function that needs "now" takes it as an argument (an aware datetime in the user's
zone); nothing here reads the clock at import time. Dates without a time stay dates
(`2026-12-03`); moments are stored as UTC ISO 8601 with milliseconds and a `Z`, which sort
as text, and are shown in local time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from mentorlog.errors import InvalidInput

GRAMMAR = """\
Dates and times (for --due, --on, --by, --start, WHEN and the like):
  2026-12-03, 2026-12-03T18:00, 2026-12-03 18:00   ISO dates and times
  dec 3, 3 december 6pm, 12/03/2026 18:30          anything dateutil reads (month first)
  today, tomorrow, yesterday, now
  fri, friday, next tue                            the next such day, never today
  in 3 days, in 2 weeks, in 1 month, in a year
  +3d, -1w, +2m, +1y                               days, weeks, months, years from today
  3 days ago, 2 weeks ago
A time may follow a day: `tomorrow 6pm`, `next tue 18:30`, `in 2 weeks at 10:00`.
Times are read in your local time zone and stored with it."""

SHORT_FORMS = "2026-12-03, 'dec 3 6pm', today, tomorrow, fri, next tue, in 2 weeks, +3d"

WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}

_NAMED = re.compile(r"(today|tomorrow|yesterday|now)\b(.*)")
_WEEKDAY = re.compile(r"(?:next\s+)?(" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\b(.*)")
_IN = re.compile(r"in\s+(\d{1,4}|an?)\s+(day|week|month|year)s?\b(.*)")
_AGO = re.compile(r"(\d{1,4})\s+(day|week|month|year)s?\s+ago\b(.*)")
_SIGNED = re.compile(r"([+-])(\d{1,4})\s*([dwmy])\b(.*)")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class When:
    """A day, and the time of day when one was given."""

    day: date
    time: time | None = None

    def at(self, tz, default_time: time) -> datetime:
        """The moment in zone `tz`, using `default_time` when no time was given."""
        return datetime.combine(self.day, self.time or default_time).replace(tzinfo=tz)


def bad_date(text: str) -> InvalidInput:
    return InvalidInput(
        f"Can't read {text!r} as a date. Try {SHORT_FORMS}.\n`mentorlog --help` lists every form."
    )


def _shift(day: date, amount: int, unit: str) -> date:
    if unit in ("d", "day"):
        return day + timedelta(days=amount)
    if unit in ("w", "week"):
        return day + timedelta(weeks=amount)
    from dateutil.relativedelta import relativedelta

    if unit in ("m", "month"):
        return day + relativedelta(months=amount)
    return day + relativedelta(years=amount)


def _time_of_day(rest: str, original: str) -> time | None:
    """Read the optional time after a relative day (`6pm`, `at 18:30`)."""
    rest = rest.strip()
    if rest.startswith("at "):
        rest = rest[3:].strip()
    if not rest:
        return None
    m = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", rest) or re.fullmatch(
        r"(\d{1,2})[:.h](\d{2})()", rest
    )
    if not m:
        raise bad_date(original)
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    suffix = m.group(3)
    if suffix:
        if not 1 <= hour <= 12:
            raise bad_date(original)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    elif m.group(2) is None:
        # A bare number after a day ("tomorrow 6") is too ambiguous to guess.
        raise bad_date(original)
    if hour > 23 or minute > 59:
        raise bad_date(original)
    return time(hour, minute)


def parse_when(text: str, now: datetime) -> When:
    """Read a date or a moment in the grammar above, relative to `now` (aware)."""
    original = text
    text = " ".join(str(text).strip().lower().split())
    if not text or len(text) > 100:
        raise bad_date(original)
    today = now.date()

    if m := _NAMED.fullmatch(text):
        word, rest = m.groups()
        if word == "now":
            if rest.strip():
                raise bad_date(original)
            return When(today, now.time().replace(second=0, microsecond=0))
        offset = {"today": 0, "tomorrow": 1, "yesterday": -1}[word]
        return When(today + timedelta(days=offset), _time_of_day(rest, original))
    if m := _WEEKDAY.fullmatch(text):
        name, rest = m.groups()
        ahead = (WEEKDAYS[name] - today.weekday() - 1) % 7 + 1
        return When(today + timedelta(days=ahead), _time_of_day(rest, original))
    if m := _IN.fullmatch(text):
        count, unit, rest = m.groups()
        amount = 1 if count in ("a", "an") else int(count)
        return When(_shift(today, amount, unit), _time_of_day(rest, original))
    if m := _AGO.fullmatch(text):
        count, unit, rest = m.groups()
        return When(_shift(today, -int(count), unit), _time_of_day(rest, original))
    if m := _SIGNED.fullmatch(text):
        sign, count, unit, rest = m.groups()
        amount = int(count) * (1 if sign == "+" else -1)
        return When(_shift(today, amount, unit), _time_of_day(rest, original))
    return _parse_absolute(text, original, now)


def _parse_absolute(text: str, original: str, now: datetime) -> When:
    if _ISO_DATE.fullmatch(text):
        try:
            return When(date.fromisoformat(text))
        except ValueError:
            raise bad_date(original) from None
    try:
        moment = datetime.fromisoformat(text.upper())
    except ValueError:
        moment = None
    if moment is not None:
        if moment.tzinfo is not None:
            moment = moment.astimezone(now.tzinfo)
        return When(moment.date(), moment.time().replace(tzinfo=None))
    return _parse_with_dateutil(text, original, now)


def _parse_with_dateutil(text: str, original: str, now: datetime) -> When:
    from dateutil import parser

    base = datetime.combine(now.date(), time(0, 0))
    try:
        first = parser.parse(text, default=base)
        second = parser.parse(text, default=base.replace(hour=11, minute=11))
    except (ValueError, OverflowError, TypeError):
        raise bad_date(original) from None
    if first.tzinfo is not None:
        first = first.astimezone(now.tzinfo).replace(tzinfo=None)
        return When(first.date(), first.time().replace(second=0, microsecond=0))
    if first.year < 1900 or first.year > 2999:
        raise bad_date(original)
    timed = first.hour == second.hour
    return When(first.date(), first.time().replace(second=0, microsecond=0) if timed else None)


def parse_date(text: str, now: datetime) -> date:
    """A day (any time given is ignored)."""
    return parse_when(text, now).day


def parse_moment(text: str, now: datetime, default_time: time) -> datetime:
    """An aware moment in the zone of `now`; `default_time` when only a day was given."""
    return parse_when(text, now).at(now.tzinfo, default_time)


# --- timestamps ------------------------------------------------------------------------


def stamp(moment: datetime) -> str:
    """UTC ISO 8601 with milliseconds: `2026-11-21T06:37:23.123Z` (sorts as text)."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def from_stamp(text: str) -> datetime:
    """The aware UTC moment of a stored timestamp."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def local_now() -> datetime:
    """The real clock, in the user's zone; called at the edge (the CLI), never at import."""
    from dateutil.tz import tzlocal

    return datetime.now(tzlocal())


# --- reading dates to people -----------------------------------------------------------


def in_days(delta: int) -> str:
    """A number of days from today in words: `today`, `tomorrow`, `in 5 days`, `3 days ago`."""
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if delta > 0:
        return f"in {delta} days"
    return f"{-delta} days ago"


def relative_day(day: date, today: date) -> str:
    """`day` as seen from `today`, in words."""
    return in_days((day - today).days)


def long_date(day: date) -> str:
    """`Thursday 3 December 2026`."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def in_words(iso: str | None) -> str:
    """`2026-12-03` (or a timestamp of that day) → `Thursday 3 December 2026`; empty stays empty."""
    return long_date(date.fromisoformat(iso[:10])) if iso else ""


QUARTER_MONTHS = 3


def quarter_mark(starts_on: str) -> date:
    """The day of the quarter check-in: three months after the start."""
    from dateutil.relativedelta import relativedelta

    return date.fromisoformat(starts_on) + relativedelta(months=QUARTER_MONTHS)
