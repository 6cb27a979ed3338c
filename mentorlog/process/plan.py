"""The here-and-now mapping, and the there-and-then plan: outcomes, options and actions.
Choosing an option makes it an action, linked both ways."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from mentorlog.dates import in_words, parse_date
from mentorlog.errors import Refused
from mentorlog.journal import ids, validate
from mentorlog.journal.journal import Journal
from mentorlog.model import SIX_AREAS, ActionStatus, Area, Audience, Role, Visibility
from mentorlog.process.due import read_due, warned
from mentorlog.store import numbers, records
from mentorlog.store import plan as plan_store
from mentorlog.store.journal import writing
from mentorlog.store.records import Row

AREAS: dict[str, str] = {
    Area.PERSONAL: "Personal development",
    Area.PROFESSIONAL: "Professional development",
    Area.KNOWLEDGE: "Knowledge",
    Area.SKILLS: "Skills",
    Area.RESOURCES: "Resources",
    Area.NETWORK: "Network of contacts",
    Area.STRENGTHS: "Strengths",
    Area.IMPROVEMENTS: "Areas for improvement",
}


def _rating(table: str, name: str, value: int | None) -> int | None:
    return None if value is None else validate.value(table, name, value, name)


def _live(journal: Journal, kind: str, prefix: str) -> Row:
    row = ids.find(journal.db, kind, prefix)
    if row["deleted_at"]:
        raise Refused(f"That {kind} ({prefix}) was removed; `mentorlog restore {prefix}` brings it back.")
    return row


# --- here-and-now -----------------------------------------------------------------------------


def assess(
    journal: Journal,
    area: str,
    text: str,
    rating: int | None,
    now: datetime,
    acting_as: Role | None = None,
    private: bool = False,
) -> Row:
    """Record an assessment of an area by whoever writes: the mentee's own, or the mentor's view
    of her (which stands beside hers and never counts as her re-assessment); shared unless
    `private`."""
    area = validate.choice(area, Area, "here-and-now area")
    values = {
        "area": area,
        "text": validate.value("assessment", "text", text, "assessment"),
        "rating": _rating("assessment", "rating", rating),
    }
    writer = journal.writer(now, acting_as)
    with writing(journal.db):
        earlier = plan_store.count_assessments(journal.db, area, author=writer.role)
        visibility = Visibility.PRIVATE if private else Visibility.SHARED
        records.insert(journal.db, "assessment", writer, values, visibility=visibility)
    return {"area": area, "reassessment": earlier > 0, "rating": values["rating"], "author": str(writer.role)}


def assessments(journal: Journal, audience: Audience) -> Row:
    """Per area: every assessment in order, each with its author. The mentee's own entries map
    where she stands (the first is her starting point, the last where she stands now); the
    mentor's are his view of her, kept apart. `mapped` counts the mentee's own."""
    by_area: dict[str, list[Row]] = {area: [] for area in AREAS}
    rows = ids.with_short_ids(journal.db, plan_store.list_assessments(journal.db, audience))
    for row in rows:
        by_area[row["area"]].append(
            ids.pick(row, ("text", "rating", "phase", "author", "created_at", "visibility"))
        )
    mapped = [area for area in SIX_AREAS if any(e["author"] == Role.MENTEE for e in by_area[area])]
    return {
        "areas": [
            {"area": area, "title": AREAS[area], "entries": entries} for area, entries in by_area.items()
        ],
        "mapped": mapped,
        "unmapped": [area for area in SIX_AREAS if area not in mapped],
    }


def area_history(journal: Journal, audience: Audience) -> list[Row]:
    """Each area with the mentee's own assessments (`entries`, `first`, `latest`) and the mentor's
    view apart (`mentor_entries`, `mentor_first`, `mentor_latest`), dated in words (the reports)."""
    mapping = assessments(journal, audience)
    areas = []
    for area in mapping["areas"]:
        entries = area["entries"]
        for entry in entries:
            entry["on"] = in_words(entry["created_at"])
        own = [e for e in entries if e["author"] == Role.MENTEE]
        mentor = [e for e in entries if e["author"] == Role.MENTOR]
        areas.append(
            {
                "area": area["area"],
                "title": area["title"],
                "entries": own,
                "first": own[0] if own else None,
                "latest": own[-1] if own else None,
                "mentor_entries": mentor,
                "mentor_first": mentor[0] if mentor else None,
                "mentor_latest": mentor[-1] if mentor else None,
                "six": area["area"] in SIX_AREAS,
            }
        )
    return areas


# --- there-and-then ---------------------------------------------------------------------------


def add_outcome(
    journal: Journal,
    text: str,
    by: str,
    now: datetime,
    goal: str | None = None,
    acting_as: Role | None = None,
    date_order: str = "dmy",
) -> Row:
    """A desired outcome by a date; a date in the past is kept, with a warning in `warnings`."""
    day = parse_date(by, now, date_order=date_order)
    values: dict[str, str | None] = {
        "text": validate.value("outcome", "text", text, "outcome"),
        "by": day.isoformat(),
    }
    with writing(journal.db):
        values["goal_id"] = _live(journal, "goal", goal)["id"] if goal else None
        outcome_id = records.insert(journal.db, "outcome", journal.writer(now, acting_as), values)
    data = _described_outcomes(journal, [records.get(journal.db, "outcome", outcome_id)])[0]
    return warned(data, day, now, "the outcome's date")  # taken out before printing


def list_outcomes(journal: Journal, audience: Audience) -> list[Row]:
    return _described_outcomes(journal, plan_store.list_outcomes(journal.db, audience))


def _described_outcomes(journal: Journal, rows: list[Row]) -> list[Row]:
    goal_short = ids.shorten(journal.db, [{"id": r["goal_id"]} for r in rows if r["goal_id"]])
    goal_numbers = numbers.numbers_of(journal.db, "goal", {r["goal_id"] for r in rows})
    return [
        {
            **ids.pick(r, ("number", "text", "by", "goal_id", "author", "created_at")),
            "goal_short": goal_short.get(r["goal_id"]),
            "goal_number": goal_numbers.get(r["goal_id"]),
        }
        for r in ids.with_short_ids(journal.db, rows)
    ]


def add_option(
    journal: Journal,
    text: str,
    now: datetime,
    outcome: str | None = None,
    feasibility: int | None = None,
    acting_as: Role | None = None,
) -> Row:
    values = {
        "text": validate.value("option", "text", text, "option"),
        "feasibility": _rating("option", "feasibility", feasibility),
    }
    with writing(journal.db):
        values["outcome_id"] = _live(journal, "outcome", outcome)["id"] if outcome else None
        option_id = records.insert(journal.db, "option", journal.writer(now, acting_as), values)
    return _described_options(journal, [records.get(journal.db, "option", option_id)])[0]  # as listed


def list_options(journal: Journal, audience: Audience) -> list[Row]:
    return _described_options(journal, plan_store.list_options(journal.db, audience))


def _described_options(journal: Journal, rows: list[Row]) -> list[Row]:
    linked = ids.shorten(journal.db, [{"id": r["action_id"]} for r in rows if r["action_id"]])
    action_numbers = numbers.numbers_of(journal.db, "action", {r["action_id"] for r in rows})
    return [
        {
            **ids.pick(
                r, ("number", "text", "feasibility", "outcome_id", "action_id", "author", "created_at")
            ),
            "action_short": linked.get(r["action_id"]),
            "action_number": action_numbers.get(r["action_id"]),
            "chosen": r["action_id"] is not None,
        }
        for r in ids.with_short_ids(journal.db, rows)
    ]


def choose_option(
    journal: Journal,
    prefix: str,
    now: datetime,
    due: str | None = None,
    owner: str | None = None,
    acting_as: Role | None = None,
    date_order: str = "dmy",
) -> Row:
    """Choose an option: it becomes an action (a due date in the past is kept, with a warning)."""
    day = read_due(due, now, date_order)
    with writing(journal.db):
        option = _live(journal, "option", prefix)
        if option["action_id"]:
            raise Refused(f"Option {prefix} was already chosen; `mentorlog action list` shows its action.")
        goal_id = None
        if option["outcome_id"]:
            goal_id = records.get(journal.db, "outcome", option["outcome_id"])["goal_id"]
        action = _insert_action(journal, option["text"], now, owner, day, goal_id, acting_as)
        records.update(
            journal.db, "option", option["id"], journal.writer(now, acting_as), {"action_id": action}
        )
    return warned(show_action(journal, action), day, now, "the action's due date")


def _insert_action(
    journal: Journal,
    text: str,
    now: datetime,
    owner: str | None,
    due: date | None,
    goal_id: str | None,
    acting_as: Role | None,
) -> str:
    values = {
        "text": validate.value("action", "text", text, "action"),
        "owner": validate.choice(owner, Role, "owner", Role.MENTEE),
        "due": due.isoformat() if due else None,
        "goal_id": goal_id,
        "status": ActionStatus.OPEN,
    }
    return records.insert(journal.db, "action", journal.writer(now, acting_as), values)


def add_action(
    journal: Journal,
    text: str,
    now: datetime,
    owner: str | None = None,
    due: str | None = None,
    goal: str | None = None,
    acting_as: Role | None = None,
    date_order: str = "dmy",
) -> Row:
    """Add an action; a due date in the past is kept, with a warning in `warnings`."""
    day = read_due(due, now, date_order)
    with writing(journal.db):
        goal_id = _live(journal, "goal", goal)["id"] if goal else None
        action_id = _insert_action(journal, text, now, owner, day, goal_id, acting_as)
    return warned(show_action(journal, action_id), day, now, "the action's due date")


def _describe_actions(journal: Journal, rows: Sequence[Mapping[str, Any]], today: str) -> list[Row]:
    goals = ids.shorten(journal.db, [{"id": r["goal_id"]} for r in rows if r["goal_id"]])
    goal_numbers = numbers.numbers_of(journal.db, "goal", {r["goal_id"] for r in rows})
    return [
        {
            **ids.pick(
                r,
                (
                    "number",
                    "text",
                    "owner",
                    "due",
                    "status",
                    "goal_id",
                    "author",
                    "phase",
                    "created_at",
                    "done_at",
                ),
            ),
            "goal_short": goals.get(r["goal_id"]),
            "goal_number": goal_numbers.get(r["goal_id"]),
            "overdue": r["status"] == ActionStatus.OPEN and r["due"] is not None and r["due"] < today,
        }
        for r in ids.with_short_ids(journal.db, rows)
    ]


def list_actions(
    journal: Journal,
    now: datetime,
    audience: Audience,
    include_closed: bool = False,
    owner: Role | None = None,
) -> list[Row]:
    """The action plan (open actions unless `include_closed`), or one person's part of it."""
    rows = plan_store.list_actions(journal.db, audience, None if include_closed else (ActionStatus.OPEN,))
    if owner is not None:
        rows = [r for r in rows if r["owner"] == owner]
    return _describe_actions(journal, rows, now.date().isoformat())


def show_action(journal: Journal, action_id: str) -> Row:
    row = records.get(journal.db, "action", action_id)
    return _describe_actions(journal, [row], "")[0]


def close_action(
    journal: Journal, prefix: str, status: str, now: datetime, acting_as: Role | None = None
) -> Row:
    with writing(journal.db):
        action = _live(journal, "action", prefix)
        if action["status"] != ActionStatus.OPEN:
            raise Refused(f"Action {prefix} is already {action['status']}.")
        writer = journal.writer(now, acting_as)
        records.update(
            journal.db, "action", action["id"], writer, {"status": status, "done_at": writer.stamp}
        )
    return show_action(journal, action["id"])
