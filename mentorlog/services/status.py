"""The dashboard: where the mentorship stands, and what deserves attention (nudges).

`status_report` returns plain data; the JSON of `status --json` is exactly this dict, and the
terminal view renders the same dict. Nudge codes are stable (README: "The dashboard and its nudges").
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime

from mentorlog.dates import from_stamp, quarter_mark, stamp
from mentorlog.model import (
    DEFAULT_LENGTH,
    GUIDANCE_MINUTES,
    INACTIVE_AFTER_CADENCE_DAYS,
    OPEN_SESSION_STATES,
    SIX_AREAS,
    TOPIC_DAYS_AHEAD,
    GoalStatus,
    Nudge,
    Phase,
    SessionState,
    cadence_days,
    guidance_problem,
)
from mentorlog.services import goals as goal_service
from mentorlog.services import ids
from mentorlog.services.journal import Journal
from mentorlog.services.milestones import milestones
from mentorlog.services.sessions import describe
from mentorlog.store import agreement as agreement_store
from mentorlog.store import goals as goals_store
from mentorlog.store import notes as notes_store
from mentorlog.store import plan as plan_store
from mentorlog.store import rules as rules_store
from mentorlog.store import sessions as store

SHOWN = 10  # goals and actions listed on the dashboard


def nudges(journal: Journal, now: datetime, goals: list[dict], overdue: list[dict]) -> list[Nudge]:
    found: list[Nudge] = []
    db = journal.db
    today = now.date()
    if agreement_store.agreement_in_force(db) is None:
        found.append(
            Nudge(
                "agreement-not-approved",
                "No agreement is approved yet: the mentee proposes it (`mentorlog agreement propose`) "
                "and the mentor approves it (`mentorlog agreement approve`).",
            )
        )
    unsmart = [g for g in goals if g["missing"]]
    if unsmart:
        first = unsmart[0]
        found.append(
            Nudge(
                "goal-not-smart",
                f"{len(unsmart)} goal(s) lack something the SMARTER check can see, e.g. {first['title']!r} "
                f"({', '.join(first['missing'])}): `mentorlog goal check`.",
            )
        )
    if overdue:
        oldest = overdue[0]
        found.append(
            Nudge(
                "action-overdue",
                f"{len(overdue)} action(s) overdue, the oldest {oldest['text']!r} (due {oldest['due']}): "
                "`mentorlog action list`.",
            )
        )
    if journal.pair.starts_on and today >= quarter_mark(journal.pair.starts_on):
        mark = quarter_mark(journal.pair.starts_on)
        if not store.held_since(db, f"{mark.isoformat()}T00:00:00.000Z"):
            found.append(
                Nudge(
                    "quarter-check-in",
                    "Three months have passed since the start: time for a quarter check-in on goals and "
                    "the way of working, at the next session.",
                )
            )
    found.extend(_session_nudges(journal, now))
    return found


def _session_nudges(journal: Journal, now: datetime) -> list[Nudge]:
    db = journal.db
    found: list[Nudge] = []
    today = now.date()
    upcoming = store.next_session(db, stamp(now))
    last = store.last_held_session(db)
    if upcoming is None:
        found.append(
            Nudge("no-next-session", "No session is planned: `mentorlog session plan WHEN` proposes one.")
        )
    in_force = agreement_store.agreement_in_force(db) or {}
    allowed = cadence_days(in_force.get("cadence")) + INACTIVE_AFTER_CADENCE_DAYS
    if last is not None:
        since, what = from_stamp(last["starts_at"]).astimezone(now.tzinfo).date(), f"session {last['number']}"
    else:
        since, what = date.fromisoformat(journal.pair.starts_on or today.isoformat()), "the start"
    if (today - since).days > allowed:
        found.append(
            Nudge(
                "inactive",
                f"No session held for {(today - since).days} days (since {what}); "
                "the cadence suggests meeting again soon.",
            )
        )
    if last is not None and not store.has_feedback_from(db, last["id"], str(journal.pair.me)):
        found.append(
            Nudge(
                "feedback-missing",
                f"Session {last['number']} has no feedback from you: "
                f"`mentorlog feedback {last['number']} --rating 1-5`.",
            )
        )
    if upcoming is not None:
        starts = from_stamp(upcoming["starts_at"]).astimezone(now.tzinfo)
        if (starts.date() - today).days <= TOPIC_DAYS_AHEAD and not store.open_topics(db, upcoming):
            found.append(
                Nudge(
                    "topic-late",
                    f"Session {upcoming['number']} is on {starts:%a %d %b} and has no "
                    "topic: `mentorlog topic add TEXT`.",
                )
            )
    odd = [s for s in store.planned_sessions(db) if guidance_problem(s["length_minutes"] or DEFAULT_LENGTH)]
    if odd:
        low, high = GUIDANCE_MINUTES
        found.append(
            Nudge(
                "length-outside-guidance",
                f"{len(odd)} planned session(s) of {odd[0]['length_minutes']} "
                f"minutes; the programme suggests {low} to {high}.",
            )
        )
    if journal.pair.ends_on:
        ends = date.fromisoformat(journal.pair.ends_on)
        if 0 <= (ends - today).days <= 30 and not store.final_session_planned(db):
            found.append(
                Nudge(
                    "final-session-due",
                    f"The mentorship ends on {ends}: plan the final-reflection "
                    "session (`mentorlog phase final-reflection`, then `mentorlog session plan WHEN`).",
                )
            )
    return found


def phase_suggestion(journal: Journal) -> str | None:
    """A hint to move on when the current phase's work looks done."""
    db = journal.db
    phase = journal.pair.phase
    if phase is Phase.GETTING_STARTED and agreement_store.agreement_in_force(db):
        return "The agreement is approved: `mentorlog phase next` moves on to here-and-now."
    if phase is Phase.HERE_AND_NOW and set(SIX_AREAS) <= plan_store.assessed_areas(db):
        return "All six areas are mapped: `mentorlog phase next` moves on to there-and-then."
    if (
        phase is Phase.THERE_AND_THEN
        and goals_store.current_vision(db)
        and goals_store.list_goals(db)
        and plan_store.list_actions(db)
    ):
        return "Vision, goals and actions are set: `mentorlog phase next` moves on to bridging-the-gap."
    return None


