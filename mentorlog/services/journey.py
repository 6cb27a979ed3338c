"""The journey reports: bridging-the-gap (the long middle) and final-reflection (the whole year).

Both read aggregates and the few kinds of notes they show (lessons, decisions) through indexed
queries, so they stay quick on a journal of many years.
"""

from __future__ import annotations

from datetime import datetime

from mentorlog.dates import from_stamp, in_words
from mentorlog.model import Audience
from mentorlog.services import agreement, ending, plan
from mentorlog.services import goals as goal_service
from mentorlog.services.journal import Journal
from mentorlog.services.milestones import milestones
from mentorlog.store import goals as goals_store
from mentorlog.store import journey as store

LATEST = 40  # lessons and contacts shown in a report; the rest are counted (`mentorlog log` has them all)


def _goals_with_history(journal: Journal, audience: Audience) -> list[dict]:
    """Every goal with its revisions and progress, read in three queries whatever their number."""
    db = journal.db
    revisions = store.revisions_by_goal(db, audience)
    progress = store.progress_by_goal(db, audience)
    found = []
    for goal in goals_store.list_goals(db, audience, None):
        found.append(
            {
                **{
                    k: goal[k]
                    for k in (
                        "id",
                        "title",
                        "measure",
                        "due",
                        "why",
                        "term",
                        "status",
                        "ended_on",
                        "end_reason",
                    )
                },
                "progress": goal["progress"] or 0,
                "missing": goal_service.missing(goal),
                "due_in_words": in_words(goal["due"]),
                "revisions": [
                    {
                        "reason": r["reason"],
                        "at": r["created_at"],
                        "on": in_words(r["created_at"]),
                        "author": r["author"],
                        "changes": ", ".join(
                            f"{k}: {r['before'].get(k) or '—'} → {v or '—'}" for k, v in r["after"].items()
                        ),
                    }
                    for r in revisions.get(goal["id"], [])
                ],
                "progress_history": [
                    {"percent": p["percent"], "note": p["note"], "at": p["created_at"], "author": p["author"]}
                    for p in progress.get(goal["id"], [])
                ],
            }
        )
    return found


def _sessions(journal: Journal, audience: Audience, now: datetime) -> list[dict]:
    """Held sessions with their topics, decisions and feedback, in date order."""
    db = journal.db
    held = store.held_sessions(db, audience)
    topics = store.topics_by_session(db, audience)
    decisions = store.notes_by_session(db, "decision", audience)
    feedback = store.feedback_by_session(db, audience)
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
                "phase": s["held_phase"] or s["phase"],
                "topics": [t["text"] for t in topics.get(s["id"], [])],
                "decisions": [d["text"] for d in decisions.get(s["id"], [])],
                "mentee_rating": (ratings.get("mentee") or {}).get("rating"),
                "mentor_rating": (ratings.get("mentor") or {}).get("rating"),
                "worked": [f["worked"] for f in ratings.values() if f.get("worked")],
                "improve": [f["improve"] for f in ratings.values() if f.get("improve")],
            }
        )
    return result


def _latest(journal: Journal, kind: str, audience: Audience) -> tuple[list[dict], int]:
    """The latest notes of a kind (oldest of them first), and how many there are in all."""
    rows, total = store.latest_notes_of_kind(journal.db, kind, audience, LATEST)
    for row in rows:
        row["on"] = in_words(row["occurred_on"] or row["created_at"])
    return rows, total


def bridging_context(journal: Journal, audience: Audience, now: datetime) -> dict:
    actions = plan.list_actions(journal, now, audience, include_closed=True)
    contacts, contacts_total = _latest(journal, "contact", audience)
    lessons, lessons_total = _latest(journal, "lesson", audience)
    return {
        "goals": _goals_with_history(journal, audience),
        "actions_done": [a for a in actions if a["status"] == "done"],
        "actions_open": [a for a in actions if a["status"] == "open" and not a["overdue"]],
        "actions_overdue": [a for a in actions if a["overdue"]],
        "sessions": _sessions(journal, audience, now),
        "lessons": lessons,
        "lessons_total": lessons_total,
        "contacts": contacts,
        "contacts_total": contacts_total,
    }


def _then_and_now(area: dict) -> dict:
    """The mentee's own first and latest assessment of an area and the change between them; the
    mentor's latest view beside them (a mentor's rating never moves the mentee's change)."""
    first, latest, mentor = area["first"], area["latest"], area["mentor_latest"]
    return {
        "title": area["title"],
        "first": first["rating"] if first else None,
        "last": latest["rating"] if latest else None,
        "first_text": first["text"] if first else None,
        "last_text": latest["text"] if latest else None,
        "first_on": first["on"] if first else None,
        "last_on": latest["on"] if latest else None,
        "change": (latest["rating"] - first["rating"])
        if first and first["rating"] and latest["rating"]
        else None,
        "reassessed": len(area["entries"]) > 1,
        "mentor": mentor["rating"] if mentor else None,
        "mentor_text": mentor["text"] if mentor else None,
        "mentor_on": mentor["on"] if mentor else None,
        "mentor_assessed": mentor is not None,
    }


def final_context(journal: Journal, audience: Audience, now: datetime) -> dict:
    db = journal.db
    sessions = _sessions(journal, audience, now)
    # Sessions after the official end (keeping in touch) are not part of the mentorship's totals.
    ended = journal.pair.ended_on
    totals = store.session_totals(db, audience, f"{ended}T23:59:59.999Z" if ended else "9999")
    meetings = agreement.terms(journal, audience).meetings
    goals = _goals_with_history(journal, audience)
    areas = [a for a in plan.area_history(journal, audience) if a["latest"] or a["mentor_latest"]]
    comparison = [_then_and_now(a) for a in areas]
    answers = ending.answers_given(journal, audience)
    lessons, lessons_total = _latest(journal, "lesson", audience)
    return {
        "held": totals["held"],
        "planned": max(totals["planned"], meetings or 0),
        "cancelled": totals["cancelled"],
        "hours": f"{totals['minutes'] / 60:.1f}",
        "goals": goals,
        "goals_set": len(goals),
        "goals_achieved": sum(1 for g in goals if g["status"] == "achieved"),
        "goals_dropped": sum(1 for g in goals if g["status"] == "dropped"),
        "comparison": comparison,
        "mentor_view": any(a["mentor_assessed"] for a in comparison),
        "lessons": lessons,
        "lessons_total": lessons_total,
        "sessions": sessions,
        "answers": answers,
        "questions": ending.QUESTIONS,
        "final_suggestions": [a for a in answers if a["key"] == "final-suggestions"],
        "milestones": [{**m, "on": in_words(m["date"])} for m in milestones(journal, audience)],
        "chart": comparison,
    }
