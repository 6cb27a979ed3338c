"""The milestones of a mentorship, derived from the record each time (never stored): the agreement
approved, the first session held, the here-and-now mapped, the action plan set, the quarter
check-in, each goal achieved, the final reflection done and the end."""

from __future__ import annotations

from typing import Any

from mentorlog.dates import quarter_mark
from mentorlog.journal.journal import Journal
from mentorlog.model import SIX_AREAS, Audience, EndKind, ReflectionKey
from mentorlog.store import milestones as milestones_store


def milestones(journal: Journal, audience: Audience) -> list[dict[str, Any]]:
    """What the pair has reached, with the day it was reached (derived from what the audience
    may see)."""
    db = journal.db
    pair = journal.pair
    found = []

    def add(key: str, title: str, when: str | None) -> None:
        found.append(
            {"key": key, "title": title, "date": when[:10] if when else None, "reached": when is not None}
        )

    add("agreement-approved", "Agreement approved", milestones_store.first_approval(db, audience))
    add("first-session-held", "First session held", milestones_store.first_held(db, audience))
    add(
        "here-and-now-mapped",
        "Here-and-now mapped",
        milestones_store.all_areas_mapped_at(db, SIX_AREAS, audience),
    )
    add("action-plan-set", "Action plan set", milestones_store.first_action(db, audience))
    from mentorlog.process.agreement import terms

    start = terms(journal, audience).start.isoformat()  # the agreed start, as the quarter nudge counts
    quarter = milestones_store.first_held(db, audience, f"{quarter_mark(start).isoformat()}T00:00:00.000Z")
    add("quarter-check-in", "Quarter check-in", quarter)
    for goal in milestones_store.achieved_goals(db, audience):
        add(f"goal-achieved:{goal.id}", f"Goal achieved: {goal.title}", goal.ended_on)
    answered = milestones_store.reflection_done_at(db, [str(key) for key in ReflectionKey], audience)
    add("final-reflection-done", "Final reflection done", answered)
    title = "Mentorship ended early" if pair.end_kind == EndKind.EARLY else "Mentorship completed"
    add("mentorship-completed", title, pair.ended_on)
    return sorted(found, key=lambda m: (m["date"] is None, m["date"] or ""))
