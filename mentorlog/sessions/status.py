"""The dashboard: where the mentorship stands, and what deserves attention (nudges).

`status_report` returns plain data; the JSON of `status --json` is exactly this dict, and the
terminal view renders the same dict. Nudge codes are stable (README: "The dashboard and its nudges").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, cast

from mentorlog.dates import from_stamp, stamp
from mentorlog.journal import ids
from mentorlog.journal.journal import Journal
from mentorlog.model import (
    DEFAULT_LENGTH,
    OPEN_SESSION_STATES,
    Audience,
    GoalStatus,
    Nudge,
    Phase,
    SessionState,
)
from mentorlog.process import goals as goal_service
from mentorlog.process import plan as plan_service
from mentorlog.process.agreement import terms
from mentorlog.process.milestones import milestones
from mentorlog.programme import programme_received
from mentorlog.sessions import nudges as nudge
from mentorlog.sessions.sessions import describe
from mentorlog.store import agreement as agreement_store
from mentorlog.store import goals as goals_store
from mentorlog.store import notes as notes_store
from mentorlog.store import plan as plan_store
from mentorlog.store import rules as rules_store
from mentorlog.store import sessions
from mentorlog.store import sync as sync_store
from mentorlog.store.db import Db
from mentorlog.store.merge import cursor

if TYPE_CHECKING:
    from mentorlog.rows.process import GoalOnDashboard
    from mentorlog.rows.sessions import NextSession
    from mentorlog.rows.status import ExchangeShown, LastContact, Status
    from mentorlog.rows.stored import ActionRow, SessionRow

SHOWN = 10  # goals and actions listed on the dashboard


def nudges(
    journal: Journal,
    now: datetime,
    goals: list[GoalOnDashboard],
    actions: list[ActionRow],
    next_session: NextSession | None,
    exchange: ExchangeShown,
) -> list[Nudge]:
    """Every nudge for the owner of the journal, the most pressing first."""
    who = nudge.Who.of(journal)
    under_way = next_session if next_session and next_session["under_way"] else None
    agreed = terms(journal, Audience.OWNER)
    return [
        *nudge.agreement_nudges(journal, who),
        *nudge.session_nudges(journal, now, who, under_way, agreed),
        *nudge.action_nudges(actions, now.date(), who),
        *nudge.goal_nudges(goals, now.date()),
        *nudge.quarter_nudges(journal, now.date(), agreed),
        *nudge.exchange_nudges(
            journal, now, who, next_session, exchange["unshared_changes"], exchange["oldest_unshared_at"]
        ),
    ]


def phase_suggestion(journal: Journal) -> str | None:
    """A hint to move on when the current phase's work looks done."""
    db = journal.db
    phase = journal.pair.phase
    if phase is Phase.GETTING_STARTED and agreement_store.agreement_in_force(db, Audience.OWNER):
        return "The agreement is approved: `mentorlog phase next` moves on to here-and-now."
    if phase is Phase.HERE_AND_NOW and not plan_service.assessments(journal, Audience.OWNER)["unmapped"]:
        return "All six areas are mapped: `mentorlog phase next` moves on to there-and-then."
    if (
        phase is Phase.THERE_AND_THEN
        and goals_store.current_vision(db, Audience.OWNER)
        and goals_store.list_goals(db, Audience.OWNER)
        and plan_store.list_actions(db, Audience.OWNER)
    ):
        return "Vision, goals and actions are set: `mentorlog phase next` moves on to bridging-the-gap."
    return None


