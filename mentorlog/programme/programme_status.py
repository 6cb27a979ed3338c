"""The coordinator's dashboard (`programme status`), computed from the kept summaries at `now`.

A pair is known by the summaries of its journals (one or both people may have joined). Its figures
come from the newest summary of a journal still in the programme; a journal that left is shown
only as "left on DATE". Rules (README, "For a programme"):

- agreement not approved: no approved agreement three weeks after the agreed start;
- inactive: an ongoing pair with no held session for its rhythm's days + 14 (counted from the last
  held session, or from the start);
- quarter check-in due: three months after the start, no check-in reached yet; and for each pair,
  whether a consultation is planned for its mentee and for its mentor (an event of the kind
  `consultation`, not cancelled, for all or for that role, starting no earlier than a month
  before the pair's quarter mark);
- silent: no summary made in the last 30 days by any of the pair's journals.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from mentorlog.dates import from_stamp, quarter_mark
from mentorlog.model import CADENCE_DAYS, Cadence, Phase
from mentorlog.programme.programme import Programme
from mentorlog.store import programme as programme_store
from mentorlog.store import programme_events as events_store

NOT_APPROVED_DAYS = 21
CONSULTATION_LEAD_DAYS = 31  # a consultation this long before a pair's quarter mark counts for it
INACTIVE_EXTRA_DAYS = 14
SILENT_DAYS = 30


def _consultations(consultations: list[dict[str, Any]], starts: str) -> dict[str, bool]:
    """For a pair that started on `starts`: is a consultation planned for its mentee, its mentor."""
    earliest = (quarter_mark(starts) - timedelta(days=CONSULTATION_LEAD_DAYS)).isoformat()
    held_for = {
        c["audience"] for c in consultations if from_stamp(c["starts_at"]).date().isoformat() >= earliest
    }
    return {role: bool(held_for & {"all", role}) for role in ("mentees", "mentors")}


def _pair_figures(view: dict[str, Any], today: date, consultations: list[dict[str, Any]]) -> dict[str, Any]:
    agreement = view["agreement"]
    sessions = view["sessions"]
    held = [s for s in sessions if s["state"] == "held"]
    start = date.fromisoformat(agreement["start"])
    ended = view["end"] is not None
    reached = {m["key"] for m in view["milestones"]}
    last_held = max((date.fromisoformat(s["planned"]) for s in held), default=None)
    since = last_held or start
    allowed = CADENCE_DAYS[Cadence(agreement["cadence"])] + INACTIVE_EXTRA_DAYS
    return {
        "phase": view["phase"],
        "agreement_state": agreement["state"],
        "start": agreement["start"],
        "end": agreement["end"],
        "sessions_held": len(held),
        "sessions_agreed": agreement["meetings"],
        "hours_held": round(sum(s["held_minutes"] for s in held) / 60, 1),
        "last_held": last_held.isoformat() if last_held else None,
        "last_activity": view["last_activity"],
        "not_approved": agreement["state"] != "approved"
        and today > start + timedelta(days=NOT_APPROVED_DAYS),
        "inactive": not ended and today > start and (today - since).days > allowed,
        "quarter_due": not ended
        and today >= quarter_mark(agreement["start"])
        and "quarter-check-in" not in reached,
        "consultation_planned": _consultations(consultations, agreement["start"]),
        "ended_on": view["end"]["on"] if ended else None,
        "end_kind": view["end"]["kind"] if ended else None,
    }


def status(programme: Programme, now: datetime) -> dict[str, Any]:
    row = programme.row
    today = now.date()
    by_pair: dict[str, list[dict[str, Any]]] = {}
    for kept in programme_store.summaries(programme.db):
        by_pair.setdefault(kept["pair_id"], []).append({**kept, "data": json.loads(kept["body"])})
    pairs, left = [], []
    ratings_by_month: dict[str, list[int]] = {}
    consultations = [
        event
        for event in events_store.planned(programme.db)
        if event["kind"] == "consultation" and event["state"] != "cancelled"
    ]
    for pair_id, journals in sorted(by_pair.items()):
        for j in journals:
            if j["left_on"] is not None:
                data = j["data"]
                left.append(
                    {"pair": pair_id, "name": data[j["role"]], "role": j["role"], "left_on": j["left_on"]}
                )
        staying = [j for j in journals if j["left_on"] is None]
        if not staying:
            continue
        view = max(staying, key=lambda j: j["made_at"])["data"]
        figures = _pair_figures(view, today, consultations)
        newest = max(from_stamp(j["made_at"]) for j in journals)
        ratings = [r for j in staying for r in (j["data"]["ratings"] or [])]
        for r in ratings:
            ratings_by_month.setdefault(r["session"][:7], []).append(r["rating"])
        pairs.append(
            {
                "pair": pair_id,
                "mentor": view["mentor"],
                "mentee": view["mentee"],
                "joined": sorted(j["role"] for j in staying),
                **figures,
                "feedback_average": _average([r["rating"] for r in ratings]),
                "last_summary": newest.date().isoformat(),
                "silent": (now - newest).days >= SILENT_DAYS,
            }
        )
    ongoing = [p for p in pairs if p["ended_on"] is None]
    all_ratings = [x for values in ratings_by_month.values() for x in values]
    return {
        "programme": {
            "name": row["name"],
            "coordinator": row["coordinator"],
            "start": row["starts_on"],
            "end": row["ends_on"],
        },
        "pairs": pairs,
        "by_phase": [
            {"phase": str(phase), "pairs": sum(1 for p in ongoing if p["phase"] == phase)} for phase in Phase
        ],
        "not_approved": [p["pair"] for p in pairs if p["not_approved"]],
        "inactive": [p["pair"] for p in pairs if p["inactive"]],
        "quarter_due": [p["pair"] for p in pairs if p["quarter_due"]],
        "silent": [p["pair"] for p in pairs if p["silent"]],
        "ended": [p["pair"] for p in pairs if p["ended_on"] is not None],
        "completed": [p["pair"] for p in pairs if p["end_kind"] == "completed"],
        "left": left,
        "sessions": {
            "held": sum(p["sessions_held"] for p in pairs),
            "agreed": sum(p["sessions_agreed"] or 0 for p in pairs),
        },
        "feedback": {
            "average": _average(all_ratings),
            "by_month": [
                {"month": month, "average": _average(values)}
                for month, values in sorted(ratings_by_month.items())
            ],
        },
    }


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None