def status_report(journal: Journal, now: datetime) -> dict:
    pair = journal.pair
    db = journal.db
    today = now.date().isoformat()
    goals = goals_store.list_goals(db)
    for goal in goals:
        goal["missing"] = goal_service.missing(goal)
    actions = plan_store.list_actions(db)  # open ones, by due date
    overdue = [a for a in actions if a["due"] and a["due"] < today]
    agreement = agreement_store.latest_agreement(db)
    # After the official end the journal is a record: no more nudges.
    found = [] if pair.ended else nudges(journal, now, goals, overdue)
    # The dashboard shows a few of each (the nearest due first); the lists have them all.
    shown_goals = sorted(goals, key=lambda g: (g["due"] is None, g["due"] or ""))[:SHOWN]
    shown_actions = actions[:SHOWN]
    short = ids.shorten(db, shown_goals + shown_actions)
    notes = notes_store.note_counts(db)

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
        "ended": {"on": pair.ended_on, "kind": pair.end_kind, "reason": pair.end_reason}
        if pair.ended
        else None,
        "milestones": [m for m in milestones(journal) if m["reached"]],
        "suggestion": None if pair.ended else phase_suggestion(journal),
        "agreement": {
            "state": agreement["state"] if agreement else None,
            "version": agreement["version"] if agreement else None,
        },
        "agreement_in_force": (agreement_store.agreement_in_force(db) or {}).get("version"),
        "next_session": _next_session(journal, now),
        "counts": {
            "goals_active": len(goals),
            "goals_achieved": goals_store.count_goals(db, GoalStatus.ACHIEVED),
            "actions_open": len(actions),
            "actions_overdue": len(overdue),
            "rules": rules_store.count_rules(db),
            "assessments": plan_store.count_assessments(db),
            "sessions_held": store.count_sessions(db, (SessionState.HELD,)),
            "sessions_planned": store.count_sessions(db, OPEN_SESSION_STATES),
            "sessions_cancelled": store.count_sessions(db, (SessionState.CANCELLED,)),
            "notes": sum(n for kind, n in notes.items() if kind != "contact"),
            "contacts": notes.get("contact", 0),
        },
        "last_contact": _last_contact(db),
        "goals": [
            {**{k: g[k] for k in ("id", "title", "progress", "due", "missing")}, "short_id": short[g["id"]]}
            for g in shown_goals
        ],
        "actions": [
            {
                **{k: a[k] for k in ("id", "text", "owner", "due")},
                "short_id": short[a["id"]],
                "overdue": bool(a["due"] and a["due"] < today),
            }
            for a in shown_actions
        ],
        "nudges": [asdict(n) for n in found],
    }


def _next_session(journal: Journal, now: datetime) -> dict | None:
    row = store.next_session(journal.db, stamp(now))
    if row is None:
        return None
    data = describe(row, now.tzinfo)
    data["days_until"] = (from_stamp(row["starts_at"]).astimezone(now.tzinfo).date() - now.date()).days
    data["topics"] = len(store.open_topics(journal.db, row))
    return data


def _last_contact(db) -> dict | None:
    row = notes_store.last_contact(db)
    return (
        None
        if row is None
        else {
            "on": row["occurred_on"],
            "via": row["via"],
            "text": row["text"],
            "visibility": row["visibility"],
        }
    )
