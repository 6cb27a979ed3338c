"""The data behind each report: plain dicts for the templates, built here (templates query nothing).

Private records are left out unless the owner asks with `include_private`: every read here
names its audience, and the store leaves out what that audience may not see. Dates are given
both as ISO text and in words. The journey reports (bridging-the-gap, final-reflection) live in
`reports/journey.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from mentorlog import fields as schema
from mentorlog.dates import in_words
from mentorlog.errors import InvalidInput
from mentorlog.journal.journal import Journal
from mentorlog.model import Audience
from mentorlog.process import agreement as agreements
from mentorlog.process import goals as goal_service
from mentorlog.process import plan, rules
from mentorlog.reports import journey
from mentorlog.store import goals as goals_store
from mentorlog.store.records import Row

if TYPE_CHECKING:
    from mentorlog.rows.process import AgreementInReport, GoalInReport

KINDS = ("agreement", "here-and-now", "there-and-then", "bridging-the-gap", "final-reflection")

# (label, key) of each row of the agreement's table: the terms declared with a row (the period's
# start stands for the period, both its days)
AGREEMENT_ROWS = tuple(
    (spec.form.row, spec.form.shown_as or spec.name)
    for spec in schema.form_fields("agreement")
    if spec.form is not None and spec.form.row
)


def terms_context(journal: Journal, audience: Audience) -> Row:
    """What the pair agreed on (process/agreement.py: terms), for the templates: `provisional` until
    a version is approved, when the period is the one given at `init`."""
    terms = agreements.terms(journal, audience)
    return {
        "start": terms.start.isoformat(),
        "end": terms.end.isoformat(),
        "start_in_words": in_words(terms.start.isoformat()),
        "end_in_words": in_words(terms.end.isoformat()),
        "meetings": terms.meetings,
        "length_minutes": terms.length_minutes,
        "cadence": str(terms.cadence),
        "start_cadence": str(terms.start_cadence) if terms.start_cadence else None,
        "start_meetings": terms.start_meetings,
        "cadence_in_words": terms.cadence_in_words,
        "place": terms.place,
        "link": terms.link,
        "version": terms.version,
        "state": str(terms.state) if terms.state else None,
        "provisional": terms.provisional,
    }


def pair_context(journal: Journal, terms: Row) -> Row:
    """The pair, with the period agreed on (the approved agreement's, else `init`'s; the day it
    ended, once it has)."""
    pair = journal.pair
    return {
        "mentor": pair.mentor,
        "mentee": pair.mentee,
        "programme": pair.programme,
        "starts_on": terms["start"],
        "ends_on": pair.ended_on or terms["end"],
        "phase": str(pair.phase),
        "starts_in_words": terms["start_in_words"],
        "ends_in_words": in_words(pair.ended_on) if pair.ended_on else terms["end_in_words"],
        "period_provisional": terms["provisional"],
        "ended_on": pair.ended_on,
        "end_kind": pair.end_kind,
        "end_reason": pair.end_reason,
    }


def agreement_context(journal: Journal, audience: Audience) -> Row:
    data = cast("AgreementInReport", agreements.show(journal, audience))  # its table and days follow
    if data["version"] is not None:
        terms: Mapping[str, Any] = data  # the declared rows, read by name
        rows = []
        value: str | None
        for label, key in AGREEMENT_ROWS:
            if key == "period_start":
                value = f"{in_words(data['period_start'])} to {in_words(data['period_end'])}"
            elif key == "length_minutes":
                value = f"{data['length_minutes']} minutes" if data["length_minutes"] else None
            else:
                value = terms[key]
            rows.append((label, value if value not in (None, "") else "—"))
        data["rows"] = rows
        data["approved_on"] = in_words(data["approved_at"])
        data["proposed_on"] = in_words(data["proposed_at"])
    return {"agreement": data, "rules": rules.list_rules(journal, audience)}


def _rating(entry: Row | None) -> int | None:
    return entry["rating"] if entry else None


def here_and_now_context(journal: Journal, audience: Audience) -> Row:
    """The mapping: the mentee's own FIRST assessment of each area is the starting point (a later
    re-assessment belongs to the final reflection); the mentor's view stands beside it."""
    areas = plan.area_history(journal, audience)
    rated = [a for a in areas if a["six"] and _rating(a["first"])]
    summary = None
    if rated:
        strongest = max(rated, key=lambda a: a["first"]["rating"])
        weakest = min(rated, key=lambda a: a["first"]["rating"])
        average = sum(a["first"]["rating"] for a in rated) / len(rated)
        summary = {
            "mapped": sum(1 for a in areas if a["six"] and a["first"]),
            "strongest": strongest["title"],
            "strongest_rating": strongest["first"]["rating"],
            "weakest": weakest["title"],
            "weakest_rating": weakest["first"]["rating"],
            "average": f"{average:.1f}",
        }
    by_key = {a["area"]: a for a in areas}

    def listed(area: str) -> list[Row]:
        """The mentee's first entry of an area, then the mentor's first (marked `mentor_view`)."""
        found = by_key[area]
        return [
            *({**e, "mentor_view": False} for e in found["entries"][:1]),
            *({**e, "mentor_view": True} for e in found["mentor_entries"][:1]),
        ]

    six = [a for a in areas if a["six"]]
    return {
        "areas": six,
        "reassessed": [a["title"] for a in six if len(a["entries"]) > 1],
        "mentor_view": any(a["mentor_entries"] for a in six),
        "strengths": listed("strengths"),
        "improvements": listed("improvements"),
        "resources": listed("resources"),
        "network": listed("network"),
        "summary": summary,
    }


