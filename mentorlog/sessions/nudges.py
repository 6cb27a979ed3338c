"""The nudges of `status` and the agenda: what deserves attention, said to the owner of the journal.

Every nudge speaks to the person whose journal it is (`me`): it names what is theirs to do, with the
command that does it, and names what waits for the partner as the partner's ("Tomaž has not yet
confirmed session 4"); the mentor is never told to propose a topic, the mentee never to approve.
Codes are stable for scripts (README: "The dashboard and its nudges").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from mentorlog.dates import from_stamp, long_date, quarter_mark, stamp
from mentorlog.journal.journal import Journal
from mentorlog.model import (
    CADENCE_WORDS,
    DEFAULT_LENGTH,
    GUIDANCE_MINUTES,
    INACTIVE_AFTER_CADENCE_DAYS,
    TOPIC_DAYS_AHEAD,
    AgreementState,
    Audience,
    Nudge,
    Role,
    SessionState,
    Terms,
    guidance_problem,
)
from mentorlog.process import rules
from mentorlog.store import agreement as agreement_store
from mentorlog.store import sessions
from mentorlog.store import sync as sync_store
from mentorlog.words import agree, plural

if TYPE_CHECKING:
    from mentorlog.rows.process import GoalOnDashboard
    from mentorlog.rows.sessions import NextSession
    from mentorlog.rows.stored import ActionRow, SessionRow

SHARE_AFTER_DAYS = 3  # unshared changes older than this are worth a nudge
MINE_DUE_DAYS = 7  # the owner's actions due this soon are listed in a nudge


@dataclass(frozen=True)
class Who:
    """The owner and the partner, as nudges name them."""

    me: Role
    partner: str  # the partner's first name

    @staticmethod
    def of(journal: Journal) -> Who:
        me = journal.pair.me
        name = journal.pair.mentee if me is Role.MENTOR else journal.pair.mentor
        return Who(me, name.split()[0] if name.split() else str(me.other))


def _numbers(rows: list[SessionRow]) -> str:
    from mentorlog.exchange.news import numbers_text

    return numbers_text(r["number"] for r in rows)


def agreement_nudges(journal: Journal, who: Who) -> list[Nudge]:
    db = journal.db
    latest = agreement_store.latest_agreement(db, Audience.OWNER)
    in_force = agreement_store.agreement_in_force(db, Audience.OWNER)
    mentee = who.me is Role.MENTEE
    if latest is None:
        text = (
            "No agreement yet: write it with `mentorlog agreement edit` and propose it to "
            f"{who.partner} with `mentorlog agreement propose`."
            if mentee
            else f"No agreement yet: {who.partner} writes and proposes it; you approve it then "
            "(`mentorlog agreement approve`)."
        )
        return [Nudge("agreement-not-approved", text)]
    version, state = latest["version"], latest["state"]
    if state == AgreementState.APPROVED:
        return []
    code = "agreement-not-approved" if in_force is None else "amendment-waiting"
    what = f"the agreement (version {version})" if in_force is None else f"the amendment (version {version})"
    if state == AgreementState.DRAFT:
        text = (
            f"{what[0].upper()}{what[1:]} is a draft: propose it to {who.partner} with "
            "`mentorlog agreement propose`."
            if mentee
            else f"{who.partner} has not yet proposed {what}; it is a draft."
        )
    elif mentee:
        text = f"{who.partner} has not yet approved {what}."
    else:
        text = (
            f"{who.partner} proposed {what}: read it with `mentorlog agreement show`, then approve it "
            "with `mentorlog agreement approve`."
        )
    return [Nudge(code, text)]


def session_nudges(
    journal: Journal, now: datetime, who: Who, under_way: NextSession | None, agreed: Terms
) -> list[Nudge]:
    """Sessions to confirm, plan, hold, give feedback on or prepare, by the agreed terms (`agreed`:
    the approved agreement's cadence and end, or the provisional ones before an approval)."""
    db = journal.db
    found: list[Nudge] = []
    today = now.date()
    upcoming = sessions.next_session(db, stamp(now), Audience.OWNER)
    planned = sessions.planned_sessions(db)
    mine = [s for s in planned if s["state"] == SessionState.PROPOSED and s["proposed_by"] != who.me]
    theirs = [s for s in planned if s["state"] == SessionState.PROPOSED and s["proposed_by"] == who.me]
    if mine:
        numbers = _numbers(mine)
        found.append(
            Nudge(
                "confirmation-waiting",
                f"{plural(len(mine), 'session')} {agree(len(mine), 'waits', 'wait')} for your confirmation: "
                f"`mentorlog session confirm {numbers}`.",
            )
        )
    if theirs:
        listed = ", ".join(str(n) for n in sorted(s["number"] for s in theirs))
        found.append(
            Nudge(
                "partner-to-confirm",
                f"{who.partner} has not yet confirmed {agree(len(theirs), 'session', 'sessions')} {listed}.",
            )
        )
    if upcoming is None and under_way is None:
        found.append(
            Nudge("no-next-session", "No session is planned: propose one with `mentorlog session plan WHEN`.")
        )
    last = sessions.last_held_session(db, Audience.OWNER)
    held = sessions.count_sessions(db, (SessionState.HELD,))
    allowed = agreed.days_after(held) + INACTIVE_AFTER_CADENCE_DAYS
    if last is not None:
        since, what = from_stamp(last["starts_at"]).astimezone(now.tzinfo).date(), f"session {last['number']}"
    else:
        since, what = agreed.start, "the start"
    if (today - since).days > allowed and under_way is None:
        rhythm = CADENCE_WORDS[agreed.cadence_after(held)]
        found.append(
            Nudge(
                "inactive",
                f"No session held for {(today - since).days} days (since {what}); "
                f"{'the planned cadence is' if agreed.provisional else 'you agreed to meet'} {rhythm}: "
                "time to meet again.",
            )
        )
    if last is not None and not sessions.has_feedback_from(db, last["id"], str(who.me)):
        found.append(
            Nudge(
                "feedback-missing",
                f"Session {last['number']} has no feedback from you: "
                f"`mentorlog feedback {last['number']} --rating 1-5`.",
            )
        )
    if upcoming is not None:
        starts = from_stamp(upcoming["starts_at"]).astimezone(now.tzinfo)
        if (starts.date() - today).days <= rules.topic_days(journal) and not sessions.open_topics(
            db, upcoming, Audience.OWNER
        ):
            day = f"{starts:%a} {starts.day} {starts:%b}"
            text = (
                f"Session {upcoming['number']} is on {day} and has no topic yet: propose one with "
                "`mentorlog topic add TEXT`."
                if who.me is Role.MENTEE
                else f"Session {upcoming['number']} is on {day}; {who.partner} has not yet proposed a topic."
            )
            found.append(Nudge("topic-late", text))
    odd = [s for s in planned if guidance_problem(s["length_minutes"] or DEFAULT_LENGTH)]
    if odd:
        low, high = GUIDANCE_MINUTES
        each = ", ".join(f"session {s['number']} ({s['length_minutes']} min)" for s in odd)
        found.append(
            Nudge(
                "length-outside-guidance",
                f"{each[0].upper()}{each[1:]}: the programme suggests {low} to {high} minutes "
                "(`mentorlog session edit N --length MIN`).",
            )
        )
    ends = agreed.end
    if 0 <= (ends - today).days <= 30 and not sessions.final_session_planned(db):
        how = " (as given at `init`; no agreement is approved yet)" if agreed.provisional else ""
        found.append(
            Nudge(
                "final-session-due",
                f"The mentorship ends on {long_date(ends)}{how}: plan the final-reflection session "
                "(`mentorlog phase final-reflection`, then `mentorlog session plan WHEN`).",
            )
        )
    return found


def action_nudges(actions: list[ActionRow], today: date, who: Who) -> list[Nudge]:
    found = []
    overdue = [a for a in actions if a["due"] and a["due"] < today.isoformat()]
    if overdue:
        mine = [a for a in overdue if a["owner"] == who.me]
        theirs = [a for a in overdue if a["owner"] == who.me.other]
        parts = []
        if mine:
            parts.append(
                f"{plural(len(mine), 'action')} of yours (the oldest {mine[0]['text']!r}, "
                f"due {mine[0]['due']})"
            )
        if theirs:
            parts.append(f"{plural(len(theirs), 'action')} of {who.partner}'s")
        rest = len(overdue) - len(mine) - len(theirs)
        if rest:
            parts.append(f"{plural(rest, 'action')} without an owner")
        found.append(Nudge("action-overdue", f"Overdue: {'; '.join(parts)}: `mentorlog action list`."))
    soon = (today + timedelta(days=MINE_DUE_DAYS)).isoformat()
    mine_soon = [
        a for a in actions if a["owner"] == who.me and a["due"] and today.isoformat() <= a["due"] <= soon
    ]
    if mine_soon:
        found.append(
            Nudge(
                "actions-mine",
                f"{plural(len(mine_soon), 'action')} of yours {agree(len(mine_soon), 'is', 'are')} due "
                f"within a week, the first {mine_soon[0]['text']!r} on {mine_soon[0]['due']}: "
                "`mentorlog action list --mine`.",
            )
        )
    return found


def _late(goals: list[GoalOnDashboard], today: date) -> list[GoalOnDashboard]:
    """Active goals past their due date, the oldest due first."""
    return sorted(
        (g for g in goals if g["status"] == "active" and g["due"] and g["due"] < today.isoformat()),
        key=lambda g: g["due"] or "",
    )


def named_late_goal(goals: list[GoalOnDashboard], today: date) -> GoalOnDashboard | None:
    """The goal `goal_nudges` names by its short id: the active one furthest past its due date."""
    late = _late(goals, today)
    return late[0] if late else None


def goal_nudges(goals: list[GoalOnDashboard], today: date) -> list[Nudge]:
    """Active goals past their due date (the oldest named by its `short_id`), and goals the SMARTER
    check finds lacking."""
    found = []
    late = _late(goals, today)
    if late:
        first = late[0]
        found.append(
            Nudge(
                "goal-overdue",
                f"{plural(len(late), 'goal')} {agree(len(late), 'is', 'are')} past "
                f"{agree(len(late), 'its', 'their')} due date, the oldest {first['title']!r} "
                f"(due {first['due']}, {first['progress'] or 0}%): "
                "talk about it at the next session, then set a new date "
                f"(`mentorlog goal revise {first['short_id']} --due DATE --reason T`) or close it "
                f"(`mentorlog goal done {first['short_id']}`).",
            )
        )
    unsmart = [g for g in goals if g["missing"]]
    if not unsmart:
        return found
    first = unsmart[0]
    return found + [
        Nudge(
            "goal-not-smart",
            f"{plural(len(unsmart), 'goal')} {agree(len(unsmart), 'lacks', 'lack')} something the SMARTER "
            f"check can see, e.g. {first['title']!r} ({', '.join(first['missing'])}): "
            "`mentorlog goal check`.",
        )
    ]


def quarter_nudges(journal: Journal, today: date, agreed: Terms) -> list[Nudge]:
    """Three months from the agreed start, a check-in at the next session (until one is held)."""
    mark = quarter_mark(agreed.start.isoformat())
    if today < mark:
        return []
    if sessions.held_since(journal.db, f"{mark.isoformat()}T00:00:00.000Z"):
        return []
    return [
        Nudge(
            "quarter-check-in",
            "Three months have passed since the start: time for a quarter check-in on goals and the "
            "way of working, at the next session.",
        )
    ]


def exchange_nudges(
    journal: Journal,
    now: datetime,
    who: Who,
    next_session: NextSession | None,
    waiting: int,
    oldest: str | None,
) -> list[Nudge]:
    """Changes made here that the partner has not had yet (`waiting`, the `oldest` of them made
    then: `sync_store.unshared`), when they have waited a while or a session comes soon."""
    db = journal.db
    if not waiting or oldest is None:
        return []
    age = (now - from_stamp(oldest)).days
    soon = next_session is not None and next_session["days_until"] <= TOPIC_DAYS_AHEAD
    if age < SHARE_AFTER_DAYS and not soon:
        return []
    command = "`mentorlog sync`" if sync_store.sync_folder(db) else "`mentorlog share`"
    why = f"the oldest {plural(age, 'day')} ago" if age >= SHARE_AFTER_DAYS else "and a session comes soon"
    return [
        Nudge(
            "share-pending",
            f"{plural(waiting, 'change')} {agree(waiting, 'is', 'are')} not yet shared with {who.partner} "
            f"({why}): {command}.",
        )
    ]
