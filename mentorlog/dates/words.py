"""Dates as they read to people."""

from __future__ import annotations

from datetime import date

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