def status_report(journal: Journal, now: datetime) -> Status:
    pair = journal.pair
    db = journal.db
    today = now.date().isoformat()
    # each stored row gets what the dashboard judges of it: lacks, overdue, a short id when named
    goals = cast("list[GoalOnDashboard]", goals_store.list_goals(db, Audience.OWNER))
    for goal in goals:
        goal["missing"] = goal_service.missing(goal)
        goal["overdue"] = goal_service.is_overdue(goal, now.date())
    named = nudge.named_late_goal(goals, now.date())  # the one goal the nudges name by its short id
    late = ids.shorten(db, [named] if named else [])
    for goal in goals:
        goal["short_id"] = late.get(goal["id"])
    actions = plan_store.list_actions(db, Audience.OWNER)  # open ones, by due date
    overdue = [a for a in actions if a["due"] and a["due"] < today]
    agreement = agreement_store.latest_agreement(db, Audience.OWNER)
    in_force = agreement_store.agreement_in_force(db, Audience.OWNER)
    next_session = _next_session(journal, now)
    agreed = terms(journal, Audience.OWNER)
    # After the official end the journal is a record: no more nudges.
    exchange = _exchange(journal)
    found = [] if pair.ended else nudges(journal, now, goals, actions, next_session, exchange)
    # The dashboard shows a few of each (the nearest due first), the owner's own actions first;
    # the lists have them all.
    shown_goals = sorted(goals, key=lambda g: (g["due"] is None, g["due"] or ""))[:SHOWN]
    shown_actions = sorted(actions, key=lambda a: a["owner"] != pair.me)[:SHOWN]
    short = ids.shorten(db, [*shown_goals, *shown_actions])
    notes = notes_store.note_counts(db)
    events, announcements = programme_received.for_views(journal, now)

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
        "milestones": [m for m in milestones(journal, Audience.OWNER) if m["reached"]],
        "suggestion": None if pair.ended else phase_suggestion(journal),
        "agreement": {
            "state": agreement["state"] if agreement else None,
            "version": agreement["version"] if agreement else None,
        },
        "agreement_in_force": in_force["version"] if in_force else None,
        "period": {
            "start": agreed.start.isoformat(),
            "end": agreed.end.isoformat(),
            "provisional": agreed.provisional,
        },
        "next_session": next_session,
        "exchange": exchange,
        "counts": {
            "goals_active": len(goals),
            "goals_achieved": goals_store.count_goals(db, GoalStatus.ACHIEVED),
            "actions_open": len(actions),
            "actions_overdue": len(overdue),
            "rules": rules_store.count_rules(db),
            "assessments": plan_store.count_assessments(db),
            "sessions_held": sessions.count_sessions(db, (SessionState.HELD,)),
            "sessions_planned": sessions.count_sessions(db, OPEN_SESSION_STATES),
            "sessions_cancelled": sessions.count_sessions(db, (SessionState.CANCELLED,)),
            "notes": sum(n for kind, n in notes.items() if kind != "contact"),
            "contacts": notes.get("contact", 0),
            "goals_overdue": sum(1 for g in goals if g["overdue"]),
        },
        "last_contact": _last_contact(db),
        "goals": [
            {"id": g["id"], **goal_service.in_brief(g), "short_id": short[g["id"]]} for g in shown_goals
        ],
        "actions": [
            {
                "id": a["id"],
                "number": a["number"],
                "text": a["text"],
                "owner": a["owner"],
                "due": a["due"],
                "short_id": short[a["id"]],
                "mine": a["owner"] == pair.me,
                "overdue": bool(a["due"] and a["due"] < today),
            }
            for a in shown_actions
        ],
        "nudges": [{"code": n.code, "message": n.message} for n in found],
        "programme_events": events,
        "programme_announcements": announcements,
    }


def _next_session(journal: Journal, now: datetime) -> NextSession | None:
    """The session under way, or else the next one planned."""
    row = _under_way(journal, now)
    under_way = row is not None
    if row is None:
        row = sessions.next_session(journal.db, stamp(now), Audience.OWNER)
    if row is None:
        return None
    return {
        **describe(row, now.tzinfo),
        "under_way": under_way,
        "days_until": (from_stamp(row["starts_at"]).astimezone(now.tzinfo).date() - now.date()).days,
        "topics": len(sessions.open_topics(journal.db, row, Audience.OWNER)),
    }


def _under_way(journal: Journal, now: datetime) -> SessionRow | None:
    """A planned session that has started and not yet ended (its length, and half an hour more)."""
    row = sessions.session_during(journal.db, stamp(now - timedelta(hours=12)), stamp(now))
    if row is None or row["state"] not in OPEN_SESSION_STATES:
        return None
    ends = from_stamp(row["starts_at"]) + timedelta(minutes=(row["length_minutes"] or DEFAULT_LENGTH) + 30)
    return row if now <= ends else None


def _exchange(journal: Journal) -> ExchangeShown:
    """When the partner's last bundle was made; how many changes here are in no bundle yet, and how
    many the partner's own bundles do not yet say they have (what the partner has had is what
    their bundles say, not what this journal wrote)."""
    state = cursor.exchange_state(journal.db)
    (waiting, oldest), (not_had, _) = sync_store.unshared_since(
        journal.db, [state.shared_clock, state.partner_had], journal.pair.journal_id
    )
    return {
        "partner_bundle_at": state.partner_bundle_at,
        "last_shared_clock": state.shared_clock or None,
        "shared_at": state.shared_at,
        "merged_at": state.merged_at,
        "unshared_changes": waiting,
        "oldest_unshared_at": oldest,
        "partner_has_until": state.partner_had or None,
        "not_yet_had": not_had,
        "sync_folder": sync_store.sync_folder(journal.db),
    }


def _last_contact(db: Db) -> LastContact | None:
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
