"""The agenda of the next (or a given) session: what it is about, what is owed, what to ask.

Built for the mentee a few days before a session: when and where, "session k of n", the
topics they proposed (flagged when proposed later than three days ahead), actions due or
overdue, the questions parked for it, the goals in play, what happened since the last session,
the prompts of the current phase, and a time plan scaled to the session's length. Private
entries are included only when asked (the terminal view is the owner's own and includes them).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from mentorlog.dates import from_stamp, long_date, stamp
from mentorlog.journal import ids
from mentorlog.journal.journal import Journal
from mentorlog.model import (
    DEFAULT_LENGTH,
    GUIDANCE_MINUTES,
    Audience,
    NoteKind,
    Phase,
    Role,
    guidance_problem,
)
from mentorlog.process import goals as goal_service
from mentorlog.process import rules as rule_service
from mentorlog.programme import programme_received
from mentorlog.sessions import sessions as session_service
from mentorlog.store import goals as goals_store
from mentorlog.store import notes as notes_store
from mentorlog.store import plan as plan_store
from mentorlog.store import sessions
from mentorlog.words import agree, plural

if TYPE_CHECKING:
    from mentorlog.rows.sessions import (
        Agenda,
        AgendaAction,
        AgendaGoal,
        AgendaItem,
        AgendaQuestion,
        AgendaSession,
        AgendaTopic,
        NudgeData,
        SinceLast,
        TimeSlot,
    )
    from mentorlog.rows.stored import NoteRow, SessionRow, Slot, TopicRow

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

FIRST_MEETING = (
    (2, "Getting to know each other: who we are, what we do"),
    (3, "What each of us expects and brings; the goals the mentee has in mind"),
    (3, "The agreement: period, meetings, rhythm; the rules of the game"),
)


def time_plan(length: int, topics: list[AgendaTopic], first: bool = False) -> list[TimeSlot]:
    """About 15 minutes on what's new, 60 on the topics, 15 on the summary, for 90 minutes;
    scaled. A first meeting has no "since last time": it is for getting to know each other, the
    expectations of both, and the agreement (and the topics, when there are any)."""
    edge = max(5, round(length / 6))
    middle = max(0, length - 2 * edge)
    if first:
        parts = [*FIRST_MEETING, *((2, topic["text"]) for topic in topics)]
        weights = sum(w for w, _ in parts)
        body = length - edge
        plan: list[TimeSlot] = [{"minutes": round(body * w / weights), "what": what} for w, what in parts]
        plan[-1]["minutes"] += body - sum(item["minutes"] for item in plan)
        plan.append({"minutes": edge, "what": "Summary and the plan for the next session"})
        return plan
    plan = [{"minutes": edge, "what": "What's new since last time"}]
    if topics:
        each, extra = divmod(middle, len(topics))
        for i, topic in enumerate(topics):
            plan.append({"minutes": each + (1 if i < extra else 0), "what": topic["text"]})
    else:
        plan.append({"minutes": middle, "what": "The topics"})
    plan.append({"minutes": edge, "what": "Summary and the plan for next time"})
    return plan


# With no session planned, the agenda gathers what waits for "the next session" (topics and
# questions parked for no session yet) as if it came after everything planned.
NOT_PLANNED: Slot = {"id": "", "starts_at": "9999-12-31T23:59:59.999Z"}
DUE_AHEAD_DAYS = 14  # with no session planned: the actions due within two weeks


def build_agenda(
    journal: Journal, now: datetime, number: int | None = None, include_private: bool = False
) -> Agenda:
    """The agenda as data (the JSON of `agenda --format json`, the same keys in every state)."""
    db = journal.db
    audience = Audience.asked(include_private)
    row: SessionRow | None
    if number is not None:
        row = session_service.get(journal, number, audience)
    else:
        row = sessions.next_session(db, stamp(now - timedelta(hours=2)), audience)
    phase = journal.pair.phase
    tz = now.tzinfo
    today = now.date()
    target: Slot = row or NOT_PLANNED
    session: AgendaSession | None = None
    deadline = None
    if row is not None:
        starts = from_stamp(row["starts_at"]).astimezone(tz)
        position, planned, agreed = session_service.meeting_position(journal, row, audience)
        session = {
            **session_service.describe(row, tz, db),
            "when": f"{long_date(starts.date())}, {starts:%H:%M}",
            "days_until": (starts.date() - today).days,
            "position": position,
            "planned": planned,
            "agreed": agreed,
        }
        deadline = starts - timedelta(days=rule_service.topic_days(journal))
        last_day = starts.date()
    else:
        last_day = today + timedelta(days=DUE_AHEAD_DAYS)
    topic_rows = sessions.open_topics(db, target, audience)
    question_rows = notes_store.open_questions(db, target, audience)
    due_rows = [
        a for a in plan_store.list_actions(db, audience) if a["due"] and a["due"] <= last_day.isoformat()
    ]
    goal_rows = goal_service.list_goals(journal, audience, today=today)
    short = ids.shorten(db, [*topic_rows, *question_rows, *due_rows])
    # each as the agenda lists it: its id and short id, its fields, what the agenda says of it,
    # and whether it is shared
    topics: list[AgendaTopic] = [
        {
            **_item(t, short),
            "proposed_at": t["created_at"],
            "late": deadline is not None and from_stamp(t["created_at"]) > deadline,
            "carried_over": row is not None and t["session_id"] not in (row["id"], None),
            "visibility": t["visibility"],
        }
        for t in topic_rows
    ]
    questions: list[AgendaQuestion] = [
        {**_item(q, short), "created_at": q["created_at"], "visibility": q["visibility"]}
        for q in question_rows
    ]
    actions: list[AgendaAction] = [
        {
            "id": a["id"],
            "short_id": short[a["id"]],
            "number": a["number"],
            "text": a["text"],
            "owner": a["owner"],
            "due": a["due"],
            "overdue": a["due"] is not None and a["due"] < today.isoformat(),  # every one has a due date
            "visibility": a["visibility"],
        }
        for a in due_rows
    ]
    goals: list[AgendaGoal] = [
        {"id": g["id"], "short_id": g["short_id"], **goal_service.in_brief(g)} for g in goal_rows
    ]
    first = row is not None and sessions.last_held_session(db, audience, before=row["starts_at"]) is None
    return {
        "session": session,
        "topics": topics,
        "actions": actions,
        "questions": questions,
        "goals": goals,
        "since_last": _since_last(journal, target, audience),
        "prompts": PROMPTS[phase],
        "phase": str(phase),
        "time_plan": time_plan(row["length_minutes"] or DEFAULT_LENGTH, topics, first) if row else [],
        "nudges": _nudges(journal, session, topics, actions, goals, today) if row else [],
        "include_private": include_private,
        "programme_events": programme_received.for_views(journal, now)[0],
        "message": None
        if row is not None
        else (
            "No session is planned. Propose one with `mentorlog session plan WHEN` "
            "(e.g. `mentorlog session plan 'next tue 18:00'`) or a series with `mentorlog session schedule`."
        ),
    }


def _item(record: TopicRow | NoteRow, short: dict[str, str]) -> AgendaItem:
    """A topic or a question as the agenda lists it, up to what the agenda says of it."""
    return {
        "id": record["id"],
        "short_id": short[record["id"]],
        "text": record["text"],
        "author": record["author"],
    }


def _since_last(journal: Journal, row: Slot, audience: Audience) -> SinceLast:
    db = journal.db
    last = sessions.last_held_session(db, audience, before=row["starts_at"])
    since = last["starts_at"] if last else (journal.pair.starts_on or "0000") + "T00:00:00.000Z"
    notes = notes_store.notes_since(
        db, since, (NoteKind.CONTACT, NoteKind.LESSON, NoteKind.DECISION), audience
    )
    done = plan_store.actions_done_since(db, audience, since)
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
        "goal_progress": [
            {
                "goal": p["goal_title"],
                "percent": p["percent"],
                "note": p["note"],
                "at": p["created_at"],
                "author": p["author"],
                "visibility": p["visibility"],
            }
            for p in goals_store.progress_since(db, since, audience)
        ],
        "goal_revisions": [
            {
                "goal": r["goal_title"],
                "changes": goal_service.changes_in_words(r),
                "reason": r["reason"],
                "at": r["created_at"],
                "author": r["author"],
                "visibility": r["visibility"],
            }
            for r in goals_store.revisions_since(db, since, audience)
        ],
    }


def _nudges(
    journal: Journal,
    session: AgendaSession | None,
    topics: list[AgendaTopic],
    actions: list[AgendaAction],
    goals: list[AgendaGoal],
    today: date,
) -> list[NudgeData]:
    """The agenda's own nudges, for the owner of the journal (the mentee proposes the topics)."""
    if session is None:
        return []
    found: list[NudgeData] = []
    mentee = journal.pair.me is Role.MENTEE
    partner = (journal.pair.mentor if mentee else journal.pair.mentee).split()[0]
    ahead = rule_service.topic_days(journal)
    soon = 0 <= session["days_until"] <= ahead
    if soon and not topics:
        message = (
            f"The session is within {ahead} days and has no topic yet: `mentorlog topic add TEXT`."
            if mentee
            else f"The session is within {ahead} days and {partner} has not yet proposed a topic."
        )
        found.append({"code": "topic-late", "message": message})
    elif mentee and any(t["late"] for t in topics):
        found.append(
            {
                "code": "topic-late",
                "message": f"A topic was proposed less than {ahead} days before the session; tell "
                f"{partner} early (`mentorlog agenda --format markdown` is ready to e-mail).",
            }
        )
    if any(a["overdue"] for a in actions):
        found.append(
            {"code": "action-overdue", "message": "Some actions are overdue; talk about what is in the way."}
        )
    late = [g for g in goals if g["overdue"]]
    if late:
        found.append(
            {
                "code": "goal-overdue",
                "message": f"{plural(len(late), 'goal')} {agree(len(late), 'is', 'are')} past the due date "
                f"({', '.join(repr(g['title']) for g in late[:3])}{', …' if len(late) > 3 else ''}): "
                "a new date, or is it done?",
            }
        )
    if guidance_problem(session["length_minutes"] or DEFAULT_LENGTH):
        low, high = GUIDANCE_MINUTES
        found.append(
            {
                "code": "length-outside-guidance",
                "message": f"The session is {session['length_minutes']} minutes; the programme suggests "
                f"{low} to {high}.",
            }
        )
    return found
