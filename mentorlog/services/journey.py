"""The journey reports: bridging-the-gap (the long middle) and final-reflection (the whole year).

Both read aggregates and the few kinds of notes they show (lessons, decisions) through indexed
queries, so they stay quick on a journal of many years.
"""

from __future__ import annotations

from datetime import datetime

from mentorlog.dates import from_stamp
from mentorlog.services import ending, plan
from mentorlog.services import goals as goal_service
from mentorlog.services.journal import Journal
from mentorlog.services.reports import _areas, in_words, visible
from mentorlog.store import journey as store
from mentorlog.store import process


def _goals_with_history(journal: Journal) -> list[dict]:
    found = []
    for goal in goal_service.list_goals(journal, include_ended=True):
        full = goal_service.show_goal(journal, goal["id"])
        full["revisions"] = [
            {
                **r,
                "on": in_words(r["at"]),
                "changes": ", ".join(
                    f"{k}: {r['before'].get(k) or '—'} → {v or '—'}" for k, v in r["after"].items()
                ),
            }
            for r in full["revisions"]
        ]
        full["due_in_words"] = in_words(full["due"])
        found.append(full)
    return found


def _sessions(journal: Journal, include_private: bool, now: datetime) -> list[dict]:
    """Held sessions with their topics, decisions and feedback, in date order."""
    db = journal.db
    held = store.held_sessions(db)
    topics = store.topics_by_session(db)
    decisions = store.notes_by_session(db, "decision")
    feedback = store.feedback_by_session(db)
    result = []
    for s in held:
        starts = from_stamp(s["starts_at"]).astimezone(now.tzinfo)
        ratings = {f["author"]: f for f in feedback.get(s["id"], [])}
        result.append(
            {
                "number": s["number"],
                "on": in_words(starts.date().isoformat()),
                "date": starts.date().isoformat(),
                "length_minutes": s["length_minutes"],
                "phase": s["phase"],
                "topics": [t["text"] for t in visible(topics.get(s["id"], []), include_private)],
                "decisions": [d["text"] for d in visible(decisions.get(s["id"], []), include_private)],
                "mentee_rating": (ratings.get("mentee") or {}).get("rating"),
                "mentor_rating": (ratings.get("mentor") or {}).get("rating"),
                "worked": [f["worked"] for f in ratings.values() if f.get("worked")],
                "improve": [f["improve"] for f in ratings.values() if f.get("improve")],
            }
        )
    return result


def _lessons(journal: Journal, include_private: bool) -> list[dict]:
    return [
        {"text": n["text"], "author": n["author"], "on": in_words(n["created_at"]), "tags": n["tags"]}
        for n in visible(store.notes_of_kind(journal.db, "lesson"), include_private)
    ]


def bridging_context(journal: Journal, include_private: bool, now: datetime) -> dict:
    actions = visible(plan.list_actions(journal, now, include_closed=True), include_private)
    contacts = [
        {"text": c["text"], "via": c["via"], "on": in_words(c["occurred_on"]), "author": c["author"]}
        for c in visible(store.notes_of_kind(journal.db, "contact"), include_private)
    ]
    return {
        "goals": _goals_with_history(journal),
        "actions_done": [a for a in actions if a["status"] == "done"],
        "actions_open": [a for a in actions if a["status"] == "open" and not a["overdue"]],
        "actions_overdue": [a for a in actions if a["overdue"]],
        "sessions": _sessions(journal, include_private, now),
        "lessons": _lessons(journal, include_private),
        "contacts": contacts,
    }


def final_context(journal: Journal, include_private: bool, now: datetime) -> dict:
    db = journal.db
    sessions = _sessions(journal, include_private, now)
    # Sessions after the official end (keeping in touch) are not part of the mentorship's totals.
    ended = journal.pair.ended_on
    totals = store.session_totals(db, f"{ended}T23:59:59.999Z" if ended else "9999")
    in_force = process.agreement_in_force(db) or {}
    goals = _goals_with_history(journal)
    areas = [a for a in _areas(journal, include_private) if a["latest"]]
    comparison = [
        {
            "title": a["title"],
            "first": a["first"]["rating"],
            "last": a["latest"]["rating"],
            "first_text": a["first"]["text"],
            "last_text": a["latest"]["text"],
            "first_on": a["first"]["on"],
            "last_on": a["latest"]["on"],
            "change": (a["latest"]["rating"] - a["first"]["rating"])
            if a["latest"]["rating"] and a["first"]["rating"]
            else None,
            "reassessed": len(a["entries"]) > 1,
        }
        for a in areas
    ]
    answers = ending.answers_given(journal, include_private)
    return {
        "held": totals["held"],
        "planned": max(totals["planned"], in_force.get("meetings") or 0),
        "cancelled": totals["cancelled"],
        "hours": f"{totals['minutes'] / 60:.1f}",
        "goals": goals,
        "goals_set": len(goals),
        "goals_achieved": sum(1 for g in goals if g["status"] == "achieved"),
        "goals_dropped": sum(1 for g in goals if g["status"] == "dropped"),
        "comparison": comparison,
        "lessons": _lessons(journal, include_private),
        "sessions": sessions,
        "answers": answers,
        "questions": ending.QUESTIONS,
        "final_suggestions": [a for a in answers if a["key"] == "final-suggestions"],
        "milestones": [{**m, "on": in_words(m["date"])} for m in ending.milestones(journal)],
        "chart": comparison,
    }
