"""Due dates (of goals, actions and outcomes): read in the journal's date order, and a warning,
never a refusal, when one lies in the past (a date set late, for the record, is allowed)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mentorlog.dates import in_days, is_past, long_date, parse_date


def read_due(text: str | None, now: datetime, date_order: str = "dmy") -> date | None:
    """The day `text` names, or None when none was given."""
    return parse_date(text, now, date_order=date_order) if text else None


def past_warning(day: date | None, now: datetime, what: str) -> list[str]:
    """A warning when `day` lies before today (`what`: "the goal's due date"), else nothing."""
    if day is None or not is_past(day, now):
        return []
    ago = in_days((day - now.date()).days)
    return [f"Note: {what}, {long_date(day)}, is in the past ({ago}); it is kept as given."]


def warned(data: dict[str, Any], day: date | None, now: datetime, what: str) -> dict[str, Any]:
    """`data` (a record as a command shows it) with the warning for `day` under `warnings`."""
    data["warnings"] = past_warning(day, now, what)
    return data
