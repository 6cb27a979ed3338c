"""The data behind each report: plain dicts for the templates, built here (templates query nothing).

Private records are left out unless the owner asks with `include_private`. Dates are given
both as ISO text and in words. The journey reports (bridging-the-gap, final-reflection) live in
`services/journey.py`.
"""

from __future__ import annotations

from datetime import datetime

from mentorlog.dates import in_words
from mentorlog.errors import InvalidInput
from mentorlog.services import agreement as agreements
from mentorlog.services import goals as goal_service
from mentorlog.services import journey, plan, rules
from mentorlog.services.journal import Journal
from mentorlog.services.visibility import visible
from mentorlog.store import goals as goals_store

KINDS = ("agreement", "here-and-now", "there-and-then", "bridging-the-gap", "final-reflection")

AGREEMENT_ROWS = (
    ("Period", None),
    ("Meetings", "meetings"),
    ("Cadence", "cadence"),
    ("Session length", "length_minutes"),
    ("Place", "place"),
    ("Contact between sessions", "contact"),
)


def pair_context(journal: Journal) -> dict:
    pair = journal.pair
    return {
        "mentor": pair.mentor,
        "mentee": pair.mentee,
        "programme": pair.programme,
        "starts_on": pair.starts_on,
        "ends_on": pair.ends_on,
        "phase": str(pair.phase),
        "starts_in_words": in_words(pair.starts_on),
        "ends_in_words": in_words(pair.ended_on or pair.ends_on),
        "ended_on": pair.ended_on,
        "end_kind": pair.end_kind,
        "end_reason": pair.end_reason,
    }


def agreement_context(journal: Journal, include_private: bool) -> dict:
    data = agreements.show(journal)
    if data["version"] is not None:
        rows = []
        value: str | None
        for label, key in AGREEMENT_ROWS:
            if key is None:
                value = f"{in_words(data['period_start'])} to {in_words(data['period_end'])}"
            elif key == "length_minutes":
                value = f"{data[key]} minutes" if data[key] else None
            else:
                value = data[key]
            rows.append((label, value if value not in (None, "") else "—"))
        data["rows"] = rows
        data["approved_on"] = in_words(data["approved_at"])
        data["proposed_on"] = in_words(data["proposed_at"])
    return {"agreement": data, "rules": visible(rules.list_rules(journal), include_private)}


def here_and_now_context(journal: Journal, include_private: bool) -> dict:
    areas = plan.area_history(journal, include_private)
    rated = [a for a in areas if a["six"] and a["latest"] and a["latest"]["rating"]]
    summary = None
    if rated:
        strongest = max(rated, key=lambda a: a["latest"]["rating"])
        weakest = min(rated, key=lambda a: a["latest"]["rating"])
        average = sum(a["latest"]["rating"] for a in rated) / len(rated)
        summary = {
            "mapped": sum(1 for a in areas if a["six"] and a["latest"]),
            "strongest": strongest["title"],
            "strongest_rating": strongest["latest"]["rating"],
            "weakest": weakest["title"],
            "weakest_rating": weakest["latest"]["rating"],
            "average": f"{average:.1f}",
        }
    by_key = {a["area"]: a for a in areas}
    return {
        "areas": [a for a in areas if a["six"]],
        "strengths": by_key["strengths"]["entries"],
        "improvements": by_key["improvements"]["entries"],
        "resources": by_key["resources"]["entries"],
        "network": by_key["network"]["entries"],
        "summary": summary,
    }


def there_and_then_context(journal: Journal, include_private: bool, now: datetime) -> dict:
    vision = goals_store.current_vision(journal.db)
    goals = goal_service.list_goals(journal, include_ended=True)
    for goal in goals:
        goal["met"] = [c for c in goal_service.CRITERIA if c not in goal["missing"]]
    areas = plan.area_history(journal, include_private)
    gap = [
        {
            "title": a["title"],
            "now": a["latest"]["rating"] if a["latest"] else None,
            "gap": (5 - a["latest"]["rating"]) if a["latest"] and a["latest"]["rating"] else None,
            "text": a["latest"]["text"] if a["latest"] else None,
        }
        for a in areas
        if a["six"]
    ]
    outcomes = visible(plan.list_outcomes(journal), include_private)
    for o in outcomes:
        o["by_in_words"] = in_words(o["by"])
    return {
        "vision": vision["text"]
        if vision and (include_private or vision["visibility"] != "private")
        else None,
        "goals": goals,
        "outcomes": outcomes,
        "gap": gap,
        "options": visible(plan.list_options(journal), include_private),
        "actions": visible(plan.list_actions(journal, now, include_closed=True), include_private),
    }


def report_context(journal: Journal, kind: str, now: datetime, include_private: bool = False) -> dict:
    builders = {
        "agreement": lambda: agreement_context(journal, include_private),
        "here-and-now": lambda: here_and_now_context(journal, include_private),
        "there-and-then": lambda: there_and_then_context(journal, include_private, now),
        "bridging-the-gap": lambda: journey.bridging_context(journal, include_private, now),
        "final-reflection": lambda: journey.final_context(journal, include_private, now),
    }
    if kind not in builders:
        raise InvalidInput(f"No report {kind!r}; the reports are: {', '.join(KINDS)}.")
    context = builders[kind]()
    context.update(
        {
            "pair": pair_context(journal),
            "kind": kind,
            "generated_on": in_words(now.date().isoformat()),
            "include_private": include_private,
        }
    )
    return context
