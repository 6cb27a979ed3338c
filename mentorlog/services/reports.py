"""The data behind each report: plain dicts for the templates, built here (templates query nothing).

Private records are left out unless the owner asks with `include_private`.
"""

from __future__ import annotations

from datetime import datetime

from mentorlog.errors import InvalidInput
from mentorlog.services import agreement as agreements
from mentorlog.services import plan
from mentorlog.services.journal import Journal

KINDS = ("agreement",)

AGREEMENT_ROWS = (
    ("Period", None),
    ("Meetings", "meetings"),
    ("Cadence", "cadence"),
    ("Session length", "length_minutes"),
    ("Place", "place"),
    ("Contact between sessions", "contact"),
)


def _pair(journal: Journal) -> dict:
    pair = journal.pair
    return {
        "mentor": pair.mentor,
        "mentee": pair.mentee,
        "programme": pair.programme,
        "starts_on": pair.starts_on,
        "ends_on": pair.ends_on,
        "phase": str(pair.phase),
    }


def agreement_context(journal: Journal) -> dict:
    data = agreements.show(journal)
    if data["version"] is not None:
        rows = []
        for label, key in AGREEMENT_ROWS:
            if key is None:
                value = f"{data['period_start']} to {data['period_end']}"
            elif key == "length_minutes":
                value = f"{data[key]} minutes" if data[key] else None
            else:
                value = data[key]
            rows.append((label, value if value not in (None, "") else "—"))
        data["rows"] = rows
        data["approved_on"] = (data["approved_at"] or "")[:10]
        data["proposed_on"] = (data["proposed_at"] or "")[:10]
    return {"pair": _pair(journal), "agreement": data, "rules": plan.list_rules(journal)}


def report_context(journal: Journal, kind: str, now: datetime, include_private: bool = False) -> dict:
    if kind not in KINDS:
        raise InvalidInput(f"No report {kind!r} in this version; reports: {', '.join(KINDS)}.")
    context = {"agreement": agreement_context}[kind](journal)
    context["generated_on"] = now.date().isoformat()
    context["include_private"] = include_private
    return context
