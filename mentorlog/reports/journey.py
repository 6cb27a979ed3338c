"""The journey reports: bridging-the-gap (the long middle) and final-reflection (the whole year).

Both read aggregates and the few kinds of notes they show (lessons, decisions) through indexed
queries, so they stay quick on a journal of many years.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from mentorlog.dates import from_stamp, in_words
from mentorlog.journal.journal import Journal
from mentorlog.model import Audience
from mentorlog.process import agreement, ending, plan
from mentorlog.process import goals as goal_service
from mentorlog.process.milestones import milestones
from mentorlog.store import goals as goals_store
from mentorlog.store import journey as journey_store
from mentorlog.store import plan as plan_store
from mentorlog.store import sessions as sessions_store
from mentorlog.store.records import Row

if TYPE_CHECKING:
    from mentorlog.rows.process import GoalInJourney
    from mentorlog.rows.stored import ActionInPlan

LATEST = 40  # lessons and contacts shown in a report; the rest are counted (`mentorlog log` has them all)


def _goals_with_history(journal: Journal, audience: Audience, now: datetime) -> list[GoalInJourney]:
    """Every goal with its revisions and progress, read in three queries whatever their number."""
    db = journal.db
    revisions = journey_store.revisions_by_goal(db, audience)
    progress = journey_store.progress_by_goal(db, audience)
    found: list[GoalInJourney] = []
    for goal in goals_store.list_goals(db, audience, None):
        found.append(
            {
                "id": goal["id"],
                **goal_service.terms(goal),
                "ended_on": goal["ended_on"],
                "end_reason": goal["end_reason"],
                "progress": goal["progress"] or 0,
                "missing": goal_service.missing(goal),
                "due_in_words": in_words(goal["due"]),
                "overdue": goal_service.is_overdue(goal, now.date()),
                "ended_in_words": in_words(goal["ended_on"]),
                "revisions": [
                    {
                        "reason": r["reason"],
                        "at": r["created_at"],
                        "on": in_words(r["created_at"]),
                        "author": r["author"],
                        "changes": goal_service.changes_in_words(r),
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


def names(journal: Journal) -> dict[str, str]:
    """Each role's name, as reports say who did what."""
    return {"mentor": journal.pair.mentor, "mentee": journal.pair.mentee}


def _feedback(given: list[Row], who: dict[str, str]) -> list[Row]:
    """Each person's feedback on a session, the mentee's first: rating and comments side by side."""
    return [
        {
            "author": f["author"],
            "by": who[f["author"]],
            "rating": f["rating"],
            "worked": f["worked"],
            "improve": f["improve"],
            "visibility": f["visibility"],
        }
        for f in sorted(given, key=lambda f: f["author"] != "mentee")
    ]


def _when_held(session: Row, now: datetime) -> Row:
    """Which session it is and when, as the journey reports place it (its local day)."""
    day = from_stamp(session["starts_at"]).astimezone(now.tzinfo).date().isoformat()
    return {
        "id": session["id"],
        "number": session["number"],
        "starts_at": session["starts_at"],
        "on": in_words(day),
        "date": day,
    }


def _sessions(journal: Journal, audience: Audience, now: datetime) -> list[Row]:
    """Held sessions with their topics, decisions and feedback, in date order."""
    db = journal.db
    held = journey_store.held_sessions(db, audience)
    topics = journey_store.topics_by_session(db, audience)
    decisions = journey_store.notes_by_session(db, "decision", audience)
    feedback = journey_store.feedback_by_session(db, audience)
    who = names(journal)
    result = []
    for s in held:
        ratings = {f["author"]: f for f in feedback.get(s["id"], [])}
        result.append(
            {
                **_when_held(s, now),
                "length_minutes": s["length_minutes"],
                "phase": s["held_phase"] or s["phase"],
                "topics": [t["text"] for t in topics.get(s["id"], [])],
                "decisions": [d["text"] for d in decisions.get(s["id"], [])],
                "mentee_rating": (ratings.get("mentee") or {}).get("rating"),
                "mentor_rating": (ratings.get("mentor") or {}).get("rating"),
                "worked": [f["worked"] for f in ratings.values() if f.get("worked")],
                "improve": [f["improve"] for f in ratings.values() if f.get("improve")],
                "feedback": _feedback(list(ratings.values()), who),
            }
        )
    return result


