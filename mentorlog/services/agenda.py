"""The agenda of the next (or a given) session: what it is about, what is owed, what to ask.

Built for the mentee a few days before a session: when and where, "session k of n", the
topics they proposed (flagged when proposed later than three days ahead), actions due or
overdue, the questions parked for it, the goals in play, what happened since the last session,
the prompts of the current phase, and a time plan scaled to the session's length. Private
entries are included only when asked (the terminal view is the owner's own and includes them).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from mentorlog.dates import from_stamp, long_date, stamp
from mentorlog.model import (
    DEFAULT_LENGTH,
    GUIDANCE_MINUTES,
    TOPIC_DAYS_AHEAD,
    ActionStatus,
    NoteKind,
    Phase,
    SessionState,
    guidance_problem,
)
from mentorlog.services import goals as goal_service
from mentorlog.services import ids
from mentorlog.services import sessions as session_service
from mentorlog.services.journal import Journal
from mentorlog.services.visibility import visible
from mentorlog.store import agreement as agreement_store
from mentorlog.store import notes as notes_store
from mentorlog.store import plan as plan_store
from mentorlog.store import sessions as store

PROMPTS = {
    Phase.GETTING_STARTED: [
        "What each of us expects and brings",
        "The topics the mentee wants to share",
        "Short-, mid- and long-term goals",
        "Where the mentor can help",
        "Rules of the game: respect and punctuality, discretion, topics off-limits, contact between sessions",
        "Period, number and rhythm of sessions (the agreement)",
    ],
    Phase.HERE_AND_NOW: [
        "The six areas one by one: personal and professional development, knowledge, skills, "
        "resources, network",
        "Strengths",
        "Areas for improvement",
        "Resources at hand and missing",
        "The network of contacts",
    ],
    Phase.THERE_AND_THEN: [
        "Where the mentee wants to be in a year",
        "Desired outcomes and by when",
        "The gap per area",
        "Options, and which is most feasible",
        "The first actions, with owners and dates",
    ],
    Phase.BRIDGING_THE_GAP: [
        "What's new since last time",
        "Progress on the actions",
        "Obstacles met",
        "Should a goal, or the way to it, change?",
        "What the mentee owns next",
        "One good result of the last session",
        "A difficulty not yet named",
    ],
    Phase.FINAL_REFLECTION: [
        "Looking back over the whole process",
        "The most important insights",
        "Goals met and not met",
        "Final suggestions and comments",
        "How we stay in touch",
    ],
}


def time_plan(length: int, topics: list[dict]) -> list[dict]:
    """About 15 minutes on what's new, 60 on the topics, 15 on the summary, for 90 minutes; scaled."""
    edge = max(5, round(length / 6))
    middle = max(0, length - 2 * edge)
    plan = [{"minutes": edge, "what": "What's new since last time"}]
    if topics:
        each, extra = divmod(middle, len(topics))
        for i, topic in enumerate(topics):
            plan.append({"minutes": each + (1 if i < extra else 0), "what": topic["text"]})
    else:
        plan.append({"minutes": middle, "what": "The topics"})
    plan.append({"minutes": edge, "what": "Summary and the plan for next time"})
    return plan


