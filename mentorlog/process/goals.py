"""The vision and the goals: adding, the SMARTER check, revisions with reasons, progress, endings.

The SMARTER check judges what the record can show: a measure (measurable), a due date
(time-bound), a why (linked to the vision), and a title that is specific (four words or more,
with a verb — a heuristic: a list of common verbs and verb endings). What only people can
judge (meaningful, achievable, realistic, exciting) comes back as questions to ask.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from mentorlog.errors import InvalidInput, Refused
from mentorlog.journal import ids, validate
from mentorlog.journal.journal import Journal
from mentorlog.model import Audience, GoalStatus, GoalTerm, Role
from mentorlog.process.due import past_warning, read_due
from mentorlog.store import goals as goals_store
from mentorlog.store import records
from mentorlog.store.journal import writing

if TYPE_CHECKING:
    from mentorlog.rows.process import (
        GoalCheck,
        GoalDetail,
        GoalListed,
        GoalOnDashboard,
        GoalRevisionRow,
        GoalRow,
        GoalShown,
        GoalTerms,
        VisionShown,
    )
    from mentorlog.rows.sessions import GoalInBrief

CRITERIA = {
    "specific": "Say what exactly, with a verb and at least four words",
    "measurable": "Add how you will know it is reached",
    "time-bound": "Add a due date",
    "linked-to-vision": "Say why it matters for the vision",
}
FIXES = {
    "specific": '`mentorlog goal revise {id} --title "…" --reason "made it specific"`',
    "measurable": '`mentorlog goal revise {id} --measure "…" --reason "made it measurable"`',
    "time-bound": '`mentorlog goal revise {id} --due DATE --reason "set a date"`',
    "linked-to-vision": '`mentorlog goal revise {id} --why "…" --reason "linked to the vision"`',
}
QUESTIONS = {
    "meaningful": "Does this goal matter to the mentee, in their own words?",
    "achievable": "Can it be reached with the time, money and help at hand?",
    "realistic": "Is it realistic beside everything else in the mentee's year?",
    "exciting": "Does it excite the mentee enough to keep going when it gets hard?",
}

VERBS = set(
    """
    act add advance apply arrange ask attend audition become begin book build buy call change choose
    close collaborate complete compose connect contact create curate cut decide define deliver design
    develop direct do draft earn edit establish exhibit expand explore film find finish fix form fund
    gain get give grow hire host improve increase invite join launch lead learn make manage map meet
    mentor move negotiate network obtain open organise organize pitch plan play practice practise
    prepare present price produce promote publish raise reach read record reduce register release
    rehearse renew research run save secure sell send set share show sign speak start stop structure
    study submit support take teach tell test tour train translate travel update visit win work write
    """.split()
)
_VERB_ENDINGS = ("ise", "ize", "ify", "ate")


def missing(goal: GoalRow | GoalShown) -> list[str]:
    """The criteria the record shows this goal still lacks, in a stable order."""
    lacks: list[str] = []
    words = re.findall(r"[\w'-]+", goal["title"].lower())
    has_verb = any(w in VERBS or w.endswith(_VERB_ENDINGS) for w in words)
    if len(words) < 4 or not has_verb:
        lacks.append("specific")
    if not goal.get("measure"):
        lacks.append("measurable")
    if not goal.get("due"):
        lacks.append("time-bound")
    if not goal.get("why"):
        lacks.append("linked-to-vision")
    return lacks


def is_overdue(goal: GoalRow | GoalShown, today: date) -> bool:
    """An active goal whose due date has passed (achieved and dropped goals are never overdue)."""
    due = goal["due"]
    return goal["status"] == GoalStatus.ACTIVE and bool(due and due < today.isoformat())


def in_brief(goal: GoalListed | GoalOnDashboard) -> GoalInBrief:
    """A goal as the agenda and the dashboard list it; `goal` says whether it is `overdue`."""
    return {
        "number": goal["number"],
        "title": goal["title"],
        "progress": goal["progress"],
        "due": goal["due"],
        "missing": goal["missing"],
        "overdue": goal["overdue"],
    }


def changes_in_words(revision: GoalRevisionRow) -> str:
    """What a revision changed: `due: 2026-06-17 → 2027-01-14, title: … → …`."""
    return ", ".join(
        f"{k}: {revision['before'].get(k) or '—'} → {v or '—'}" for k, v in revision["after"].items()
    )


def terms(goal: GoalRow) -> GoalTerms:
    """What the goal says: its title, measure, due day, why, term and status."""
    return {
        "title": goal["title"],
        "measure": goal["measure"],
        "due": goal["due"],
        "why": goal["why"],
        "term": goal["term"],
        "status": goal["status"],
    }


def describe(goal: GoalRow, short: str) -> GoalShown:
    return {
        "id": goal["id"],
        "short_id": short,
        "number": goal["number"],
        **terms(goal),
        "progress": goal["progress"] or 0,
        "missing": missing(goal),
        "phase": goal["phase"],
        "author": goal["author"],
        "created_at": goal["created_at"],
    }


def _live_goal(journal: Journal, prefix: str) -> GoalRow:
    goal = cast("GoalRow", ids.find(journal.db, "goal", prefix))
    if goal["deleted_at"]:
        raise Refused(f"Goal {prefix} was removed; `mentorlog restore {prefix}` brings it back.")
    return goal


# --- the vision -------------------------------------------------------------------------------


def set_vision(journal: Journal, text: str, now: datetime, acting_as: Role | None = None) -> VisionShown:
    text = validate.value("vision", "text", text, "vision")
    with writing(journal.db):
        records.insert(journal.db, "vision", journal.writer(now, acting_as), {"text": text})
    return get_vision(journal)


def get_vision(journal: Journal) -> VisionShown:
    row = goals_store.current_vision(journal.db, Audience.OWNER)
    return {"text": row["text"] if row else None, "updated_at": row["created_at"] if row else None}


# --- goals --------------------------------------------------------------------------------------


def add_goal(
    journal: Journal,
    title: str,
    now: datetime,
    *,
    measure: str | None = None,
    due: str | None = None,
    why: str | None = None,
    term: str | None = None,
    acting_as: Role | None = None,
    date_order: str = "dmy",
) -> GoalDetail:
    """Add a goal; a due date in the past is kept, with a warning in `warnings`."""
    day = read_due(due, now, date_order)
    values = {
        "title": validate.value("goal", "title", title, "goal's title"),
        "measure": validate.optional_value("goal", "measure", measure, "measure"),
        "due": day.isoformat() if day else None,
        "why": validate.optional_value("goal", "why", why, "why"),
        "term": None if term is None else validate.choice(term, GoalTerm, "term"),
        "status": GoalStatus.ACTIVE,
        "progress": 0,
    }
    with writing(journal.db):
        goal_id = records.insert(journal.db, "goal", journal.writer(now, acting_as), values)
    data = show_goal(journal, goal_id)
    data["warnings"] = past_warning(day, now, "the goal's due date")
    return data


def list_goals(
    journal: Journal, audience: Audience, include_ended: bool = False, today: date | None = None
) -> list[GoalListed]:
    """The goals (active ones unless `include_ended`); with `today`, each says whether it is overdue."""
    goals = goals_store.list_goals(journal.db, audience, None if include_ended else (GoalStatus.ACTIVE,))
    short = ids.shorten(journal.db, goals)
    found = cast("list[GoalListed]", [describe(goal, short[goal["id"]]) for goal in goals])  # not yet
    if today is not None:
        for goal in found:
            goal["overdue"] = is_overdue(goal, today)
    return found


def show_goal(journal: Journal, prefix: str) -> GoalDetail:
    goal = _live_goal(journal, prefix)
    short = ids.shorten(journal.db, [goal])[goal["id"]]
    data = cast("GoalDetail", describe(goal, short))  # the rest follows
    data["revisions"] = [
        {
            "before": r["before"],
            "after": r["after"],
            "reason": r["reason"],
            "at": r["created_at"],
            "author": r["author"],
        }
        for r in goals_store.goal_revisions(journal.db, goal["id"])
    ]
    data["progress_history"] = [
        {"percent": p["percent"], "note": p["note"], "at": p["created_at"], "author": p["author"]}
        for p in goals_store.goal_progress(journal.db, goal["id"])
    ]
    data["ended_on"] = goal["ended_on"]
    data["end_reason"] = goal["end_reason"]
    return data


def check_goals(journal: Journal, prefix: str | None = None) -> list[GoalCheck]:
    """The SMARTER check of one goal, or of every active goal."""
    goals: Sequence[GoalShown] = (
        [show_goal(journal, prefix)] if prefix else list_goals(journal, Audience.OWNER)
    )
    report: list[GoalCheck] = []
    for goal in goals:
        report.append(
            {
                "id": goal["id"],
                "short_id": goal["short_id"],
                "number": goal["number"],
                "title": goal["title"],
                "missing": [
                    {"criterion": c, "advice": CRITERIA[c], "fix": FIXES[c].format(id=goal["number"])}
                    for c in goal["missing"]
                ],
                "met": [c for c in CRITERIA if c not in goal["missing"]],
                "questions": [{"criterion": k, "question": q} for k, q in QUESTIONS.items()],
            }
        )
    return report


def revise_goal(
    journal: Journal,
    prefix: str,
    now: datetime,
    *,
    reason: str,
    title: str | None = None,
    measure: str | None = None,
    due: str | None = None,
    why: str | None = None,
    acting_as: Role | None = None,
    date_order: str = "dmy",
) -> GoalDetail:
    """Change a goal, keeping its history; a due date in the past is kept, with a warning."""
    reason = validate.value("goal_revision", "reason", reason, "reason for the revision")
    changes: dict[str, str | None] = {}
    day = None
    if title is not None:
        changes["title"] = validate.value("goal", "title", title, "goal's title")
    if measure is not None:
        changes["measure"] = validate.optional_value("goal", "measure", measure, "measure")
    if due is not None:
        day = read_due(due, now, date_order)
        changes["due"] = day.isoformat() if day else None
    if why is not None:
        changes["why"] = validate.optional_value("goal", "why", why, "why")
    if not changes:
        raise InvalidInput("Nothing to revise: give --title, --measure, --due or --why.")
    with writing(journal.db):
        goal = _active(journal, prefix, "revise")
        changes = {k: v for k, v in changes.items() if cast("dict[str, object]", goal)[k] != v}
        if not changes:
            raise Refused("Those are already the goal's values; nothing changed.")
        goals_store.revise_goal(journal.db, journal.writer(now, acting_as), goal, changes, reason)
    new_due = day if "due" in changes else None
    data = show_goal(journal, prefix)
    data["warnings"] = past_warning(new_due, now, "the goal's new due date")
    return data


def _active(journal: Journal, prefix: str, doing: str) -> GoalRow:
    goal = _live_goal(journal, prefix)
    if goal["status"] != GoalStatus.ACTIVE:
        raise Refused(f"Goal {prefix} is {goal['status']}; only an active goal can {doing}.")
    return goal


def record_progress(
    journal: Journal,
    prefix: str,
    percent: int,
    now: datetime,
    note: str | None = None,
    acting_as: Role | None = None,
) -> GoalDetail:
    validate.value("goal_progress", "percent", percent, "progress")
    note = validate.optional_value("goal_progress", "note", note, "note")
    with writing(journal.db):
        goal = _active(journal, prefix, "make progress")
        goals_store.record_progress(journal.db, journal.writer(now, acting_as), goal["id"], percent, note)
    return show_goal(journal, prefix)


def finish_goal(journal: Journal, prefix: str, now: datetime, acting_as: Role | None = None) -> GoalDetail:
    with writing(journal.db):
        goal = _active(journal, prefix, "be marked achieved")
        writer = journal.writer(now, acting_as)
        if (goal["progress"] or 0) < 100:
            goals_store.record_progress(journal.db, writer, goal["id"], 100, "achieved")
        records.update(
            journal.db,
            "goal",
            goal["id"],
            writer,
            {"status": GoalStatus.ACHIEVED, "ended_on": now.date().isoformat()},
        )
    return show_goal(journal, prefix)


def drop_goal(
    journal: Journal, prefix: str, reason: str, now: datetime, acting_as: Role | None = None
) -> GoalDetail:
    reason = validate.value("goal", "end_reason", reason, "reason")
    with writing(journal.db):
        goal = _active(journal, prefix, "be dropped")
        records.update(
            journal.db,
            "goal",
            goal["id"],
            journal.writer(now, acting_as),
            {"status": GoalStatus.DROPPED, "ended_on": now.date().isoformat(), "end_reason": reason},
        )
    return show_goal(journal, prefix)