NOTES_PER_SESSION = 6  # decisions, and notes, listed under one session; the rest are counted


class SessionFinder:
    """The held session a note belongs to: the one it names, else the last held before it was
    written (a decision written the day after a session is that session's)."""

    def __init__(self, sessions: list[Row]):
        self.sessions = sessions
        self.by_id = {s["id"]: s for s in sessions}
        self.starts = [s["starts_at"] for s in sessions]

    def of(self, session_id: str | None, created_at: str) -> Row | None:
        if session_id in self.by_id:
            return self.by_id[session_id]
        place = bisect.bisect_right(self.starts, created_at)
        return self.sessions[place - 1] if place else None


def _record_of_sessions(journal: Journal, audience: Audience, now: datetime) -> Row:
    """Held sessions with topics, decisions, shared notes, questions taken up and feedback (with
    comments), and the cancelled ones with their reasons, in date order. Decisions and notes
    written without a session belong to the last session held before them; those written
    before the first session are listed apart."""
    db = journal.db
    held = _sessions(journal, audience, now)
    asked = journey_store.questions_asked(db, audience)
    for s in held:
        s.update(
            {
                "decisions": [],
                "notes": [],
                "decisions_more": 0,
                "notes_more": 0,
                "kind": "held",
                "cancel_reason": None,
            }
        )
        s["questions"] = [q["text"] for q in asked.get(s["id"], [])]
    before: Row = {"decisions": [], "notes": [], "decisions_more": 0, "notes_more": 0}
    finder = SessionFinder(held)
    who = names(journal)
    for kind, text, author, visibility, session_id, created_at, for_me in journey_store.notes_of_kinds(
        db, ("decision", "note", "idea"), audience
    ):
        session = finder.of(session_id, created_at)
        key = "decisions" if kind == "decision" else "notes"
        target = session if session is not None else before
        if len(target[key]) >= NOTES_PER_SESSION:
            target[f"{key}_more"] += 1
            continue
        at = who["mentee" if author == "mentor" else "mentor"] if for_me else None  # written at their laptop
        target[key].append({"text": text, "by": who[author], "visibility": visibility, "at": at})
    ended = journal.pair.ended_on
    until = f"{ended}T23:59:59.999Z" if ended else "9999"
    topics = journey_store.topics_by_session(db, audience)
    cancelled = []
    for c in journey_store.cancelled_sessions(db, audience, until):
        cancelled.append(
            {
                **_when_held(c, now),
                "kind": "cancelled",
                "cancel_reason": c["cancel_reason"],
                "topics": [t["text"] for t in topics.get(c["id"], [])],
            }
        )
    every = sorted(held + cancelled, key=lambda s: (s["starts_at"], s["number"]))
    return {"sessions_record": every, "before_first_session": before}


def _contacts(journal: Journal, audience: Audience) -> Row:
    contacts, total = _latest(journal, "contact", audience)
    who = names(journal)
    for c in contacts:
        c["by"] = who[c["author"]]
    counts = journey_store.contact_counts(journal.db, audience)
    return {
        "contacts": contacts,
        "contacts_total": total,
        "contacts_by": [
            {"by": who[role], "count": counts[role]} for role in ("mentee", "mentor") if counts.get(role)
        ],
    }


def _action_plan(journal: Journal, audience: Audience, now: datetime) -> Row:
    """The action plan in brief, for the final reflection: how many actions were done, are open
    (and overdue) or dropped, and at most LATEST of them listed, the open ones first (the most
    overdue first), then the latest done."""
    today = now.date().isoformat()
    every: list[ActionInPlan] = [
        {
            **a,
            "overdue": a["status"] == "open" and a["due"] is not None and bool(a["due"]) and a["due"] < today,
            "done_on": in_words(a["done_at"]) if a["status"] == "done" and a["done_at"] else None,
        }
        for a in plan_store.list_actions(journal.db, audience, None)
    ]
    open_ = [a for a in every if a["status"] == "open"]
    done = sorted((a for a in every if a["status"] == "done"), key=lambda a: a["done_at"] or "")
    shown = (open_ + done[::-1])[:LATEST]
    return {
        "actions": sorted(shown, key=lambda a: (a["status"] != "open", a["due"] is None, a["due"] or "")),
        "actions_total": len(every),
        "actions_done": len(done),
        "actions_open": len(open_),
        "actions_overdue": sum(1 for a in open_ if a["overdue"]),
        "actions_dropped": sum(1 for a in every if a["status"] == "dropped"),
    }


