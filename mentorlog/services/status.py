"""The dashboard: where the mentorship stands, and what deserves attention (nudges).

`status_report` returns plain data; the JSON of `status --json` is exactly this dict, and the
terminal view renders the same dict.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from mentorlog.model import Nudge
from mentorlog.services.journal import Journal


def status_report(journal: Journal, now: datetime) -> dict:
    pair = journal.pair
    nudges: list[Nudge] = []
    return {
        "pair": {
            "mentor": pair.mentor,
            "mentee": pair.mentee,
            "me": str(pair.me),
            "programme": pair.programme,
            "starts_on": pair.starts_on,
            "ends_on": pair.ends_on,
        },
        "journal": journal.label,
        "phase": str(pair.phase),
        "agreement": {"state": None, "version": None},
        "next_session": None,
        "counts": {},
        "nudges": [asdict(n) for n in nudges],
    }
