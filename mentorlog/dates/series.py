"""Series of sessions: a cadence or an RRULE, kept at the same local wall-clock time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from mentorlog.dates.grammar import LAST_YEAR
from mentorlog.dates.stamps import _exists, _gap_edges
from mentorlog.dates.words import long_date
from mentorlog.errors import InvalidInput

# --- series ------------------------------------------------------------------------------

CADENCES = ("weekly", "fortnightly", "every-3-weeks", "monthly")
_WEEKS = {"weekly": 1, "fortnightly": 2, "every-3-weeks": 3}
_RULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_RULE_KEYS = (
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS",
    "BYYEARDAY", "BYWEEKNO", "WKST",
)  # fmt: skip
_RULE_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_EVERY_WEEKS = {1: "weekly", 2: "every two weeks", 3: "every three weeks"}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def _bad_cadence(every: str) -> InvalidInput:
    return InvalidInput(
        f"Can't read {every!r} as a cadence. Use weekly, fortnightly, every-3-weeks, monthly "
        "or an RRULE such as FREQ=MONTHLY;BYDAY=1TU."
    )


def _place_in_month(day: date) -> int:
    """1–4 for the first to fourth such weekday of its month, -1 in the month's last seven days."""
    import calendar

    if day.day > calendar.monthrange(day.year, day.month)[1] - 7:
        return -1
    return (day.day - 1) // 7 + 1


def _rule_parts(every: str, first: datetime) -> dict[str, str]:
    """The rule of a cadence name, or a raw RRULE checked: daily or coarser, no times of day."""
    name = every.strip().lower()
    weekday = _RULE_DAYS[first.weekday()]
    if name in _WEEKS:
        return {"FREQ": "WEEKLY", "INTERVAL": str(_WEEKS[name]), "BYDAY": weekday}
    if name == "monthly":
        return {"FREQ": "MONTHLY", "BYDAY": f"{_place_in_month(first.date()):+d}{weekday}"}
    rule = every.strip().upper()
    rule = rule[6:] if rule.startswith("RRULE:") else rule
    parts: dict[str, str] = {}
    for part in filter(None, rule.split(";")):
        key, _, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if key in ("BYHOUR", "BYMINUTE", "BYSECOND"):
            raise InvalidInput(f"{every!r}: a series takes its time of day from --start; drop {key}.")
        if key not in _RULE_KEYS or not value or key in parts:
            raise _bad_cadence(every)
        parts[key] = value
    if parts.get("FREQ") in ("HOURLY", "MINUTELY", "SECONDLY"):
        raise InvalidInput(
            f"{every!r} repeats within a day; a series of sessions is DAILY, WEEKLY, MONTHLY or YEARLY."
        )
    if parts.get("FREQ") not in _RULE_FREQS:
        raise _bad_cadence(every)
    for key in ("COUNT", "INTERVAL"):
        if key in parts and not (parts[key].isdecimal() and parts[key].isascii() and int(parts[key]) > 0):
            raise _bad_cadence(every)
    return parts


def _rule_until(value: str, tz: tzinfo | None, every: str) -> datetime:
    """A rule's UNTIL (a date, a local time, or a UTC time ending in Z) as a naive local time."""
    try:
        if re.fullmatch(r"[0-9]{8}", value, re.ASCII):
            return datetime.combine(datetime.strptime(value, "%Y%m%d").date(), time(23, 59, 59))
        if re.fullmatch(r"[0-9]{8}T[0-9]{6}Z", value, re.ASCII):
            utc = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            return utc.astimezone(tz).replace(tzinfo=None)
        if re.fullmatch(r"[0-9]{8}T[0-9]{6}", value, re.ASCII):
            return datetime.strptime(value, "%Y%m%dT%H%M%S")
    except (ValueError, OverflowError):
        pass
    raise _bad_cadence(every)


def _from_wall(wall: datetime, tz: tzinfo | None) -> datetime:
    """The aware moment of a series' wall-clock time: the first of a repeated time, and a time
    in the gap moved forward by the gap's length (RFC 5545)."""
    if _exists(wall, tz):
        return wall.replace(tzinfo=tz)
    before, after = _gap_edges(wall, tz)
    gap = after - before - timedelta(minutes=1)
    return (wall + gap).replace(tzinfo=tz)


def series(every: str, first: datetime, count: int, *, until: date | None = None) -> list[datetime]:
    """The moments of a series: `count` at most, none after `until` (a day, inclusive).

    `every` is weekly, fortnightly, every-3-weeks, monthly (the same weekday and place in the
    month: the third Wednesday, or the last one) or an RRULE of DAILY or coarser, whose own
    COUNT and UNTIL are kept. The local wall-clock time of `first` (aware) stays the same."""
    from itertools import islice

    from dateutil.rrule import rrulestr

    if first.tzinfo is None:
        raise TypeError("series() needs an aware first moment")
    if count < 1:
        raise InvalidInput("A series needs at least one session: give a count of 1 or more.")
    parts = _rule_parts(every, first)
    limit = min(count, int(parts.pop("COUNT", count)))
    last = datetime(LAST_YEAR, 12, 31, 23, 59, 59)
    if "UNTIL" in parts:
        last = min(last, _rule_until(parts.pop("UNTIL"), first.tzinfo, every))
    if until is not None:
        last = min(last, datetime.combine(until, time(23, 59, 59)))
    wall = first.replace(tzinfo=None, fold=0)
    rule = ";".join([*(f"{k}={v}" for k, v in parts.items()), f"UNTIL={last:%Y%m%dT%H%M%S}"])
    try:
        walls = list(islice(rrulestr(rule, dtstart=wall), limit)) if limit else []
    except (ValueError, KeyError, IndexError, TypeError, OverflowError):
        raise _bad_cadence(every) from None
    if not walls:
        raise InvalidInput(
            f"The cadence {every!r} gives no dates from {long_date(first.date())} "
            f"to {long_date(last.date())}."
        )
    return [_from_wall(w, first.tzinfo) for w in walls]


def describe_series(every: str, first: datetime) -> str:
    """A series in words: `monthly on the third Wednesday at 18:00`."""
    name = every.strip().lower()
    weekday = f"{first:%A}"
    at = f"at {first:%H:%M}"
    if name == "monthly":
        return f"monthly on the {_ORDINALS[_place_in_month(first.date())]} {weekday} {at}"
    if name in _WEEKS:
        return f"{_EVERY_WEEKS[_WEEKS[name]]} on {weekday}s {at}"
    return f"by the rule {every.strip()} from {first:%a} {first.day} {first:%B %Y} {at}"