def _actions(journal: Journal, audience: Audience, now: datetime) -> list[Row]:
    actions = plan.list_actions(journal, now, audience, include_closed=True)
    for a in actions:
        a["done_on"] = in_words(a["done_at"]) if a["status"] == "done" and a["done_at"] else None
    return actions


def _latest(journal: Journal, kind: str, audience: Audience) -> tuple[list[Row], int]:
    """The latest notes of a kind (oldest of them first), and how many there are in all."""
    rows, total = journey_store.latest_notes_of_kind(journal.db, kind, audience, LATEST)
    who = names(journal)
    for row in rows:
        row["on"] = in_words(row["occurred_on"] or row["created_at"])
        row["by"] = who[row["author"]]
    return rows, total


def outcome_states(outcomes: list[Row], goals: Sequence[Mapping[str, Any]], today: str) -> list[Row]:
    """Each outcome reached or not: `reached` when the goal it serves was achieved (on that day),
    `not-reached` when its date has passed without that, else `open`."""
    by_id = {g["id"]: g for g in goals}
    for o in outcomes:
        goal = by_id.get(o["goal_id"] or "")
        o["by_in_words"] = in_words(o["by"])
        o["goal_title"] = goal["title"] if goal else None
        if goal and goal["status"] == "achieved":
            o["state"], o["reached_on"] = "reached", in_words(goal["ended_on"])
        elif o["by"] < today:
            o["state"], o["reached_on"] = "not-reached", None
        else:
            o["state"], o["reached_on"] = "open", None
    return outcomes


def bridging_context(journal: Journal, audience: Audience, now: datetime) -> Row:
    actions = _actions(journal, audience, now)
    lessons, lessons_total = _latest(journal, "lesson", audience)
    return {
        "goals": _goals_with_history(journal, audience, now),
        "actions_done": [a for a in actions if a["status"] == "done"],
        "actions_open": [a for a in actions if a["status"] == "open" and not a["overdue"]],
        "actions_overdue": [a for a in actions if a["overdue"]],
        "sessions": _sessions(journal, audience, now),
        **_record_of_sessions(journal, audience, now),
        "lessons": lessons,
        "lessons_total": lessons_total,
        **_contacts(journal, audience),
    }


def _then_and_now(area: Row) -> Row:
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


def final_context(journal: Journal, audience: Audience, now: datetime) -> Row:
    db = journal.db
    sessions = _sessions(journal, audience, now)
    # Sessions after the official end (keeping in touch) are not part of the mentorship's totals.
    ended = journal.pair.ended_on
    totals = sessions_store.session_totals(db, audience, f"{ended}T23:59:59.999Z" if ended else "9999")
    meetings = agreement.terms(journal, audience).meetings
    goals = _goals_with_history(journal, audience, now)
    vision = goals_store.current_vision(db, audience)
    areas = [a for a in plan.area_history(journal, audience) if a["latest"] or a["mentor_latest"]]
    comparison = [_then_and_now(a) for a in areas]
    answers = ending.answers_given(journal, audience)
    lessons, lessons_total = _latest(journal, "lesson", audience)
    return {
        "held": totals.held,
        "agreed": meetings,
        "planned": max(totals.planned, meetings or 0),
        "cancelled": totals.cancelled,
        "hours": f"{totals.minutes / 60:.1f}",
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
        "vision": vision["text"] if vision else None,
        "vision_on": in_words(vision["created_at"]) if vision else None,
        **_action_plan(journal, audience, now),
        "feedback_sessions": sessions[-LATEST:],
        "outcomes": outcome_states(plan.list_outcomes(journal, audience), goals, now.date().isoformat()),
        **_contacts(journal, audience),
    }
