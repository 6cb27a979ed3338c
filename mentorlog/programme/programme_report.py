"""The coordinator's report (`programme report`): the dashboard's figures (programme/programme_status.py)
at `now`, with the day the report was made. Only what the summaries carry: numbers, dates and the
names the coordinator matched."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mentorlog.programme import programme_status
from mentorlog.programme.programme import Programme


def report(programme: Programme, now: datetime) -> dict[str, Any]:
    """The figures of `programme status --json` and `as_of`, the day they hold for."""
    data: dict[str, Any] = programme_status.status(programme, now)
    return {**data, "as_of": now.date().isoformat()}