def build_agenda(
    journal: Journal, now: datetime, number: int | None = None, include_private: bool = False
) -> dict:
    db = journal.db
    row: dict | None
    if number is not None:
        row = session_service.get(journal, number)
    else:
        row = store.next_session(db, stamp(now - timedelta(hours=2)))
    phase = journal.pair.phase
    empty: dict[str, Any] = {
        "session": None,
        "topics": [],
        "actions": [],
        "questions": [],
        "goals": [],
        "since_last": None,
        "prompts": PROMPTS[phase],
        "time_plan": [],
        "nudges": [],
        "include_private": include_private,
    }
    if row is None:
        empty["message"] = (
            "No session is planned. Propose one with `mentorlog session plan WHEN` "
            "(e.g. `mentorlog session plan 'next tue 18:00'`) or a series with `mentorlog session schedule`."
        )
        return empty

    tz = now.tzinfo
    session = session_service.describe(row, tz, db)
    starts = from_stamp(row["starts_at"]).astimezone(tz)
    today = now.date()
    planned = [s for s in store.numbered_sessions(db) if s["state"] != SessionState.CANCELLED]
    position = next((i for i, s in enumerate(planned, start=1) if s["id"] == row["id"]), None)
    in_force = agreement_store.agreement_in_force(db) or {}
    session.update(
        {
            "when": f"{long_date(starts.date())}, {starts:%H:%M}",
            "days_until": (starts.date() - today).days,
            "position": position,
            "planned": max(len(planned), in_force.get("meetings") or 0),
        }
    )

    deadline = starts - timedelta(days=TOPIC_DAYS_AHEAD)
    topic_rows = visible(store.open_topics(db, row), include_private)
    question_rows = visible(notes_store.open_questions(db, row), include_private)
    short = ids.shorten(db, topic_rows + question_rows)
    topics = [
        {
            "id": t["id"],
            "short_id": short[t["id"]],
            "text": t["text"],
            "author": t["author"],
            "proposed_at": t["created_at"],
            "late": from_stamp(t["created_at"]) > deadline,
            "carried_over": t["session_id"] not in (row["id"], None),
            "visibility": t["visibility"],
        }
        for t in topic_rows
    ]
    questions = [
        {
            "id": q["id"],
            "short_id": short[q["id"]],
            "text": q["text"],
            "author": q["author"],
            "created_at": q["created_at"],
            "visibility": q["visibility"],
        }
        for q in question_rows
    ]
    session_day = starts.date().isoformat()
    due_rows = [a for a in plan_store.list_actions(db) if a["due"] and a["due"] <= session_day]
    actions = [
        {
            "id": a["id"],
            "text": a["text"],
            "owner": a["owner"],
            "due": a["due"],
            "overdue": a["due"] < today.isoformat(),
        }
        for a in visible(due_rows, include_private)
    ]
    goals = [
        {
            "id": g["id"],
            "title": g["title"],
            "progress": g["progress"],
            "due": g["due"],
            "missing": g["missing"],
        }
        for g in goal_service.list_goals(journal)
    ]
    agenda = {
        "session": session,
        "topics": topics,
        "actions": actions,
        "questions": questions,
        "goals": goals,
        "since_last": _since_last(journal, row, include_private),
        "prompts": PROMPTS[phase],
        "phase": str(phase),
        "time_plan": time_plan(row["length_minutes"] or DEFAULT_LENGTH, topics),
        "nudges": _nudges(session, topics, actions, today, starts.date()),
        "include_private": include_private,
    }
    return agenda


def _since_last(journal: Journal, row: dict, include_private: bool) -> dict:
    db = journal.db
    last = store.last_held_session(db, before=row["starts_at"])
    since = last["starts_at"] if last else (journal.pair.starts_on or "0000") + "T00:00:00.000Z"
    notes = visible(
        notes_store.notes_since(db, since, (NoteKind.CONTACT, NoteKind.LESSON, NoteKind.DECISION)),
        include_private,
    )
    done = [a for a in plan_store.list_actions(db, (ActionStatus.DONE,)) if (a["done_at"] or "") >= since]
    done = visible(done, include_private)
    return {
        "last_session": last["number"] if last else None,
        "since": since,
        "contacts": [
            {
                "text": n["text"],
                "via": n["via"],
                "on": n["occurred_on"],
                "author": n["author"],
                "visibility": n["visibility"],
            }
            for n in notes
            if n["kind"] == "contact"
        ],
        "lessons": [
            {"text": n["text"], "author": n["author"], "visibility": n["visibility"]}
            for n in notes
            if n["kind"] == "lesson"
        ],
        "decisions": [
            {"text": n["text"], "author": n["author"], "visibility": n["visibility"]}
            for n in notes
            if n["kind"] == "decision"
        ],
        "actions_done": [{"text": a["text"], "owner": a["owner"], "done_at": a["done_at"]} for a in done],
    }


def _nudges(session: dict, topics: list[dict], actions: list[dict], today: date, day: date) -> list[dict]:
    found = []
    soon = 0 <= (day - today).days <= TOPIC_DAYS_AHEAD
    if soon and not topics:
        found.append(
            {
                "code": "topic-late",
                "message": f"The session is within {TOPIC_DAYS_AHEAD} days and has no topic yet: "
                "`mentorlog topic add TEXT`.",
            }
        )
    elif any(t["late"] for t in topics):
        found.append(
            {
                "code": "topic-late",
                "message": f"A topic was proposed less than {TOPIC_DAYS_AHEAD} days before the "
                "session; tell the mentor early (`mentorlog agenda --format markdown` is ready to e-mail).",
            }
        )
    if any(a["overdue"] for a in actions):
        found.append(
            {"code": "action-overdue", "message": "Some actions are overdue; talk about what is in the way."}
        )
    if guidance_problem(session["length_minutes"] or DEFAULT_LENGTH):
        low, high = GUIDANCE_MINUTES
        found.append(
            {
                "code": "length-outside-guidance",
                "message": f"The session is {session['length_minutes']} "
                f"minutes; the programme suggests {low} to {high}.",
            }
        )
    return found