def _mapped_before(entries: list[Row], moment: str | None) -> Row | None:
    """The mentee's latest assessment of an area written by `moment` (when the first goal was
    set), else her first; with no goals yet, her latest."""
    if moment is None:
        return entries[-1] if entries else None
    before = [e for e in entries if e["created_at"] <= moment]
    return before[-1] if before else (entries[0] if entries else None)


def there_and_then_context(journal: Journal, audience: Audience, now: datetime) -> Row:
    """The vision and the plan. The gap per area is measured from the mapping the plan was made
    on (the mentee's latest assessment of each area before the first goal, dated), not from a
    later re-assessment."""
    vision = goals_store.current_vision(journal.db, audience)
    # each goal gets what the report says of it: the parts it meets, when it ended
    goals = cast(
        "list[GoalInReport]", goal_service.list_goals(journal, audience, include_ended=True, today=now.date())
    )
    rows = {g["id"]: g for g in goals_store.list_goals(journal.db, audience, None)}
    for goal in goals:
        goal["met"] = [c for c in goal_service.CRITERIA if c not in goal["missing"]]
        goal["ended_on"] = rows[goal["id"]]["ended_on"]
        goal["ended_in_words"] = in_words(goal["ended_on"])
    areas = plan.area_history(journal, audience)
    set_at = min((g["created_at"] for g in goals), default=None)
    gap = []
    for a in (a for a in areas if a["six"]):
        then = _mapped_before(a["entries"], set_at)
        gap.append(
            {
                "title": a["title"],
                "now": then["rating"] if then else None,
                "gap": (5 - then["rating"]) if then and then["rating"] else None,
                "text": then["text"] if then else None,
                "on": then["on"] if then else None,
                "reassessed": bool(then) and then is not a["latest"],
            }
        )
    outcomes = journey.outcome_states(plan.list_outcomes(journal, audience), goals, now.date().isoformat())
    actions = plan.list_actions(journal, now, audience, include_closed=True)
    for a in actions:
        a["done_on"] = in_words(a["done_at"]) if a["status"] == "done" and a["done_at"] else None
    return {
        "vision": vision["text"] if vision else None,
        "goals": goals,
        "outcomes": outcomes,
        "gap": gap,
        "reassessed": [g["title"] for g in gap if g["reassessed"]],
        "options": plan.list_options(journal, audience),
        "actions": actions,
    }


def report_context(journal: Journal, kind: str, now: datetime, include_private: bool = False) -> Row:
    audience = Audience.asked(include_private)
    builders: dict[str, Callable[[], dict[str, Any]]] = {
        "agreement": lambda: agreement_context(journal, audience),
        "here-and-now": lambda: here_and_now_context(journal, audience),
        "there-and-then": lambda: there_and_then_context(journal, audience, now),
        "bridging-the-gap": lambda: journey.bridging_context(journal, audience, now),
        "final-reflection": lambda: journey.final_context(journal, audience, now),
    }
    if kind not in builders:
        raise InvalidInput(f"No report {kind!r}; the reports are: {', '.join(KINDS)}.")
    context = builders[kind]()
    terms = terms_context(journal, audience)
    context.update(
        {
            "terms": terms,
            "pair": pair_context(journal, terms),
            "kind": kind,
            "generated_on": in_words(now.date().isoformat()),
            "include_private": include_private,
        }
    )
    return context
